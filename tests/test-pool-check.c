/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fixtures.h"

#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-pool-check.h"

/* Each pool finding where it must speak and where it must keep quiet, on a host with the
 * igb PF 0a:00.0 (eth3, VFs 0b:10.0 and 0b:10.2, at most 7), its second port 0a:00.1 (eth4, no
 * VFs yet) and those two VFs. */

static FerryHostDevice *
load_device (const char     *fixture,
             const char     *interface,
             FerryLinkState  link)
{
  g_autofree char *xml = fixture_load (fixture);
  g_autoptr(GError) error = NULL;
  FerryHostDevice *device = ferry_host_device_new_from_xml (xml, &error);

  g_assert_no_error (error);
  if (interface != NULL)
    ferry_host_device_add_netdev (device, interface, NULL, link);
  return device;
}

static FerryNetwork *
load_pool (const char *xml,
           gboolean    active)
{
  g_autoptr(GError) error = NULL;
  FerryNetwork *pool = ferry_network_new_from_xml (xml, &error);

  g_assert_no_error (error);
  ferry_network_set_status (pool, active, FALSE, TRUE);
  return pool;
}

/* The host with eth3 at LINK, and running guests holding the VFs named in HELD (live XML
 * hostdev interfaces, NULL-terminated). */
static FerryInventory *
host_new (FerryLinkState      link,
          const char * const *held)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (devices, load_device ("nodedev-pf.xml", "eth3", link));
  g_ptr_array_add (devices, load_device ("nodedev-pf-zero-vfs.xml", "eth4",
                                         FERRY_LINK_STATE_UP));
  g_ptr_array_add (devices, load_device ("nodedev-vf.xml", NULL, FERRY_LINK_STATE_UNKNOWN));
  g_ptr_array_add (devices, load_device ("nodedev-vf2.xml", NULL, FERRY_LINK_STATE_UNKNOWN));

  for (guint i = 0; held != NULL && held[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("guest-%u", i);
      g_autofree char *xml = g_strdup_printf (
        "<domain type='kvm'><name>%s</name><devices>"
        "<interface type='hostdev' managed='yes'><source>"
        "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='%s'/>"
        "</source></interface></devices></domain>", name, held[i]);
      g_autoptr(FerryGuest) guest = ferry_guest_new (name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (ferry_guest_update_from_xml (guest, xml, xml, NULL, &error));
      g_assert_no_error (error);
      ferry_guest_set_state (guest, FERRY_GUEST_STATE_RUNNING);
      g_ptr_array_add (guests, g_steal_pointer (&guest));
    }

  return ferry_inventory_new (devices, guests, networks);
}

static FerryFinding *
find (GPtrArray  *findings,
      const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (ferry_finding_get_code (findings->pdata[i]), code))
      return findings->pdata[i];
  return NULL;
}

#define PF_POOL(dev) \
  "<network><name>pool</name><forward mode='hostdev' managed='yes'><pf dev='" dev "'/>" \
  "</forward></network>"

static void
test_healthy_pool (void)
{
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_UP, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth3"), TRUE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);

  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_pf_gone (void)
{
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_UP, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth9"), FALSE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);
  FerryFinding *finding = find (findings, "pf-gone");

  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding), "eth9 is not on this host"));
}

/* eth4's port can have 7 VFs and has none: the command to create them, with its maximum. */
static void
test_pf_without_vfs (void)
{
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_UP, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth4"), FALSE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);
  FerryFinding *finding = find (findings, "pf-no-vfs");
  const FerryPciAddress *devices;
  guint n_devices = 0;
  g_autofree char *pf = NULL;

  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding),
                            "echo 7 | sudo tee '/sys/class/net/eth4/device/sriov_numvfs'"));
  devices = ferry_finding_get_devices (finding, &n_devices);
  g_assert_cmpuint (n_devices, ==, 1);
  pf = ferry_pci_address_to_string (&devices[0]);
  g_assert_cmpstr (pf, ==, "0000:0a:00.1");
}

