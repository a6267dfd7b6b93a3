/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-host-device.h"
#include "ferry-pci-class.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* One PCI function of the host, as libvirt's node device XML describes it. */
struct _FerryHostDevice
{
  GObject          parent_instance;

  char            *name;
  char            *parent;
  FerryPciAddress  address;
  guint            class_code;
  gboolean         has_class;
  guint            vendor_id;
  guint            product_id;
  char            *vendor_name;
  char            *product_name;
  char            *driver;
  int              iommu_group;
  GArray          *group_members;
  GArray          *vfs;
  guint            max_vfs;
  gboolean         has_vf_capability;
  gboolean         is_vf;
  FerryPciAddress  pf;
  gboolean         is_bridge;
  int              numa_node;
  FerryPciLink     link_cap;
  FerryPciLink     link_sta;
  GPtrArray       *netdevs;       /* FerryNetdev, without parent */
  GPtrArray       *netdev_names;  /* their interface names, NULL-terminated, borrowed */
  GPtrArray       *blocks;        /* disks below it ("sda"), NULL-terminated */
};

G_DEFINE_FINAL_TYPE (FerryHostDevice, ferry_host_device, G_TYPE_OBJECT)

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
  g_ptr_array_unref (self->netdev_names);
  g_ptr_array_unref (self->netdevs);
  g_ptr_array_unref (self->blocks);

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
  self->netdevs = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_netdev_free);
  /* One slot reserved: an empty null-terminated array may have no pdata at all. */
  self->netdev_names = g_ptr_array_new_null_terminated (1, NULL, TRUE);
  self->blocks = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->numa_node = -1;
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
                   /* Translators: %s is a libvirt node device name such as pci_0000_01_00_0 */
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
      self->has_class = TRUE;
    }

  /* A group without a number cannot be matched with its other members: the function counts
   * as outside every group, which keeps it from being assigned as if it were isolated. */
  if (group != NULL && xmlHasProp (group, (const xmlChar *) "number") != NULL)
    {
      g_autofree char *number = ferry_xml_prop (group, "number");
      guint64 value;

      if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &value, NULL) ||
          !read_address_list (group, self->group_members))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: %s is a libvirt node device name */
                       _("Node device %s has an invalid IOMMU group"), self->name);
          return FALSE;
        }
      self->iommu_group = (int) value;
    }

  self->is_bridge = ferry_pci_class_is_bridge (self->class_code);

  {
    g_autofree char *numa = ferry_xml_prop (ferry_xml_child (cap, "numa"), "node");
    gint64 node;

    if (numa != NULL && g_ascii_string_to_signed (numa, 10, -1, G_MAXINT, &node, NULL))
      self->numa_node = (int) node;
  }

  ferry_xml_foreach (link, ferry_xml_child (cap, "pci-express"), "link")
    {
      g_autofree char *validity = ferry_xml_prop (link, "validity");
      g_autofree char *speed = ferry_xml_prop (link, "speed");
      g_autofree char *width = ferry_xml_prop (link, "width");
      FerryPciLink value = { 0 };
      guint64 lanes = 0;

      /* Unreadable link data is only a missing detail, never a reason to drop the device;
       * a width of 0 is no width at all (VFs, links that never trained). */
      if (width != NULL && g_ascii_string_to_unsigned (width, 10, 1, 64, &lanes, NULL))
        value.width = (guint) lanes;
      if (speed != NULL)
        value.speed = g_ascii_strtod (speed, NULL);

      if (g_strcmp0 (validity, "cap") == 0)
        self->link_cap = value;
      else if (g_strcmp0 (validity, "sta") == 0)
        self->link_sta = value;
    }

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
          self->has_vf_capability = TRUE;
          ok = ok && read_address_list (sub, self->vfs);
          /* Without maxCount the card can have at least the VFs it has now. */
          self->max_vfs = MAX (self->max_vfs, self->vfs->len);
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

  /* Every string of a node device is shown or compared: a longer one than any real device
   * has costs this device, not a label the size of a book. */
  {
    xmlNode *oversized = ferry_xml_find_oversized (root);

    if (oversized != NULL)
      {
        g_autofree char *name = ferry_text_dup_safe (self->name ? self->name : "?",
                                                     FERRY_TEXT_LABEL_MAX);

        g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                     /* Translators: first %s is a node device name, second an XML element
                        name, %u a size in bytes */
                     _("Node device %s cannot be read: its <%s> holds more than %u bytes of "
                       "text, which no real device has"),
                     name, (const char *) oversized->name, (guint) FERRY_XML_MAX_TEXT);
        return NULL;
      }
  }
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
                   /* Translators: %s is a libvirt node device name */
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

  /* The host's own words, made safe to print and to put in a label. */
  if (self->product_name != NULL)
    return ferry_text_dup_safe (self->product_name, FERRY_TEXT_LABEL_MAX);

  /* Translators: a PCI device without a known name; %04x are vendor and product ids */
  return g_strdup_printf (_("Device %04x:%04x"), self->vendor_id, self->product_id);
}

