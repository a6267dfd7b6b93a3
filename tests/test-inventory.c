/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fixtures.h"

#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"

/* Owners, pools and groups computed from node device, domain and network fixtures. */

typedef struct
{
  GPtrArray      *devices;
  GPtrArray      *guests;
  GPtrArray      *networks;
  FerryInventory *inventory;
} Fixture;

static FerryHostDevice *
load_device (const char *name)
{
  g_autofree char *xml = fixture_load (name);
  g_autoptr(GError) error = NULL;
  FerryHostDevice *device = ferry_host_device_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return device;
}

static FerryPciAddress
address (const char *text)
{
  FerryPciAddress value;

  g_assert_true (ferry_pci_address_parse (text, &value));
  return value;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *devices[] = {
    "nodedev-root-port.xml", "nodedev-gpu.xml", "nodedev-gpu-audio.xml", "nodedev-pf.xml",
    "nodedev-vf.xml", "nodedev-downtrained.xml",
  };
  g_autofree char *pool_xml = fixture_load ("network-pool-pf.xml");
  g_autofree char *nat_xml = fixture_load ("network-nat.xml");
  g_autofree char *config = fixture_load ("domain-q35-assigned.xml");
  g_autofree char *live = fixture_load ("domain-q35-live.xml");
  g_autofree char *transient = fixture_load ("domain-running-pool.xml");
  g_autoptr(FerryGuest) workstation = ferry_guest_new ("workstation", NULL);
  g_autoptr(FerryGuest) web = ferry_guest_new ("web-01", NULL);
  g_autoptr(FerryGuest) idle = ferry_guest_new ("idle", NULL);
  g_autoptr(GPtrArray) pools = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FerryHostDevice *pf;

  fixture->devices = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    g_ptr_array_add (fixture->devices, load_device (devices[i]));
  /* The PF carries eth3, the interface the pool names. */
  pf = fixture->devices->pdata[3];
  ferry_host_device_add_netdev (pf, "eth3", NULL, FERRY_LINK_STATE_UNKNOWN);

  fixture->networks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (fixture->networks, ferry_network_new_from_xml (pool_xml, &error));
  g_ptr_array_add (fixture->networks, ferry_network_new_from_xml (nat_xml, &error));
  g_assert_no_error (error);
  g_ptr_array_add (pools, fixture->networks->pdata[0]);

  /* workstation runs; web-01 is transient with its pool VF; idle holds a pool interface in
   * its persistent XML only, so it may draw any of the pool's VFs. */
  g_assert_true (ferry_guest_update_from_xml (workstation, live, config, pools, &error));
  g_assert_true (ferry_guest_update_from_xml (web, transient, NULL, pools, &error));
  g_assert_true (ferry_guest_update_from_xml (idle, NULL,
                                              "<domain><name>idle</name><devices>"
                                              "<interface type='network'>"
                                              "<source network='vf-pool'/></interface>"
                                              "</devices></domain>",
                                              pools, &error));
  g_assert_no_error (error);

  fixture->guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (fixture->guests, g_steal_pointer (&workstation));
  g_ptr_array_add (fixture->guests, g_steal_pointer (&web));
  g_ptr_array_add (fixture->guests, g_steal_pointer (&idle));

  fixture->inventory = ferry_inventory_new (fixture->devices, fixture->guests,
                                            fixture->networks);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->inventory);
  g_ptr_array_unref (fixture->devices);
  g_ptr_array_unref (fixture->guests);
  g_ptr_array_unref (fixture->networks);
}

static FerryDeviceUse *
find_use (GPtrArray  *uses,
          const char *guest)
{
  for (guint i = 0; uses != NULL && i < uses->len; i++)
    if (g_strcmp0 (ferry_device_use_get_guest (uses->pdata[i]), guest) == 0)
      return uses->pdata[i];

  return NULL;
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  GListModel *groups = ferry_inventory_get_groups (fixture->inventory);
  FerryIommuGroup *gpu_group = ferry_inventory_get_group (fixture->inventory, 1);
  g_autoptr(FerryIommuGroup) last = NULL;
  const char * const *guests;

  /* Groups 1, 18, 21, and the functions outside any group last. */
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 4);
  last = g_list_model_get_item (groups, 3);
  g_assert_cmpint (ferry_iommu_group_get_number (last), ==, FERRY_NO_IOMMU_GROUP);
  g_assert_false (ferry_iommu_group_is_isolated (last));

  /* GPU and its audio: two endpoints, so not isolated; the root port has no group here. */
  g_assert_cmpuint (ferry_iommu_group_get_n_endpoints (gpu_group), ==, 2);
  g_assert_false (ferry_iommu_group_is_isolated (gpu_group));
  guests = ferry_iommu_group_get_guests (gpu_group);
  g_assert_cmpstr (guests[0], ==, "workstation");
  g_assert_null (guests[1]);

  g_assert_true (ferry_iommu_group_is_isolated (ferry_inventory_get_group (fixture->inventory,
                                                                           18)));
  /* The root port sits outside every group and counts as a bridge there. */
  g_assert_cmpuint (ferry_iommu_group_get_n_bridges (last), ==, 1);
}

