/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fixtures.h"

#include "ferry-assigned-device.h"
#include "ferry-error.h"
#include "ferry-guest-device.h"
#include "ferry-guest-check.h"
#include "ferry-guest.h"
#include "ferry-host-device.h"
#include "ferry-host-facts.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-readiness-check.h"

/* The host's VF pools, as the session passes them to guests. */
static GPtrArray *
load_pools (void)
{
  g_autofree char *xml = fixture_load ("network-pool-pf.xml");
  g_autoptr(GError) error = NULL;
  GPtrArray *pools = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (pools, ferry_network_new_from_xml (xml, &error));
  g_assert_no_error (error);
  return pools;
}

static void
assert_address (const FerryPciAddress *address,
                const char            *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (address);
  text = ferry_pci_address_to_string (address);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_nodedev_gpu (void)
{
  g_autofree char *xml = fixture_load ("nodedev-gpu.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, &error);
  g_autofree char *title = NULL;
  const FerryPciAddress *members;
  guint n_members;

  g_assert_no_error (error);
  g_assert_cmpstr (ferry_host_device_get_name (device), ==, "pci_0000_01_00_0");
  g_assert_cmpstr (ferry_host_device_get_parent (device), ==, "pci_0000_00_01_0");
  assert_address (ferry_host_device_get_address (device), "0000:01:00.0");
  g_assert_cmphex (ferry_host_device_get_class_code (device), ==, 0x030000);
  g_assert_cmphex (ferry_host_device_get_vendor_id (device), ==, 0x10de);
  g_assert_cmphex (ferry_host_device_get_product_id (device), ==, 0x1e84);
  g_assert_cmpstr (ferry_host_device_get_vendor_name (device), ==, "NVIDIA Corporation");
  title = ferry_host_device_dup_title (device);
  g_assert_cmpstr (title, ==, "TU104 [GeForce RTX 2070 SUPER]");
  g_assert_cmpstr (ferry_host_device_get_driver (device), ==, "vfio-pci");
  g_assert_cmpint (ferry_host_device_get_iommu_group (device), ==, 1);
  members = ferry_host_device_get_group_members (device, &n_members);
  g_assert_cmpuint (n_members, ==, 3);
  assert_address (&members[2], "0000:01:00.1");
  g_assert_false (ferry_host_device_is_bridge (device));
  g_assert_null (ferry_host_device_get_pf (device));
}

static void
test_nodedev_sriov (void)
{
  g_autofree char *pf_xml = fixture_load ("nodedev-pf.xml");
  g_autofree char *vf_xml = fixture_load ("nodedev-vf.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) pf = ferry_host_device_new_from_xml (pf_xml, &error);
  g_autoptr(FerryHostDevice) vf = NULL;
  g_autofree char *title = NULL;
  const FerryPciAddress *vfs;
  guint n_vfs;

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_host_device_get_max_vfs (pf), ==, 7);
  vfs = ferry_host_device_get_vfs (pf, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 2);
  assert_address (&vfs[1], "0000:0b:10.2");
  /* No IOMMU group at all: the host's IOMMU is off. */
  g_assert_cmpint (ferry_host_device_get_iommu_group (pf), ==, FERRY_NO_IOMMU_GROUP);
  /* No names from libvirt: the title falls back to the ids until pci.ids fills them in. */
  g_assert_null (ferry_host_device_get_product_name (pf));
  title = ferry_host_device_dup_title (pf);
  g_assert_cmpstr (title, ==, "Device 8086:10c9");
  ferry_host_device_set_fallback_names (pf, "Intel Corporation", "82576 Gigabit Network Connection");
  g_assert_cmpstr (ferry_host_device_get_product_name (pf), ==, "82576 Gigabit Network Connection");

  vf = ferry_host_device_new_from_xml (vf_xml, &error);
  g_assert_no_error (error);
  assert_address (ferry_host_device_get_pf (vf), "0000:0a:00.0");
  /* libvirt's own name is kept over a fallback. */
  ferry_host_device_set_fallback_names (vf, "Other", "Other");
  g_assert_cmpstr (ferry_host_device_get_product_name (vf), ==, "82576 Virtual Function");
}

static void
test_nodedev_bridge (void)
{
  g_autofree char *xml = fixture_load ("nodedev-root-port.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, &error);

  g_assert_no_error (error);
  g_assert_true (ferry_host_device_is_bridge (device));
}

typedef struct
{
  const char *file;
  const char *address;
  guint       class_code;
  int         group;
  guint       n_members;
  gboolean    bridge;
  int         role;        /* 0 plain, 1 PF, 2 VF */
  guint       max_vfs;
  guint       n_vfs;
  gboolean    degraded;
  int         numa;
  const char *driver;
} Shape;

/* Node device XML as hosts print it: each shape must parse into exactly these facts. */
static const Shape shapes[] = {
  { "nodedev-gpu.xml", "0000:01:00.0", 0x030000, 1, 3, FALSE, 0, 0, 0, FALSE, 0, "vfio-pci" },
  { "nodedev-gpu-audio.xml", "0000:01:00.1", 0x040300, 1, 3, FALSE, 0, 0, 0, FALSE, -1,
    "snd_hda_intel" },
  { "nodedev-pf.xml", "0000:0a:00.0", 0x020000, -1, 0, FALSE, 1, 7, 2, FALSE, -1, NULL },
  { "nodedev-pf-zero-vfs.xml", "0000:0a:00.1", 0x020000, 20, 1, FALSE, 1, 7, 0, FALSE, 1, "igb" },
  { "nodedev-vf.xml", "0000:0b:10.0", 0x020000, 21, 1, FALSE, 2, 0, 0, FALSE, -1, NULL },
  { "nodedev-root-port.xml", "0000:00:01.0", 0x060400, -1, 0, TRUE, 0, 0, 0, FALSE, -1, NULL },
  { "nodedev-bridge-capability.xml", "0000:05:00.0", 0x068000, 12, 1, TRUE, 0, 0, 0, FALSE, -1,
    NULL },
  { "nodedev-vpd.xml", "0000:42:00.0", 0x020000, 44, 1, FALSE, 0, 0, 0, FALSE, -1, "mlx5_core" },
  { "nodedev-downtrained.xml", "0000:08:00.0", 0x010802, 18, 1, FALSE, 0, 0, 0, TRUE, -1, NULL },
  { "nodedev-mdev-types.xml", "0000:00:02.0", 0x030000, 2, 1, FALSE, 0, 0, 0, FALSE, -1, "i915" },
  { "nodedev-unknown-capability.xml", "0000:c1:00.0", 0x120000, 61, 1, FALSE, 0, 0, 0, FALSE, -1,
    NULL },
};

static void
test_nodedev_shapes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      const Shape *shape = &shapes[i];
      g_autofree char *xml = fixture_load (shape->file);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, &error);
      guint n;

      g_test_message ("%s", shape->file);
      g_assert_no_error (error);
      assert_address (ferry_host_device_get_address (device), shape->address);
      g_assert_cmphex (ferry_host_device_get_class_code (device), ==, shape->class_code);
      g_assert_cmpint (ferry_host_device_get_iommu_group (device), ==, shape->group);
      ferry_host_device_get_group_members (device, &n);
      g_assert_cmpuint (n, ==, shape->n_members);
      g_assert_cmpint (ferry_host_device_is_bridge (device), ==, shape->bridge);
      g_assert_cmpint (ferry_host_device_is_pf (device), ==, shape->role == 1);
      g_assert_cmpint (ferry_host_device_is_vf (device), ==, shape->role == 2);
      g_assert_cmpuint (ferry_host_device_get_max_vfs (device), ==, shape->max_vfs);
      ferry_host_device_get_vfs (device, &n);
      g_assert_cmpuint (n, ==, shape->n_vfs);
      g_assert_cmpint (ferry_host_device_is_link_degraded (device), ==, shape->degraded);
      g_assert_cmpint (ferry_host_device_get_numa_node (device), ==, shape->numa);
      g_assert_cmpstr (ferry_host_device_get_driver (device), ==, shape->driver);
      g_assert_nonnull (ferry_host_device_get_class_name (device));
    }
}

