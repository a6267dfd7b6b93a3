/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-inventory"

#include "config.h"

#include "ferry-array-list.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"

/* The host's PCI functions joined with who uses them: IOMMU groups, the guests holding each
 * function (live and at next boot), and the VF pools that may hand it out. Pure computation
 * over records already read, so it runs the same for a remote host and is cheap to rebuild
 * after any event. */
struct _FerryInventory
{
  GObject         parent_instance;

  FerryArrayList *devices;
  FerryArrayList *groups;
  GHashTable     *by_address;   /* FerryPciAddress* → FerryHostDevice* */
  GHashTable     *by_group;     /* GINT_TO_POINTER (number) → FerryIommuGroup* */
  GHashTable     *uses;         /* FerryPciAddress* → GPtrArray of FerryDeviceUse */
  GHashTable     *pools;        /* FerryPciAddress* → GPtrArray (NULL-terminated) of names */
  GHashTable     *pool_vfs;     /* pool name → GArray of the FerryPciAddress it may hand out */
  GHashTable     *by_netdev;    /* interface name → FerryHostDevice* */
};

G_DEFINE_FINAL_TYPE (FerryInventory, ferry_inventory, G_TYPE_OBJECT)

static void
ferry_inventory_finalize (GObject *object)
{
  FerryInventory *self = (FerryInventory *) object;

  g_hash_table_unref (self->by_address);
  g_hash_table_unref (self->by_group);
  g_hash_table_unref (self->uses);
  g_hash_table_unref (self->pools);
  g_hash_table_unref (self->pool_vfs);
  g_hash_table_unref (self->by_netdev);
  g_object_unref (self->groups);
  g_object_unref (self->devices);

  G_OBJECT_CLASS (ferry_inventory_parent_class)->finalize (object);
}

static void
ferry_inventory_class_init (FerryInventoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_inventory_finalize;
}

static void
ferry_inventory_init (FerryInventory *self)
{
  self->by_address = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                       (GEqualFunc) ferry_pci_address_equal);
  self->by_group = g_hash_table_new (NULL, NULL);
  self->uses = g_hash_table_new_full ((GHashFunc) ferry_pci_address_hash,
                                      (GEqualFunc) ferry_pci_address_equal,
                                      g_free, (GDestroyNotify) g_ptr_array_unref);
  self->pools = g_hash_table_new_full ((GHashFunc) ferry_pci_address_hash,
                                       (GEqualFunc) ferry_pci_address_equal,
                                       g_free, (GDestroyNotify) g_ptr_array_unref);
  self->pool_vfs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  self->by_netdev = g_hash_table_new (g_str_hash, g_str_equal);
}

static GPtrArray *
lookup_or_insert (GHashTable            *table,
                  const FerryPciAddress *address,
                  GPtrArray *          (*create) (void))
{
  GPtrArray *array = g_hash_table_lookup (table, address);

  if (array == NULL)
    {
      array = create ();
      g_hash_table_insert (table, g_memdup2 (address, sizeof *address), array);
    }

  return array;
}

