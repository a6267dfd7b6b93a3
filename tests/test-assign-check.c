/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fixtures.h"

#include "ferry-assign-check.h"
#include "ferry-guest.h"
#include "ferry-host-use.h"
#include "ferry-inventory.h"
#include "ferry-network.h"

/* Every assignment rule, once where it must speak and once where it must keep quiet, on
 * hosts built from the node device, domain and network fixtures. */

typedef struct
{
  GPtrArray      *devices;
  GPtrArray      *guests;
  GPtrArray      *networks;
  FerryInventory *inventory;
} Host;

static void
host_free (Host *host)
{
  g_clear_object (&host->inventory);
  g_ptr_array_unref (host->devices);
  g_ptr_array_unref (host->guests);
  g_ptr_array_unref (host->networks);
  g_free (host);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Host, host_free)

static FerryPciAddress
address (const char *text)
{
  FerryPciAddress value;

  g_assert_true (ferry_pci_address_parse (text, &value));
  return value;
}

/* A host with the node devices of the fixtures named in DEVICES (NULL-terminated). */
static Host *
host_new (const char * const *devices)
{
  Host *host = g_new0 (Host, 1);

  host->devices = g_ptr_array_new_with_free_func (g_object_unref);
  host->guests = g_ptr_array_new_with_free_func (g_object_unref);
  host->networks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; devices[i] != NULL; i++)
    {
      g_autofree char *xml = fixture_load (devices[i]);
      g_autoptr(GError) error = NULL;
      FerryHostDevice *device = ferry_host_device_new_from_xml (xml, &error);

      g_assert_no_error (error);
      /* The PF carries eth3, the interface network-pool-pf.xml names. */
      if (g_str_equal (devices[i], "nodedev-pf.xml"))
        ferry_host_device_add_netdev (device, "eth3", NULL, FERRY_LINK_STATE_UNKNOWN);
      g_ptr_array_add (host->devices, device);
    }

  return host;
}

/* Networks come before the guests that use them. */
static void
host_add_network (Host       *host,
                  const char *fixture)
{
  g_autofree char *xml = fixture_load (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_null (host->inventory);
  g_ptr_array_add (host->networks, ferry_network_new_from_xml (xml, &error));
  g_assert_no_error (error);
}

static void
host_add_guest (Host       *host,
                const char *name,
                const char *live_xml,
                const char *config_xml)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new (name, NULL);
  g_autoptr(GPtrArray) pools = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (host->inventory);
  for (guint i = 0; i < host->networks->len; i++)
    if (ferry_network_is_hostdev_pool (host->networks->pdata[i]))
      g_ptr_array_add (pools, host->networks->pdata[i]);

  g_assert_true (ferry_guest_update_from_xml (guest, live_xml, config_xml, pools, &error));
  g_assert_no_error (error);
  g_ptr_array_add (host->guests, g_steal_pointer (&guest));
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  return ferry_pci_address_compare (ferry_host_device_get_address (*(FerryHostDevice **) a),
                                    ferry_host_device_get_address (*(FerryHostDevice **) b));
}

static FerryInventory *
host_get_inventory (Host *host)
{
  if (host->inventory == NULL)
    {
      /* The inventory takes its devices in address order. */
      g_ptr_array_sort (host->devices, compare_devices);
      host->inventory = ferry_inventory_new (host->devices, host->guests, host->networks);
    }
  return host->inventory;
}

/* Group 1: the NVIDIA GPU (vfio-pci) and its HDMI audio (snd_hda_intel) behind root port
 * 00:01.0, which names no group of its own. Group 14: the AMD GPU (amdgpu) and its audio
 * (driver not reported) with their root port 00:03.0. The PF 0a:00.0 (no group) with VFs
 * 0b:10.0 and 0b:10.2, and its second port 0a:00.1; a ConnectX-5 PF 3b:00.0 whose VF 3b:00.2
 * sits in its own slot; a host bridge, a switch port, an NVMe drive alone in group 18 and a
 * virtio NIC outside every group. */
static const char * const all_devices[] = {
  "nodedev-host-bridge.xml", "nodedev-root-port.xml", "nodedev-root-port-grouped.xml",
  "nodedev-no-iommu.xml", "nodedev-gpu.xml", "nodedev-gpu-audio.xml", "nodedev-gpu2.xml",
  "nodedev-gpu2-audio.xml", "nodedev-bridge-capability.xml", "nodedev-downtrained.xml",
  "nodedev-pf.xml", "nodedev-pf-zero-vfs.xml", "nodedev-vf.xml", "nodedev-vf2.xml",
  "nodedev-pf-same-slot.xml", "nodedev-vf-same-slot.xml", NULL,
};

/* The host of test-inventory.c with more devices: workstation runs with the NVIDIA GPU (live
 * and persistent), its audio (live only), VF 0b:10.0 as a hostdev interface and an NVMe drive
 * this host does not have (persistent only); web-01 runs with 0b:10.1 from vf-pool; idle may
 * draw any of vf-pool's VFs. */
static Host *
standard_host (void)
{
  Host *host = host_new (all_devices);
  g_autofree char *config = fixture_load ("domain-q35-assigned.xml");
  g_autofree char *live = fixture_load ("domain-q35-live.xml");
  g_autofree char *transient = fixture_load ("domain-running-pool.xml");

  host_add_network (host, "network-pool-pf.xml");
  host_add_network (host, "network-nat.xml");
  host_add_guest (host, "workstation", live, config);
  host_add_guest (host, "web-01", transient, NULL);
  host_add_guest (host, "idle", NULL,
                  "<domain><name>idle</name><devices>"
                  "<interface type='network'><source network='vf-pool'/></interface>"
                  "</devices></domain>");
  return host;
}

/* The same devices, no guest, no network. */
static Host *
idle_host (void)
{
  return host_new (all_devices);
}

/* win11 is shut off with the NVIDIA GPU in its persistent definition. */
static Host *
win11_host (void)
{
  Host *host = host_new (all_devices);
  g_autofree char *config = fixture_load ("domain-win11-gpu.xml");

  host_add_guest (host, "win11", NULL, config);
  return host;
}

/* A request to give the NULL-terminated addresses to GUEST: one of HOST's guests, or else a
 * new guest with no devices. */
static FerryAssignRequest *
request_new (Host       *host,
             const char *guest,
             ...)
{
  FerryInventory *inventory = host_get_inventory (host);
  g_autoptr(FerryGuest) target = NULL;
  FerryAssignRequest *request;
  va_list args;

  for (guint i = 0; i < host->guests->len && target == NULL; i++)
    if (g_str_equal (ferry_guest_get_name (host->guests->pdata[i]), guest))
      target = g_object_ref (host->guests->pdata[i]);
  if (target == NULL)
    target = ferry_guest_new (guest, NULL);

  request = ferry_assign_request_new (inventory, target);
  va_start (args, guest);
  for (const char *text = va_arg (args, const char *); text != NULL;
       text = va_arg (args, const char *))
    {
      FerryPciAddress value = address (text);

      ferry_assign_request_set_picked (request, &value, TRUE);
    }
  va_end (args);

  return request;
}

static GPtrArray *
check (const FerryAssignRequest *request)
{
  GPtrArray *findings = ferry_assign_check (request);

  for (guint i = 0; i < findings->len; i++)
    g_test_message ("%s %s: %s", ferry_finding_get_severity_name (findings->pdata[i]),
                    ferry_finding_get_code (findings->pdata[i]),
                    ferry_finding_get_message (findings->pdata[i]));
  return findings;
}

static guint
count_code (GPtrArray  *findings,
            const char *code)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    n += g_str_equal (ferry_finding_get_code (findings->pdata[i]), code) ? 1 : 0;
  return n;
}

/* The one finding with CODE, which must be there with SEVERITY. */
static FerryFinding *
find_code (GPtrArray     *findings,
           const char    *code,
           FerrySeverity  severity)
{
  FerryFinding *found = NULL;

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (ferry_finding_get_code (findings->pdata[i]), code))
      {
        g_assert_null (found);
        found = findings->pdata[i];
      }

  g_assert_nonnull (found);
  g_assert_cmpint (ferry_finding_get_severity (found), ==, severity);
  return found;
}

static void
assert_message_has (FerryFinding *finding,
                    const char   *text)
{
  const char *message = ferry_finding_get_message (finding);

  if (strstr (message, text) == NULL)
    g_error ("“%s” is not in “%s”", text, message);
}