static void
test_nodedev_link (void)
{
  g_autofree char *xml = fixture_load ("nodedev-gpu.xml");
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, NULL);
  FerryPciLink cap, sta;

  g_assert_true (ferry_host_device_get_link (device, &cap, &sta));
  g_assert_cmpuint (cap.width, ==, 16);
  g_assert_cmpfloat (cap.speed, ==, 8.0);
  g_assert_cmpuint (sta.width, ==, 16);
  g_assert_cmpstr (ferry_host_device_get_class_name (device), ==, "VGA compatible controller");
  g_assert_cmpint (ferry_host_device_get_category (device), ==, FERRY_DEVICE_CATEGORY_GPU);
}

static FerryNetdev *
parse_net_fixture (const char *name)
{
  g_autofree char *xml = fixture_load (name);
  g_autoptr(GError) error = NULL;
  FerryNetdev *netdev = ferry_host_device_parse_net_child (xml, &error);

  g_assert_no_error (error);
  g_assert_nonnull (netdev);
  return netdev;
}

static void
test_nodedev_net_child (void)
{
  g_autoptr(FerryNetdev) full = parse_net_fixture ("nodedev-net.xml");
  g_autoptr(FerryNetdev) no_address = parse_net_fixture ("nodedev-net-no-address.xml");
  g_autoptr(FerryNetdev) no_link = parse_net_fixture ("nodedev-net-no-link.xml");
  g_autoptr(FerryNetdev) bad = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (full->parent, ==, "pci_0000_0a_00_1");
  g_assert_cmpstr (full->interface, ==, "eth3");
  g_assert_cmpstr (full->mac, ==, "00:1b:21:3c:9a:11");
  g_assert_cmpint (full->link, ==, FERRY_LINK_STATE_UP);

  /* Missing details leave the interface usable. */
  g_assert_cmpstr (no_address->parent, ==, "pci_0000_04_00_0");
  g_assert_cmpstr (no_address->interface, ==, "can0");
  g_assert_null (no_address->mac);
  g_assert_cmpint (no_address->link, ==, FERRY_LINK_STATE_DOWN);

  g_assert_cmpstr (no_link->interface, ==, "enp11s16f1");
  g_assert_cmpstr (no_link->mac, ==, "f6:3a:9e:52:0c:7b");
  g_assert_cmpint (no_link->link, ==, FERRY_LINK_STATE_UNKNOWN);

  bad = ferry_host_device_parse_net_child ("<device><name>net_x</name></device>", &error);
  g_assert_null (bad);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
}

/* Every operational state libvirt writes (virNetDevIfState), and one it might add later. */
static void
test_nodedev_net_link_states (void)
{
  const struct
  {
    const char     *state;
    FerryLinkState  link;
  } cases[] = {
    { "up", FERRY_LINK_STATE_UP },
    { "down", FERRY_LINK_STATE_DOWN },
    { "lowerlayerdown", FERRY_LINK_STATE_DOWN },
    { "notpresent", FERRY_LINK_STATE_DOWN },
    { "dormant", FERRY_LINK_STATE_DOWN },
    { "testing", FERRY_LINK_STATE_DOWN },
    { "unknown", FERRY_LINK_STATE_UNKNOWN },
    { "", FERRY_LINK_STATE_UNKNOWN },
    { "sideways", FERRY_LINK_STATE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf ("<device><name>net_eth9</name>"
                                              "<parent>pci_0000_0a_00_0</parent>"
                                              "<capability type='net'>"
                                              "<interface>eth9</interface>"
                                              "<link state='%s'/>"
                                              "</capability></device>", cases[i].state);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryNetdev) netdev = ferry_host_device_parse_net_child (xml, &error);

      g_assert_no_error (error);
      g_assert_cmpint (netdev->link, ==, cases[i].link);
    }
}