const char *
ferry_host_device_get_icon_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return ferry_pci_class_icon (self->class_code);
}

const char *
ferry_host_device_get_class_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->has_class ? ferry_pci_class_name (self->class_code)
                         : ferry_pci_class_unknown_name ();
}

FerryDeviceCategory
ferry_host_device_get_category (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_DEVICE_CATEGORY_OTHER);
  return ferry_pci_class_category (self->class_code);
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

/* The command that gives this PF its most VFs, shown for people to run (Ferry never does):
 * through its interface when it has one, people know it by that, else through its PCI
 * address. The interface name comes from the host, so the path is quoted for the shell. When
 * the host did not say how many VFs the card can have, the card's own count is used. */
char *
ferry_host_device_dup_create_vfs_command (FerryHostDevice *self)
{
  const char * const *interfaces;
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  interfaces = ferry_host_device_get_netdevs (self);
  if (interfaces != NULL && interfaces[0] != NULL)
    {
      directory = g_strdup_printf ("/sys/class/net/%s/device", interfaces[0]);
    }
  else
    {
      g_autofree char *address = ferry_pci_address_to_string (&self->address);

      directory = g_strdup_printf ("/sys/bus/pci/devices/%s", address);
    }
  path = g_build_filename (directory, "sriov_numvfs", NULL);
  quoted = g_shell_quote (path);

  if (self->max_vfs == 0)
    {
      g_autofree char *total = g_build_filename (directory, "sriov_totalvfs", NULL);
      g_autofree char *total_quoted = g_shell_quote (total);

      return g_strdup_printf ("cat %s | sudo tee %s", total_quoted, quoted);
    }
  return g_strdup_printf ("echo %u | sudo tee %s", self->max_vfs, quoted);
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

int
ferry_host_device_get_numa_node (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), -1);
  return self->numa_node;
}

/* FALSE when libvirt reports no PCIe link (conventional PCI, integrated functions). */
gboolean
ferry_host_device_get_link (FerryHostDevice *self,
                            FerryPciLink    *capability,
                            FerryPciLink    *status)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);

  if (capability != NULL)
    *capability = self->link_cap;
  if (status != NULL)
    *status = self->link_sta;
  return self->link_cap.width > 0 || self->link_sta.width > 0;
}

/* An endpoint whose link has fewer lanes than it can use: a card in a slot wired narrower.
 * Only the width counts: idle GPUs and power-saving links drop their speed all the time.
 * Bridges are left out (their links run at whatever the device behind them allows), and VFs,
 * which report width 0. */
gboolean
ferry_host_device_is_link_degraded (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);

  if (self->is_bridge || self->link_cap.width == 0 || self->link_sta.width == 0)
    return FALSE;

  return self->link_sta.width < self->link_cap.width;
}

gboolean
ferry_host_device_is_vf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->is_vf;
}

gboolean
ferry_host_device_is_pf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->has_vf_capability;
}

void
ferry_netdev_free (FerryNetdev *netdev)
{
  if (netdev == NULL)
    return;

  g_free (netdev->parent);
  g_free (netdev->interface);
  g_free (netdev->mac);
  g_free (netdev);
}

static FerryNetdev *
find_netdev (FerryHostDevice *self,
             const char      *interface)
{
  for (guint i = 0; i < self->netdevs->len; i++)
    {
      FerryNetdev *netdev = self->netdevs->pdata[i];

      if (g_strcmp0 (netdev->interface, interface) == 0)
        return netdev;
    }

  return NULL;
}

/* A network interface (child "net" node device) the host has on this function, with its MAC
 * address (NULL when not reported) and link state. The first report of an interface wins. */
