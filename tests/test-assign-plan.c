/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fixtures.h"

#include "ferry-assign-plan.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-guest-check.h"
#include "ferry-hostdev-record.h"

/* The XML Apply sends: built from a pick and options, refused on bad input before anything is
 * written, and accepted by libvirt's schema once in a domain. */

typedef struct
{
  FerryInventory     *inventory;
  FerryGuest         *guest;
  FerryAssignRequest  request;
} Fixture;

static void
pick (Fixture    *fixture,
      const char *text)
{
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse (text, &address));
  g_array_append_val (fixture->request.picked, address);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *names[] = { "nodedev-gpu.xml", "nodedev-gpu-audio.xml", "nodedev-vf.xml" };
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *xml = fixture_load (names[i]);
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (devices, ferry_host_device_new_from_xml (xml, &error));
      g_assert_no_error (error);
    }
  fixture->guest = ferry_guest_new ("empty", NULL);
  g_ptr_array_add (guests, g_object_ref (fixture->guest));
  fixture->inventory = ferry_inventory_new (devices, guests, networks);

  fixture->request.inventory = fixture->inventory;
  fixture->request.guest = fixture->guest;
  fixture->request.picked = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  fixture->request.detach_first = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  fixture->request.managed = TRUE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_array_unref (fixture->request.picked);
  g_array_unref (fixture->request.detach_first);
  g_clear_object (&fixture->inventory);
  g_clear_object (&fixture->guest);
}

/* The minimal domain with every device of PLAN in it, checked against libvirt's schema. */
static char *
assert_valid_in_domain (const FerryAssignPlan *plan)
{
  g_autofree char *domain = fixture_load ("domain-minimal.xml");

  for (guint i = 0; i < plan->device_xml->len; i++)
    {
      g_autoptr(GError) error = NULL;
      char *next = ferry_domain_edit_add_device (domain, plan->device_xml->pdata[i], &error);

      g_assert_no_error (error);
      g_free (domain);
      domain = next;
    }
  fixture_assert_valid (domain, "domain");
  return g_steal_pointer (&domain);
}