/* What the session attaches to a PCI function, looked up by interface name. */
static void
test_nodedev_netdevs (void)
{
  g_autofree char *xml = fixture_load ("nodedev-pf.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) pf = ferry_host_device_new_from_xml (xml, &error);
  const char * const *netdevs;

  g_assert_no_error (error);
  g_assert_null (ferry_host_device_get_netdevs (pf)[0]);

  ferry_host_device_add_netdev (pf, "eth3", "00:1b:21:3c:9a:11", FERRY_LINK_STATE_UP);
  ferry_host_device_add_netdev (pf, "eth3b", NULL, FERRY_LINK_STATE_DOWN);
  /* A second report of an interface changes nothing. */
  ferry_host_device_add_netdev (pf, "eth3", "02:00:00:00:00:01", FERRY_LINK_STATE_DOWN);

  netdevs = ferry_host_device_get_netdevs (pf);
  g_assert_cmpuint (g_strv_length ((char **) netdevs), ==, 2);
  g_assert_cmpstr (netdevs[0], ==, "eth3");
  g_assert_cmpstr (netdevs[1], ==, "eth3b");
  g_assert_cmpstr (ferry_host_device_get_netdev_mac (pf, "eth3"), ==, "00:1b:21:3c:9a:11");
  g_assert_cmpint (ferry_host_device_get_netdev_link (pf, "eth3"), ==, FERRY_LINK_STATE_UP);
  g_assert_null (ferry_host_device_get_netdev_mac (pf, "eth3b"));
  g_assert_cmpint (ferry_host_device_get_netdev_link (pf, "eth3b"), ==, FERRY_LINK_STATE_DOWN);
  g_assert_null (ferry_host_device_get_netdev_mac (pf, "eth7"));
  g_assert_cmpint (ferry_host_device_get_netdev_link (pf, "eth7"), ==, FERRY_LINK_STATE_UNKNOWN);
}

/* A reload keeps an unchanged function's parse from the record the last read showed: the copy
 * is what parsing the text again gives, without the interfaces and disks that read added,
 * and what the next read adds to the copy stays off the record shown. */
static void
test_nodedev_copy_parsed (void)
{
  const char *fixtures[] = { "nodedev-pf.xml", "nodedev-vf.xml", "nodedev-gpu.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *xml = fixture_load (fixtures[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryHostDevice) shown = ferry_host_device_new_from_xml (xml, &error);
      g_autoptr(FerryHostDevice) parsed = ferry_host_device_new_from_xml (xml, &error);
      g_autoptr(FerryHostDevice) copy = NULL;

      g_assert_no_error (error);
      ferry_host_device_set_fallback_names (shown, "Vendor", "Product");
      ferry_host_device_set_fallback_names (parsed, "Vendor", "Product");
      ferry_host_device_add_netdev (shown, "eth3", "00:1b:21:3c:9a:11", FERRY_LINK_STATE_UP);
      ferry_host_device_add_block (shown, "sda");

      copy = ferry_host_device_copy_parsed (shown);
      g_assert_true (ferry_host_device_equal (copy, parsed));
      g_assert_null (ferry_host_device_get_netdevs (copy)[0]);
      g_assert_null (ferry_host_device_get_blocks (copy)[0]);

      ferry_host_device_add_netdev (copy, "eth4", NULL, FERRY_LINK_STATE_DOWN);
      g_assert_cmpstrv (ferry_host_device_get_netdevs (shown), ((const char *[]) { "eth3", NULL }));
    }
}

static void
test_nodedev_malformed (void)
{
  const char *bad[] = {
    "",
    "<device><name>pci_0000_01_00_0</name>",
    "<network><name>x</name></network>",
    "<device><capability type='pci'/></device>",
    "<device><name>net_eth0</name><capability type='net'/></device>",
    "<device><name>pci_x</name><capability type='pci'><domain>0</domain><bus>1</bus>"
    "<slot>99</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/>"
    "</capability></device>",
    "<device><name>pci_x</name><capability type='pci'><domain>0</domain><bus>1</bus>"
    "<slot>0</slot><function>0</function><vendor id='nope'/><product id='0x1'/>"
    "</capability></device>",
    "<device><name>pci_x</name><capability type='pci'><domain>0</domain><bus>1</bus>"
    "<slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/>"
    "<iommuGroup number='-3'/></capability></device>",
    "<device><name>pci_x</name><capability type='pci'><domain>0</domain><bus>1</bus>"
    "<slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/>"
    "<capability type='phys_function'/></capability></device>",
    /* Truncated in the middle of the group, as a dropped connection might leave it. */
    "<device><name>pci_0000_01_00_0</name><capability type='pci'><domain>0</domain>"
    "<bus>1</bus><slot>0</slot><function>0</function><vendor id='0x8086'/>"
    "<product id='0x1'/><iommuGroup number='1'><address domain='0x0000' bus='0x0",
    "<device><name>pci_x</name><capability type='pci'><domain>0</domain><bus>1</bus>"
    "<slot>0</slot><function>0</function><vendor id='0x8086'/><product id='0x1'/>"
    "<capability type='virt_functions' maxCount='many'/></capability></device>",
    "<!DOCTYPE device [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><device><name>&x;</name>"
    "<capability type='pci'/></device>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (bad[i], &error);

      g_assert_null (device);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
      g_assert_nonnull (error->message);
    }
}

/* Node devices are streamed, without a tree, on a parser each thread keeps: the depth a
 * tree refuses is refused, a document after a broken one reads whole, and references read
 * as a tree reads them. */
static void
test_nodedev_streamed (void)
{
  const char *good = "<device><name>pci_0000_01_00_0</name><capability type='pci'>"
                     "<domain>0</domain><bus>1</bus><slot>0</slot><function>0</function>"
                     "<vendor id='&#48;x8086'>A &amp; B</vendor>"
                     "<product id='0x1'>C<![CDATA[&]]>D</product>"
                     "<iommuGroup number='4'><address domain='0x0000' bus='0x01' slot='0x00' "
                     "function='0x0'/></iommuGroup></capability></device>";
  g_autoptr(GString) deep = g_string_new ("<device><name>pci_x</name>");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = NULL;
  guint n_members;

  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "<x>");
  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "</x>");
  g_string_append (deep, "</device>");
  g_assert_null (ferry_host_device_new_from_xml (deep->str, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_assert_nonnull (strstr (error->message, "Excessive depth"));
  g_clear_error (&error);

  device = ferry_host_device_new_from_xml (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_host_device_get_vendor_id (device), ==, 0x8086);
  g_assert_cmpstr (ferry_host_device_get_vendor_name (device), ==, "A & B");
  g_assert_cmpstr (ferry_host_device_get_product_name (device), ==, "C&D");
  g_assert_cmpint (ferry_host_device_get_iommu_group (device), ==, 4);
  ferry_host_device_get_group_members (device, &n_members);
  g_assert_cmpuint (n_members, ==, 1);
}

static void
test_guest_assigned (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(GPtrArray) pools = load_pools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("workstation", NULL);
  GListModel *assigned = ferry_guest_get_assigned (guest);
  g_autoptr(FerryAssignedDevice) gpu = NULL;
  g_autoptr(FerryAssignedDevice) nvme = NULL;
  g_autoptr(FerryAssignedDevice) vf = NULL;
  g_autoptr(FerryAssignedDevice) pool = NULL;

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, pools, &error));
  g_assert_no_error (error);

  /* The USB hostdev and the plain NAT interface are not PCI assignments. */
  g_assert_cmpuint (g_list_model_get_n_items (assigned), ==, 4);

  gpu = g_list_model_get_item (assigned, 0);
  g_assert_cmpint (ferry_assigned_device_get_kind (gpu), ==, FERRY_ASSIGNMENT_HOSTDEV);
  assert_address (ferry_assigned_device_get_address (gpu), "0000:01:00.0");
  g_assert_true (ferry_assigned_device_get_managed (gpu));
  /* A shut-off guest's devices come back at next boot; none is held now. */
  g_assert_true (ferry_assigned_device_get_config (gpu));
  g_assert_false (ferry_assigned_device_get_live (gpu));

  nvme = g_list_model_get_item (assigned, 1);
  assert_address (ferry_assigned_device_get_address (nvme), "0000:07:00.0");
  g_assert_false (ferry_assigned_device_get_managed (nvme));

  vf = g_list_model_get_item (assigned, 2);
  g_assert_cmpint (ferry_assigned_device_get_kind (vf), ==, FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
  assert_address (ferry_assigned_device_get_address (vf), "0000:0b:10.0");
  g_assert_cmpstr (ferry_assigned_device_get_mac (vf), ==, "52:54:00:6d:90:02");
  g_assert_cmpuint (ferry_assigned_device_get_vlan (vf), ==, 42);

  pool = g_list_model_get_item (assigned, 3);
  g_assert_cmpint (ferry_assigned_device_get_kind (pool), ==, FERRY_ASSIGNMENT_INTERFACE_POOL);
  g_assert_cmpstr (ferry_assigned_device_get_network (pool), ==, "vf-pool");
  /* A shut-off guest has no VF yet: the pool picks one at start. */
  g_assert_null (ferry_assigned_device_get_address (pool));
  /* managed comes from the pool's <forward managed='yes'>. */
  g_assert_true (ferry_assigned_device_get_managed (pool));
}