static GPtrArray *
new_use_array (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static GPtrArray *
new_name_array (void)
{
  /* One slot reserved: an empty null-terminated array may have no pdata at all. */
  return g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

static void
add_use (FerryInventory        *self,
         const FerryPciAddress *address,
         FerryDeviceUse        *use)
{
  g_ptr_array_add (lookup_or_insert (self->uses, address, new_use_array), use);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  int number_a = ferry_iommu_group_get_number (*(FerryIommuGroup **) a);
  int number_b = ferry_iommu_group_get_number (*(FerryIommuGroup **) b);

  /* Functions outside every group come last. */
  if (number_a == FERRY_NO_IOMMU_GROUP || number_b == FERRY_NO_IOMMU_GROUP)
    return (number_a == FERRY_NO_IOMMU_GROUP) - (number_b == FERRY_NO_IOMMU_GROUP);
  return (number_a > number_b) - (number_a < number_b);
}

/* The members each function's <iommuGroup> names that have no node device: a group with one
 * of them is not isolated, whatever libvirt lists. */
static void
index_unlisted_members (FerryInventory *self,
                        GPtrArray      *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      FerryHostDevice *device = devices->pdata[i];
      int number = ferry_host_device_get_iommu_group (device);
      FerryIommuGroup *group = g_hash_table_lookup (self->by_group, GINT_TO_POINTER (number));
      const FerryPciAddress *members;
      guint n_members;

      if (number == FERRY_NO_IOMMU_GROUP || group == NULL)
        continue;

      members = ferry_host_device_get_group_members (device, &n_members);
      for (guint m = 0; m < n_members; m++)
        if (!g_hash_table_contains (self->by_address, &members[m]))
          ferry_iommu_group_add_unlisted (group, &members[m]);
    }
}

static void
index_devices (FerryInventory *self,
               GPtrArray      *devices)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_full (devices->len, g_object_unref);

  for (guint i = 0; i < devices->len; i++)
    {
      FerryHostDevice *device = devices->pdata[i];
      int number = ferry_host_device_get_iommu_group (device);
      FerryIommuGroup *group = g_hash_table_lookup (self->by_group, GINT_TO_POINTER (number));
      const char * const *netdevs = ferry_host_device_get_netdevs (device);

      /* A host may list several node devices at one address; a function is one function.
       * The first is kept, as everything that looks a function up by address would. */
      if (g_hash_table_contains (self->by_address, ferry_host_device_get_address (device)))
        continue;
      g_ptr_array_add (kept, g_object_ref (device));

      g_hash_table_insert (self->by_address,
                           (gpointer) ferry_host_device_get_address (device), device);
      for (guint n = 0; netdevs[n] != NULL; n++)
        g_hash_table_insert (self->by_netdev, (gpointer) netdevs[n], device);

      if (group == NULL)
        {
          group = ferry_iommu_group_new (number);
          g_hash_table_insert (self->by_group, GINT_TO_POINTER (number), group);
          g_ptr_array_add (groups, group);
        }
      ferry_iommu_group_add_member (group, device);
    }

  index_unlisted_members (self, kept);
  self->devices = ferry_array_list_new (FERRY_TYPE_HOST_DEVICE, kept);
  g_ptr_array_sort (groups, compare_groups);
  self->groups = ferry_array_list_new (FERRY_TYPE_IOMMU_GROUP, groups);
}

/* Adds ADDRESS to POOL's VFS, counting the pool once among those that include ADDRESS. */
static void
add_pool_vf (FerryInventory        *self,
             FerryNetwork          *pool,
             GArray                *vfs,
             const FerryPciAddress *address)
{
  const char *name = ferry_network_get_name (pool);
  GPtrArray *names = lookup_or_insert (self->pools, address, new_name_array);

  /* A started pf-form pool lists its VFs too. */
  for (guint n = 0; n < names->len; n++)
    if (g_strcmp0 (names->pdata[n], name) == 0)
      return;
  g_ptr_array_add (names, g_strdup (name));
  g_array_append_val (vfs, *address);
}

/* A pool's VFs: its explicit address list, and every VF of the PF named by <pf dev=…/>. */
static void
index_pool (FerryInventory *self,
            FerryNetwork   *network)
{
  const char *pf_device = ferry_network_get_pf_device (network);
  GArray *pool_vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  const FerryPciAddress *vfs;
  guint n_vfs;

  g_hash_table_replace (self->pool_vfs, g_strdup (ferry_network_get_name (network)), pool_vfs);
  vfs = ferry_network_get_vfs (network, &n_vfs);
  for (guint i = 0; i < n_vfs; i++)
    add_pool_vf (self, network, pool_vfs, &vfs[i]);

  if (pf_device != NULL)
    {
      FerryHostDevice *pf = g_hash_table_lookup (self->by_netdev, pf_device);

      if (pf == NULL)
        return;

      vfs = ferry_host_device_get_vfs (pf, &n_vfs);
      for (guint i = 0; i < n_vfs; i++)
        add_pool_vf (self, network, pool_vfs, &vfs[i]);
    }
}

