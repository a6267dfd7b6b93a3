/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-pci-address.h"

static void
test_parse_full (void)
{
  FerryPciAddress address;
  g_autofree char *text = NULL;
  g_autofree char *nodedev = NULL;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.6", &address));
  g_assert_cmpuint (address.domain, ==, 0);
  g_assert_cmpuint (address.bus, ==, 0x0b);
  g_assert_cmpuint (address.slot, ==, 0x10);
  g_assert_cmpuint (address.function, ==, 6);

  text = ferry_pci_address_to_string (&address);
  g_assert_cmpstr (text, ==, "0000:0b:10.6");
  nodedev = ferry_pci_address_to_nodedev (&address);
  g_assert_cmpstr (nodedev, ==, "pci_0000_0b_10_6");
}

static void
test_parse_short (void)
{
  FerryPciAddress address;

  /* lspci's short form has no domain. */
  g_assert_true (ferry_pci_address_parse ("01:00.1", &address));
  g_assert_cmpuint (address.domain, ==, 0);
  g_assert_cmpuint (address.bus, ==, 1);
  g_assert_cmpuint (address.function, ==, 1);
}

static void
test_parse_rejects (void)
{
  const char *bad[] = {
    "", "0000:01:00", "0000:01:00.8", "0000:01:20.0", "0000:100:00.0", "10000:01:00.0",
    "zz:00.0", "0000:01:00.0.1", "0000::00.0", "1:2:3:4.0", "0000:01:00.x",
  };
  FerryPciAddress address;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (ferry_pci_address_parse (bad[i], &address));
  g_assert_false (ferry_pci_address_parse (NULL, &address));
}

static void
test_nodedev_name (void)
{
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse_nodedev ("pci_0000_01_00_1", &address));
  g_assert_cmpuint (address.bus, ==, 1);
  g_assert_cmpuint (address.function, ==, 1);
  g_assert_false (ferry_pci_address_parse_nodedev ("net_eth0_00_11_22_33_44_55", &address));
  g_assert_false (ferry_pci_address_parse_nodedev ("pci_0000_01_00", &address));
  g_assert_false (ferry_pci_address_parse_nodedev ("pci_0000_01_00_9", &address));
}

static void
test_from_parts (void)
{
  FerryPciAddress address;

  /* Domain XML writes hex with 0x, node device XML writes decimal. */
  g_assert_true (ferry_pci_address_from_parts ("0x0000", "0x0b", "0x10", "0x2", &address));
  g_assert_cmpuint (address.bus, ==, 11);
  g_assert_cmpuint (address.slot, ==, 16);
  g_assert_true (ferry_pci_address_from_parts ("0", "11", "16", "2", &address));
  g_assert_cmpuint (address.bus, ==, 11);
  g_assert_false (ferry_pci_address_from_parts ("0", "256", "0", "0", &address));
  g_assert_false (ferry_pci_address_from_parts ("0", "0x1ff", "0", "0", &address));
  g_assert_false (ferry_pci_address_from_parts ("0", "1", "0", NULL, &address));
  g_assert_false (ferry_pci_address_from_parts ("0", "-1", "0", "0", &address));
  g_assert_false (ferry_pci_address_from_parts ("0", "1x", "0", "0", &address));
}

static void
test_compare (void)
{
  FerryPciAddress a, b, c;

  g_assert_true (ferry_pci_address_parse ("0000:01:00.0", &a));
  g_assert_true (ferry_pci_address_parse ("0000:01:00.1", &b));
  g_assert_true (ferry_pci_address_parse ("0000:02:00.0", &c));

  g_assert_cmpint (ferry_pci_address_compare (&a, &b), <, 0);
  g_assert_cmpint (ferry_pci_address_compare (&c, &b), >, 0);
  g_assert_true (ferry_pci_address_same_slot (&a, &b));
  g_assert_false (ferry_pci_address_same_slot (&a, &c));
  g_assert_false (ferry_pci_address_equal (&a, &b));
  g_assert_cmpuint (ferry_pci_address_hash (&a), !=, ferry_pci_address_hash (&b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pci-address/parse-full", test_parse_full);
  g_test_add_func ("/pci-address/parse-short", test_parse_short);
  g_test_add_func ("/pci-address/parse-rejects", test_parse_rejects);
  g_test_add_func ("/pci-address/nodedev-name", test_nodedev_name);
  g_test_add_func ("/pci-address/from-parts", test_from_parts);
  g_test_add_func ("/pci-address/compare", test_compare);

  return g_test_run ();
}
