/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-pci-names.h"

/* The names Ferry falls back on when libvirt reports only ids, from this machine's pci.ids. */

static void
test_known_ids (void)
{
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;

  g_assert_true (ferry_pci_names_lookup (0x8086, 0x10c9, &vendor, &product));
  g_assert_cmpstr (vendor, ==, "Intel Corporation");
  g_assert_cmpstr (product, ==, "82576 Gigabit Network Connection");
}

static void
test_unknown_product (void)
{
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;

  /* A known vendor with a product pci.ids has never heard of: the vendor still helps. */
  g_assert_true (ferry_pci_names_lookup (0x8086, 0xfff1, &vendor, &product));
  g_assert_cmpstr (vendor, ==, "Intel Corporation");
  g_assert_null (product);
}

static void
test_unknown_vendor (void)
{
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;

  g_assert_false (ferry_pci_names_lookup (0xeeee, 0x0001, &vendor, &product));
  g_assert_null (vendor);
  g_assert_null (product);
}

static gpointer
lookup_many (gpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *vendor = NULL;
      g_autofree char *product = NULL;

      g_assert_true (ferry_pci_names_lookup (0x10de, 0x1e84, &vendor, &product));
      g_assert_cmpstr (vendor, ==, "NVIDIA Corporation");
    }
  return NULL;
}

static void
test_threads (void)
{
  GThread *threads[4];

  /* Lookups come from the session's worker threads at once. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("lookup", lookup_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pci-names/known-ids", test_known_ids);
  g_test_add_func ("/pci-names/unknown-product", test_unknown_product);
  g_test_add_func ("/pci-names/unknown-vendor", test_unknown_vendor);
  g_test_add_func ("/pci-names/threads", test_threads);

  return g_test_run ();
}