static void
test_hostdevs (Fixture       *fixture,
               gconstpointer  data)
{
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *all = NULL;

  pick (fixture, "0000:01:00.0");
  pick (fixture, "0000:01:00.1");
  options.rom_bar = FERRY_TRISTATE_NO;
  options.rom_file = "/usr/share/vgabios/tu104.rom";
  plan = ferry_assign_plan_new (&fixture->request, &options, FALSE, TRUE, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (plan->guest, ==, "empty");
  g_assert_cmpuint (plan->device_xml->len, ==, 2);
  g_assert_false (plan->live);
  g_assert_true (plan->config);
  /* The video BIOS goes to the first function only; the ROM BAR setting to both. */
  g_assert_nonnull (strstr (plan->device_xml->pdata[0], "file=\"/usr/share/vgabios/tu104.rom\""));
  g_assert_null (strstr (plan->device_xml->pdata[1], "file="));
  g_assert_nonnull (strstr (plan->device_xml->pdata[1], "bar=\"off\""));
  g_assert_nonnull (strstr (plan->device_xml->pdata[1], "managed=\"yes\""));
  g_assert_nonnull (strstr (plan->device_xml->pdata[1], "function=\"0x1\""));

  domain = assert_valid_in_domain (plan);
  all = ferry_assign_plan_dup_xml (plan);
  g_assert_nonnull (strstr (all, "function=\"0x0\""));
  g_assert_nonnull (strstr (all, "function=\"0x1\""));
}

static void
test_unmanaged (Fixture       *fixture,
                gconstpointer  data)
{
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;

  pick (fixture, "0000:01:00.0");
  options.managed = FALSE;
  plan = ferry_assign_plan_new (&fixture->request, &options, TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (plan->device_xml->pdata[0], "managed=\"no\""));
  g_assert_null (strstr (plan->device_xml->pdata[0], "<rom"));
  domain = assert_valid_in_domain (plan);
}

static void
test_vf_interface (Fixture       *fixture,
                   gconstpointer  data)
{
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;

  pick (fixture, "0000:0b:10.0");
  options.as_interface = TRUE;
  options.mac = "52:54:00:12:34:56";
  options.vlan = 42;
  options.profile_id = "finance";
  plan = ferry_assign_plan_new (&fixture->request, &options, FALSE, TRUE, &error);
  g_assert_no_error (error);

  domain = assert_valid_in_domain (plan);
  g_assert_nonnull (strstr (domain, "<interface type=\"hostdev\" managed=\"yes\">"));
  g_assert_nonnull (strstr (domain, "<mac address=\"52:54:00:12:34:56\"/>"));
  g_assert_nonnull (strstr (domain, "<tag id=\"42\"/>"));
  g_assert_nonnull (strstr (domain, "profileid=\"finance\""));
  g_assert_nonnull (strstr (domain, "bus=\"0x0b\" slot=\"0x10\" function=\"0x0\""));
}

typedef struct
{
  const char *address;
  gboolean    as_interface;
  const char *mac;
  int         vlan;
  const char *profile_id;
  const char *rom_file;
  gboolean    live;
  gboolean    config;
} BadInput;

/* Every bad input stops the plan with an inline-able message, before any XML exists. */
static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const BadInput cases[] = {
    { NULL, FALSE, NULL, 0, NULL, NULL, FALSE, TRUE },                    /* empty pick */
    { "0000:0b:10.0", TRUE, "52:54:00:12:34", 0, NULL, NULL, FALSE, TRUE }, /* short MAC */
    { "0000:0b:10.0", TRUE, "01:54:00:12:34:56", 0, NULL, NULL, FALSE, TRUE }, /* multicast */
    { "0000:0b:10.0", TRUE, "52:54:00:zz:34:56", 0, NULL, NULL, FALSE, TRUE },
    { "0000:0b:10.0", TRUE, NULL, 4095, NULL, NULL, FALSE, TRUE },
    { "0000:0b:10.0", TRUE, NULL, -1, NULL, NULL, FALSE, TRUE },
    { "0000:0b:10.0", TRUE, NULL, 0, "two words", NULL, FALSE, TRUE },
    { "0000:0b:10.0", TRUE, NULL, 0, "0123456789012345678901234567890123456789", NULL, FALSE,
      TRUE },
    { "0000:01:00.0", TRUE, NULL, 0, NULL, NULL, FALSE, TRUE },       /* not a VF */
    { "0000:01:00.0", FALSE, NULL, 0, NULL, "vbios.rom", FALSE, TRUE }, /* relative ROM */
    { "0000:01:00.0", FALSE, NULL, 0, NULL, NULL, FALSE, FALSE },     /* neither now nor later */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
      g_autoptr(FerryAssignPlan) plan = NULL;
      g_autoptr(GError) error = NULL;

      g_array_set_size (fixture->request.picked, 0);
      if (cases[i].address != NULL)
        pick (fixture, cases[i].address);
      options.as_interface = cases[i].as_interface;
      options.mac = cases[i].mac;
      options.vlan = cases[i].vlan;
      options.profile_id = cases[i].profile_id;
      options.rom_file = cases[i].rom_file;

      plan = ferry_assign_plan_new (&fixture->request, &options, cases[i].live, cases[i].config,
                                    &error);
      g_test_message ("case %u: %s", i, error ? error->message : "accepted");
      g_assert_null (plan);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_generated_mac (void)
{
  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *mac = ferry_assign_options_generate_mac ();
      g_autoptr(GError) error = NULL;

      g_assert_true (g_str_has_prefix (mac, "52:54:00:"));
      g_assert_true (ferry_domain_edit_check_mac (mac, &error));
      g_assert_no_error (error);
    }
}

#define LOSS_DOMAIN_START \
  "<domain type='kvm'><name>lab</name><devices>"
#define LOSS_HOSTDEV(slot) \
  "<hostdev mode='subsystem' type='pci' managed='no'><source>" \
  "<address domain='0x0000' bus='0x09' slot='0x00' function='" slot "'/></source></hostdev>"
#define LOSS_DOMAIN_END "</devices></domain>"

static FerryAssignPlan *
new_loss_plan (void)
{
  FerryAssignPlan *plan = g_new0 (FerryAssignPlan, 1);
  const char *texts[] = { "0000:09:00.0", "0000:09:00.1" };

  plan->guest = g_strdup ("lab");
  plan->addresses = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  plan->detach_first = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  plan->device_xml = g_ptr_array_new_with_free_func (g_free);
  plan->config = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      FerryPciAddress address;

      g_assert_true (ferry_pci_address_parse (texts[i], &address));
      g_array_append_val (plan->addresses, address);
      g_ptr_array_add (plan->device_xml, g_strdup ("<hostdev/>"));
    }
  return plan;
}