void
ferry_host_device_add_netdev (FerryHostDevice *self,
                              const char      *interface,
                              const char      *mac,
                              FerryLinkState   link)
{
  FerryNetdev *netdev;

  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));
  g_return_if_fail (interface != NULL);

  if (find_netdev (self, interface) != NULL)
    return;

  netdev = g_new0 (FerryNetdev, 1);
  netdev->interface = g_strdup (interface);
  netdev->mac = g_strdup (mac);
  netdev->link = link;
  g_ptr_array_add (self->netdevs, netdev);
  g_ptr_array_add (self->netdev_names, netdev->interface);
}

/* The interface names, in the order they were added. */
const char * const *
ferry_host_device_get_netdevs (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return (const char * const *) self->netdev_names->pdata;
}

/* NULL when the function has no such interface or libvirt did not report its address. */
const char *
ferry_host_device_get_netdev_mac (FerryHostDevice *self,
                                  const char      *interface)
{
  FerryNetdev *netdev;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  netdev = find_netdev (self, interface);
  return netdev ? netdev->mac : NULL;
}

FerryLinkState
ferry_host_device_get_netdev_link (FerryHostDevice *self,
                                   const char      *interface)
{
  FerryNetdev *netdev;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_LINK_STATE_UNKNOWN);
  g_return_val_if_fail (interface != NULL, FERRY_LINK_STATE_UNKNOWN);

  netdev = find_netdev (self, interface);
  return netdev ? netdev->link : FERRY_LINK_STATE_UNKNOWN;
}

/* libvirt names the kernel's operational states (RFC 2863): unknown, notpresent, down,
 * lowerlayerdown, testing, dormant, up. Only "up" passes traffic; "unknown" (common for
 * virtual and some older drivers' interfaces) and anything newer say nothing either way. */
static FerryLinkState
parse_link_state (const char *state)
{
  const char *down[] = { "down", "lowerlayerdown", "notpresent", "dormant", "testing" };

  if (g_strcmp0 (state, "up") == 0)
    return FERRY_LINK_STATE_UP;

  for (guint i = 0; i < G_N_ELEMENTS (down); i++)
    if (g_strcmp0 (state, down[i]) == 0)
      return FERRY_LINK_STATE_DOWN;

  return FERRY_LINK_STATE_UNKNOWN;
}

static xmlNode *
find_net_capability (xmlNode *root)
{
  ferry_xml_foreach (cap, root, "capability")
    {
      g_autofree char *type = ferry_xml_prop (cap, "type");

      if (g_strcmp0 (type, "net") == 0)
        return cap;
    }

  return NULL;
}

/* Network interfaces are node devices of their own ("net_eth3_…") whose parent is the PCI
 * function; this reads one of them. The MAC address and link state are details a host may
 * leave out; the parent and interface name are what make it usable at all. */
FerryNetdev *
ferry_host_device_parse_net_child (const char  *xml,
                                   GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(FerryNetdev) netdev = NULL;
  g_autofree char *state = NULL;
  xmlNode *root;
  xmlNode *cap;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "device", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  cap = find_net_capability (root);

  netdev = g_new0 (FerryNetdev, 1);
  netdev->parent = ferry_xml_child_text (root, "parent");
  netdev->interface = ferry_xml_child_text (cap, "interface");
  netdev->mac = ferry_xml_child_text (cap, "address");
  state = ferry_xml_prop (ferry_xml_child (cap, "link"), "state");
  netdev->link = parse_link_state (state);

  if (netdev->parent == NULL || netdev->interface == NULL)
    {
      g_autofree char *name = ferry_xml_child_text (root, "name");

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name such as net_eth0_… */
                   _("Network device %s has no interface name or parent"),
                   name ? name : "?");
      return NULL;
    }

  return g_steal_pointer (&netdev);
}

void
ferry_node_child_free (FerryNodeChild *child)
{
  if (child == NULL)
    return;
  g_free (child->name);
  g_free (child->parent);
  g_free (child->block);
  g_free (child);
}

/* Reads a node device below a PCI function for its place in the tree and, on a storage
 * device, the disk it is ("/dev/sda" → "sda"). A device without a name or parent is of no
 * use to place anything. */
