/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-guest-device.h"

/* A device of a guest that is not a host PCI function: a VirtIO (paravirtual) or an emulated
 * one, shown read-only so the guest page lists the whole machine. KIND is the domain XML
 * element ("disk", "interface", "controller"…), MODEL what libvirt calls its model or bus,
 * TARGET what identifies it to people (disk target and source, MAC and network…). */
struct _FerryGuestDevice
{
  GObject   parent_instance;

  char     *kind;
  char     *model;
  char     *target;
  gboolean  virtio;
};

G_DEFINE_FINAL_TYPE (FerryGuestDevice, ferry_guest_device, G_TYPE_OBJECT)

static void
ferry_guest_device_finalize (GObject *object)
{
  FerryGuestDevice *self = (FerryGuestDevice *) object;

  g_free (self->kind);
  g_free (self->model);
  g_free (self->target);

  G_OBJECT_CLASS (ferry_guest_device_parent_class)->finalize (object);
}

static void
ferry_guest_device_class_init (FerryGuestDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_guest_device_finalize;
}

static void
ferry_guest_device_init (FerryGuestDevice *self)
{
}

FerryGuestDevice *
ferry_guest_device_new (const char *kind,
                        const char *model,
                        const char *target,
                        gboolean    virtio)
{
  FerryGuestDevice *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (FERRY_TYPE_GUEST_DEVICE, NULL);
  self->kind = g_strdup (kind);
  self->model = g_strdup (model);
  self->target = g_strdup (target);
  self->virtio = !!virtio;
  return self;
}

const char *
ferry_guest_device_get_kind (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), NULL);
  return self->kind;
}

const char *
ferry_guest_device_get_model (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), NULL);
  return self->model;
}

const char *
ferry_guest_device_get_target (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), NULL);
  return self->target;
}

gboolean
ferry_guest_device_is_virtio (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), FALSE);
  return self->virtio;
}

static const struct
{
  const char *kind;
  const char *title;
  const char *icon;
} kinds[] = {
  { "disk", N_("Disk"), "drive-harddisk-symbolic" },
  { "interface", N_("Network interface"), "network-wired-symbolic" },
  { "controller", N_("Controller"), "drive-multidisk-symbolic" },
  { "input", N_("Input device"), "input-keyboard-symbolic" },
  { "graphics", N_("Graphical display"), "video-display-symbolic" },
  { "video", N_("Video card"), "video-display-symbolic" },
  { "sound", N_("Sound card"), "audio-card-symbolic" },
  { "memballoon", N_("Memory balloon"), "media-flash-symbolic" },
  { "rng", N_("Random number generator"), "dialog-password-symbolic" },
  { "serial", N_("Serial port"), "utilities-terminal-symbolic" },
  { "console", N_("Console"), "utilities-terminal-symbolic" },
  { "channel", N_("Channel"), "mail-send-receive-symbolic" },
  { "watchdog", N_("Watchdog"), "alarm-symbolic" },
  { "tpm", N_("TPM"), "channel-secure-symbolic" },
  { "filesystem", N_("Shared folder"), "folder-remote-symbolic" },
  { "redirdev", N_("USB redirection"), "media-removable-symbolic" },
  { "hostdev", N_("Host device"), "media-removable-symbolic" },
  { "hub", N_("USB hub"), "media-removable-symbolic" },
  { "smartcard", N_("Smartcard"), "auth-smartcard-symbolic" },
  { "vsock", N_("VM socket"), "mail-send-receive-symbolic" },
  { "iommu", N_("Virtual IOMMU"), "drive-multidisk-symbolic" },
  { "emulator", N_("Emulator"), "application-x-executable-symbolic" },
  { "lease", N_("Lock lease"), "channel-secure-symbolic" },
  { "parallel", N_("Parallel port"), "printer-symbolic" },
  { "redirfilter", N_("USB redirection filter"), "media-removable-symbolic" },
  { "panic", N_("Panic notifier"), "dialog-warning-symbolic" },
  { "shmem", N_("Shared memory"), "media-flash-symbolic" },
  { "memory", N_("Memory module"), "media-flash-symbolic" },
  { "nvram", N_("NVRAM"), "media-flash-symbolic" },
  { "crypto", N_("Cryptographic accelerator"), "channel-secure-symbolic" },
  { "audio", N_("Audio backend"), "audio-card-symbolic" },
  { "pstore", N_("Persistent store"), "media-flash-symbolic" },
};

/* What a person calls the device kind; a kind newer than Ferry is "Other device", never the
 * bare XML element name. */
const char *
ferry_guest_device_get_title (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, self->kind))
      return _(kinds[i].title);
  return _("Other device");
}

const char *
ferry_guest_device_get_icon_name (FerryGuestDevice *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST_DEVICE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, self->kind))
      return kinds[i].icon;
  return "drive-multidisk-symbolic";
}