/* An interface on a network the host no longer has is named: the guest will not start. A
 * network the host has, pool or NAT, is not; without the host's networks nothing is said. */
static void
test_guest_missing_networks (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autofree char *nat_xml = fixture_load ("network-nat.xml");
  g_autoptr(GPtrArray) pool_only = load_pools ();
  g_autoptr(GPtrArray) both = load_pools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("workstation", NULL);
  g_autoptr(FerryGuest) copy = ferry_guest_new ("workstation", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  const char * const *missing;

  g_ptr_array_add (both, ferry_network_new_from_xml (nat_xml, &error));
  g_assert_no_error (error);

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, pool_only, &error));
  missing = ferry_guest_get_missing_networks (guest);
  g_assert_cmpuint (g_strv_length ((char **) missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "default");
  /* A reload's fresh read carries it over. */
  ferry_guest_take_devices (copy, guest);
  g_assert_cmpstr (ferry_guest_get_missing_networks (copy)[0], ==, "default");

  findings = ferry_guest_check (guest, NULL, NULL);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (findings->pdata[0]), ==, "network-missing");
  g_assert_nonnull (strstr (ferry_finding_get_message (findings->pdata[0]), "“default”"));

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, both, &error));
  g_assert_null (ferry_guest_get_missing_networks (guest)[0]);
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = ferry_guest_check (guest, NULL, NULL);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, NULL, &error));
  g_assert_null (ferry_guest_get_missing_networks (guest)[0]);
}

static void
test_guest_without_pools (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("workstation", NULL);

  /* Not knowing vf-pool is a hostdev pool, its interface is an ordinary one. */
  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (guest)), ==, 3);
}

static FerryAssignedDevice *
find_assignment (FerryGuest *guest,
                 const char *address)
{
  GListModel *assigned = ferry_guest_get_assigned (guest);

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *pci = ferry_assigned_device_get_address (device);
      g_autofree char *text = pci ? ferry_pci_address_to_string (pci) : NULL;

      if (g_strcmp0 (text, address) == 0)
        return device;
    }

  return NULL;
}

static void
test_guest_live_and_config (void)
{
  g_autofree char *config = fixture_load ("domain-q35-assigned.xml");
  g_autofree char *live = fixture_load ("domain-q35-live.xml");
  g_autoptr(GPtrArray) pools = load_pools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("workstation", NULL);
  FerryAssignedDevice *device;

  g_assert_true (ferry_guest_update_from_xml (guest, live, config, pools, &error));
  g_assert_no_error (error);
  /* GPU, NVMe, VF interface, pool interface, and the audio function attached live only. */
  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (guest)), ==, 5);

  device = find_assignment (guest, "0000:01:00.0");
  g_assert_true (ferry_assigned_device_get_live (device));
  g_assert_true (ferry_assigned_device_get_config (device));

  /* Detached from the running guest, still in its persistent definition. */
  device = find_assignment (guest, "0000:07:00.0");
  g_assert_false (ferry_assigned_device_get_live (device));
  g_assert_true (ferry_assigned_device_get_config (device));

  /* Attached live only: gone at next boot. */
  device = find_assignment (guest, "0000:01:00.1");
  g_assert_true (ferry_assigned_device_get_live (device));
  g_assert_false (ferry_assigned_device_get_config (device));

  /* The pool interface shows live as the hostdev interface the pool handed out: one
   * assignment, still a pool interface, now with its VF. */
  device = find_assignment (guest, "0000:0b:10.5");
  g_assert_nonnull (device);
  g_assert_cmpint (ferry_assigned_device_get_kind (device), ==, FERRY_ASSIGNMENT_INTERFACE_POOL);
  g_assert_cmpstr (ferry_assigned_device_get_network (device), ==, "vf-pool");
  g_assert_true (ferry_assigned_device_get_live (device));
  g_assert_true (ferry_assigned_device_get_config (device));
}

static void
test_guest_live_pool (void)
{
  g_autofree char *xml = fixture_load ("domain-running-pool.xml");
  g_autoptr(GPtrArray) pools = load_pools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("web-01", NULL);
  g_autoptr(FerryAssignedDevice) pool = NULL;

  /* A transient guest has live XML only. */
  g_assert_true (ferry_guest_update_from_xml (guest, xml, NULL, pools, &error));
  pool = g_list_model_get_item (ferry_guest_get_assigned (guest), 0);
  /* A running guest's live XML says which VF the pool handed it. */
  assert_address (ferry_assigned_device_get_address (pool), "0000:0b:10.1");
  g_assert_cmpstr (ferry_assigned_device_get_mac (pool), ==, "52:54:00:aa:bb:cc");
}