/* After a lost connection: the report says what the guest read again has, compared with the
 * start; nothing added, one of two added, a device it had before not counted as added. */
static void
test_describe_loss (void)
{
  g_autoptr(FerryAssignPlan) plan = new_loss_plan ();
  const char *empty = LOSS_DOMAIN_START LOSS_DOMAIN_END;
  const char *first = LOSS_DOMAIN_START LOSS_HOSTDEV ("0x0") LOSS_DOMAIN_END;
  g_autoptr(GArray) live_added = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *half = NULL;
  g_autofree char *before = NULL;
  gboolean changed = TRUE;

  nothing = ferry_assign_plan_describe_loss (plan, "lab-host", empty, empty, NULL, &changed,
                                             live_added, &error);
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpstr (nothing, ==, "The connection to lab-host was lost during the change. "
                                "Ferry read lab again: nothing changed.");

  half = ferry_assign_plan_describe_loss (plan, "lab-host", empty, first, NULL, &changed,
                                          live_added, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (live_added->len, ==, 0);
  g_assert_cmpstr (half, ==, "The connection to lab-host was lost during the change. "
                             "Ferry read lab again: its definition now has 0000:09:00.0 (added "
                             "before the connection dropped). 0000:09:00.1 was not added.");

  /* It had 09:00.0 before Ferry started: that is no change. */
  before = ferry_assign_plan_describe_loss (plan, "lab-host", first, first, NULL, &changed,
                                            live_added, &error);
  g_assert_no_error (error);
  g_assert_false (changed);

  /* A running guest's side, for a live plan. */
  plan->config = FALSE;
  plan->live = TRUE;
  g_clear_pointer (&half, g_free);
  half = ferry_assign_plan_describe_loss (plan, "lab-host", NULL, NULL, first, &changed,
                                          live_added, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (live_added->len, ==, 1);
  g_assert_cmpuint (g_array_index (live_added, guint, 0), ==, 0);
  g_assert_nonnull (strstr (half, "the running guest now has 0000:09:00.0"));
}

/* A host like the fixture's, but with the GPU's XML edited by (FROM, TO) pairs: another
 * device at its address, or it moved. */
static FerryHostDevice *
edited_gpu (const char * const *edits)
{
  g_autofree char *xml = fixture_load ("nodedev-gpu.xml");
  g_autoptr(GError) error = NULL;
  FerryHostDevice *device;

  for (guint i = 0; edits[i] != NULL; i += 2)
    {
      g_auto(GStrv) parts = g_strsplit (xml, edits[i], -1);

      g_free (xml);
      xml = g_strjoinv (edits[i + 1], parts);
    }
  device = ferry_host_device_new_from_xml (xml, &error);
  g_assert_no_error (error);
  return device;
}

static FerryInventory *
host_with (FerryHostDevice *first,
           FerryHostDevice *second)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);

  if (first != NULL)
    g_ptr_array_add (devices, first);
  if (second != NULL)
    g_ptr_array_add (devices, second);
  return ferry_inventory_new (devices, guests, networks);
}

static FerryGuest *
guest_from (const char *definition)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new ("guarded", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, definition, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&guest);
}

