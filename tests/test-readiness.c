/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-host-probe.h"
#include "ferry-readiness-check.h"

/* The readiness rules over fixture hosts (tests/data/roots/…) and libvirt's view. */

static GPtrArray *
evaluate_root (const char      *name,
               FerryHostFacts **facts_out)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "roots", name, NULL);
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  GPtrArray *checks;

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  ferry_host_probe (root, facts);
  checks = ferry_readiness_evaluate (facts);
  if (facts_out != NULL)
    *facts_out = g_steal_pointer (&facts);
  return checks;
}

static FerryReadinessCheck *
find (GPtrArray  *checks,
      const char *id)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (ferry_readiness_check_get_id (checks->pdata[i]), id) == 0)
      return checks->pdata[i];

  g_assert_not_reached ();
}

static void
assert_status (GPtrArray        *checks,
               const char       *id,
               FerryCheckStatus  status)
{
  FerryReadinessCheck *check = find (checks, id);

  g_test_message ("%s: %s", id, ferry_readiness_check_get_summary (check));
  g_assert_cmpint (ferry_readiness_check_get_status (check), ==, status);
  /* Whatever is not fine says what to do. */
  if (status == FERRY_CHECK_FAIL || status == FERRY_CHECK_WARN)
    g_assert_nonnull (ferry_readiness_check_get_remedy (check));
}