static void
test_guest_malformed_keeps_state (void)
{
  g_autofree char *good = fixture_load ("domain-q35-assigned.xml");
  g_autofree char *bad = fixture_load ("domain-bad-hostdev.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("workstation", NULL);

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, good, NULL, &error));
  g_assert_false (ferry_guest_update_from_xml (guest, NULL, bad, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_assert_true (strstr (error->message, "workstation") != NULL);
  g_clear_error (&error);

  g_assert_false (ferry_guest_update_from_xml (guest, "<domain><devices>", good, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  /* What was read before stays. */
  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (guest)), ==, 3);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

typedef struct
{
  const char *file;
  gboolean    live;       /* read as the live XML of a running guest */
  guint       assigned;
  guint       virtio;
  guint       emulated;
  const char *virtio_kinds;    /* space-separated, in order */
  const char *emulated_kinds;
} GuestShape;

/* Every device of these domains lands in exactly one section. */
static const GuestShape guest_shapes[] = {
  { "domain-q35-assigned.xml", FALSE, 4, 2, 1, "disk interface", "hostdev" },
  { "domain-q35-live.xml", TRUE, 4, 1, 0, "interface", "" },
  { "domain-running-pool.xml", TRUE, 1, 0, 0, "", "" },
  { "domain-i440fx-emulated.xml", FALSE, 1, 1, 13, "memballoon",
    "disk disk controller controller controller interface serial console input input graphics "
    "sound video" },
  { "domain-q35-virtio.xml", FALSE, 0, 11, 6,
    "disk controller controller interface channel input video filesystem rng vsock memballoon",
    "disk controller controller tpm watchdog hostdev" },
  { "domain-hostdev-guest-address.xml", FALSE, 3, 0, 1, "", "memballoon" },
  { "domain-pool-shutoff.xml", FALSE, 1, 1, 1, "interface", "interface" },
  { "domain-minimal.xml", FALSE, 0, 0, 0, "", "" },
};

static char *
kinds_of (GListModel *devices)
{
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryGuestDevice) device = g_list_model_get_item (devices, i);
      g_ptr_array_add (kinds, (gpointer) ferry_guest_device_get_kind (device));
    }
  g_ptr_array_add (kinds, NULL);
  return g_strjoinv (" ", (char **) kinds->pdata);
}

static void
test_guest_sections (void)
{
  g_autoptr(GPtrArray) pools = load_pools ();

  for (guint i = 0; i < G_N_ELEMENTS (guest_shapes); i++)
    {
      const GuestShape *shape = &guest_shapes[i];
      g_autofree char *xml = fixture_load (shape->file);
      g_autoptr(FerryGuest) guest = ferry_guest_new ("g", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *virtio = NULL;
      g_autofree char *emulated = NULL;

      g_test_message ("%s", shape->file);
      g_assert_true (ferry_guest_update_from_xml (guest, shape->live ? xml : NULL,
                                                  shape->live ? NULL : xml, pools, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (guest)), ==,
                        shape->assigned);
      virtio = kinds_of (ferry_guest_get_virtio (guest));
      emulated = kinds_of (ferry_guest_get_emulated (guest));
      g_assert_cmpstr (virtio, ==, shape->virtio_kinds);
      g_assert_cmpstr (emulated, ==, shape->emulated_kinds);
      g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_virtio (guest)), ==,
                        shape->virtio);
      g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_emulated (guest)), ==,
                        shape->emulated);
    }
}

static void
test_guest_device_details (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-virtio.xml");
  g_autoptr(FerryGuest) guest = ferry_guest_new ("modern", NULL);
  g_autoptr(FerryGuestDevice) disk = NULL;
  g_autoptr(FerryGuestDevice) nic = NULL;

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, NULL, NULL));
  disk = g_list_model_get_item (ferry_guest_get_virtio (guest), 0);
  g_assert_cmpstr (ferry_guest_device_get_model (disk), ==, "virtio · disk");
  g_assert_cmpstr (ferry_guest_device_get_target (disk), ==,
                   "vda · /var/lib/libvirt/images/modern.qcow2");
  g_assert_cmpstr (ferry_guest_device_get_title (disk), ==, "Disk");
  nic = g_list_model_get_item (ferry_guest_get_virtio (guest), 3);
  g_assert_cmpstr (ferry_guest_device_get_target (nic), ==, "52:54:00:aa:00:01 · br0");
}

static void
test_guest_side (void)
{
  g_autofree char *xml = fixture_load ("domain-hostdev-guest-address.xml");
  g_autoptr(FerryGuest) guest = ferry_guest_new ("gpu-box", NULL);
  g_autoptr(FerryAssignedDevice) gpu = NULL;
  g_autoptr(FerryAssignedDevice) audio = NULL;
  g_autoptr(FerryAssignedDevice) vf = NULL;

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, NULL, NULL));
  gpu = g_list_model_get_item (ferry_guest_get_assigned (guest), 0);
  audio = g_list_model_get_item (ferry_guest_get_assigned (guest), 1);
  vf = g_list_model_get_item (ferry_guest_get_assigned (guest), 2);

  /* The guest's own PCI address, not the host's; ROM BAR off; managed='no'. */
  g_assert_cmpstr (ferry_assigned_device_get_guest_address (gpu), ==, "0000:06:00.0");
  g_assert_false (ferry_assigned_device_get_rom_bar (gpu));
  g_assert_false (ferry_assigned_device_get_managed (gpu));
  g_assert_true (ferry_assigned_device_get_rom_bar (audio));
  g_assert_cmpstr (ferry_assigned_device_get_profile_id (vf), ==, "finance");
  g_assert_null (ferry_assigned_device_get_guest_address (vf));
}

static void
test_guest_state (void)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new ("g", NULL);
  guint notified = 0;

  g_signal_connect_swapped (guest, "notify::state", G_CALLBACK (count_notify), &notified);

  g_assert_false (ferry_guest_is_active (guest));
  ferry_guest_set_state (guest, FERRY_GUEST_STATE_RUNNING);
  ferry_guest_set_state (guest, FERRY_GUEST_STATE_RUNNING);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (ferry_guest_is_active (guest));
  g_assert_cmpstr (ferry_guest_get_state_icon (guest), ==, "media-record-symbolic");
}