static gboolean
has_device (FerryFinding *finding,
            const char   *text)
{
  FerryPciAddress wanted = address (text);
  const FerryPciAddress *devices;
  guint n_devices;

  devices = ferry_finding_get_devices (finding, &n_devices);
  for (guint i = 0; i < n_devices; i++)
    if (ferry_pci_address_equal (&devices[i], &wanted))
      return TRUE;
  return FALSE;
}

static void
assert_guests (FerryFinding *finding,
               const char   *first,
               ...)
{
  const char * const *guests = ferry_finding_get_guests (finding);
  guint n = 0;
  va_list args;

  va_start (args, first);
  for (const char *guest = first; guest != NULL; guest = va_arg (args, const char *))
    g_assert_cmpstr (guests[n++], ==, guest);
  va_end (args);
  g_assert_null (guests[n]);
}

/* The request and the finding records themselves. */

static void
test_request (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", NULL);
  FerryPciAddress gpu = address ("0000:02:00.0");
  FerryPciAddress audio = address ("0000:02:00.1");

  g_assert_true (request->inventory == host->inventory);
  g_assert_cmpstr (ferry_guest_get_name (request->guest), ==, "media");
  g_assert_cmpuint (request->picked->len, ==, 0);
  g_assert_cmpuint (request->detach_first->len, ==, 0);
  g_assert_true (request->managed);
  g_assert_false (request->can_detach);
  g_assert_null (request->host_uses);

  /* Each address once, in the order picked; taking one out keeps the others' order. */
  ferry_assign_request_set_picked (request, &audio, TRUE);
  ferry_assign_request_set_picked (request, &gpu, TRUE);
  ferry_assign_request_set_picked (request, &audio, TRUE);
  g_assert_cmpuint (request->picked->len, ==, 2);
  g_assert_true (ferry_pci_address_equal (&g_array_index (request->picked, FerryPciAddress, 0),
                                          &audio));
  g_assert_true (ferry_assign_request_is_picked (request, &gpu));
  ferry_assign_request_set_picked (request, &audio, FALSE);
  ferry_assign_request_set_picked (request, &audio, FALSE);
  g_assert_false (ferry_assign_request_is_picked (request, &audio));
  g_assert_cmpuint (request->picked->len, ==, 1);

  /* The request owns the host-use table it is given. */
  request->host_uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
test_finding (void)
{
  g_autoptr(FerryFinding) finding = ferry_finding_new ("group-split", FERRY_SEVERITY_ERROR,
                                                       "A sentence.");
  g_autoptr(FerryFinding) info = ferry_finding_new ("unmanaged", FERRY_SEVERITY_INFO, "…");
  g_autoptr(FerryFinding) warning = ferry_finding_new ("limit", FERRY_SEVERITY_WARNING, "…");
  FerryPciAddress later = address ("0000:02:00.1");
  FerryPciAddress earlier = address ("0000:01:00.0");
  const FerryPciAddress *devices;
  guint n;

  g_assert_cmpstr (ferry_finding_get_code (finding), ==, "group-split");
  g_assert_cmpstr (ferry_finding_get_severity_name (finding), ==, "error");
  g_assert_cmpstr (ferry_finding_get_message (finding), ==, "A sentence.");
  g_assert_null (ferry_finding_get_guests (finding)[0]);
  devices = ferry_finding_get_devices (finding, &n);
  g_assert_cmpuint (n, ==, 0);

  /* Devices in address order, each once; guests each once, as named. */
  ferry_finding_add_device (finding, &later);
  ferry_finding_add_device (finding, &earlier);
  ferry_finding_add_device (finding, &later);
  devices = ferry_finding_get_devices (finding, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (ferry_pci_address_equal (&devices[0], &earlier));
  g_assert_true (ferry_pci_address_equal (&devices[1], &later));
  ferry_finding_add_guest (finding, "win11");
  ferry_finding_add_guest (finding, "lab");
  ferry_finding_add_guest (finding, "win11");
  assert_guests (finding, "win11", "lab", NULL);

  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 0);
  ferry_finding_add_fix (finding, FERRY_FIX_ADD_DEVICES, "Add", &later, 1);
  ferry_finding_add_fix (finding, FERRY_FIX_DETACH_FROM_HOST, "Detach", &earlier, 1);
  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 2);
  g_assert_cmpint (ferry_finding_get_fix_kind (finding, 1), ==, FERRY_FIX_DETACH_FROM_HOST);
  g_assert_cmpstr (ferry_finding_get_fix_label (finding, 0), ==, "Add");
  devices = ferry_finding_get_fix_devices (finding, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (ferry_pci_address_equal (&devices[0], &later));

  g_assert_cmpstr (ferry_finding_get_severity_name (warning), ==, "warning");
  g_assert_cmpstr (ferry_finding_get_severity_name (info), ==, "info");
}

/* empty */

static void
test_empty_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", NULL);
  g_autoptr(GPtrArray) findings = NULL;

  /* Nothing else is worth saying: not even that unmanaged devices need detaching. */
  request->managed = FALSE;
  findings = check (request);
  g_assert_cmpuint (findings->len, ==, 1);
  assert_message_has (find_code (findings, "empty", FERRY_SEVERITY_ERROR),
                      "Pick at least one device");
  g_assert_true (ferry_assign_check_has_error (findings));
}

static void
test_empty_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  /* An NVMe drive alone in its group, no guest, no pool: nothing to say at all. */
  g_assert_cmpuint (count_code (findings, "empty"), ==, 0);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_false (ferry_assign_check_has_error (findings));
}

/* not-found */

static void
test_not_found_positive (void)
{
  g_autoptr(Host) host = standard_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:07:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "not-found", FERRY_SEVERITY_ERROR);

  assert_message_has (finding, "0000:07:00.0");
  g_assert_true (has_device (finding, "0000:07:00.0"));
  /* Guests may still name a function the host does not list (any more). */
  finding = find_code (findings, "in-use-defined", FERRY_SEVERITY_WARNING);
  assert_message_has (finding, "The function 0000:07:00.0 is also in the definition of "
                               "workstation.");
}

static void
test_not_found_negative (void)
{
  g_autoptr(Host) host = standard_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "not-found"), ==, 0);
}

/* bridge */

static void
test_bridge_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  /* A root port, a host bridge (class 0x060000, no bridge capability) and a switch port
   * (class 0x068000 with libvirt's pci-bridge capability). */
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:00:01.0",
                                                       "0000:00:00.0", "0000:05:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "bridge"), ==, 3);
  g_assert_cmpint (ferry_finding_get_severity (findings->pdata[0]), ==, FERRY_SEVERITY_ERROR);
  assert_message_has (findings->pdata[1], "Host Bridge/DRAM Registers (0000:00:00.0)");
  /* A bridge outside every group is the bridge rule's, not no-iommu's. */
  g_assert_cmpuint (count_code (findings, "no-iommu"), ==, 0);
}

static void
test_bridge_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:02:00.0",
                                                       "0000:02:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  /* The GPU's root port is in its group, yet only the endpoints are picked. */
  g_assert_cmpuint (count_code (findings, "bridge"), ==, 0);
}

/* no-iommu */

static void
test_no_iommu_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:00:04.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "no-iommu", FERRY_SEVERITY_ERROR);

  assert_message_has (finding, "Virtio 1.0 network device (0000:00:04.0)");
  assert_message_has (finding, "IOMMU is off");
  assert_message_has (finding, "outside every group");
  assert_message_has (finding, "readiness check");
  g_assert_true (has_device (finding, "0000:00:04.0"));
}

static void
test_no_iommu_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0",
                                                       "0000:00:01.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "no-iommu"), ==, 0);
}

/* already-assigned */

static void
test_already_assigned_positive (void)
{
  g_autoptr(Host) host = standard_host ();
  /* The GPU live and at next boot, its audio live only: both are workstation's already. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "workstation", "0000:01:00.0",
                                                       "0000:01:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "already-assigned"), ==, 2);
  assert_message_has (findings->pdata[0], "is already assigned to workstation");
  /* The guest's own devices are no conflict with itself. */
  g_assert_cmpuint (count_code (findings, "in-use-running"), ==, 0);
  g_assert_cmpuint (count_code (findings, "group-split"), ==, 0);
}

static void
test_already_assigned_negative (void)
{
  g_autoptr(Host) host = standard_host ();
  g_autoptr(FerryAssignRequest) mine = request_new (host, "workstation", "0000:08:00.0", NULL);
  g_autoptr(FerryAssignRequest) other = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (mine);
  g_autoptr(GPtrArray) other_findings = check (other);

  g_assert_cmpuint (count_code (findings, "already-assigned"), ==, 0);
  g_assert_cmpuint (count_code (other_findings, "already-assigned"), ==, 0);
}