static void
index_guest (FerryInventory *self,
             FerryGuest     *guest)
{
  const char *name = ferry_guest_get_name (guest);
  guint n_assigned;
  /* Not the list model: a first view may show GUEST on the main thread meanwhile. */
  FerryAssignedDevice * const *assigned = ferry_guest_peek_assigned (guest, &n_assigned);

  for (guint i = 0; i < n_assigned; i++)
    {
      FerryAssignedDevice *assignment = assigned[i];
      const FerryPciAddress *address = ferry_assigned_device_get_address (assignment);

      if (address != NULL)
        {
          add_use (self, address, ferry_device_use_new (name, assignment, FALSE));
          continue;
        }

      /* A pool interface without a VF yet may take any of the pool's VFs. */
      {
        const char *network = ferry_assigned_device_get_network (assignment);
        GArray *vfs = network ? g_hash_table_lookup (self->pool_vfs, network) : NULL;

        for (guint v = 0; vfs != NULL && v < vfs->len; v++)
          add_use (self, &g_array_index (vfs, FerryPciAddress, v),
                   ferry_device_use_new (name, assignment, TRUE));
      }
    }
}

static void
index_group_guests (FerryInventory *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FerryHostDevice *device = g_hash_table_lookup (self->by_address, key);
      GPtrArray *uses = value;
      FerryIommuGroup *group;

      if (device == NULL)
        continue;

      group = g_hash_table_lookup (self->by_group,
                                   GINT_TO_POINTER (ferry_host_device_get_iommu_group (device)));
      for (guint i = 0; i < uses->len; i++)
        if (!ferry_device_use_is_potential (uses->pdata[i]))
          ferry_iommu_group_add_guest (group, ferry_device_use_get_guest (uses->pdata[i]));
    }
}

/* DEVICES in address order; GUESTS and NETWORKS as read. Nothing is copied: the inventory
 * keeps references to the records. */
FerryInventory *
ferry_inventory_new (GPtrArray *devices,
                     GPtrArray *guests,
                     GPtrArray *networks)
{
  FerryInventory *self;

  g_return_val_if_fail (devices != NULL && guests != NULL && networks != NULL, NULL);

  self = ferry_inventory_new_for_devices (devices);
  ferry_inventory_add_owners (self, guests, networks);
  return self;
}

/* The first half of ferry_inventory_new: the functions of DEVICES (in address order) and
 * their groups, without owners, for a reader that has the devices before the guests are
 * parsed. Nothing else may use it before ferry_inventory_add_owners. */
FerryInventory *
ferry_inventory_new_for_devices (GPtrArray *devices)
{
  FerryInventory *self;

  g_return_val_if_fail (devices != NULL, NULL);

  self = g_object_new (FERRY_TYPE_INVENTORY, NULL);
  index_devices (self, devices);
  return self;
}

/* The second half: who uses the functions, of GUESTS and NETWORKS as read. Once. */
void
ferry_inventory_add_owners (FerryInventory *self,
                            GPtrArray      *guests,
                            GPtrArray      *networks)
{
  g_return_if_fail (FERRY_IS_INVENTORY (self));
  g_return_if_fail (guests != NULL && networks != NULL);
  g_return_if_fail (g_hash_table_size (self->pool_vfs) == 0 &&
                    g_hash_table_size (self->uses) == 0);

  for (guint i = 0; i < networks->len; i++)
    if (ferry_network_is_hostdev_pool (networks->pdata[i]))
      index_pool (self, networks->pdata[i]);
  for (guint i = 0; i < guests->len; i++)
    index_guest (self, guests->pdata[i]);
  index_group_guests (self);
}

GListModel *
ferry_inventory_get_devices (FerryInventory *self)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  return G_LIST_MODEL (self->devices);
}

/* Groups in number order, the functions outside any group last. */
GListModel *
ferry_inventory_get_groups (FerryInventory *self)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  return G_LIST_MODEL (self->groups);
}

FerryHostDevice *
ferry_inventory_lookup (FerryInventory        *self,
                        const FerryPciAddress *address)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return g_hash_table_lookup (self->by_address, address);
}

FerryIommuGroup *
ferry_inventory_get_group (FerryInventory *self,
                           int             number)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  return g_hash_table_lookup (self->by_group, GINT_TO_POINTER (number));
}