static void
test_network_pool (void)
{
  g_autofree char *xml = fixture_load ("network-pool-pf.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryNetwork) network = ferry_network_new_from_xml (xml, &error);
  const FerryPciAddress *vfs;
  guint n_vfs;

  g_assert_no_error (error);
  g_assert_cmpstr (ferry_network_get_name (network), ==, "vf-pool");
  g_assert_true (ferry_network_is_hostdev_pool (network));
  g_assert_cmpstr (ferry_network_get_pf_device (network), ==, "eth3");
  vfs = ferry_network_get_vfs (network, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 2);
  assert_address (&vfs[1], "0000:0b:10.3");
}

static void
test_network_nat (void)
{
  g_autofree char *xml = fixture_load ("network-nat.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryNetwork) network = ferry_network_new_from_xml (xml, &error);
  guint n_vfs;

  g_assert_no_error (error);
  g_assert_false (ferry_network_is_hostdev_pool (network));
  g_assert_cmpstr (ferry_network_get_forward_mode (network), ==, "nat");
  g_assert_cmpstr (ferry_network_get_bridge (network), ==, "virbr0");
  ferry_network_get_vfs (network, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 0);
}

static void
test_network_connections (void)
{
  g_autofree char *handmade = fixture_load ("network-pool-handmade.xml");
  g_autofree char *pf_form = fixture_load ("network-pool-pf.xml");
  /* Counts libvirt would never write: no connections, and the network still reads. */
  const char *unreadable[] = {
    "<network connections=''><name>p</name></network>",
    "<network connections='-1'><name>p</name></network>",
    "<network connections='two'><name>p</name></network>",
    "<network connections='99999999999'><name>p</name></network>",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryNetwork) live = ferry_network_new_from_xml (handmade, &error);
  g_autoptr(FerryNetwork) stopped = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_network_get_connections (live), ==, 2);

  stopped = ferry_network_new_from_xml (pf_form, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_network_get_connections (stopped), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (unreadable); i++)
    {
      g_autoptr(FerryNetwork) network = ferry_network_new_from_xml (unreadable[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ferry_network_get_connections (network), ==, 0);
    }
}

static void
test_network_malformed (void)
{
  const char *bad[] = {
    "<network>",
    "<network><forward mode='hostdev'/></network>",
    "<network><name>p</name><forward mode='hostdev'>"
    "<address type='pci' domain='0' bus='0x0b' slot='0x40' function='0'/></forward></network>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryNetwork) network = ferry_network_new_from_xml (bad[i], &error);

      g_assert_null (network);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
    }
}

static FerryHostDevice *
load_device (const char *name)
{
  g_autofree char *xml = fixture_load (name);
  g_autoptr(GError) error = NULL;
  FerryHostDevice *device = ferry_host_device_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return device;
}

static FerryNetwork *
load_network (const char *name)
{
  g_autofree char *xml = fixture_load (name);
  g_autoptr(GError) error = NULL;
  FerryNetwork *network = ferry_network_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return network;
}

/* Two reads of the same function are equal, both ways; a new interface, its link state or
 * another function make them differ, both ways. */
static void
test_equal_host_device (void)
{
  g_autoptr(FerryHostDevice) pf = load_device ("nodedev-pf.xml");
  g_autoptr(FerryHostDevice) pf_again = load_device ("nodedev-pf.xml");
  g_autoptr(FerryHostDevice) pf_with_netdev = load_device ("nodedev-pf.xml");
  g_autoptr(FerryHostDevice) gpu = load_device ("nodedev-gpu.xml");
  g_autoptr(FerryHostDevice) pf_link_down = load_device ("nodedev-pf.xml");

  g_assert_true (ferry_host_device_equal (pf, pf_again));
  g_assert_true (ferry_host_device_equal (pf_again, pf));

  ferry_host_device_add_netdev (pf_with_netdev, "eth9", "52:54:00:00:00:09",
                                FERRY_LINK_STATE_UP);
  g_assert_false (ferry_host_device_equal (pf, pf_with_netdev));
  g_assert_false (ferry_host_device_equal (pf_with_netdev, pf));

  g_assert_false (ferry_host_device_equal (pf, gpu));
  g_assert_false (ferry_host_device_equal (gpu, pf));

  /* The same interface, its link down now. */
  ferry_host_device_add_netdev (pf_link_down, "eth9", "52:54:00:00:00:09",
                                FERRY_LINK_STATE_DOWN);
  g_assert_false (ferry_host_device_equal (pf_with_netdev, pf_link_down));
  g_assert_false (ferry_host_device_equal (pf_link_down, pf_with_netdev));
}

/* Two reads of a network are equal, both ways; its state or its definition changing, or
 * another network, make them differ, both ways. */
static void
test_equal_network (void)
{
  g_autoptr(FerryNetwork) pool = load_network ("network-pool-pf.xml");
  g_autoptr(FerryNetwork) pool_again = load_network ("network-pool-pf.xml");
  g_autoptr(FerryNetwork) nat = load_network ("network-nat.xml");

  g_assert_true (ferry_network_equal (pool, pool_again));
  g_assert_true (ferry_network_equal (pool_again, pool));
  g_assert_false (ferry_network_equal (pool, nat));
  g_assert_false (ferry_network_equal (nat, pool));

  ferry_network_set_status (pool_again, !ferry_network_get_active (pool), FALSE, TRUE);
  g_assert_false (ferry_network_equal (pool, pool_again));
  g_assert_false (ferry_network_equal (pool_again, pool));

  g_clear_object (&pool_again);
  pool_again = load_network ("network-pool-pf.xml");
  ferry_network_set_definition (pool_again, "<network/>");
  g_assert_false (ferry_network_equal (pool, pool_again));
  g_assert_false (ferry_network_equal (pool_again, pool));
}

/* The same facts judged twice give equal checks; a host without IOMMU groups changes some
 * verdict, and those checks differ both ways. */
static void
test_equal_readiness_check (void)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  g_autoptr(FerryHostFacts) other_facts = ferry_host_facts_new ();
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) other = NULL;
  guint n_different = 0;

  facts->local = other_facts->local = TRUE;
  facts->cpu_vendor = other_facts->cpu_vendor = FERRY_CPU_INTEL;
  facts->iommu_units = TRUE;
  facts->n_iommu_groups = 12;
  facts->cmdline = g_strdup ("ro intel_iommu=on");
  other_facts->cmdline = g_strdup ("ro");

  checks = ferry_readiness_evaluate (facts);
  again = ferry_readiness_evaluate (facts);
  other = ferry_readiness_evaluate (other_facts);
  g_assert_cmpuint (checks->len, ==, again->len);
  g_assert_cmpuint (checks->len, ==, other->len);

  for (guint i = 0; i < checks->len; i++)
    {
      g_assert_true (ferry_readiness_check_equal (checks->pdata[i], again->pdata[i]));
      g_assert_true (ferry_readiness_check_equal (again->pdata[i], checks->pdata[i]));
      if (!ferry_readiness_check_equal (checks->pdata[i], other->pdata[i]))
        {
          g_assert_false (ferry_readiness_check_equal (other->pdata[i], checks->pdata[i]));
          n_different++;
        }
    }
  g_assert_cmpuint (n_different, >, 0);
  g_assert_false (ferry_readiness_check_equal (checks->pdata[0], checks->pdata[1]));
  g_assert_false (ferry_readiness_check_equal (checks->pdata[1], checks->pdata[0]));
}