/* The hardware-change guard: assign records what is at each address, in Ferry's namespace of
 * <metadata>; a host where the address holds another device (or none) yields
 * hardware-changed; the repair moves the device and its record; no record, no problem. */
static void
test_hardware_guard (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const other[] = { "id='0x1e84'", "id='0x2484'", NULL };
  const char * const moved[] = { "pci_0000_01_00_0", "pci_0000_05_00_0",
                                 "<bus>1</bus>", "<bus>5</bus>", NULL };
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  FerryPciAddress gpu, there;
  FerryHostdevRecord kept;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *minimal = fixture_load ("domain-minimal.xml");
  g_autofree char *foreign = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *repaired = NULL;
  g_autofree char *forgotten = NULL;
  g_autofree char *by_hand = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(FerryGuest) guest = NULL;
  g_autoptr(FerryGuest) after = NULL;
  g_autoptr(FerryGuest) unrecorded = NULL;
  g_autoptr(FerryInventory) changed = NULL;
  g_autoptr(FerryInventory) empty = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) used = NULL;
  g_autoptr(GHashTable) uses = NULL;
  const FerryHostdevRecord *record;
  const FerryPciAddress *fix;
  guint n_fix;

  g_assert_true (ferry_pci_address_parse ("0000:01:00.0", &gpu));
  g_assert_true (ferry_pci_address_parse ("0000:05:00.0", &there));

  /* Another program's metadata is kept beside Ferry's. */
  {
    g_auto(GStrv) parts = g_strsplit (minimal, "</name>", 2);

    foreign = g_strjoin ("</name><metadata><app:x xmlns:app='urn:example:app'>kept</app:x>"
                         "</metadata>", parts[0], parts[1], NULL);
  }

  pick (fixture, "0000:01:00.0");
  plan = ferry_assign_plan_new (&fixture->request, &options, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->records->len, ==, 1);
  definition = ferry_assign_plan_dup_definition (plan, foreign, &error);
  g_assert_no_error (error);
  fixture_assert_valid (definition, "domain");
  g_assert_nonnull (strstr (definition, "xmlns:ferry=\"" FERRY_HOSTDEV_RECORD_NS "\""));
  g_assert_nonnull (strstr (definition, "urn:example:app"));

  guest = guest_from (definition);
  record = ferry_guest_lookup_record (guest, &gpu);
  g_assert_nonnull (record);
  g_assert_cmphex (record->vendor_id, ==, 0x10de);
  g_assert_cmphex (record->product_id, ==, 0x1e84);
  g_assert_cmphex (record->class_code, ==, 0x030000);
  g_assert_cmpint (record->iommu_group, ==, 1);

  /* The same host: nothing to say. */
  findings = ferry_guest_check (guest, fixture->inventory, NULL);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Another card at 01:00.0, the recorded one at 05:00.0: an error with the move. */
  changed = host_with (edited_gpu (other), edited_gpu (moved));
  findings = ferry_guest_check (guest, changed, NULL);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (findings->pdata[0]), ==, "hardware-changed");
  g_assert_cmpint (ferry_finding_get_severity (findings->pdata[0]), ==, FERRY_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ferry_finding_get_message (findings->pdata[0]), "10de:1e84"));
  g_assert_nonnull (strstr (ferry_finding_get_message (findings->pdata[0]), "10de:2484"));
  g_assert_cmpuint (ferry_finding_get_n_fixes (findings->pdata[0]), ==, 1);
  g_assert_cmpint (ferry_finding_get_fix_kind (findings->pdata[0], 0), ==,
                   FERRY_FIX_MOVE_DEVICE);
  fix = ferry_finding_get_fix_devices (findings->pdata[0], 0, &n_fix);
  g_assert_cmpuint (n_fix, ==, 2);
  g_assert_true (ferry_pci_address_equal (&fix[0], &gpu));
  g_assert_true (ferry_pci_address_equal (&fix[1], &there));

  /* The host stands on 05:00.0 now: the problem names the new address and the host's use of
   * it, and offers no move there; the host's use of the old address changes nothing. */
  uses = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (uses, "0000:01:00.0", "Network interface enp1s0 is up");
  used = ferry_guest_check (guest, changed, uses);
  g_assert_cmpuint (used->len, ==, 1);
  g_assert_cmpuint (ferry_finding_get_n_fixes (used->pdata[0]), ==, 1);
  g_clear_pointer (&used, g_ptr_array_unref);
  g_assert_null (ferry_guest_check_move_target (uses, &there));
  g_hash_table_insert (uses, "0000:05:00.0", "Network interface enp5s0 is up");
  g_assert_cmpstr (ferry_guest_check_move_target (uses, &there), ==,
                   "Network interface enp5s0 is up");
  used = ferry_guest_check (guest, changed, uses);
  g_assert_cmpuint (used->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (used->pdata[0]), ==, "hardware-changed");
  g_assert_cmpint (ferry_finding_get_severity (used->pdata[0]), ==, FERRY_SEVERITY_ERROR);
  g_assert_nonnull (strstr (ferry_finding_get_message (used->pdata[0]),
                            "now at 0000:05:00.0, but the host uses it "
                            "(Network interface enp5s0 is up)"));
  g_assert_cmpuint (ferry_finding_get_n_fixes (used->pdata[0]), ==, 0);

  /* The repair: the hostdev and its record at 05:00.0, and nothing left to say. */
  repaired = ferry_domain_edit_move_device (definition, &fix[0], &fix[1], &error);
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_assert_no_error (error);
  fixture_assert_valid (repaired, "domain");
  g_assert_nonnull (strstr (repaired, "bus=\"0x05\""));
  g_assert_nonnull (strstr (repaired, "urn:example:app"));
  after = guest_from (repaired);
  g_assert_null (ferry_guest_lookup_record (after, &gpu));
  g_assert_nonnull (ferry_guest_lookup_record (after, &there));
  findings = ferry_guest_check (after, changed, NULL);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* No device at the address at all, none found elsewhere: the error without a move. */
  empty = host_with (NULL, NULL);
  findings = ferry_guest_check (guest, empty, NULL);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (findings->pdata[0]), ==, "hardware-changed");
  g_assert_cmpuint (ferry_finding_get_n_fixes (findings->pdata[0]), ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Detach forgets the record; the other program's element stays. */
  forgotten = ferry_domain_edit_forget_record (definition, &gpu, &kept, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_pci_address_equal (&kept.address, &gpu));
  g_assert_cmpuint (kept.vendor_id, ==, ferry_guest_lookup_record (guest, &gpu)->vendor_id);
  g_assert_null (strstr (forgotten, FERRY_HOSTDEV_RECORD_NS));
  g_assert_nonnull (strstr (forgotten, "urn:example:app"));
  fixture_assert_valid (forgotten, "domain");

  /* Assigned by hand: not remembered, and no problem for it. */
  unrecorded = guest_from (by_hand);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (unrecorded)), >, 0);
  g_assert_null (ferry_guest_lookup_record (unrecorded, &gpu));
  findings = ferry_guest_check (unrecorded, changed, NULL);
  g_assert_cmpuint (findings->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/assign-plan/hostdevs", Fixture, NULL, fixture_set_up, test_hostdevs,
              fixture_tear_down);
  g_test_add ("/assign-plan/unmanaged", Fixture, NULL, fixture_set_up, test_unmanaged,
              fixture_tear_down);
  g_test_add ("/assign-plan/vf-interface", Fixture, NULL, fixture_set_up, test_vf_interface,
              fixture_tear_down);
  g_test_add ("/assign-plan/bad-input", Fixture, NULL, fixture_set_up, test_bad_input,
              fixture_tear_down);
  g_test_add ("/assign-plan/hardware-guard", Fixture, NULL, fixture_set_up,
              test_hardware_guard, fixture_tear_down);
  g_test_add_func ("/assign-plan/generated-mac", test_generated_mac);
  g_test_add_func ("/assign-plan/describe-loss", test_describe_loss);

  return g_test_run ();
}
