/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-host-device.h"
#include "ferry-xml.h"

/* One PCI function of the host, as libvirt's node device XML describes it. */
struct _FerryHostDevice
{
  GObject          parent_instance;

  char            *name;
  char            *parent;
  FerryPciAddress  address;
  guint            class_code;
  guint            vendor_id;
  guint            product_id;
  char            *vendor_name;
  char            *product_name;
  char            *driver;
  int              iommu_group;
  GArray          *group_members;
  GArray          *vfs;
  guint            max_vfs;
  gboolean         is_vf;
  FerryPciAddress  pf;
  gboolean         is_bridge;
};

G_DEFINE_FINAL_TYPE (FerryHostDevice, ferry_host_device, G_TYPE_OBJECT)

/* PCI base class 0x06 is "bridge"; sub-classes 0x00 host, 0x04 PCI-to-PCI (root and switch
 * ports), 0x07 CardBus, 0x09 semi-transparent PCI-to-PCI. ISA/LPC bridges (0x01) are
 * endpoints for assignment purposes. */
static gboolean
class_is_bridge (guint class_code)
{
  guint base = (class_code >> 16) & 0xff;
  guint sub = (class_code >> 8) & 0xff;

  return base == 0x06 && (sub == 0x00 || sub == 0x04 || sub == 0x07 || sub == 0x09);
}

static void
ferry_host_device_finalize (GObject *object)
{
  FerryHostDevice *self = (FerryHostDevice *) object;

  g_free (self->name);
  g_free (self->parent);
  g_free (self->vendor_name);
  g_free (self->product_name);
  g_free (self->driver);
  g_array_unref (self->group_members);
  g_array_unref (self->vfs);

  G_OBJECT_CLASS (ferry_host_device_parent_class)->finalize (object);
}

static void
ferry_host_device_class_init (FerryHostDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_host_device_finalize;
}

static void
ferry_host_device_init (FerryHostDevice *self)
{
  self->iommu_group = FERRY_NO_IOMMU_GROUP;
  self->group_members = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  self->vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
}

static gboolean
parse_id (xmlNode *node,
          guint   *out)
{
  g_autofree char *id = ferry_xml_prop (node, "id");
  guint64 value;

  if (id == NULL || !g_ascii_string_to_unsigned (g_str_has_prefix (id, "0x") ? id + 2 : id,
                                                 16, 0, 0xffff, &value, NULL))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

static gboolean
read_address_list (xmlNode  *parent,
                   GArray   *into)
{
  ferry_xml_foreach (node, parent, "address")
    {
      FerryPciAddress address;

      if (!ferry_xml_read_pci_address (node, &address))
        return FALSE;
      g_array_append_val (into, address);
    }

  return TRUE;
}

static gboolean
parse_pci_capability (FerryHostDevice  *self,
                      xmlNode          *cap,
                      GError          **error)
{
  g_autofree char *domain = ferry_xml_child_text (cap, "domain");
  g_autofree char *bus = ferry_xml_child_text (cap, "bus");
  g_autofree char *slot = ferry_xml_child_text (cap, "slot");
  g_autofree char *function = ferry_xml_child_text (cap, "function");
  g_autofree char *class_text = ferry_xml_child_text (cap, "class");
  xmlNode *vendor = ferry_xml_child (cap, "vendor");
  xmlNode *product = ferry_xml_child (cap, "product");
  xmlNode *group = ferry_xml_child (cap, "iommuGroup");

  if (!ferry_pci_address_from_parts (domain, bus, slot, function, &self->address))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name such as pci_0000_01_00_0 */
                   _("Node device %s has no valid PCI address"), self->name);
      return FALSE;
    }

  if (!parse_id (vendor, &self->vendor_id) || !parse_id (product, &self->product_id))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   _("Node device %s has no valid vendor and product ids"), self->name);
      return FALSE;
    }
  self->vendor_name = ferry_xml_text (vendor);
  self->product_name = ferry_xml_text (product);

  if (class_text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_str_has_prefix (class_text, "0x") ? class_text + 2
                                                                           : class_text,
                                       16, 0, 0xffffff, &value, NULL))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: first %s is a node device name, second a class code */
                       _("Node device %s has an invalid class code “%s”"),
                       self->name, class_text);
          return FALSE;
        }
      self->class_code = (guint) value;
    }

  if (group != NULL)
    {
      g_autofree char *number = ferry_xml_prop (group, "number");
      guint64 value;

      if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &value, NULL) ||
          !read_address_list (group, self->group_members))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       _("Node device %s has an invalid IOMMU group"), self->name);
          return FALSE;
        }
      self->iommu_group = (int) value;
    }

  self->is_bridge = class_is_bridge (self->class_code);

  ferry_xml_foreach (sub, cap, "capability")
    {
      g_autofree char *type = ferry_xml_prop (sub, "type");
      gboolean ok = TRUE;

      if (g_strcmp0 (type, "virt_functions") == 0)
        {
          g_autofree char *max = ferry_xml_prop (sub, "maxCount");
          guint64 value = 0;

          if (max != NULL && !g_ascii_string_to_unsigned (max, 10, 0, G_MAXUINT16, &value, NULL))
            ok = FALSE;
          self->max_vfs = (guint) value;
          ok = ok && read_address_list (sub, self->vfs);
        }
      else if (g_strcmp0 (type, "phys_function") == 0)
        {
          self->is_vf = TRUE;
          ok = ferry_xml_read_pci_address (ferry_xml_child (sub, "address"), &self->pf);
        }
      else if (g_strcmp0 (type, "pci-bridge") == 0 || g_strcmp0 (type, "cardbus-bridge") == 0)
        {
          self->is_bridge = TRUE;
        }

      if (!ok)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: first %s is a node device name, second a capability */
                       _("Node device %s has an invalid “%s” capability"), self->name, type);
          return FALSE;
        }
    }

  return TRUE;
}