/* An inventory of the GPU and its audio function, with or without a guest that was given
 * the GPU. */
static FerryInventory *
gpu_inventory (gboolean with_guest)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (devices, load_device ("nodedev-gpu.xml"));
  g_ptr_array_add (devices, load_device ("nodedev-gpu-audio.xml"));
  if (with_guest)
    {
      g_autofree char *xml = fixture_load ("domain-win11-gpu.xml");
      g_autoptr(GPtrArray) pools = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      FerryGuest *guest = ferry_guest_new ("win11", NULL);

      g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, pools, &error));
      g_assert_no_error (error);
      g_ptr_array_add (guests, guest);
    }
  return ferry_inventory_new (devices, guests, networks);
}

/* Two reads of the same host show each function and group alike, both ways; a guest taking
 * the GPU changes its row and its group's, not the audio function's, both ways. */
static void
test_equal_inventory (void)
{
  g_autoptr(FerryInventory) before = gpu_inventory (FALSE);
  g_autoptr(FerryInventory) again = gpu_inventory (FALSE);
  g_autoptr(FerryInventory) taken = gpu_inventory (TRUE);
  FerryPciAddress gpu, audio, absent;

  g_assert_true (ferry_pci_address_parse ("0000:01:00.0", &gpu));
  g_assert_true (ferry_pci_address_parse ("0000:01:00.1", &audio));
  g_assert_true (ferry_pci_address_parse ("0000:0f:00.0", &absent));

  g_assert_true (ferry_inventory_device_equal (before, again, &gpu));
  g_assert_true (ferry_inventory_device_equal (again, before, &gpu));
  g_assert_true (ferry_inventory_group_equal (before, again, 1, NULL));
  g_assert_true (ferry_inventory_group_equal (again, before, 1, NULL));
  /* A merge that found a member not alike says so, and the group is not alike either. */
  {
    g_autoptr(GHashTable) changed = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                                      (GEqualFunc) ferry_pci_address_equal);

    g_assert_true (ferry_inventory_group_equal (before, again, 1, changed));
    g_hash_table_add (changed, &audio);
    g_assert_false (ferry_inventory_group_equal (before, again, 1, changed));
  }

  g_assert_false (ferry_inventory_device_equal (before, taken, &gpu));
  g_assert_false (ferry_inventory_device_equal (taken, before, &gpu));
  g_assert_true (ferry_inventory_device_equal (before, taken, &audio));
  g_assert_true (ferry_inventory_device_equal (taken, before, &audio));
  g_assert_false (ferry_inventory_group_equal (before, taken, 1, NULL));
  g_assert_false (ferry_inventory_group_equal (taken, before, 1, NULL));

  /* Absent from both reads: nothing changed; absent from one: changed. */
  g_assert_true (ferry_inventory_device_equal (before, taken, &absent));
  g_assert_true (ferry_inventory_group_equal (before, taken, 77, NULL));
}

/* Shapes other hosts send: an <iommuGroup> without a number (no group, never a CRITICAL),
 * an empty virt_functions capability (still a PF), VFs without maxCount (never "4 of 0"), a
 * link of width 0 (no link), no <class> (unknown, not "Unclassified") and class 0xff. */
static void
test_nodedev_odd_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *no_number_xml = fixture_load ("nodedev-group-no-number.xml");
  g_autofree char *empty_vfs_xml = fixture_load ("nodedev-pf-empty-vfs.xml");
  g_autofree char *no_max_xml = fixture_load ("nodedev-pf-no-max.xml");
  g_autofree char *unassigned_xml = fixture_load ("nodedev-unassigned-class.xml");
  g_autoptr(FerryHostDevice) no_number = NULL;
  g_autoptr(FerryHostDevice) empty_vfs = NULL;
  g_autoptr(FerryHostDevice) no_max = NULL;
  g_autoptr(FerryHostDevice) unassigned = NULL;
  g_autofree char *command = NULL;
  g_autofree char *no_max_command = NULL;
  guint n;

  no_number = ferry_host_device_new_from_xml (no_number_xml, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_host_device_get_iommu_group (no_number), ==, FERRY_NO_IOMMU_GROUP);
  ferry_host_device_get_group_members (no_number, &n);
  g_assert_cmpuint (n, ==, 0);

  empty_vfs = ferry_host_device_new_from_xml (empty_vfs_xml, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_host_device_is_pf (empty_vfs));
  g_assert_cmpuint (ferry_host_device_get_max_vfs (empty_vfs), ==, 0);
  g_assert_false (ferry_host_device_get_link (empty_vfs, NULL, NULL));
  /* No interface: the PCI address, and the card's own maximum. */
  command = ferry_host_device_dup_create_vfs_command (empty_vfs);
  g_assert_cmpstr (command, ==, "cat '/sys/bus/pci/devices/0000:0c:00.0/sriov_totalvfs' | sudo tee "
                                "'/sys/bus/pci/devices/0000:0c:00.0/sriov_numvfs'");
  g_assert_cmpstr (ferry_host_device_get_class_name (empty_vfs), ==, "Ethernet controller");

  no_max = ferry_host_device_new_from_xml (no_max_xml, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_host_device_is_pf (no_max));
  ferry_host_device_get_vfs (no_max, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (ferry_host_device_get_max_vfs (no_max), >=, n);
  g_assert_cmpstr (ferry_host_device_get_class_name (no_max), ==, "Unknown class");
  ferry_host_device_add_netdev (no_max, "enp13s0f0np0", NULL, FERRY_LINK_STATE_UP);
  no_max_command = ferry_host_device_dup_create_vfs_command (no_max);
  g_assert_cmpstr (no_max_command, ==,
                   "echo 4 | sudo tee '/sys/class/net/enp13s0f0np0/device/sriov_numvfs'");

  unassigned = ferry_host_device_new_from_xml (unassigned_xml, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_host_device_get_class_name (unassigned), ==, "Unassigned class");
  g_assert_false (ferry_host_device_is_pf (unassigned));
}

