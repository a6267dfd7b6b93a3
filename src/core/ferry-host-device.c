/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-host-device-private.h"
#include "ferry-pci-class.h"
#include "ferry-text.h"

/* One PCI function as a read saw it. A read fills a record on its own thread (the setters
 * and add_ functions below: names, interfaces, disks) before handing it over, and nothing
 * changes it after: the list models show it, the next read's reuse shares it and its
 * inventory indexes it from other threads, all without locks. A later read makes a new
 * record. */
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

/* A new record of what SELF's own XML told (with the names looked up for it), without the
 * interfaces and disks a read added from other node devices: what parsing the same text
 * again would give, for a fraction of the cost. SELF is only read, so it may be a record
 * another thread shows; the address arrays, never changed once parsed, are shared. */
FerryHostDevice *
ferry_host_device_copy_parsed (FerryHostDevice *self)
{
  FerryHostDevice *copy;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  copy = g_object_new (FERRY_TYPE_HOST_DEVICE, NULL);
  copy->name = g_strdup (self->name);
  copy->parent = g_strdup (self->parent);
  copy->address = self->address;
  copy->class_code = self->class_code;
  copy->has_class = self->has_class;
  copy->vendor_id = self->vendor_id;
  copy->product_id = self->product_id;
  copy->vendor_name = g_strdup (self->vendor_name);
  copy->product_name = g_strdup (self->product_name);
  copy->driver = g_strdup (self->driver);
  copy->iommu_group = self->iommu_group;
  g_array_unref (copy->group_members);
  copy->group_members = g_array_ref (self->group_members);
  g_array_unref (copy->vfs);
  copy->vfs = g_array_ref (self->vfs);
  copy->max_vfs = self->max_vfs;
  copy->has_vf_capability = self->has_vf_capability;
  copy->is_vf = self->is_vf;
  copy->pf = self->pf;
  copy->is_bridge = self->is_bridge;
  copy->numa_node = self->numa_node;
  copy->link_cap = self->link_cap;
  copy->link_sta = self->link_sta;
  return copy;
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

FerryNetdev *
ferry_netdev_copy (const FerryNetdev *netdev)
{
  FerryNetdev *copy = g_new0 (FerryNetdev, 1);

  copy->parent = g_strdup (netdev->parent);
  copy->interface = g_strdup (netdev->interface);
  copy->mac = g_strdup (netdev->mac);
  copy->link = netdev->link;
  return copy;
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
 * reach a listed function within a few steps is left out: it says nothing then. SHARED,
 * when given, holds the records of DEVICES an earlier read shows too: one that gets a disk
 * is replaced in DEVICES (which holds a reference to each) by a copy first, and leaves
 * SHARED. */
void
ferry_host_device_place_disks (GPtrArray  *devices,
                               GPtrArray  *children,
                               GHashTable *shared)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (devices != NULL && children != NULL);

  for (guint i = 0; i < devices->len; i++)
    g_hash_table_insert (by_name, (gpointer) ferry_host_device_get_name (devices->pdata[i]),
                         &devices->pdata[i]);
  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];

      g_hash_table_insert (parents, child->name, child->parent);
    }

  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];
      FerryHostDevice **owner = NULL;
      const char *above = child->parent;

      if (child->block == NULL)
        continue;
      for (guint depth = 0; above != NULL && owner == NULL && depth < 8; depth++)
        if (!(owner = g_hash_table_lookup (by_name, above)))
          above = g_hash_table_lookup (parents, above);
      if (owner == NULL)
        continue;
      if (shared != NULL && g_hash_table_remove (shared, *owner))
        {
          FerryHostDevice *copy = ferry_host_device_copy_parsed (*owner);

          /* The table's key is the name the record holds. */
          g_hash_table_replace (by_name, (gpointer) ferry_host_device_get_name (copy), owner);
          g_object_unref (*owner);
          *owner = copy;
        }
      ferry_host_device_add_block (*owner, child->block);
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

  if (a == b)
    return TRUE;
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