FerryHostDevice *
ferry_host_device_new_from_xml (const char  *xml,
                                GError     **error)
{
  g_autoptr(FerryHostDevice) self = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *pci = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "device", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);

  self = g_object_new (FERRY_TYPE_HOST_DEVICE, NULL);
  self->name = ferry_xml_child_text (root, "name");
  self->parent = ferry_xml_child_text (root, "parent");
  self->driver = ferry_xml_child_text (ferry_xml_child (root, "driver"), "name");

  if (self->name == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                           _("A node device has no name"));
      return NULL;
    }

  ferry_xml_foreach (cap, root, "capability")
    {
      g_autofree char *type = ferry_xml_prop (cap, "type");

      if (g_strcmp0 (type, "pci") == 0)
        pci = cap;
    }

  if (pci == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   _("Node device %s is not a PCI function"), self->name);
      return NULL;
    }

  if (!parse_pci_capability (self, pci, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ferry_host_device_get_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->name;
}

const char *
ferry_host_device_get_parent (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->parent;
}

const FerryPciAddress *
ferry_host_device_get_address (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return &self->address;
}

guint
ferry_host_device_get_class_code (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->class_code;
}

guint
ferry_host_device_get_vendor_id (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->vendor_id;
}

guint
ferry_host_device_get_product_id (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->product_id;
}

const char *
ferry_host_device_get_vendor_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->vendor_name;
}

const char *
ferry_host_device_get_product_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->product_name;
}

/* libvirt's names win; these fill only what it left out (from pci.ids on this machine). */
void
ferry_host_device_set_fallback_names (FerryHostDevice *self,
                                      const char      *vendor_name,
                                      const char      *product_name)
{
  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));

  if (self->vendor_name == NULL)
    self->vendor_name = g_strdup (vendor_name);
  if (self->product_name == NULL)
    self->product_name = g_strdup (product_name);
}

char *
ferry_host_device_dup_title (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  if (self->product_name != NULL)
    return g_strdup (self->product_name);

  /* Translators: a PCI device without a known name; %04x are vendor and product ids */
  return g_strdup_printf (_("Device %04x:%04x"), self->vendor_id, self->product_id);
}

/* A symbolic icon for the PCI base class, so lists read at a glance. */
const char *
ferry_host_device_get_icon_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  switch ((self->class_code >> 16) & 0xff)
    {
    case 0x01:
      return "drive-harddisk-symbolic";
    case 0x02:
      return "network-wired-symbolic";
    case 0x03:
      return "video-display-symbolic";
    case 0x04:
      return "audio-card-symbolic";
    case 0x06:
      return "network-workgroup-symbolic";
    case 0x0c:
      return "media-removable-symbolic";
    case 0x0d:
      return "network-wireless-symbolic";
    default:
      return "drive-multidisk-symbolic";
    }
}

const char *
ferry_host_device_get_driver (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->driver;
}

int
ferry_host_device_get_iommu_group (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_NO_IOMMU_GROUP);
  return self->iommu_group;
}

const FerryPciAddress *
ferry_host_device_get_group_members (FerryHostDevice *self,
                                     guint           *n_members)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  *n_members = self->group_members->len;
  return (const FerryPciAddress *) (gpointer) self->group_members->data;
}

gboolean
ferry_host_device_is_bridge (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->is_bridge;
}

guint
ferry_host_device_get_max_vfs (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->max_vfs;
}

const FerryPciAddress *
ferry_host_device_get_vfs (FerryHostDevice *self,
                           guint           *n_vfs)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (n_vfs != NULL, NULL);

  *n_vfs = self->vfs->len;
  return (const FerryPciAddress *) (gpointer) self->vfs->data;
}

const FerryPciAddress *
ferry_host_device_get_pf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->is_vf ? &self->pf : NULL;
}