FerryNodeChild *
ferry_host_device_parse_child (const char  *xml,
                               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(FerryNodeChild) child = g_new0 (FerryNodeChild, 1);
  xmlNode *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "device", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  child->name = ferry_xml_child_text (root, "name");
  child->parent = ferry_xml_child_text (root, "parent");
  ferry_xml_foreach (cap, root, "capability")
    {
      g_autofree char *type = ferry_xml_prop (cap, "type");
      g_autofree char *block = NULL;

      /* The name reaches labels and terminals: a host's word, made safe once here. */
      if (g_strcmp0 (type, "storage") == 0 &&
          (block = ferry_xml_child_text (cap, "block")) != NULL)
        {
          g_autofree char *base = g_path_get_basename (block);

          child->block = ferry_text_dup_safe (base, FERRY_TEXT_LABEL_MAX);
        }
    }

  if (child->name == NULL || child->parent == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                           _("A storage device has no name or parent"));
      return NULL;
    }

  return g_steal_pointer (&child);
}

/* BLOCK ("sda"), a disk libvirt lists below this function. */
void
ferry_host_device_add_block (FerryHostDevice *self,
                             const char      *block)
{
  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));
  g_return_if_fail (block != NULL);

  if (!g_strv_contains ((const char * const *) self->blocks->pdata, block))
    g_ptr_array_add (self->blocks, g_strdup (block));
}

/* The disks below this function, as libvirt lists them; NULL-terminated, maybe empty. */
const char * const *
ferry_host_device_get_blocks (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return (const char * const *) self->blocks->pdata;
}

/* Gives each PCI function of DEVICES the disks among CHILDREN (FerryNodeChild) below it. A
 * disk hangs below its controller through SCSI links (storage → scsi → scsi_target →
 * scsi_host → the function) or right below it (NVMe, virtio). A disk whose chain does not
 * reach a listed function within a few steps is left out: it says nothing then. */
void
ferry_host_device_place_disks (GPtrArray *devices,
                               GPtrArray *children)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (devices != NULL && children != NULL);

  for (guint i = 0; i < devices->len; i++)
    g_hash_table_insert (by_name, (gpointer) ferry_host_device_get_name (devices->pdata[i]),
                         devices->pdata[i]);
  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];

      g_hash_table_insert (parents, child->name, child->parent);
    }

  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];
      FerryHostDevice *owner = NULL;
      const char *above = child->parent;

      if (child->block == NULL)
        continue;
      for (guint depth = 0; above != NULL && owner == NULL && depth < 8; depth++)
        if (!(owner = g_hash_table_lookup (by_name, above)))
          above = g_hash_table_lookup (parents, above);
      if (owner != NULL)
        ferry_host_device_add_block (owner, child->block);
    }
}

static gboolean
same_link (const FerryPciLink *a,
           const FerryPciLink *b)
{
  return a->speed == b->speed && a->width == b->width;
}

static gboolean
same_netdevs (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      FerryNetdev *netdev_a = a->pdata[i];
      FerryNetdev *netdev_b = b->pdata[i];

      if (g_strcmp0 (netdev_a->interface, netdev_b->interface) != 0 ||
          g_strcmp0 (netdev_a->mac, netdev_b->mac) != 0 || netdev_a->link != netdev_b->link)
        return FALSE;
    }
  return TRUE;
}

/* Whether A and B describe the function alike, in everything a row could show: a reload
 * keeps the old object (and its row) when nothing changed. */
gboolean
ferry_host_device_equal (FerryHostDevice *a,
                         FerryHostDevice *b)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (a), FALSE);
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->parent, b->parent) == 0 &&
         ferry_pci_address_equal (&a->address, &b->address) &&
         a->class_code == b->class_code &&
         a->vendor_id == b->vendor_id &&
         a->product_id == b->product_id &&
         g_strcmp0 (a->vendor_name, b->vendor_name) == 0 &&
         g_strcmp0 (a->product_name, b->product_name) == 0 &&
         g_strcmp0 (a->driver, b->driver) == 0 &&
         a->iommu_group == b->iommu_group &&
         ferry_pci_address_array_equal (a->group_members, b->group_members) &&
         ferry_pci_address_array_equal (a->vfs, b->vfs) &&
         a->max_vfs == b->max_vfs &&
         a->is_vf == b->is_vf &&
         (!a->is_vf || ferry_pci_address_equal (&a->pf, &b->pf)) &&
         a->is_bridge == b->is_bridge &&
         a->numa_node == b->numa_node &&
         same_link (&a->link_cap, &b->link_cap) &&
         same_link (&a->link_sta, &b->link_sta) &&
         same_netdevs (a->netdevs, b->netdevs) &&
         g_strv_equal ((const char * const *) a->blocks->pdata,
                       (const char * const *) b->blocks->pdata);
}