/* in-use-running */

static void
test_in_use_running_positive (void)
{
  g_autoptr(Host) host = standard_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "in-use-running", FERRY_SEVERITY_ERROR);

  assert_message_has (finding, "TU104 [GeForce RTX 2070 SUPER] (0000:01:00.0)");
  assert_message_has (finding, "workstation");
  assert_guests (finding, "workstation", NULL);
  g_assert_true (has_device (finding, "0000:01:00.0"));
}

static void
test_in_use_running_negative (void)
{
  g_autoptr(Host) host = win11_host ();
  g_autoptr(Host) pooled = standard_host ();
  /* win11 is shut off: its GPU is not held now. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  /* idle may draw 0b:10.2 from its pool, but holds no VF yet. */
  g_autoptr(FerryAssignRequest) vf = request_new (pooled, "media", "0000:0b:10.2", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  g_autoptr(GPtrArray) vf_findings = check (vf);

  g_assert_cmpuint (count_code (findings, "in-use-running"), ==, 0);
  g_assert_cmpuint (count_code (vf_findings, "in-use-running"), ==, 0);
  g_assert_cmpuint (count_code (vf_findings, "in-use-defined"), ==, 0);
}

/* in-use-defined */

static void
test_in_use_defined_positive (void)
{
  g_autoptr(Host) host = win11_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "in-use-defined", FERRY_SEVERITY_WARNING);

  assert_message_has (finding, "win11");
  assert_message_has (finding, "media");
  assert_message_has (finding, "cannot run at the same time");
  assert_guests (finding, "win11", NULL);
  /* Only a warning: the one error here is the GPU's audio left on snd_hda_intel. */
  for (guint i = 0; i < findings->len; i++)
    if (ferry_finding_get_severity (findings->pdata[i]) == FERRY_SEVERITY_ERROR)
      g_assert_cmpstr (ferry_finding_get_code (findings->pdata[i]), ==, "group-host-driver");
}

static void
test_in_use_defined_negative (void)
{
  g_autoptr(Host) host = standard_host ();
  /* workstation holds the GPU now as well: that is in-use-running, not this. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "in-use-defined"), ==, 0);
  g_assert_cmpuint (count_code (findings, "in-use-running"), ==, 1);
}

/* group-split */

static void
test_group_split_positive (void)
{
  g_autoptr(Host) host = win11_host ();
  g_autoptr(Host) running = standard_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.1", NULL);
  g_autoptr(FerryAssignRequest) live = request_new (running, "media", "0000:01:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  g_autoptr(GPtrArray) live_findings = check (live);
  FerryFinding *finding = find_code (findings, "group-split", FERRY_SEVERITY_ERROR);

  /* Persistent only is enough: win11 would take the group back at its next start. */
  assert_message_has (finding, "The TU104 HD Audio Controller (0000:01:00.1) shares IOMMU "
                               "group 1 with the TU104 [GeForce RTX 2070 SUPER] (0000:01:00.0), "
                               "which is assigned to win11.");
  assert_message_has (finding, "media");
  assert_guests (finding, "win11", NULL);
  g_assert_true (has_device (finding, "0000:01:00.0"));
  g_assert_true (has_device (finding, "0000:01:00.1"));
  /* The GPU is another guest's: group-host-driver leaves it to this rule. */
  g_assert_cmpuint (count_code (findings, "group-host-driver"), ==, 0);

  finding = find_code (live_findings, "group-split", FERRY_SEVERITY_ERROR);
  assert_guests (finding, "workstation", NULL);
}

static void
test_group_split_negative (void)
{
  g_autoptr(Host) host = win11_host ();
  /* The rest of the group goes where the GPU already is. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "win11", "0000:01:00.1", NULL);
  /* The bridge in the group is no endpoint, and nobody else has a device there. */
  g_autoptr(FerryAssignRequest) alone = request_new (host, "media", "0000:02:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  g_autoptr(GPtrArray) alone_findings = check (alone);

  g_assert_cmpuint (count_code (findings, "group-split"), ==, 0);
  g_assert_cmpuint (count_code (alone_findings, "group-split"), ==, 0);
}

/* group-host-driver */

static void
test_group_host_driver_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) nvidia = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(FerryAssignRequest) amd = request_new (host, "media", "0000:02:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;
  const FerryPciAddress *devices;
  guint n;

  findings = check (nvidia);
  /* A known host driver stops the guest ("group is not viable"): an error, which the user
   * may still take on. */
  finding = find_code (findings, "group-host-driver", FERRY_SEVERITY_ERROR);
  g_assert_true (ferry_finding_get_overridable (finding));
  assert_message_has (finding, "TU104 HD Audio Controller (0000:01:00.1)");
  assert_message_has (finding, "snd_hda_intel");
  assert_message_has (finding, "media will not start");
  g_assert_true (has_device (finding, "0000:01:00.1"));
  /* No nodedev-detach on this connection: assigning it too is the only fix offered. */
  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 1);
  g_assert_cmpint (ferry_finding_get_fix_kind (finding, 0), ==, FERRY_FIX_ADD_DEVICES);
  g_assert_cmpstr (ferry_finding_get_fix_label (finding, 0), ==, "Also assign it to media");
  devices = ferry_finding_get_fix_devices (finding, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (ferry_pci_address_equal (&devices[0], &(FerryPciAddress) { 0, 1, 0, 1 }));

  /* The test driver and remote hosts report no driver: that may well be the host's. */
  amd->can_detach = TRUE;
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (amd);
  finding = find_code (findings, "group-host-driver", FERRY_SEVERITY_WARNING);
  assert_message_has (finding, "Navi 21/23 HDMI/DP Audio Controller (0000:02:00.1)");
  assert_message_has (finding, "does not report its driver");
  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 2);
  g_assert_cmpint (ferry_finding_get_fix_kind (finding, 1), ==, FERRY_FIX_DETACH_FROM_HOST);
  g_assert_cmpstr (ferry_finding_get_fix_label (finding, 1), ==, "Detach it from the host");
  /* The root port in the group is no endpoint. */
  g_assert_false (has_device (finding, "0000:00:03.0"));
}

static void
test_group_host_driver_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(Host) win11 = win11_host ();
  /* The NVIDIA GPU is bound to vfio-pci already. */
  g_autoptr(FerryAssignRequest) vfio = request_new (host, "media", "0000:01:00.1", NULL);
  /* Both endpoints picked. */
  g_autoptr(FerryAssignRequest) both = request_new (host, "media", "0000:02:00.0",
                                                    "0000:02:00.1", NULL);
  /* The user detaches the audio first. */
  g_autoptr(FerryAssignRequest) detached = request_new (host, "media", "0000:02:00.0", NULL);
  /* The target has the rest of the group already. */
  g_autoptr(FerryAssignRequest) owner = request_new (win11, "win11", "0000:01:00.1", NULL);
  FerryPciAddress audio = address ("0000:02:00.1");
  FerryAssignRequest *requests[] = { vfio, both, detached, owner };

  g_array_append_val (detached->detach_first, audio);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(GPtrArray) findings = check (requests[i]);

      g_assert_cmpuint (count_code (findings, "group-host-driver"), ==, 0);
    }
}

/* group-unlisted */

static void
test_group_unlisted (void)
{
  const char * const devices[] = { "nodedev-unlisted-member.xml", NULL };
  g_autoptr(Host) host = host_new (devices);
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:05:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "group-unlisted", FERRY_SEVERITY_WARNING);
  FerryPciAddress unlisted = address ("0000:05:00.1");
  g_autoptr(FerryAssignRequest) detached = request_new (host, "media", "0000:05:00.0", NULL);
  g_autoptr(GPtrArray) after_detach = NULL;

  assert_message_has (finding, "function 0000:05:00.1");
  assert_message_has (finding, "libvirt does not list");
  g_assert_true (has_device (finding, "0000:05:00.1"));

  g_array_append_val (detached->detach_first, unlisted);
  after_detach = check (detached);
  g_assert_cmpuint (count_code (after_detach, "group-unlisted"), ==, 0);
}

/* group-bridges */