/* The guests' claims on ADDRESS (FerryDeviceUse), or NULL when nobody has one. */
GPtrArray *
ferry_inventory_get_uses (FerryInventory        *self,
                          const FerryPciAddress *address)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return g_hash_table_lookup (self->uses, address);
}

/* The VF pools that include ADDRESS, NULL-terminated, or NULL. */
const char * const *
ferry_inventory_get_pools (FerryInventory        *self,
                           const FerryPciAddress *address)
{
  GPtrArray *names;

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  names = g_hash_table_lookup (self->pools, address);
  return names ? (const char * const *) names->pdata : NULL;
}

/* The other functions of ADDRESS's slot (a GPU's HDMI audio, a NIC's second port). */
GPtrArray *
ferry_inventory_dup_slot_siblings (FerryInventory        *self,
                                   const FerryPciAddress *address)
{
  GPtrArray *siblings = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), siblings);
  g_return_val_if_fail (address != NULL, siblings);

  for (guint function = 0; function < 8; function++)
    {
      FerryPciAddress sibling = *address;
      FerryHostDevice *device;

      sibling.function = function;
      if (function != address->function &&
          (device = g_hash_table_lookup (self->by_address, &sibling)))
        g_ptr_array_add (siblings, g_object_ref (device));
    }

  return siblings;
}

FerryHostDevice *
ferry_inventory_find_netdev (FerryInventory *self,
                             const char     *interface)
{
  g_return_val_if_fail (FERRY_IS_INVENTORY (self), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  return g_hash_table_lookup (self->by_netdev, interface);
}

/* The VFs NETWORK may hand out, in order: its address list, then the current VFs of its PF
 * that the list does not name (a started pf-form pool lists them too). */
GArray *
ferry_inventory_dup_pool_vfs (FerryInventory *self,
                              FerryNetwork   *network)
{
  GArray *vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  const char *pf_device = ferry_network_get_pf_device (network);
  FerryHostDevice *pf = pf_device ? g_hash_table_lookup (self->by_netdev, pf_device) : NULL;
  const FerryPciAddress *listed;
  const FerryPciAddress *current;
  guint n_listed = 0;
  guint n_current = 0;

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), vfs);

  listed = ferry_network_get_vfs (network, &n_listed);
  /* A VF listed twice is one VF, as the pools that include it count the pool once. */
  for (guint l = 0; l < n_listed; l++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < vfs->len && !known; i++)
        known = ferry_pci_address_equal (&g_array_index (vfs, FerryPciAddress, i), &listed[l]);
      if (!known)
        g_array_append_val (vfs, listed[l]);
    }
  current = pf ? ferry_host_device_get_vfs (pf, &n_current) : NULL;
  for (guint i = 0; i < n_current; i++)
    {
      gboolean known = FALSE;

      for (guint l = 0; l < n_listed && !known; l++)
        known = ferry_pci_address_equal (&listed[l], &current[i]);
      if (!known)
        g_array_append_val (vfs, current[i]);
    }
  return vfs;
}

/* How many VFs NETWORK can hand out on this host (N_VFS: those present, and of a running
 * pool only those its live XML lists, if it lists any) and how many of them are in use: held
 * by running guests as far as their live XML says, or as many as libvirt counts connections
 * to the running pool, whichever is more (a guest whose XML Ferry could not read holds one). */
guint
ferry_inventory_count_pool_in_use (FerryInventory *self,
                                   FerryNetwork   *network,
                                   guint          *n_vfs)
{
  g_autoptr(GArray) vfs = NULL;
  gboolean active;
  const FerryPciAddress *listed;
  guint n_listed = 0;
  guint usable = 0;
  guint held = 0;

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), 0);
  g_return_val_if_fail (FERRY_IS_NETWORK (network), 0);

  vfs = ferry_inventory_dup_pool_vfs (self, network);
  active = ferry_network_get_active (network);
  listed = ferry_network_get_vfs (network, &n_listed);
  for (guint i = 0; i < vfs->len; i++)
    {
      const FerryPciAddress *vf = &g_array_index (vfs, FerryPciAddress, i);
      gboolean taken_at_start = FALSE;

      for (guint l = 0; l < n_listed && !taken_at_start; l++)
        taken_at_start = ferry_pci_address_equal (&listed[l], vf);
      if (ferry_inventory_lookup (self, vf) == NULL || (active && n_listed > 0 && !taken_at_start))
        continue;

      usable++;
      held += ferry_inventory_get_holder (self, vf) != NULL;
    }
  if (n_vfs != NULL)
    *n_vfs = usable;
  if (active)
    held = MAX (held, ferry_network_get_connections (network));
  return MIN (held, usable);
}

