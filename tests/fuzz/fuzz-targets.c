/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-fuzz"

#include "config.h"

#include <string.h>

#include "ferry-domain-edit.h"
#include "ferry-guest.h"
#include "ferry-host-device.h"
#include "ferry-host-facts.h"
#include "ferry-network.h"
#include "ferry-pool-xml.h"
#include "fuzz-targets.h"

/* The same entry points serve libFuzzer (fuzz-main.c) and the corpus replay of the normal
 * test suite (replay-corpus.c): whatever a fuzzer once found stays tested with gcc too.
 * Each target only has to survive its input: errors are the expected answer to most of it. */

/* The parsers take NUL-terminated text; what a host sends never holds a NUL, so the input
 * ends at its first one. */
static char *
input_text (const guint8 *data,
            gsize         size)
{
  return g_strndup ((const char *) data, size);
}

static void
fuzz_host_device (const guint8 *data,
                  gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, NULL);
  g_autoptr(FerryNetdev) netdev = ferry_host_device_parse_net_child (xml, NULL);
}

/* A guest's live and inactive definitions: the input twice, or split at "\n--\n" so the
 * fuzzer can make them differ as a running guest's do. */
static void
fuzz_guest (const guint8 *data,
            gsize         size)
{
  g_autofree char *text = input_text (data, size);
  g_autoptr(FerryGuest) guest = ferry_guest_new ("fuzz", NULL);
  char *split = strstr (text, "\n--\n");
  const char *live = text;
  const char *config = text;

  if (split != NULL)
    {
      *split = '\0';
      config = split + strlen ("\n--\n");
    }
  ferry_guest_update_from_xml (guest, live, config, NULL, NULL);
}

static void
fuzz_network (const guint8 *data,
              gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  g_autoptr(FerryNetwork) network = ferry_network_new_from_xml (xml, NULL);
}

static void
fuzz_capabilities (const guint8 *data,
                   gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();

  ferry_host_facts_read_capabilities (facts, xml, NULL);
}

static void
fuzz_domain_capabilities (const guint8 *data,
                          gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();

  ferry_host_facts_read_domain_capabilities (facts, xml, NULL);
}

/* An existing network rewritten as a pool, both ways the editor writes one. */
static void
fuzz_pool_xml (const guint8 *data,
               gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  const FerryPciAddress vfs[] = { { 0, 0x3b, 0x10, 1 }, { 0, 0x3b, 0x10, 3 } };
  FerryPoolSpec pf_spec = { "pool", "enp59s0f0", NULL, 0, TRUE, 42 };
  FerryPoolSpec vf_spec = { "pool", NULL, vfs, G_N_ELEMENTS (vfs), FALSE, 0 };
  g_autofree char *from_pf = ferry_pool_xml_build (xml, &pf_spec, NULL);
  g_autofree char *from_vfs = ferry_pool_xml_build (xml, &vf_spec, NULL);
}

/* Every edit Ferry makes to a guest's definition, on each device the definition holds. */
static void
fuzz_domain_edit (const guint8 *data,
                  gsize         size)
{
  g_autofree char *xml = input_text (data, size);
  g_autoptr(FerryGuest) guest = ferry_guest_new ("fuzz", NULL);
  GListModel *assigned;
  g_autofree char *added = NULL;
  g_autofree char *without_interface = NULL;

  added = ferry_domain_edit_add_device (
    xml, "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
         "<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source></hostdev>",
    NULL);
  without_interface = ferry_domain_edit_remove_last_interface (xml, NULL);

  if (!ferry_guest_update_from_xml (guest, NULL, xml, NULL, NULL))
    return;

  assigned = ferry_guest_get_assigned (guest);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
      g_autofree char *dup = ferry_domain_edit_dup_device (xml, device, NULL);
      g_autofree char *removed_xml = NULL;
      g_autofree char *removed = ferry_domain_edit_remove_device (xml, device, &removed_xml,
                                                                  NULL);
      g_autofree char *updated = NULL;
      g_autofree char *untagged = NULL;

      settings.mac = "52:54:00:12:34:56";
      settings.vlan = 100;
      settings.rom_bar = FERRY_TRISTATE_NO;
      settings.managed = FERRY_TRISTATE_YES;
      updated = ferry_domain_edit_update_device (xml, device, &settings, NULL);

      settings = (FerryDeviceSettings) FERRY_DEVICE_SETTINGS_INIT;
      settings.vlan = 0;
      untagged = ferry_domain_edit_update_device (xml, device, &settings, NULL);
    }
}

const FerryFuzzEntry ferry_fuzz_targets[] = {
  { "host-device", fuzz_host_device },
  { "guest", fuzz_guest },
  { "network", fuzz_network },
  { "capabilities", fuzz_capabilities },
  { "domain-capabilities", fuzz_domain_capabilities },
  { "pool-xml", fuzz_pool_xml },
  { "domain-edit", fuzz_domain_edit },
};

const guint ferry_fuzz_n_targets = G_N_ELEMENTS (ferry_fuzz_targets);

const FerryFuzzEntry *
ferry_fuzz_lookup (const char *name)
{
  for (guint i = 0; i < ferry_fuzz_n_targets; i++)
    if (g_str_equal (ferry_fuzz_targets[i].name, name))
      return &ferry_fuzz_targets[i];
  return NULL;
}