static void
test_group_bridges_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) amd = request_new (host, "media", "0000:02:00.0",
                                                   "0000:02:00.1", NULL);
  /* Root port 00:01.0 names no group itself; the NVIDIA functions list it in theirs. */
  g_autoptr(FerryAssignRequest) nvidia = request_new (host, "media", "0000:01:00.0",
                                                      "0000:01:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (amd);
  g_autoptr(GPtrArray) nvidia_findings = check (nvidia);
  FerryFinding *finding = find_code (findings, "group-bridges", FERRY_SEVERITY_INFO);

  assert_message_has (finding, "IOMMU group 14 also holds Starship/Matisse GPP Bridge "
                               "(0000:00:03.0)");
  g_assert_true (has_device (finding, "0000:00:03.0"));
  g_assert_false (has_device (finding, "0000:02:00.0"));
  g_assert_false (ferry_assign_check_has_error (findings));

  finding = find_code (nvidia_findings, "group-bridges", FERRY_SEVERITY_INFO);
  g_assert_true (has_device (finding, "0000:00:01.0"));
}

static void
test_group_bridges_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0",
                                                       "0000:0b:10.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "group-bridges"), ==, 0);
}

/* multifunction */

static void
test_multifunction_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:02:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "multifunction", FERRY_SEVERITY_WARNING);
  const FerryPciAddress *devices;
  guint n;

  assert_message_has (finding, "Navi 23 [Radeon RX 6600/6600 XT/6600M] (0000:02:00.0)");
  assert_message_has (finding, "Navi 21/23 HDMI/DP Audio Controller (0000:02:00.1)");
  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 1);
  g_assert_cmpint (ferry_finding_get_fix_kind (finding, 0), ==, FERRY_FIX_ADD_DEVICES);
  g_assert_cmpstr (ferry_finding_get_fix_label (finding, 0), ==, "Assign all functions");
  devices = ferry_finding_get_fix_devices (finding, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (devices[0].function, ==, 1);
}

static void
test_multifunction_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(Host) win11 = win11_host ();
  /* All functions picked. */
  g_autoptr(FerryAssignRequest) both = request_new (host, "media", "0000:02:00.0",
                                                    "0000:02:00.1", NULL);
  /* VF 0b:10.0 shares its slot with VF 0b:10.2, yet each VF is a device of its own… */
  g_autoptr(FerryAssignRequest) vf = request_new (host, "media", "0000:0b:10.0", NULL);
  /* …and so are a PF and a VF in one slot, whichever is picked. */
  g_autoptr(FerryAssignRequest) same_slot_pf = request_new (host, "media", "0000:3b:00.0", NULL);
  g_autoptr(FerryAssignRequest) same_slot_vf = request_new (host, "media", "0000:3b:00.2", NULL);
  /* The other function is the target's already. */
  g_autoptr(FerryAssignRequest) owner = request_new (win11, "win11", "0000:01:00.1", NULL);
  FerryAssignRequest *requests[] = { both, vf, same_slot_pf, same_slot_vf, owner };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(GPtrArray) findings = check (requests[i]);

      g_assert_cmpuint (count_code (findings, "multifunction"), ==, 0);
    }
}

/* The other function belongs to another guest (win11 has the GPU in its definition, shut
 * off): the finding names it, and "Assign all functions" never takes it from win11. */
static void
test_multifunction_held_elsewhere (void)
{
  g_autoptr(Host) host = win11_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "multifunction", FERRY_SEVERITY_WARNING);

  assert_message_has (finding, "(0000:01:00.0) belongs to win11: “Assign all functions” "
                               "leaves it out.");
  g_assert_cmpuint (ferry_finding_get_n_fixes (finding), ==, 0);
}

/* vf-in-pool */

static void
test_vf_in_pool_positive (void)
{
  g_autoptr(Host) host = standard_host ();
  /* vf-pool takes in every VF of eth3's PF. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:0b:10.2", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "vf-in-pool", FERRY_SEVERITY_WARNING);

  assert_message_has (finding, "82576 Virtual Function (0000:0b:10.2)");
  assert_message_has (finding, "vf-pool");
  g_assert_true (has_device (finding, "0000:0b:10.2"));
}

static void
test_vf_in_pool_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  /* Only a NAT network: no pool hands out VFs. */
  host_add_network (host, "network-nat.xml");
  request = request_new (host, "media", "0000:0b:10.2", NULL);
  findings = check (request);
  g_assert_cmpuint (count_code (findings, "vf-in-pool"), ==, 0);
}

/* pf-with-vfs */

static void
test_pf_with_vfs_positive (void)
{
  g_autoptr(Host) host = standard_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:0a:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "pf-with-vfs", FERRY_SEVERITY_WARNING);

  /* 0b:10.0 is workstation's and in vf-pool; 0b:10.2 is in vf-pool. */
  assert_message_has (finding, "2 VFs");
  assert_message_has (finding, "0000:0b:10.0, used by workstation and in pool vf-pool");
  assert_message_has (finding, "0000:0b:10.2, in pool vf-pool");
  assert_guests (finding, "workstation", NULL);
  g_assert_true (has_device (finding, "0000:0a:00.0"));
  g_assert_true (has_device (finding, "0000:0b:10.0"));
  g_assert_true (has_device (finding, "0000:0b:10.2"));
}

static void
test_pf_with_vfs_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(Host) standard = standard_host ();
  /* VFs nobody uses and no pool holds. */
  g_autoptr(FerryAssignRequest) idle = request_new (host, "media", "0000:0a:00.0", NULL);
  /* A PF without VFs now. */
  g_autoptr(FerryAssignRequest) zero = request_new (standard, "media", "0000:0a:00.1", NULL);
  g_autoptr(GPtrArray) findings = check (idle);
  g_autoptr(GPtrArray) zero_findings = check (zero);

  g_assert_cmpuint (count_code (findings, "pf-with-vfs"), ==, 0);
  g_assert_cmpuint (count_code (zero_findings, "pf-with-vfs"), ==, 0);
}

/* limit */

/* A domain with N_HOSTDEVS assigned functions, half as hostdevs and half as hostdev
 * interfaces, plus devices that do not count: a pool interface, a USB hostdev, a virtio NIC. */
static char *
domain_with_hostdevs (const char *name,
                      guint       n_hostdevs)
{
  g_autoptr(GString) xml = g_string_new (NULL);

  g_string_append_printf (xml, "<domain type='kvm'><name>%s</name>"
                               "<memory unit='KiB'>1048576</memory>"
                               "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
                               "<devices>", name);
  for (guint i = 0; i < n_hostdevs; i++)
    {
      guint bus = 0x40 + i / 8;
      guint function = i % 8;

      if (i % 2 == 0)
        g_string_append_printf (xml, "<hostdev mode='subsystem' type='pci' managed='yes'>"
                                     "<source><address domain='0x0000' bus='0x%02x' "
                                     "slot='0x00' function='0x%x'/></source></hostdev>",
                                bus, function);
      else
        g_string_append_printf (xml, "<interface type='hostdev' managed='yes'>"
                                     "<mac address='52:54:00:00:00:%02x'/>"
                                     "<source><address type='pci' domain='0x0000' "
                                     "bus='0x%02x' slot='0x00' function='0x%x'/></source>"
                                     "</interface>",
                                i, bus, function);
    }
  g_string_append (xml, "<interface type='network'><source network='vf-pool'/></interface>"
                        "<hostdev mode='subsystem' type='usb' managed='yes'><source>"
                        "<vendor id='0x046d'/><product id='0xc52b'/></source></hostdev>"
                        "<interface type='network'><source network='default'/>"
                        "<model type='virtio'/></interface>"
                        "</devices></domain>");
  fixture_assert_valid (xml->str, "domain");
  return g_string_free (g_steal_pointer (&xml), FALSE);
}

static Host *
host_with_big_guest (guint n_hostdevs)
{
  Host *host = host_new (all_devices);
  g_autofree char *xml = domain_with_hostdevs ("farm", n_hostdevs);

  host_add_network (host, "network-pool-pf.xml");
  host_add_guest (host, "farm", NULL, xml);
  return host;
}