/* The running guest that holds ADDRESS now, or NULL: a pool's VF is only taken while a guest
 * using the pool runs. */
const char *
ferry_inventory_get_holder (FerryInventory        *self,
                            const FerryPciAddress *address)
{
  GPtrArray *uses = ferry_inventory_get_uses (self, address);

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    if (!ferry_device_use_is_potential (uses->pdata[i]) &&
        ferry_device_use_get_live (uses->pdata[i]))
      return ferry_device_use_get_guest (uses->pdata[i]);
  return NULL;
}

static gboolean
same_names (const char * const *a,
            const char * const *b)
{
  const char * const none[] = { NULL };

  return g_strv_equal (a ? a : none, b ? b : none);
}

static gboolean
same_uses (GPtrArray *a,
           GPtrArray *b)
{
  if ((a ? a->len : 0) != (b ? b->len : 0))
    return FALSE;
  for (guint i = 0; a != NULL && i < a->len; i++)
    if (!ferry_device_use_equal (a->pdata[i], b->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Whether SELF and OTHER (an earlier and a later read of a host) show the function at
 * ADDRESS alike: the function itself, the pools that include it and who uses it. */
gboolean
ferry_inventory_device_equal (FerryInventory        *self,
                              FerryInventory        *other,
                              const FerryPciAddress *address)
{
  FerryHostDevice *device, *other_device;

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (FERRY_IS_INVENTORY (other), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  device = ferry_inventory_lookup (self, address);
  other_device = ferry_inventory_lookup (other, address);
  if (device == NULL || other_device == NULL)
    return device == other_device;

  return ferry_host_device_equal (device, other_device) &&
         same_names (ferry_inventory_get_pools (self, address),
                     ferry_inventory_get_pools (other, address)) &&
         same_uses (ferry_inventory_get_uses (self, address),
                    ferry_inventory_get_uses (other, address));
}

/* Whether SELF and OTHER show the IOMMU group NUMBER alike: the same members, each shown
 * alike, and the same guests. CHANGED, when given, holds the addresses of the functions
 * already found not alike (FerryPciAddress*): a merge compares every function before their
 * groups, and need not compare them twice. */
gboolean
ferry_inventory_group_equal (FerryInventory *self,
                             FerryInventory *other,
                             int             number,
                             GHashTable     *changed)
{
  FerryIommuGroup *group, *other_group;
  GListModel *members, *other_members;
  guint n_members;

  g_return_val_if_fail (FERRY_IS_INVENTORY (self), FALSE);
  g_return_val_if_fail (FERRY_IS_INVENTORY (other), FALSE);

  group = ferry_inventory_get_group (self, number);
  other_group = ferry_inventory_get_group (other, number);
  if (group == NULL || other_group == NULL)
    return group == other_group;

  members = ferry_iommu_group_get_members (group);
  other_members = ferry_iommu_group_get_members (other_group);
  n_members = g_list_model_get_n_items (members);
  if (n_members != g_list_model_get_n_items (other_members) ||
      !same_names (ferry_iommu_group_get_guests (group),
                   ferry_iommu_group_get_guests (other_group)))
    return FALSE;

  for (guint i = 0; i < n_members; i++)
    {
      g_autoptr(FerryHostDevice) member = g_list_model_get_item (members, i);
      g_autoptr(FerryHostDevice) other_member = g_list_model_get_item (other_members, i);
      const FerryPciAddress *address = ferry_host_device_get_address (member);

      if (!ferry_pci_address_equal (address, ferry_host_device_get_address (other_member)))
        return FALSE;
      if (changed != NULL ? g_hash_table_contains (changed, address)
                          : !ferry_inventory_device_equal (self, other, address))
        return FALSE;
    }
  return TRUE;
}

