/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fixtures.h"

#include "ferry-assign-plan.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"

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
  g_test_add_func ("/assign-plan/generated-mac", test_generated_mac);
  g_test_add_func ("/assign-plan/describe-loss", test_describe_loss);

  return g_test_run ();
}