/* A crashed guest libvirt still reports (on_crash='preserve') keeps its devices. */
static void
test_guest_crashed (void)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new ("g", NULL);

  ferry_guest_set_state (guest, FERRY_GUEST_STATE_CRASHED);
  g_assert_true (ferry_guest_is_active (guest));
  ferry_guest_set_state (guest, FERRY_GUEST_STATE_SHUTOFF);
  g_assert_false (ferry_guest_is_active (guest));
}

/* Device kinds Ferry has no special handling for read as words, never as XML element names;
 * a trunk interface is not shown as one tag. */
static void
test_guest_odd_devices (void)
{
  g_autofree char *xml = fixture_load ("domain-odd-devices.xml");
  g_autoptr(FerryGuest) guest = ferry_guest_new ("odd", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryAssignedDevice) interface = NULL;
  GListModel *emulated;
  const char *expected[][2] = {
    { "lease", "Lock lease" },
    { "parallel", "Parallel port" },
    { "redirfilter", "USB redirection filter" },
    { "panic", "Panic notifier" },
    { "shmem", "Shared memory" },
    { "futuregadget", "Other device" },
  };

  g_assert_true (ferry_guest_update_from_xml (guest, xml, xml, NULL, &error));
  g_assert_no_error (error);
  emulated = ferry_guest_get_emulated (guest);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint d = 0; d < g_list_model_get_n_items (emulated); d++)
        {
          g_autoptr(FerryGuestDevice) device = g_list_model_get_item (emulated, d);

          if (g_str_equal (ferry_guest_device_get_kind (device), expected[i][0]))
            {
              g_assert_cmpstr (ferry_guest_device_get_title (device), ==, expected[i][1]);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }

  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (guest)), ==, 1);
  interface = g_list_model_get_item (ferry_guest_get_assigned (guest), 0);
  g_assert_cmpuint (ferry_assigned_device_get_vlan (interface), ==, 0);
}

/* A network with a VLAN trunk says so, and never offers one of its tags as the VLAN. */
static void
test_network_vlan_trunk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryNetwork) trunk = ferry_network_new_from_xml (
    "<network><name>trunk</name><forward mode='hostdev' managed='yes'><pf dev='eth3'/>"
    "</forward><vlan trunk='yes'><tag id='42' nativeMode='tagged'/><tag id='47'/>"
    "<tag id='48'/></vlan></network>", &error);
  g_autoptr(FerryNetwork) single = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_network_get_vlan (trunk), ==, 0);
  g_assert_cmpstr (ferry_network_get_vlan_label (trunk), ==,
                   "VLAN trunk 42 (native, tagged), 47, 48");

  single = ferry_network_new_from_xml ("<network><name>one</name><vlan><tag id='42'/></vlan>"
                                       "</network>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_network_get_vlan (single), ==, 42);
  g_assert_cmpstr (ferry_network_get_vlan_label (single), ==, "VLAN 42");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/nodedev/gpu", test_nodedev_gpu);
  g_test_add_func ("/records/nodedev/sriov", test_nodedev_sriov);
  g_test_add_func ("/records/nodedev/bridge", test_nodedev_bridge);
  g_test_add_func ("/records/nodedev/malformed", test_nodedev_malformed);
  g_test_add_func ("/records/nodedev/streamed", test_nodedev_streamed);
  g_test_add_func ("/records/nodedev/shapes", test_nodedev_shapes);
  g_test_add_func ("/records/nodedev/link", test_nodedev_link);
  g_test_add_func ("/records/nodedev/net-child", test_nodedev_net_child);
  g_test_add_func ("/records/nodedev/net-link-states", test_nodedev_net_link_states);
  g_test_add_func ("/records/nodedev/netdevs", test_nodedev_netdevs);
  g_test_add_func ("/records/nodedev/copy-parsed", test_nodedev_copy_parsed);
  g_test_add_func ("/records/nodedev/odd-shapes", test_nodedev_odd_shapes);
  g_test_add_func ("/records/guest/crashed", test_guest_crashed);
  g_test_add_func ("/records/guest/odd-devices", test_guest_odd_devices);
  g_test_add_func ("/records/network/vlan-trunk", test_network_vlan_trunk);
  g_test_add_func ("/records/guest/assigned", test_guest_assigned);
  g_test_add_func ("/records/guest/without-pools", test_guest_without_pools);
  g_test_add_func ("/records/guest/missing-networks", test_guest_missing_networks);
  g_test_add_func ("/records/guest/live-pool", test_guest_live_pool);
  g_test_add_func ("/records/guest/live-and-config", test_guest_live_and_config);
  g_test_add_func ("/records/guest/malformed-keeps-state", test_guest_malformed_keeps_state);
  g_test_add_func ("/records/guest/state", test_guest_state);
  g_test_add_func ("/records/guest/sections", test_guest_sections);
  g_test_add_func ("/records/guest/device-details", test_guest_device_details);
  g_test_add_func ("/records/guest/guest-side", test_guest_side);
  g_test_add_func ("/records/network/pool", test_network_pool);
  g_test_add_func ("/records/network/nat", test_network_nat);
  g_test_add_func ("/records/network/connections", test_network_connections);
  g_test_add_func ("/records/network/malformed", test_network_malformed);
  g_test_add_func ("/records/equal/host-device", test_equal_host_device);
  g_test_add_func ("/records/equal/network", test_equal_network);
  g_test_add_func ("/records/equal/readiness-check", test_equal_readiness_check);
  g_test_add_func ("/records/equal/inventory", test_equal_inventory);

  return g_test_run ();
}
