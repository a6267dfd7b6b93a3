/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pci-class"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-pci-class.h"

/* Human names for the PCI classes users meet when passing devices through, from the PCI
 * code and ID assignment specification; the sub-class wins over the base class. */
typedef struct
{
  guint       code;   /* 0xBBSS00 for a sub-class, 0xBB0000 with match_base for a base class */
  gboolean    match_base;
  const char *name;
} ClassName;

static const ClassName class_names[] = {
  { 0x000000, TRUE,  N_("Unclassified device") },
  { 0x010000, FALSE, N_("SCSI storage controller") },
  { 0x010100, FALSE, N_("IDE controller") },
  { 0x010400, FALSE, N_("RAID controller") },
  { 0x010600, FALSE, N_("SATA controller") },
  { 0x010700, FALSE, N_("SAS controller") },
  { 0x010800, FALSE, N_("NVMe controller") },
  { 0x010000, TRUE,  N_("Storage controller") },
  { 0x020000, FALSE, N_("Ethernet controller") },
  { 0x020700, FALSE, N_("InfiniBand controller") },
  { 0x028000, FALSE, N_("Network controller") },
  { 0x020000, TRUE,  N_("Network controller") },
  { 0x030000, FALSE, N_("VGA compatible controller") },
  { 0x030200, FALSE, N_("3D controller") },
  { 0x030000, TRUE,  N_("Display controller") },
  { 0x040300, FALSE, N_("Audio device") },
  { 0x040000, TRUE,  N_("Multimedia controller") },
  { 0x050000, TRUE,  N_("Memory controller") },
  { 0x060000, FALSE, N_("Host bridge") },
  { 0x060100, FALSE, N_("ISA bridge") },
  { 0x060400, FALSE, N_("PCI bridge") },
  { 0x060000, TRUE,  N_("Bridge") },
  { 0x070000, TRUE,  N_("Communication controller") },
  { 0x080000, TRUE,  N_("System peripheral") },
  { 0x0c0300, FALSE, N_("USB controller") },
  { 0x0c0500, FALSE, N_("SMBus") },
  { 0x0c8000, FALSE, N_("Serial bus controller") },
  { 0x0c0000, TRUE,  N_("Serial bus controller") },
  { 0x0d0000, TRUE,  N_("Wireless controller") },
  { 0x100000, TRUE,  N_("Encryption controller") },
  { 0x110000, TRUE,  N_("Signal processing controller") },
  { 0x120000, TRUE,  N_("Processing accelerator") },
  { 0xff0000, TRUE,  N_("Unassigned class") },
};

const char *
ferry_pci_class_name (guint class_code)
{
  guint sub = class_code & 0xffff00;
  guint base = class_code & 0xff0000;

  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    if (!class_names[i].match_base && class_names[i].code == sub)
      return _(class_names[i].name);

  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    if (class_names[i].match_base && class_names[i].code == base)
      return _(class_names[i].name);

  return ferry_pci_class_unknown_name ();
}

/* For a class Ferry has no name for, and for a function whose class the host left out. */
const char *
ferry_pci_class_unknown_name (void)
{
  return _("Unknown class");
}

/* PCI base class 0x06 is "bridge"; of it, host (0x00), PCI-to-PCI (0x04: root and switch
 * ports), CardBus (0x07) and semi-transparent PCI-to-PCI (0x09) bridges route traffic and are
 * never assigned. ISA/LPC and other bridges are endpoints as far as IOMMU groups go. */
gboolean
ferry_pci_class_is_bridge (guint class_code)
{
  guint base = (class_code >> 16) & 0xff;
  guint sub = (class_code >> 8) & 0xff;

  return base == 0x06 && (sub == 0x00 || sub == 0x04 || sub == 0x07 || sub == 0x09);
}

FerryDeviceCategory
ferry_pci_class_category (guint class_code)
{
  switch ((class_code >> 16) & 0xff)
    {
    case 0x01:
      return FERRY_DEVICE_CATEGORY_STORAGE;
    case 0x02:
    case 0x0d:
      return FERRY_DEVICE_CATEGORY_NETWORK;
    case 0x03:
      return FERRY_DEVICE_CATEGORY_GPU;
    case 0x04:
      return FERRY_DEVICE_CATEGORY_AUDIO;
    case 0x06:
      return ferry_pci_class_is_bridge (class_code) ? FERRY_DEVICE_CATEGORY_BRIDGE
                                                    : FERRY_DEVICE_CATEGORY_OTHER;
    case 0x0c:
      return ((class_code >> 8) & 0xff) == 0x03 ? FERRY_DEVICE_CATEGORY_USB
                                                : FERRY_DEVICE_CATEGORY_OTHER;
    default:
      return FERRY_DEVICE_CATEGORY_OTHER;
    }
}

/* A symbolic icon for the class, so lists read at a glance. */
const char *
ferry_pci_class_icon (guint class_code)
{
  switch (ferry_pci_class_category (class_code))
    {
    case FERRY_DEVICE_CATEGORY_STORAGE:
      return "drive-harddisk-symbolic";
    case FERRY_DEVICE_CATEGORY_NETWORK:
      return ((class_code >> 16) & 0xff) == 0x0d ? "network-wireless-symbolic"
                                                 : "network-wired-symbolic";
    case FERRY_DEVICE_CATEGORY_GPU:
      return "video-display-symbolic";
    case FERRY_DEVICE_CATEGORY_AUDIO:
      return "audio-card-symbolic";
    case FERRY_DEVICE_CATEGORY_USB:
      return "media-removable-symbolic";
    case FERRY_DEVICE_CATEGORY_BRIDGE:
      return "network-workgroup-symbolic";
    case FERRY_DEVICE_CATEGORY_OTHER:
    default:
      return "drive-multidisk-symbolic";
    }
}