static void
test_limit_positive (void)
{
  g_autoptr(Host) host = host_with_big_guest (FERRY_GUEST_MAX_ASSIGNED);
  g_autoptr(FerryAssignRequest) request = request_new (host, "farm", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  FerryFinding *finding = find_code (findings, "limit", FERRY_SEVERITY_WARNING);

  assert_message_has (finding, "farm would have 33 assigned devices, more than the 32");
  g_assert_true (has_device (finding, "0000:08:00.0"));
}

static void
test_limit_negative (void)
{
  g_autoptr(Host) host = host_with_big_guest (FERRY_GUEST_MAX_ASSIGNED - 1);
  g_autoptr(Host) full = host_with_big_guest (FERRY_GUEST_MAX_ASSIGNED);
  /* 31 and one more: the limit is reached, not passed (the pool interface and the USB
   * device do not count). */
  g_autoptr(FerryAssignRequest) request = request_new (host, "farm", "0000:08:00.0", NULL);
  /* A device the guest has already is not one more. */
  g_autoptr(FerryAssignRequest) again = request_new (full, "farm", "0000:40:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);
  g_autoptr(GPtrArray) again_findings = check (again);

  g_assert_cmpuint (count_code (findings, "limit"), ==, 0);
  g_assert_cmpuint (count_code (again_findings, "limit"), ==, 0);
  g_assert_cmpuint (count_code (again_findings, "already-assigned"), ==, 1);
}

/* host-critical */

static void
test_host_critical_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0",
                                                       "0000:02:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryPciAddress audio = address ("0000:02:00.1");
  FerryFinding *finding = NULL;

  request->host_uses = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (request->host_uses, "0000:08:00.0", "/ and /home are on nvme0n1");
  g_hash_table_insert (request->host_uses, "0000:02:00.1", "the desktop plays sound on it");
  /* Detaching the audio from the host takes it away too. */
  g_array_append_val (request->detach_first, audio);
  findings = check (request);

  g_assert_cmpuint (count_code (findings, "host-critical"), ==, 2);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (ferry_finding_get_code (findings->pdata[i]), "host-critical") &&
        has_device (findings->pdata[i], "0000:08:00.0"))
      finding = findings->pdata[i];
  g_assert_nonnull (finding);
  /* What the host stands on is an error: Next stays off unless the user overrides it. */
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_ERROR);
  g_assert_true (ferry_finding_get_overridable (finding));
  assert_message_has (finding, "WD Black SN750 / PC SN730 NVMe SSD (0000:08:00.0)");
  assert_message_has (finding, "/ and /home are on nvme0n1");
  g_assert_true (ferry_assign_check_blocks (findings, FALSE));
  g_assert_false (ferry_assign_check_blocks (findings, TRUE));
  g_assert_true (ferry_assign_check_can_override (findings));
}

static void
test_host_critical_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) remote = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(FerryAssignRequest) unused = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) unused_findings = NULL;

  /* A remote host tells nothing; a local one may use only other devices. */
  unused->host_uses = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (unused->host_uses, "0000:00:04.0", "eth0 is up");
  findings = check (remote);
  unused_findings = check (unused);

  g_assert_cmpuint (count_code (findings, "host-critical"), ==, 0);
  g_assert_cmpuint (count_code (unused_findings, "host-critical"), ==, 0);
}

/* Remote host use: what libvirt tells over any connection */

/* The NVIDIA GPU (vfio-pci, group 1), the PF's second port 0a:00.1 (igb, group 20) whose eth3
 * is up (nodedev-net.xml, libvirt's net child) and a virtio NIC that reports no interface. */
static Host *
remote_host (void)
{
  static const char * const devices[] = {
    "nodedev-gpu.xml", "nodedev-pf-zero-vfs.xml", "nodedev-no-iommu.xml", NULL,
  };
  Host *host = host_new (devices);
  g_autofree char *xml = fixture_load ("nodedev-net.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryNetdev) netdev = ferry_host_device_parse_net_child (xml, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < host->devices->len; i++)
    if (g_str_equal (ferry_host_device_get_name (host->devices->pdata[i]), netdev->parent))
      ferry_host_device_add_netdev (host->devices->pdata[i], netdev->interface, netdev->mac,
                                    netdev->link);
  return host;
}

static void
test_host_remote_positive (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:0a:00.1",
                                                       "0000:00:04.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;

  request->host_uses = ferry_host_uses_from_inventory (request->inventory, TRUE);
  request->host_uses_partial = TRUE;
  findings = check (request);

  /* The up interface is an error that names it and the connection it may carry. */
  finding = find_code (findings, "host-critical", FERRY_SEVERITY_ERROR);
  g_assert_true (has_device (finding, "0000:0a:00.1"));
  assert_message_has (finding, "Network interface eth3 is up");
  assert_message_has (finding, "connection to the host may run over it");
  /* What libvirt does not tell is a warning that says so, never silence. */
  finding = find_code (findings, "host-use-unknown", FERRY_SEVERITY_WARNING);
  g_assert_true (has_device (finding, "0000:00:04.0"));
  g_assert_false (has_device (finding, "0000:0a:00.1"));
  assert_message_has (finding, "Ferry cannot tell over a remote connection whether the host "
                               "uses the");
}

static void
test_host_remote_negative (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GHashTable) uses = ferry_host_uses_from_inventory (host_get_inventory (host), TRUE);
  g_autoptr(GPtrArray) findings = NULL;

  /* Only the up interface's function; locally (all probes ran) no "cannot tell". */
  g_assert_cmpuint (g_hash_table_size (uses), ==, 1);
  g_assert_true (g_hash_table_contains (uses, "0000:0a:00.1"));
  request->host_uses = g_hash_table_ref (uses);
  findings = check (request);
  g_assert_cmpuint (count_code (findings, "host-critical"), ==, 0);
  g_assert_cmpuint (count_code (findings, "host-use-unknown"), ==, 0);
}

/* libvirt's node devices below the virtio NIC's function 00:04.0, taken as a virtio-scsi
 * controller: two disks through the SCSI links, one whose chain ends nowhere, and a loop. */
static const char * const disk_children[] = {
  "<device><name>scsi_host0</name><parent>pci_0000_00_04_0</parent>"
  "<capability type='scsi_host'><host>0</host><unique_id>1</unique_id></capability></device>",
  "<device><name>scsi_target0_0_0</name><parent>scsi_host0</parent>"
  "<capability type='scsi_target'><target>target0:0:0</target></capability></device>",
  "<device><name>scsi_0_0_0_0</name><parent>scsi_target0_0_0</parent>"
  "<capability type='scsi'><host>0</host><bus>0</bus><target>0</target><lun>0</lun>"
  "<type>disk</type></capability></device>",
  "<device><name>block_sda_QEMU_HARDDISK_QM00001</name>"
  "<path>/sys/devices/pci0000:00/0000:00:04.0/virtio1/host0/target0:0:0/0:0:0:0/block/sda</path>"
  "<parent>scsi_0_0_0_0</parent><capability type='storage'><block>/dev/sda</block>"
  "<bus>scsi</bus><drive_type>disk</drive_type><model>QEMU HARDDISK</model>"
  "<size>10737418240</size></capability></device>",
  "<device><name>block_sdb_2</name><parent>scsi_0_0_0_0</parent>"
  "<capability type='storage'><block>/dev/sdb</block></capability></device>",
  "<device><name>block_sdz_lost</name><parent>scsi_9_0_0_0</parent>"
  "<capability type='storage'><block>/dev/sdz</block></capability></device>",
  "<device><name>scsi_a</name><parent>scsi_b</parent><capability type='scsi'/></device>",
  "<device><name>scsi_b</name><parent>scsi_a</parent><capability type='scsi'/></device>",
  "<device><name>block_sdy_loop</name><parent>scsi_a</parent>"
  "<capability type='storage'><block>/dev/sdy</block></capability></device>",
};