static gboolean
commands_contain (FerryReadinessCheck *check,
                  const char          *text)
{
  const char * const *commands = ferry_readiness_check_get_commands (check);

  for (guint i = 0; commands[i] != NULL; i++)
    if (strstr (commands[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_intel_on (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("intel-on", &facts);

  g_assert_cmpint (facts->cpu_vendor, ==, FERRY_CPU_INTEL);
  g_assert_cmpuint (facts->n_iommu_groups, ==, 12);
  assert_status (checks, "iommu-active", FERRY_CHECK_PASS);
  assert_status (checks, "kernel-cmdline", FERRY_CHECK_PASS);
  assert_status (checks, "vfio", FERRY_CHECK_PASS);
  assert_status (checks, "interrupt-remapping", FERRY_CHECK_PASS);
  assert_status (checks, "acs-override", FERRY_CHECK_PASS);
  /* No libvirt facts were given: those checks do not guess. */
  assert_status (checks, "libvirt-iommu", FERRY_CHECK_UNKNOWN);
}

/* How many commands of all CHECKS contain TEXT. */
static guint
count_commands_with (GPtrArray  *checks,
                     const char *text)
{
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    {
      const char * const *commands = ferry_readiness_check_get_commands (checks->pdata[i]);

      for (guint c = 0; commands[c] != NULL; c++)
        n += strstr (commands[c], text) != NULL;
    }
  return n;
}

static void
test_intel_off (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("intel-off", &facts);
  FerryReadinessCheck *cmdline;

  assert_status (checks, "iommu-active", FERRY_CHECK_FAIL);
  assert_status (checks, "kernel-cmdline", FERRY_CHECK_FAIL);
  assert_status (checks, "vfio", FERRY_CHECK_WARN);

  /* RHEL on UEFI: the fix edits /etc/sysconfig/grub and writes grub2-efi.cfg. */
  cmdline = find (checks, "kernel-cmdline");
  g_assert_true (commands_contain (cmdline, "intel_iommu=on"));
  g_assert_true (commands_contain (cmdline, "/etc/sysconfig/grub"));
  g_assert_true (commands_contain (cmdline, "grub2-mkconfig -o /etc/grub2-efi.cfg"));
  /* The edit says so when the file has no line to change. */
  g_assert_true (commands_contain (cmdline, "add intel_iommu=on by hand"));
  g_assert_true (commands_contain (cmdline, "reboot"));

  /* Both checks fail for the same missing parameter: one fix adds it, once. */
  g_assert_cmpuint (count_commands_with (checks, "intel_iommu=on"), ==, 1);
  g_assert_nonnull (strstr (ferry_readiness_check_get_remedy (find (checks, "iommu-active")),
                            ferry_readiness_check_get_title (cmdline)));
}

static void
test_amd_default (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("amd-default", &facts);

  g_assert_cmpint (facts->cpu_vendor, ==, FERRY_CPU_AMD);
  /* AMD turns the IOMMU on without a parameter, and AMD-Vi remaps interrupts. */
  assert_status (checks, "iommu-active", FERRY_CHECK_PASS);
  assert_status (checks, "kernel-cmdline", FERRY_CHECK_PASS);
  assert_status (checks, "interrupt-remapping", FERRY_CHECK_PASS);
}

static void
test_no_interrupt_remapping (void)
{
  g_autoptr(GPtrArray) checks = evaluate_root ("no-ir", NULL);
  FerryReadinessCheck *check = find (checks, "interrupt-remapping");

  assert_status (checks, "interrupt-remapping", FERRY_CHECK_FAIL);
  g_assert_true (commands_contain (check, "options vfio_iommu_type1 allow_unsafe_interrupts=1"));
  g_assert_true (commands_contain (check, "/etc/modprobe.d/"));
}

static void
test_no_interrupt_remapping_allowed (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("no-ir-allowed", &facts);

  /* The modprobe.d option counts even before the module is reloaded. */
  g_assert_cmpstr (facts->unsafe_interrupts_file, ==, "/etc/modprobe.d/vfio.conf");
  assert_status (checks, "interrupt-remapping", FERRY_CHECK_WARN);
}

static void
test_acs_override (void)
{
  g_autoptr(GPtrArray) checks = evaluate_root ("acs-override", NULL);

  assert_status (checks, "acs-override", FERRY_CHECK_WARN);
  assert_status (checks, "kernel-cmdline", FERRY_CHECK_PASS);
}

static void
test_firmware_off (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("firmware-off-kernel-on", &facts);
  FerryReadinessCheck *active = find (checks, "iommu-active");

  /* The parameter is there, yet no groups: the firmware has VT-d off. */
  assert_status (checks, "kernel-cmdline", FERRY_CHECK_PASS);
  assert_status (checks, "iommu-active", FERRY_CHECK_FAIL);
  g_assert_true (strstr (ferry_readiness_check_get_remedy (active), "firmware") != NULL);
  /* The kernel already has the parameter: adding it again would fix nothing. */
  g_assert_cmpuint (count_commands_with (checks, "intel_iommu=on"), ==, 0);
}

static void
test_intremap_off_on_mint (void)
{
  g_autoptr(FerryHostFacts) facts = NULL;
  g_autoptr(GPtrArray) checks = evaluate_root ("mint-intremap-off", &facts);

  /* ID_LIKE="ubuntu debian", quoted: the fix is update-grub. */
  g_assert_true (facts->debian_like);
  /* The hardware can remap, but the kernel was told not to. */
  assert_status (checks, "interrupt-remapping", FERRY_CHECK_FAIL);
  assert_status (checks, "iommu-active", FERRY_CHECK_PASS);
}

static void
test_libvirt_view (void)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_host_facts_read_capabilities (
    facts, "<capabilities><host><uuid>x</uuid><iommu support='yes'/></host></capabilities>",
    &error));
  g_assert_true (ferry_host_facts_read_domain_capabilities (
    facts, "<domainCapabilities><devices><hostdev supported='yes'>"
           "<enum name='subsysType'><value>pci</value></enum>"
           "<enum name='pciBackend'><value>default</value><value>vfio</value></enum>"
           "</hostdev></devices></domainCapabilities>", &error));
  g_assert_no_error (error);

  /* A remote host: libvirt's view only; the rest is said to be unchecked. */
  checks = ferry_readiness_evaluate (facts);
  assert_status (checks, "libvirt-iommu", FERRY_CHECK_PASS);
  assert_status (checks, "hostdev-backend", FERRY_CHECK_PASS);
  assert_status (checks, "host-files", FERRY_CHECK_UNKNOWN);
  g_clear_pointer (&checks, g_ptr_array_unref);

  g_assert_true (ferry_host_facts_read_capabilities (
    facts, "<capabilities><host><iommu support='no'/></host></capabilities>", &error));
  g_assert_true (ferry_host_facts_read_domain_capabilities (
    facts, "<domainCapabilities><devices><hostdev supported='yes'>"
           "<enum name='pciBackend'/></hostdev></devices></domainCapabilities>", &error));
  checks = ferry_readiness_evaluate (facts);
  assert_status (checks, "libvirt-iommu", FERRY_CHECK_FAIL);
  assert_status (checks, "hostdev-backend", FERRY_CHECK_FAIL);

  /* Malformed XML from a host is an error, never a guess. */
  g_assert_false (ferry_host_facts_read_capabilities (facts, "<capabilities><host>", &error));
  g_assert_nonnull (error);
}

/* A per-user session passes everything else (here the intel-on host) and still cannot
 * assign: one failing check says why and names the system connection. */
static void
test_session_connection (void)
{
  FerryHostFacts *facts = NULL;
  g_autoptr(GPtrArray) system = evaluate_root ("intel-on", &facts);
  g_autoptr(FerryHostFacts) owned = facts;
  g_autoptr(GPtrArray) checks = NULL;
  FerryReadinessCheck *check;

  for (guint i = 0; i < system->len; i++)
    g_assert_cmpstr (ferry_readiness_check_get_id (system->pdata[i]), !=, "session-connection");

  facts->system_uri = g_strdup ("qemu:///system");
  checks = ferry_readiness_evaluate (facts);
  assert_status (checks, "session-connection", FERRY_CHECK_FAIL);
  check = find (checks, "session-connection");
  g_assert_cmpstr (ferry_readiness_check_get_fix_uri (check), ==, "qemu:///system");
  g_assert_nonnull (strstr (ferry_readiness_check_get_summary (check), "per-user session"));
  g_assert_nonnull (strstr (ferry_readiness_check_get_remedy (check), "vfio-pci"));
  assert_status (checks, "iommu-active", FERRY_CHECK_PASS);
}

static void
test_cmdline_words (void)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();

  facts->cmdline = g_strdup ("ro xintel_iommu=on intel_iommu=off pcie_acs_override=downstream");
  g_assert_false (ferry_host_facts_cmdline_has (facts, "intel_iommu=on"));
  g_assert_true (ferry_host_facts_cmdline_has (facts, "intel_iommu=off"));
  g_assert_true (ferry_host_facts_cmdline_has (facts, "pcie_acs_override"));
  g_assert_false (ferry_host_facts_cmdline_has (facts, "iommu"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/readiness/intel-on", test_intel_on);
  g_test_add_func ("/readiness/intel-off", test_intel_off);
  g_test_add_func ("/readiness/amd-default", test_amd_default);
  g_test_add_func ("/readiness/no-interrupt-remapping", test_no_interrupt_remapping);
  g_test_add_func ("/readiness/no-interrupt-remapping-allowed",
                   test_no_interrupt_remapping_allowed);
  g_test_add_func ("/readiness/acs-override", test_acs_override);
  g_test_add_func ("/readiness/firmware-off", test_firmware_off);
  g_test_add_func ("/readiness/intremap-off-on-mint", test_intremap_off_on_mint);
  g_test_add_func ("/readiness/libvirt-view", test_libvirt_view);
  g_test_add_func ("/readiness/cmdline-words", test_cmdline_words);
  g_test_add_func ("/readiness/session-connection", test_session_connection);

  return g_test_run ();
}