/* Down warns; up or not reported says nothing. */
static void
test_pf_down (void)
{
  const FerryLinkState quiet[] = { FERRY_LINK_STATE_UP, FERRY_LINK_STATE_UNKNOWN };
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_DOWN, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth3"), TRUE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);
  FerryFinding *finding = find (findings, "pf-down");

  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_WARNING);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding), "sudo ip link set eth3 up"));

  for (guint i = 0; i < G_N_ELEMENTS (quiet); i++)
    {
      g_autoptr(FerryInventory) other = host_new (quiet[i], NULL);
      g_autoptr(GPtrArray) none = ferry_pool_check (other, pool);

      g_assert_null (find (none, "pf-down"));
    }
}

/* An address-form pool listing one VF the host has and one it lost. */
static void
test_vfs_gone (void)
{
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_UP, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (
    "<network><name>pool</name><forward mode='hostdev' managed='yes'>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x0'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x4'/>"
    "</forward></network>", FALSE);
  g_autoptr(FerryNetwork) whole = load_pool (
    "<network><name>pool</name><forward mode='hostdev' managed='yes'>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x0'/>"
    "</forward></network>", FALSE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);
  g_autoptr(GPtrArray) none = ferry_pool_check (inventory, whole);
  FerryFinding *finding = find (findings, "vfs-gone");
  const FerryPciAddress *devices;
  guint n_devices = 0;
  g_autofree char *gone = NULL;

  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding), "1 of the pool’s 2 VFs"));
  devices = ferry_finding_get_devices (finding, &n_devices);
  g_assert_cmpuint (n_devices, ==, 1);
  gone = ferry_pci_address_to_string (&devices[0]);
  g_assert_cmpstr (gone, ==, "0000:0b:10.4");
  g_assert_cmpuint (none->len, ==, 0);
}

/* Both VFs held: the running pool is exhausted and says by whom; one free VF, or the pool
 * stopped, and it is not. */
static void
test_exhausted (void)
{
  const char * const both[] = { "0x0", "0x2", NULL };
  const char * const one[] = { "0x0", NULL };
  g_autoptr(FerryInventory) full = host_new (FERRY_LINK_STATE_UP, both);
  g_autoptr(FerryInventory) half = host_new (FERRY_LINK_STATE_UP, one);
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth3"), TRUE);
  g_autoptr(FerryNetwork) stopped = load_pool (PF_POOL ("eth3"), FALSE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (full, pool);
  g_autoptr(GPtrArray) free_one = ferry_pool_check (half, pool);
  g_autoptr(GPtrArray) not_running = ferry_pool_check (full, stopped);
  FerryFinding *finding = find (findings, "exhausted");
  const char * const *guests;

  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding), "guest-0, guest-1"));
  guests = ferry_finding_get_guests (finding);
  g_assert_cmpstr (guests[0], ==, "guest-0");
  g_assert_cmpstr (guests[1], ==, "guest-1");
  g_assert_null (guests[2]);
  g_assert_null (find (free_one, "exhausted"));
  g_assert_null (find (not_running, "exhausted"));
}

/* What "in use" counts: VFs on the host, held by running guests or counted by libvirt as
 * connections to the running pool, whichever says more; of a running pool only the VFs it
 * took when it started. Every one taken makes the pool exhausted, even with one gone. */