static void
test_host_remote_disks (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_node_child_free);
  g_autoptr(FerryAssignRequest) request = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  FerryHostDevice *controller = NULL;
  const char * const *blocks;
  FerryFinding *finding;

  for (guint i = 0; i < G_N_ELEMENTS (disk_children); i++)
    {
      FerryNodeChild *child = ferry_host_device_parse_child (disk_children[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (children, child);
    }
  g_assert_null (ferry_host_device_parse_child ("<device><name>orphan</name></device>", &error));
  g_assert_nonnull (error);

  ferry_host_device_place_disks (host->devices, children, NULL);
  for (guint i = 0; i < host->devices->len; i++)
    if (g_str_equal (ferry_host_device_get_name (host->devices->pdata[i]), "pci_0000_00_04_0"))
      controller = host->devices->pdata[i];
  g_assert_nonnull (controller);
  blocks = ferry_host_device_get_blocks (controller);
  g_assert_cmpstr (blocks[0], ==, "sda");
  g_assert_cmpstr (blocks[1], ==, "sdb");
  g_assert_null (blocks[2]);

  /* Over a remote connection the disks are named in the warning. */
  request = request_new (host, "media", "0000:00:04.0", NULL);
  request->host_uses = ferry_host_uses_from_inventory (request->inventory, TRUE);
  request->host_uses_partial = TRUE;
  findings = check (request);
  finding = find_code (findings, "host-use-unknown", FERRY_SEVERITY_WARNING);
  assert_message_has (finding, "holds the host’s disks sda, sdb");
  assert_message_has (finding, "cannot tell over a remote connection");
}

/* Records an earlier read shows too never change: the one that gets disks is replaced by
 * a copy that has them, and the others stay the very same objects. */
static void
test_host_remote_disks_shared (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_node_child_free);
  g_autoptr(GPtrArray) earlier = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) shared = g_hash_table_new (NULL, NULL);
  guint controller = G_MAXUINT;

  for (guint i = 0; i < G_N_ELEMENTS (disk_children); i++)
    g_ptr_array_add (children, ferry_host_device_parse_child (disk_children[i], NULL));
  for (guint i = 0; i < host->devices->len; i++)
    {
      g_ptr_array_add (earlier, g_object_ref (host->devices->pdata[i]));
      g_hash_table_add (shared, host->devices->pdata[i]);
      if (g_str_equal (ferry_host_device_get_name (host->devices->pdata[i]), "pci_0000_00_04_0"))
        controller = i;
    }
  g_assert_cmpuint (controller, <, host->devices->len);

  ferry_host_device_place_disks (host->devices, children, shared);
  for (guint i = 0; i < host->devices->len; i++)
    {
      if (i != controller)
        {
          g_assert_true (host->devices->pdata[i] == earlier->pdata[i]);
          g_assert_true (g_hash_table_contains (shared, earlier->pdata[i]));
          continue;
        }
      g_assert_true (host->devices->pdata[i] != earlier->pdata[i]);
      g_assert_false (g_hash_table_contains (shared, earlier->pdata[i]));
      g_assert_null (ferry_host_device_get_blocks (earlier->pdata[i])[0]);
      g_assert_cmpstrv (ferry_host_device_get_blocks (host->devices->pdata[i]),
                        ((const char *[]) { "sda", "sdb", NULL }));
      g_assert_cmpstr (ferry_host_device_get_name (host->devices->pdata[i]), ==,
                       "pci_0000_00_04_0");
      g_assert_true (ferry_pci_address_equal (
                       ferry_host_device_get_address (host->devices->pdata[i]),
                       ferry_host_device_get_address (earlier->pdata[i])));
    }
}

/* The local probes and libvirt say one thing once. */
static void
test_host_uses_merge (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(GHashTable) told = ferry_host_uses_from_inventory (host_get_inventory (host), FALSE);
  g_autoptr(GHashTable) probed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) other = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpstr (g_hash_table_lookup (told, "0000:0a:00.1"), ==, "Network interface eth3 is up");

  g_hash_table_insert (probed, g_strdup ("0000:0a:00.1"), g_strdup ("Network interface eth3 is up"));
  ferry_host_uses_merge (probed, told);
  g_assert_cmpstr (g_hash_table_lookup (probed, "0000:0a:00.1"), ==,
                   "Network interface eth3 is up");
  g_assert_cmpuint (g_hash_table_size (probed), ==, 1);

  g_hash_table_insert (other, g_strdup ("0000:0a:00.1"), g_strdup ("It controls the disk of /"));
  g_hash_table_insert (other, g_strdup ("0000:01:00.0"), g_strdup ("It shows the boot display"));
  ferry_host_uses_merge (other, told);
  g_assert_cmpstr (g_hash_table_lookup (other, "0000:0a:00.1"), ==,
                   "It controls the disk of /; Network interface eth3 is up");
  g_assert_cmpstr (g_hash_table_lookup (other, "0000:01:00.0"), ==, "It shows the boot display");
}

/* A per-user session connection */

static FerryAssignRequest *
session_request (Host       *host,
                 const char *device,
                 gboolean    managed)
{
  FerryAssignRequest *request = request_new (host, "media", device, NULL);

  request->per_user = TRUE;
  request->managed = managed;
  return request;
}

static void
test_session_managed (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(FerryAssignRequest) request = session_request (host, "0000:01:00.0", TRUE);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;

  findings = check (request);
  finding = find_code (findings, "session-managed", FERRY_SEVERITY_ERROR);
  g_assert_true (has_device (finding, "0000:01:00.0"));
  assert_message_has (finding, "per-user session connection");
  assert_message_has (finding, "system connection");
  assert_message_has (finding, "managed='no'");
  /* Not even knowingly: the guest could not start. ferryctl assign exits 3 on any error. */
  g_assert_false (ferry_finding_get_overridable (finding));
  g_assert_true (ferry_assign_check_has_error (findings));
  g_assert_true (ferry_assign_check_blocks (findings, TRUE));
}

static void
test_session_unmanaged (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(FerryAssignRequest) ready = session_request (host, "0000:01:00.0", FALSE);
  g_autoptr(FerryAssignRequest) denied = session_request (host, "0000:01:00.0", FALSE);
  g_autoptr(FerryAssignRequest) unknown = session_request (host, "0000:01:00.0", FALSE);
  g_autoptr(FerryAssignRequest) host_driver = session_request (host, "0000:0a:00.1", FALSE);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;

  /* Bound to vfio-pci, and /dev/vfio/1 is the user's: it can go, and Ferry says why. */
  ready->vfio_groups = g_hash_table_new (NULL, NULL);
  g_hash_table_add (ready->vfio_groups, GINT_TO_POINTER (1));
  findings = check (ready);
  finding = find_code (findings, "session-vfio-ready", FERRY_SEVERITY_INFO);
  assert_message_has (finding, "/dev/vfio/1");
  g_assert_false (ferry_assign_check_has_error (findings));
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* /dev/vfio/1 is not the user's. */
  denied->vfio_groups = g_hash_table_new (NULL, NULL);
  g_hash_table_add (denied->vfio_groups, GINT_TO_POINTER (20));
  findings = check (denied);
  finding = find_code (findings, "session-vfio-denied", FERRY_SEVERITY_ERROR);
  assert_message_has (finding, "You may not open /dev/vfio/1");
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* A remote session: Ferry cannot look at the host's /dev. */
  findings = check (unknown);
  find_code (findings, "session-vfio-unknown", FERRY_SEVERITY_WARNING);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Still on igb: a session cannot bind it to vfio-pci. */
  host_driver->vfio_groups = g_hash_table_new (NULL, NULL);
  g_hash_table_add (host_driver->vfio_groups, GINT_TO_POINTER (20));
  findings = check (host_driver);
  finding = find_code (findings, "session-not-vfio", FERRY_SEVERITY_ERROR);
  assert_message_has (finding, "not bound to vfio-pci");
}

static void
test_session_negative (void)
{
  g_autoptr(Host) host = remote_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  for (guint i = 0; i < findings->len; i++)
    g_assert_false (g_str_has_prefix (ferry_finding_get_code (findings->pdata[i]), "session-"));
}

/* host-held and reset: what the host's kernel says of a function (FerryFunctionState). */

/* A state for ADDRESS in REQUEST's table, made on first use. */
static FerryFunctionState *
request_state (FerryAssignRequest *request,
               const char         *address)
{
  FerryFunctionState *state;

  if (request->function_states == NULL)
    request->function_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) ferry_function_state_free);
  state = g_hash_table_lookup (request->function_states, address);
  if (state == NULL)
    {
      state = ferry_function_state_new ();
      g_hash_table_insert (request->function_states, g_strdup (address), state);
    }
  return state;
}

static void
test_host_held_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryPciAddress audio = address ("0000:01:00.1");
  FerryFunctionState *gpu_state = request_state (request, "0000:01:00.0");
  FerryFunctionState *audio_state = request_state (request, "0000:01:00.1");
  FerryFinding *finding = NULL;

  g_ptr_array_add (gpu_state->nodes, g_strdup ("/dev/nvidia0"));
  g_ptr_array_add (gpu_state->holders, ferry_device_holder_new (1234, "Xorg", "/dev/nvidia0"));
  g_ptr_array_add (gpu_state->holders, ferry_device_holder_new (4321, "python3",
                                                                "/dev/nvidia0"));
  gpu_state->unchecked = 2;
  /* Detaching the audio from the host while pipewire holds it hangs as well. */
  g_ptr_array_add (audio_state->holders, ferry_device_holder_new (77, "pipewire",
                                                                  "/dev/snd/controlC1"));
  g_array_append_val (request->detach_first, audio);
  findings = check (request);

  g_assert_cmpuint (count_code (findings, "host-held"), ==, 2);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (ferry_finding_get_code (findings->pdata[i]), "host-held") &&
        has_device (findings->pdata[i], "0000:01:00.0"))
      finding = findings->pdata[i];
  g_assert_nonnull (finding);
  g_assert_cmpint (ferry_finding_get_severity (finding), ==, FERRY_SEVERITY_ERROR);
  g_assert_true (ferry_finding_get_overridable (finding));
  assert_message_has (finding, "Xorg (pid 1234) has /dev/nvidia0 open; "
                               "python3 (pid 4321) has /dev/nvidia0 open.");
  assert_message_has (finding, "2 processes of other users could not be checked.");
  g_assert_true (ferry_assign_check_blocks (findings, FALSE));
  g_assert_false (ferry_assign_check_blocks (findings, TRUE));
}