static void
test_uses (Fixture       *fixture,
           gconstpointer  data)
{
  FerryPciAddress gpu = address ("0000:01:00.0");
  FerryPciAddress audio = address ("0000:01:00.1");
  FerryPciAddress nvme = address ("0000:07:00.0");
  FerryPciAddress downtrained = address ("0000:08:00.0");
  FerryDeviceUse *use;

  use = find_use (ferry_inventory_get_uses (fixture->inventory, &gpu), "workstation");
  g_assert_nonnull (use);
  g_assert_cmpstr (ferry_device_use_get_via_name (use), ==, "hostdev");
  g_assert_true (ferry_device_use_get_live (use));
  g_assert_true (ferry_device_use_get_config (use));

  use = find_use (ferry_inventory_get_uses (fixture->inventory, &audio), "workstation");
  g_assert_true (ferry_device_use_get_live (use));
  g_assert_false (ferry_device_use_get_config (use));

  /* Not on this host, still owned: the NVMe address is known to the inventory's owners. */
  use = find_use (ferry_inventory_get_uses (fixture->inventory, &nvme), "workstation");
  g_assert_false (ferry_device_use_get_live (use));
  g_assert_true (ferry_device_use_get_config (use));
  g_assert_null (ferry_inventory_lookup (fixture->inventory, &nvme));

  g_assert_null (ferry_inventory_get_uses (fixture->inventory, &downtrained));
}

static void
test_pools (Fixture       *fixture,
            gconstpointer  data)
{
  FerryPciAddress vf_of_pf = address ("0000:0b:10.2");
  FerryPciAddress listed = address ("0000:0b:10.1");
  FerryPciAddress other = address ("0000:01:00.0");
  const char * const *pools;
  FerryDeviceUse *use;
  g_autoptr(GArray) vfs = NULL;
  gboolean found_vf_of_pf;
  guint n_vfs = 0;

  /* <pf dev='eth3'/> takes in every VF of the PF that carries eth3… */
  pools = ferry_inventory_get_pools (fixture->inventory, &vf_of_pf);
  g_assert_nonnull (pools);
  g_assert_cmpstr (pools[0], ==, "vf-pool");
  g_assert_null (pools[1]);
  /* …and explicit addresses count too. */
  g_assert_nonnull (ferry_inventory_get_pools (fixture->inventory, &listed));
  g_assert_null (ferry_inventory_get_pools (fixture->inventory, &other));

  /* web-01 runs with 0b:10.1 from the pool. */
  use = find_use (ferry_inventory_get_uses (fixture->inventory, &listed), "web-01");
  g_assert_nonnull (use);
  g_assert_false (ferry_device_use_is_potential (use));
  g_assert_cmpstr (ferry_device_use_get_via_name (use), ==, "pool");

  /* idle has no VF yet: it may take any of the pool's. */
  use = find_use (ferry_inventory_get_uses (fixture->inventory, &vf_of_pf), "idle");
  g_assert_nonnull (use);
  g_assert_true (ferry_device_use_is_potential (use));
  /* Holders are running guests only: web-01 holds 0b:10.1; idle holds nothing. */
  g_assert_cmpstr (ferry_inventory_get_holder (fixture->inventory, &listed), ==, "web-01");
  g_assert_null (ferry_inventory_get_holder (fixture->inventory, &vf_of_pf));

  /* The pool's VFs: the listed ones first, then the PF's others, each once. */
  vfs = ferry_inventory_dup_pool_vfs (fixture->inventory, fixture->networks->pdata[0]);
  g_assert_cmpuint (vfs->len, >=, 3);
  g_assert_true (ferry_pci_address_equal (&g_array_index (vfs, FerryPciAddress, 0), &listed));
  for (guint i = 0; i < vfs->len; i++)
    for (guint j = i + 1; j < vfs->len; j++)
      g_assert_false (ferry_pci_address_equal (&g_array_index (vfs, FerryPciAddress, i),
                                               &g_array_index (vfs, FerryPciAddress, j)));
  found_vf_of_pf = FALSE;
  for (guint i = 0; i < vfs->len; i++)
    found_vf_of_pf |= ferry_pci_address_equal (&g_array_index (vfs, FerryPciAddress, i),
                                               &vf_of_pf);
  g_assert_true (found_vf_of_pf);

  /* Counted: only the VFs this host has (0b:10.1 and 0b:10.3 are listed, but this host lacks
   * them), 0b:10.0 held by workstation as a plain hostdev (the pool cannot hand it out
   * either). How libvirt's own count weighs in is test-pool-check's. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (fixture->inventory,
                                                        fixture->networks->pdata[0], &n_vfs),
                    ==, 1);
  g_assert_cmpuint (n_vfs, ==, 1);
}

static void
test_siblings_and_netdevs (Fixture       *fixture,
                           gconstpointer  data)
{
  FerryPciAddress gpu = address ("0000:01:00.0");
  g_autoptr(GPtrArray) siblings = ferry_inventory_dup_slot_siblings (fixture->inventory, &gpu);
  FerryHostDevice *pf = ferry_inventory_find_netdev (fixture->inventory, "eth3");

  g_assert_cmpuint (siblings->len, ==, 1);
  g_assert_cmpuint (ferry_host_device_get_address (siblings->pdata[0])->function, ==, 1);
  g_assert_nonnull (pf);
  g_assert_true (ferry_host_device_is_pf (pf));
  g_assert_null (ferry_inventory_find_netdev (fixture->inventory, "eth9"));
}

static FerryInventory *
inventory_of (const char * const *fixtures,
              GPtrArray          *devices)
{
  g_autoptr(GPtrArray) guests = g_ptr_array_new ();
  g_autoptr(GPtrArray) networks = g_ptr_array_new ();

  for (guint i = 0; fixtures[i] != NULL; i++)
    g_ptr_array_add (devices, load_device (fixtures[i]));
  return ferry_inventory_new (devices, guests, networks);
}

/* 05:00.0's group also holds 05:00.1, which has no node device: present on the host but not
 * listed by libvirt, it still counts, so the group is not isolated. */
static void
test_unlisted_member (void)
{
  const char *fixtures[] = { "nodedev-unlisted-member.xml", NULL };
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryInventory) inventory = inventory_of (fixtures, devices);
  FerryIommuGroup *group = ferry_inventory_get_group (inventory, 9);
  FerryPciAddress expected = address ("0000:05:00.1");
  const FerryPciAddress *unlisted;
  guint n_unlisted;

  g_assert_nonnull (group);
  g_assert_false (ferry_iommu_group_is_isolated (group));
  g_assert_cmpuint (ferry_iommu_group_get_n_endpoints (group), ==, 2);
  g_assert_cmpstr (ferry_iommu_group_describe_isolation (group), ==, "shared");
  unlisted = ferry_iommu_group_get_unlisted (group, &n_unlisted);
  g_assert_cmpuint (n_unlisted, ==, 1);
  g_assert_true (ferry_pci_address_equal (&unlisted[0], &expected));
}