static void
test_in_use_counts (void)
{
  const char * const one[] = { "0x0", NULL };
  const char * const both[] = { "0x0", "0x2", NULL };
  g_autoptr(FerryInventory) half = host_new (FERRY_LINK_STATE_UP, one);
  g_autoptr(FerryInventory) full = host_new (FERRY_LINK_STATE_UP, both);
  g_autoptr(FerryNetwork) counted = load_pool (
    "<network connections='2'><name>pool</name><forward mode='hostdev' managed='yes'>"
    "<pf dev='eth3'/></forward></network>", TRUE);
  g_autoptr(FerryNetwork) stopped = load_pool (
    "<network connections='2'><name>pool</name><forward mode='hostdev' managed='yes'>"
    "<pf dev='eth3'/></forward></network>", FALSE);
  g_autoptr(FerryNetwork) started_with_one = load_pool (
    "<network><name>pool</name><forward mode='hostdev' managed='yes'><pf dev='eth3'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x0'/>"
    "</forward></network>", TRUE);
  g_autoptr(FerryNetwork) one_gone = load_pool (
    "<network><name>pool</name><forward mode='hostdev' managed='yes'>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x0'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x2'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x4'/>"
    "</forward></network>", TRUE);
  g_autoptr(GPtrArray) counted_findings = ferry_pool_check (half, counted);
  g_autoptr(GPtrArray) one_gone_findings = ferry_pool_check (full, one_gone);
  guint n_vfs = 0;

  /* One holder found, two connections counted: two of two. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (half, counted, &n_vfs), ==, 2);
  g_assert_cmpuint (n_vfs, ==, 2);
  g_assert_nonnull (find (counted_findings, "exhausted"));
  /* A stopped pool's count says nothing. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (half, stopped, &n_vfs), ==, 1);
  /* Started when eth3 had one VF: the second is not the pool's until it restarts. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (half, started_with_one, &n_vfs), ==, 1);
  g_assert_cmpuint (n_vfs, ==, 1);
  /* Two of three listed are here, both held: exhausted, and the missing one said too. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (full, one_gone, &n_vfs), ==, 2);
  g_assert_cmpuint (n_vfs, ==, 2);
  g_assert_nonnull (find (one_gone_findings, "exhausted"));
  g_assert_nonnull (find (one_gone_findings, "vfs-gone"));
}

/* A running pf-form pool lists the VFs it took; one of them gone is not the user's to drop. */
static void
test_pf_pool_lists_no_user_vfs (void)
{
  g_autoptr(FerryInventory) inventory = host_new (FERRY_LINK_STATE_UP, NULL);
  g_autoptr(FerryNetwork) pool = load_pool (
    "<network><name>pool</name><forward mode='hostdev' managed='yes'><pf dev='eth3'/>"
    "<address type='pci' domain='0x0000' bus='0x0b' slot='0x10' function='0x4'/>"
    "</forward></network>", TRUE);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);

  g_assert_null (find (findings, "vfs-gone"));
}

/* A pf-form pool on a PF whose listed VFs the host does not have: each missing one named,
 * an error when none is left to hand out. */
static void
test_pf_vfs_gone (void)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new ();
  g_autoptr(GPtrArray) networks = g_ptr_array_new ();
  g_autoptr(FerryInventory) inventory = NULL;
  g_autoptr(FerryNetwork) pool = load_pool (PF_POOL ("eth3"), FALSE);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) partly = NULL;
  g_autoptr(FerryInventory) partial = NULL;
  FerryFinding *finding;
  guint n_devices;
  guint n_vfs = 99;

  g_ptr_array_add (devices, load_device ("nodedev-pf.xml", "eth3", FERRY_LINK_STATE_UP));
  inventory = ferry_inventory_new (devices, guests, networks);
  findings = ferry_pool_check (inventory, pool);
  finding = find (findings, "pf-vfs-gone");
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ferry_finding_get_message (finding), "2 of the 2 VFs eth3 lists"));
  ferry_finding_get_devices (finding, &n_devices);
  g_assert_cmpuint (n_devices, ==, 3);
  /* The count the pool page and ferryctl show: VFs present only. */
  g_assert_cmpuint (ferry_inventory_count_pool_in_use (inventory, pool, &n_vfs), ==, 0);
  g_assert_cmpuint (n_vfs, ==, 0);

  g_ptr_array_add (devices, load_device ("nodedev-vf.xml", NULL, FERRY_LINK_STATE_UNKNOWN));
  partial = ferry_inventory_new (devices, guests, networks);
  partly = ferry_pool_check (partial, pool);
  finding = find (partly, "pf-vfs-gone");
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_WARNING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool-check/healthy", test_healthy_pool);
  g_test_add_func ("/pool-check/pf-gone", test_pf_gone);
  g_test_add_func ("/pool-check/pf-without-vfs", test_pf_without_vfs);
  g_test_add_func ("/pool-check/pf-down", test_pf_down);
  g_test_add_func ("/pool-check/vfs-gone", test_vfs_gone);
  g_test_add_func ("/pool-check/pf-vfs-gone", test_pf_vfs_gone);
  g_test_add_func ("/pool-check/exhausted", test_exhausted);
  g_test_add_func ("/pool-check/in-use-counts", test_in_use_counts);
  g_test_add_func ("/pool-check/pf-pool-lists-no-user-vfs", test_pf_pool_lists_no_user_vfs);

  return g_test_run ();
}