static void
test_host_held_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) remote = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(FerryAssignRequest) free_gpu = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(GPtrArray) remote_findings = NULL;
  g_autoptr(GPtrArray) free_findings = NULL;
  FerryFunctionState *state = request_state (free_gpu, "0000:01:00.0");
  FerryFunctionState *other = request_state (free_gpu, "0000:02:00.0");

  /* Nodes nobody holds, processes not checked, a holder of a function not picked: no error
   * (the device page says what was not checked). */
  g_ptr_array_add (state->nodes, g_strdup ("/dev/dri/card1"));
  state->unchecked = 3;
  g_ptr_array_add (other->holders, ferry_device_holder_new (1, "gnome-shell", "/dev/dri/card2"));
  remote_findings = check (remote);
  free_findings = check (free_gpu);

  g_assert_cmpuint (count_code (remote_findings, "host-held"), ==, 0);
  g_assert_cmpuint (count_code (free_findings, "host-held"), ==, 0);
}

static void
test_reset_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0",
                                                       "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *bus = NULL;
  FerryFinding *none = NULL;

  request_state (request, "0000:01:00.0")->reset_methods = g_strsplit ("bus", " ", -1);
  request_state (request, "0000:08:00.0")->reset_methods = g_new0 (char *, 1);
  findings = check (request);

  g_assert_cmpuint (count_code (findings, "reset"), ==, 2);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (ferry_finding_get_code (findings->pdata[i]), "reset"))
      {
        g_assert_cmpint (ferry_finding_get_severity (findings->pdata[i]), ==,
                         FERRY_SEVERITY_WARNING);
        if (has_device (findings->pdata[i], "0000:01:00.0"))
          bus = findings->pdata[i];
        else if (has_device (findings->pdata[i], "0000:08:00.0"))
          none = findings->pdata[i];
      }
  g_assert_nonnull (bus);
  g_assert_nonnull (none);
  /* The bus it shares names its audio function; both say what it means and what helps. */
  assert_message_has (bus, "whole bus, which it shares with TU104 HD Audio Controller "
                           "(0000:01:00.1)");
  assert_message_has (none, "The kernel knows no way to reset the");
  assert_message_has (none, "until the host restarts");
  assert_message_has (bus, "vendor-reset");
}

static void
test_reset_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) remote = request_new (host, "media", "0000:01:00.0", NULL);
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:01:00.0",
                                                       "0000:02:00.0", "0000:08:00.0",
                                                       "0000:01:00.1", NULL);
  g_autoptr(GPtrArray) remote_findings = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  FerryInventory *inventory = host_get_inventory (host);
  FerryPciAddress root_port = address ("0000:00:01.0");
  g_autoptr(FerryFunctionState) bridge_state = ferry_function_state_new ();

  /* FLR besides bus; only bus on a function that is not a GPU; an older kernel that does not
   * say (NULL); no state at all (1:00.1 of a remote host). */
  request_state (request, "0000:01:00.0")->reset_methods = g_strsplit ("flr bus", " ", -1);
  request_state (request, "0000:08:00.0")->reset_methods = g_strsplit ("bus", " ", -1);
  request_state (request, "0000:02:00.0");
  remote_findings = check (remote);
  findings = check (request);

  g_assert_cmpuint (count_code (remote_findings, "reset"), ==, 0);
  g_assert_cmpuint (count_code (findings, "reset"), ==, 0);

  /* A bridge stays with the host: nothing to reset for a guest. */
  bridge_state->reset_methods = g_new0 (char *, 1);
  g_assert_cmpint (ferry_reset_risk_of (bridge_state, inventory,
                                        ferry_inventory_lookup (inventory, &root_port), NULL),
                   ==, FERRY_RESET_RISK_NONE);
}

/* unmanaged */

static void
test_unmanaged_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;

  request->managed = FALSE;
  findings = check (request);
  finding = find_code (findings, "unmanaged", FERRY_SEVERITY_INFO);
  assert_message_has (finding, "nodedev-detach");
  assert_message_has (finding, "nodedev-reattach");
  assert_message_has (finding, "media");
  g_assert_true (has_device (finding, "0000:08:00.0"));
}

static void
test_unmanaged_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = check (request);

  g_assert_cmpuint (count_code (findings, "unmanaged"), ==, 0);
}

/* Fixes, order */

static FerryFinding *
find_fix (GPtrArray    *findings,
          const char   *code,
          FerryFixKind  kind,
          guint        *index)
{
  FerryFinding *finding = find_code (findings, code, FERRY_SEVERITY_WARNING);

  for (guint i = 0; i < ferry_finding_get_n_fixes (finding); i++)
    if (ferry_finding_get_fix_kind (finding, i) == kind)
      {
        *index = i;
        return finding;
      }

  g_assert_not_reached ();
}

static void
test_apply_fix (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) add = request_new (host, "media", "0000:02:00.0", NULL);
  g_autoptr(FerryAssignRequest) detach = request_new (host, "media", "0000:02:00.0", NULL);
  g_autoptr(FerryAssignRequest) all = request_new (host, "media", "0000:02:00.0", NULL);
  FerryPciAddress audio = address ("0000:02:00.1");
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;
  guint index = 0;

  /* "Also assign it": the audio joins the pick, and both warnings about it go. */
  findings = check (add);
  finding = find_fix (findings, "group-host-driver", FERRY_FIX_ADD_DEVICES, &index);
  ferry_assign_request_apply_fix (add, finding, index);
  g_assert_true (ferry_assign_request_is_picked (add, &audio));
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (add);
  g_assert_cmpuint (count_code (findings, "group-host-driver"), ==, 0);
  g_assert_cmpuint (count_code (findings, "multifunction"), ==, 0);

  /* "Detach it from the host", twice: listed once, and the group warning goes. */
  detach->can_detach = TRUE;
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (detach);
  finding = find_fix (findings, "group-host-driver", FERRY_FIX_DETACH_FROM_HOST, &index);
  ferry_assign_request_apply_fix (detach, finding, index);
  ferry_assign_request_apply_fix (detach, finding, index);
  g_assert_cmpuint (detach->detach_first->len, ==, 1);
  g_assert_true (ferry_pci_address_equal (&g_array_index (detach->detach_first,
                                                          FerryPciAddress, 0),
                                          &audio));
  g_assert_false (ferry_assign_request_is_picked (detach, &audio));
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (detach);
  g_assert_cmpuint (count_code (findings, "group-host-driver"), ==, 0);

  /* "Assign all functions". */
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (all);
  finding = find_fix (findings, "multifunction", FERRY_FIX_ADD_DEVICES, &index);
  ferry_assign_request_apply_fix (all, finding, index);
  g_assert_cmpuint (all->picked->len, ==, 2);
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = check (all);
  g_assert_cmpuint (count_code (findings, "multifunction"), ==, 0);
  g_assert_cmpuint (count_code (findings, "group-host-driver"), ==, 0);
}

static void
test_sort_order (void)
{
  g_autoptr(Host) host = standard_host ();
  /* Rules run per function first, so warnings (vf-in-pool) are found before some errors
   * (group-split) and infos in between. */
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:77:00.0",
                                                       "0000:66:00.0", "0000:0b:10.2",
                                                       "0000:01:00.1", "0000:02:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  const char *expected[] = {
    "not-found", "not-found", "in-use-running", "group-split",
    "vf-in-pool", "group-host-driver", "multifunction", "multifunction",
    "group-bridges", "group-bridges", "unmanaged",
  };
  guint n_devices;

  request->managed = FALSE;
  findings = check (request);
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < findings->len; i++)
    {
      g_assert_cmpstr (ferry_finding_get_code (findings->pdata[i]), ==, expected[i]);
      if (i > 0)
        g_assert_cmpint (ferry_finding_get_severity (findings->pdata[i - 1]), >=,
                         ferry_finding_get_severity (findings->pdata[i]));
    }

  /* Within a severity, as found: the not-found picks in pick order, not address order. */
  g_assert_cmpuint (ferry_finding_get_devices (findings->pdata[0], &n_devices)->bus, ==, 0x77);
  g_assert_cmpuint (ferry_finding_get_devices (findings->pdata[1], &n_devices)->bus, ==, 0x66);
  /* Groups in pick order too: the NVIDIA audio's group 1 before the AMD GPU's group 14. */
  g_assert_true (has_device (findings->pdata[6], "0000:01:00.0"));
  g_assert_true (has_device (findings->pdata[7], "0000:02:00.1"));
  g_assert_true (has_device (findings->pdata[8], "0000:00:01.0"));
  g_assert_true (has_device (findings->pdata[9], "0000:00:03.0"));
}