/* Two node devices at one address are one function: the first one listed. */
static void
test_same_address (void)
{
  const char *fixtures[] = { "nodedev-unlisted-member.xml", "nodedev-same-address.xml", NULL };
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryInventory) inventory = inventory_of (fixtures, devices);
  FerryPciAddress where = address ("0000:05:00.0");
  FerryIommuGroup *group = ferry_inventory_get_group (inventory, 9);

  g_assert_cmpuint (g_list_model_get_n_items (ferry_inventory_get_devices (inventory)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_iommu_group_get_members (group)), ==, 1);
  g_assert_cmpstr (ferry_host_device_get_name (ferry_inventory_lookup (inventory, &where)), ==,
                   "pci_0000_05_00_0");
}

/* A pool that lists one VF twice includes it once: its name once among the VF's pools, one
 * possible use of it for a guest's pool interface, one VF of the pool. */
static void
test_pool_lists_vf_twice (void)
{
  const char *xml =
    "<network><name>twice</name><forward mode='hostdev' managed='yes'>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x1'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x1'/>"
    "</forward></network>";
  const char *guest_xml =
    "<domain type='kvm'><name>idle</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
    "<memory>1048576</memory><os><type>hvm</type></os><devices>"
    "<interface type='network'><source network='twice'/></interface>"
    "</devices></domain>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryInventory) inventory = NULL;
  g_autoptr(GArray) vfs = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("idle", "c7a5fdbd-cdaf-9455-926a-d65c16db1809");
  FerryPciAddress vf = address ("0000:0b:10.1");
  const char * const *pools;

  g_ptr_array_add (networks, ferry_network_new_from_xml (xml, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_guest_update_from_xml (guest, NULL, guest_xml, networks, &error));
  g_assert_no_error (error);
  g_ptr_array_add (guests, g_object_ref (guest));
  inventory = ferry_inventory_new (devices, guests, networks);

  pools = ferry_inventory_get_pools (inventory, &vf);
  g_assert_nonnull (pools);
  g_assert_cmpstrv (pools, ((const char *[]) { "twice", NULL }));
  g_assert_cmpuint (ferry_inventory_get_uses (inventory, &vf)->len, ==, 1);
  vfs = ferry_inventory_dup_pool_vfs (inventory, networks->pdata[0]);
  g_assert_cmpuint (vfs->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/inventory/groups", Fixture, NULL, fixture_set_up, test_groups, fixture_tear_down);
  g_test_add ("/inventory/uses", Fixture, NULL, fixture_set_up, test_uses, fixture_tear_down);
  g_test_add ("/inventory/pools", Fixture, NULL, fixture_set_up, test_pools, fixture_tear_down);
  g_test_add ("/inventory/siblings-and-netdevs", Fixture, NULL, fixture_set_up,
              test_siblings_and_netdevs, fixture_tear_down);
  g_test_add_func ("/inventory/unlisted-member", test_unlisted_member);
  g_test_add_func ("/inventory/pool-lists-vf-twice", test_pool_lists_vf_twice);
  g_test_add_func ("/inventory/same-address", test_same_address);

  return g_test_run ();
}