/* host-not-ready */

static GPtrArray *
readiness_with_iommu (FerryTristate iommu)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();

  facts->libvirt_known = TRUE;
  facts->libvirt_iommu = iommu;
  facts->pci_backends = g_strsplit ("default,vfio", ",", -1);
  return ferry_readiness_evaluate (facts);
}

static void
test_host_not_ready_positive (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) request = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) findings = NULL;
  FerryFinding *finding;

  request->readiness = readiness_with_iommu (FERRY_TRISTATE_NO);
  findings = check (request);
  finding = find_code (findings, "host-not-ready", FERRY_SEVERITY_ERROR);
  g_assert_true (ferry_finding_get_overridable (finding));
  assert_message_has (finding, "libvirt reports no IOMMU support");
  assert_message_has (finding, "will not start");
  g_assert_true (ferry_assign_check_blocks (findings, FALSE));
  g_assert_false (ferry_assign_check_blocks (findings, TRUE));
}

static void
test_host_not_ready_negative (void)
{
  g_autoptr(Host) host = idle_host ();
  g_autoptr(FerryAssignRequest) ready = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(FerryAssignRequest) unknown = request_new (host, "media", "0000:08:00.0", NULL);
  g_autoptr(GPtrArray) ready_findings = NULL;
  g_autoptr(GPtrArray) unknown_findings = NULL;

  /* Passing checks, and a host whose readiness is not known, say nothing. */
  ready->readiness = readiness_with_iommu (FERRY_TRISTATE_YES);
  ready_findings = check (ready);
  unknown_findings = check (unknown);
  g_assert_cmpuint (count_code (ready_findings, "host-not-ready"), ==, 0);
  g_assert_cmpuint (count_code (unknown_findings, "host-not-ready"), ==, 0);
}

/* Overridable errors block only until the user overrides them; others always. */
static void
test_blocks (void)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  FerryFinding *host = ferry_finding_new ("host-critical", FERRY_SEVERITY_ERROR, "…");

  ferry_finding_set_overridable (host, TRUE);
  g_ptr_array_add (findings, ferry_finding_new ("multifunction", FERRY_SEVERITY_WARNING, "…"));
  g_assert_false (ferry_assign_check_blocks (findings, FALSE));
  g_assert_false (ferry_assign_check_can_override (findings));
  g_ptr_array_add (findings, host);
  g_assert_true (ferry_assign_check_blocks (findings, FALSE));
  g_assert_false (ferry_assign_check_blocks (findings, TRUE));
  g_assert_true (ferry_assign_check_can_override (findings));
  g_ptr_array_add (findings, ferry_finding_new ("group-split", FERRY_SEVERITY_ERROR, "…"));
  g_assert_true (ferry_assign_check_blocks (findings, TRUE));
  g_assert_false (ferry_assign_check_can_override (findings));
}

static void
test_has_error (void)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_false (ferry_assign_check_has_error (findings));
  g_ptr_array_add (findings, ferry_finding_new ("limit", FERRY_SEVERITY_WARNING, "…"));
  g_ptr_array_add (findings, ferry_finding_new ("unmanaged", FERRY_SEVERITY_INFO, "…"));
  g_assert_false (ferry_assign_check_has_error (findings));
  g_ptr_array_add (findings, ferry_finding_new ("bridge", FERRY_SEVERITY_ERROR, "…"));
  g_assert_true (ferry_assign_check_has_error (findings));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/assign-check/request", test_request);
  g_test_add_func ("/assign-check/finding", test_finding);
  g_test_add_func ("/assign-check/empty/positive", test_empty_positive);
  g_test_add_func ("/assign-check/empty/negative", test_empty_negative);
  g_test_add_func ("/assign-check/not-found/positive", test_not_found_positive);
  g_test_add_func ("/assign-check/not-found/negative", test_not_found_negative);
  g_test_add_func ("/assign-check/bridge/positive", test_bridge_positive);
  g_test_add_func ("/assign-check/bridge/negative", test_bridge_negative);
  g_test_add_func ("/assign-check/no-iommu/positive", test_no_iommu_positive);
  g_test_add_func ("/assign-check/no-iommu/negative", test_no_iommu_negative);
  g_test_add_func ("/assign-check/already-assigned/positive", test_already_assigned_positive);
  g_test_add_func ("/assign-check/already-assigned/negative", test_already_assigned_negative);
  g_test_add_func ("/assign-check/in-use-running/positive", test_in_use_running_positive);
  g_test_add_func ("/assign-check/in-use-running/negative", test_in_use_running_negative);
  g_test_add_func ("/assign-check/in-use-defined/positive", test_in_use_defined_positive);
  g_test_add_func ("/assign-check/in-use-defined/negative", test_in_use_defined_negative);
  g_test_add_func ("/assign-check/group-split/positive", test_group_split_positive);
  g_test_add_func ("/assign-check/group-split/negative", test_group_split_negative);
  g_test_add_func ("/assign-check/host-not-ready/positive", test_host_not_ready_positive);
  g_test_add_func ("/assign-check/host-not-ready/negative", test_host_not_ready_negative);
  g_test_add_func ("/assign-check/blocks", test_blocks);
  g_test_add_func ("/assign-check/group-host-driver/positive", test_group_host_driver_positive);
  g_test_add_func ("/assign-check/group-host-driver/negative", test_group_host_driver_negative);
  g_test_add_func ("/assign-check/group-unlisted", test_group_unlisted);
  g_test_add_func ("/assign-check/group-bridges/positive", test_group_bridges_positive);
  g_test_add_func ("/assign-check/group-bridges/negative", test_group_bridges_negative);
  g_test_add_func ("/assign-check/multifunction/positive", test_multifunction_positive);
  g_test_add_func ("/assign-check/multifunction/negative", test_multifunction_negative);
  g_test_add_func ("/assign-check/multifunction/held-elsewhere",
                   test_multifunction_held_elsewhere);
  g_test_add_func ("/assign-check/vf-in-pool/positive", test_vf_in_pool_positive);
  g_test_add_func ("/assign-check/vf-in-pool/negative", test_vf_in_pool_negative);
  g_test_add_func ("/assign-check/pf-with-vfs/positive", test_pf_with_vfs_positive);
  g_test_add_func ("/assign-check/pf-with-vfs/negative", test_pf_with_vfs_negative);
  g_test_add_func ("/assign-check/limit/positive", test_limit_positive);
  g_test_add_func ("/assign-check/limit/negative", test_limit_negative);
  g_test_add_func ("/assign-check/host-critical/positive", test_host_critical_positive);
  g_test_add_func ("/assign-check/host-critical/negative", test_host_critical_negative);
  g_test_add_func ("/assign-check/host-remote/positive", test_host_remote_positive);
  g_test_add_func ("/assign-check/host-remote/negative", test_host_remote_negative);
  g_test_add_func ("/assign-check/host-remote/disks", test_host_remote_disks);
  g_test_add_func ("/assign-check/host-remote/disks-shared", test_host_remote_disks_shared);
  g_test_add_func ("/assign-check/host-uses-merge", test_host_uses_merge);
  g_test_add_func ("/assign-check/session/managed", test_session_managed);
  g_test_add_func ("/assign-check/session/unmanaged", test_session_unmanaged);
  g_test_add_func ("/assign-check/session/negative", test_session_negative);
  g_test_add_func ("/assign-check/host-held/positive", test_host_held_positive);
  g_test_add_func ("/assign-check/host-held/negative", test_host_held_negative);
  g_test_add_func ("/assign-check/reset/positive", test_reset_positive);
  g_test_add_func ("/assign-check/reset/negative", test_reset_negative);
  g_test_add_func ("/assign-check/unmanaged/positive", test_unmanaged_positive);
  g_test_add_func ("/assign-check/unmanaged/negative", test_unmanaged_negative);
  g_test_add_func ("/assign-check/apply-fix", test_apply_fix);
  g_test_add_func ("/assign-check/sort-order", test_sort_order);
  g_test_add_func ("/assign-check/has-error", test_has_error);

  return g_test_run ();
}
