/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "ferry-assign-plan.h"
#include "ferry-assigned-device.h"
#include "ferry-guest.h"
#include "ferry-guest-device.h"
#include "ferry-network.h"
#include "ferry-session.h"
#include "fixtures.h"
#include "silent-server.h"
#include "ferry-device-assign.h"
#include "ferry-device-change.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-failure.h"
#include "ferry-prompt.h"
#include "ferry-guest-check.h"
#include "ferry-guest-repair.h"
#include "ferry-host-use.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-xml.h"
#include "ferry-readiness-check.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"
#include "ferry-wait.h"


typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *outcome = user_data;

  outcome->ok = ferry_session_connect_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* How long a test waits for what it needs before failing: generous, a busy 2-core machine
 * is slow. */
#define WAIT_LIMIT_MS (60 * 1000)

/* A refusal is said in plain words, never with an API function's name, and libvirt's own
 * text (with LIBVIRT_SAYS in it) travels as the details. */
static void
assert_refusal (const GError *error,
                const char   *libvirt_says)
{
  g_assert_nonnull (error);
  g_assert_false (g_regex_match_simple ("vir[A-Z]", error->message, 0, 0));
  g_assert_nonnull (strstr (ferry_error_get_details (error), libvirt_says));
}

static gboolean
is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static FerrySession *
open_uri (const char *uri)
{
  g_autoptr(FerrySession) session = ferry_session_new (uri);
  Result outcome = { 0 };

  ferry_session_connect_async (session, NULL, connected_cb, &outcome);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome.done, WAIT_LIMIT_MS));
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  return g_steal_pointer (&session);
}

static FerrySession *
open_demo (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();

  return open_uri (uri);
}

static FerryHostDevice *
lookup (FerrySession *session,
        const char   *text)
{
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse (text, &address));
  return ferry_session_lookup_device (session, &address);
}

static FerryGuest *
find_guest (FerrySession *session,
            const char   *name)
{
  FerryGuest *guest = ferry_session_lookup_guest (session, name);

  g_assert_nonnull (guest);
  return guest;
}

static void
test_demo_host_loads (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  GListModel *devices = ferry_session_get_devices (session);
  GListModel *networks = ferry_session_get_networks (session);
  guint bridges = 0, pools = 0;

  g_assert_true (ferry_session_is_demo (session));
  g_assert_cmpstr (ferry_session_get_problems (session)[0], ==, NULL);
  g_assert_nonnull (ferry_session_get_libvirt_version (session));
  g_assert_cmpuint (g_list_model_get_n_items (devices), >=, 40);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_session_get_guests (session)), >=, 4);
  g_assert_cmpuint (g_list_model_get_n_items (networks), ==, 2);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      bridges += ferry_host_device_is_bridge (device);
      /* Every demo device carries real names. */
      g_assert_nonnull (ferry_host_device_get_product_name (device));
      g_assert_nonnull (ferry_host_device_get_vendor_name (device));
    }
  /* Host bridge, root ports and a PCIe switch. */
  g_assert_cmpuint (bridges, >=, 6);

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);

      if (ferry_network_is_hostdev_pool (network))
        {
          pools++;
          g_assert_cmpstr (ferry_network_get_pf_device (network), ==, "eth3");
          g_assert_true (ferry_network_get_active (network));
        }
      else
        g_assert_cmpstr (ferry_network_get_forward_mode (network), ==, "nat");
    }
  g_assert_cmpuint (pools, ==, 1);
}

/* The host's network interfaces reach their PCI functions with address and link state. */
/* The connect counts what it read, for the window to show over a slow link: every guest,
 * pool and device (PCI functions and their interfaces), each once. */
static void
test_demo_host_read_progress (void)
{
  g_autoptr(FerrySession) session = ferry_session_new ("test:///default");
  g_autoptr(FerrySession) demo = NULL;
  guint done = 1, total = 1;
  guint objects;

  g_assert_false (ferry_session_get_read_progress (session, &done, &total));
  g_assert_cmpuint (done, ==, 0);
  g_assert_cmpuint (total, ==, 0);

  demo = open_demo ();
  g_assert_true (ferry_session_get_read_progress (demo, &done, &total));
  objects = g_list_model_get_n_items (ferry_session_get_guests (demo)) +
            g_list_model_get_n_items (ferry_session_get_networks (demo)) +
            g_list_model_get_n_items (ferry_session_get_devices (demo));
  /* Network interfaces are read as node devices of their own. */
  g_assert_cmpuint (total, >, objects);
  g_assert_cmpuint (done, ==, total);
}

/* What the models held when "guests-read" came. */
typedef struct
{
  const Result *outcome;
  guint         times;
  gboolean      connect_done;
  guint         n_guests;
  guint         n_networks;
  guint         n_devices;
  guint         n_groups;
  gboolean      inventory;
  gboolean      connected;
  FerryGuest   *first_guest;   /* not a reference: compared, never used */
  guint         n_assigned;    /* the guests' assigned devices, all told */
  guint         changes;       /* items-changed on those lists since */
} GuestsSeen;

static void
count_change (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              GuestsSeen *seen)
{
  seen->changes++;
}

static void
guests_read_cb (FerrySession *session,
                GuestsSeen   *seen)
{
  g_autoptr(FerryGuest) first = g_list_model_get_item (ferry_session_get_guests (session), 0);

  seen->times++;
  seen->connect_done = seen->outcome->done;
  seen->n_guests = g_list_model_get_n_items (ferry_session_get_guests (session));
  seen->n_networks = g_list_model_get_n_items (ferry_session_get_networks (session));
  seen->n_devices = g_list_model_get_n_items (ferry_session_get_devices (session));
  seen->n_groups = g_list_model_get_n_items (ferry_session_get_groups (session));
  seen->inventory = ferry_session_get_inventory (session) != NULL;
  seen->connected = ferry_session_get_connected (session);
  seen->first_guest = first;

  /* The pages and rows shown from here on are built on these lists. */
  g_signal_connect (ferry_session_get_guests (session), "items-changed",
                    G_CALLBACK (count_change), seen);
  for (guint i = 0; i < seen->n_guests; i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (ferry_session_get_guests (session), i);
      GListModel *assigned = ferry_guest_get_assigned (guest);

      seen->n_assigned += g_list_model_get_n_items (assigned);
      g_signal_connect (assigned, "items-changed", G_CALLBACK (count_change), seen);
    }
}

/* Over a slow link the devices are most of the read: the guests and pools reach the models
 * before them, and the rest follows in the same read, into the same guest objects. */
static void
test_demo_host_guests_first (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  g_autoptr(FerrySession) session = ferry_session_new (uri);
  g_autoptr(FerrySession) sync = ferry_session_new (uri);
  g_autoptr(FerryGuest) first = NULL;
  Result outcome = { 0 };
  GuestsSeen seen = { &outcome };
  GuestsSeen seen_sync = { &outcome };
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "guests-read", G_CALLBACK (guests_read_cb), &seen);
  ferry_session_connect_async (session, NULL, connected_cb, &outcome);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome.done, WAIT_LIMIT_MS));
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  g_assert_cmpuint (seen.times, ==, 1);
  g_assert_false (seen.connect_done);
  g_assert_cmpuint (seen.n_guests, >, 0);
  g_assert_cmpuint (seen.n_guests, ==, g_list_model_get_n_items (ferry_session_get_guests (session)));
  g_assert_cmpuint (seen.n_networks, >, 0);
  g_assert_cmpuint (seen.n_networks, ==,
                    g_list_model_get_n_items (ferry_session_get_networks (session)));
  g_assert_cmpuint (seen.n_devices, ==, 0);
  g_assert_cmpuint (seen.n_groups, ==, 0);
  g_assert_false (seen.inventory);
  g_assert_false (seen.connected);

  /* The rows shown early stay: the end of the read brings the same guests, parsed once, so
   * neither the guest list nor any guest's assigned devices change under them. */
  first = g_list_model_get_item (ferry_session_get_guests (session), 0);
  g_assert_true (first == seen.first_guest);
  g_assert_cmpuint (seen.n_assigned, >, 0);
  g_assert_cmpuint (seen.changes, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_session_get_devices (session)), >, 0);
  g_assert_nonnull (ferry_session_get_inventory (session));
  g_assert_true (ferry_session_get_connected (session));

  /* ferryctl's connect fills the models once, at the end. */
  g_signal_connect (sync, "guests-read", G_CALLBACK (guests_read_cb), &seen_sync);
  g_assert_true (ferry_session_connect_sync (sync, 30, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_sync.times, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_session_get_guests (sync)), ==, seen.n_guests);
}

static void
test_demo_host_netdevs (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryHostDevice *pf = lookup (session, "0000:0a:00.0");
  FerryHostDevice *wifi = lookup (session, "0000:02:00.0");

  g_assert_cmpstrv (ferry_host_device_get_netdevs (pf), ((const char *[]) { "eth2", NULL }));
  g_assert_cmpstr (ferry_host_device_get_netdev_mac (pf, "eth2"), ==, "00:1b:21:3c:9a:10");
  g_assert_cmpint (ferry_host_device_get_netdev_link (pf, "eth2"), ==, FERRY_LINK_STATE_UP);

  g_assert_cmpstrv (ferry_host_device_get_netdevs (wifi), ((const char *[]) { "wlp2s0", NULL }));
  g_assert_cmpstr (ferry_host_device_get_netdev_mac (wifi, "wlp2s0"), ==, "34:e1:2d:5b:8a:70");
  g_assert_cmpint (ferry_host_device_get_netdev_link (wifi, "wlp2s0"), ==, FERRY_LINK_STATE_DOWN);
}

static void
test_demo_host_groups_consistent (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  GListModel *devices = ferry_session_get_devices (session);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      int group = ferry_host_device_get_iommu_group (device);
      const FerryPciAddress *members;
      gboolean contains_self = FALSE;
      guint n_members;

      g_assert_cmpint (group, !=, FERRY_NO_IOMMU_GROUP);
      members = ferry_host_device_get_group_members (device, &n_members);

      for (guint m = 0; m < n_members; m++)
        {
          FerryHostDevice *member = ferry_session_lookup_device (session, &members[m]);
          const FerryPciAddress *their_members;
          guint n_theirs;

          /* Every member exists, is in the same group, and lists exactly the same members. */
          g_assert_nonnull (member);
          g_assert_cmpint (ferry_host_device_get_iommu_group (member), ==, group);
          their_members = ferry_host_device_get_group_members (member, &n_theirs);
          g_assert_cmpuint (n_theirs, ==, n_members);
          for (guint t = 0; t < n_theirs; t++)
            g_assert_true (ferry_pci_address_equal (&their_members[t], &members[t]));

          contains_self |= ferry_pci_address_equal (&members[m],
                                                    ferry_host_device_get_address (device));
        }
      g_assert_true (contains_self);
    }
}

static void
test_demo_host_topology (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryHostDevice *gpu = lookup (session, "0000:01:00.0");
  FerryHostDevice *audio = lookup (session, "0000:01:00.1");
  FerryHostDevice *usb = lookup (session, "0000:03:00.0");
  FerryHostDevice *sata = lookup (session, "0000:04:00.0");
  FerryHostDevice *nvme_a = lookup (session, "0000:07:00.0");
  FerryHostDevice *nvme_b = lookup (session, "0000:08:00.0");
  guint n;

  /* The GPU and its HDMI audio share a slot and a group. */
  g_assert_nonnull (gpu);
  g_assert_nonnull (audio);
  g_assert_true (ferry_pci_address_same_slot (ferry_host_device_get_address (gpu),
                                              ferry_host_device_get_address (audio)));
  g_assert_cmpint (ferry_host_device_get_iommu_group (gpu), ==,
                   ferry_host_device_get_iommu_group (audio));

  /* USB and SATA controllers share a group with a root port. */
  g_assert_cmpint (ferry_host_device_get_iommu_group (usb), ==,
                   ferry_host_device_get_iommu_group (sata));
  {
    const FerryPciAddress *members = ferry_host_device_get_group_members (usb, &n);
    gboolean has_bridge = FALSE;

    for (guint i = 0; i < n; i++)
      has_bridge |= ferry_host_device_is_bridge (ferry_session_lookup_device (session,
                                                                              &members[i]));
    g_assert_true (has_bridge);
  }

  /* Two NVMe drives, each alone in its group. */
  ferry_host_device_get_group_members (nvme_a, &n);
  g_assert_cmpuint (n, ==, 1);
  ferry_host_device_get_group_members (nvme_b, &n);
  g_assert_cmpuint (n, ==, 1);

  /* Two SR-IOV PFs with 7 VFs each, every VF in its own group pointing back at its PF. */
  for (guint f = 0; f < 2; f++)
    {
      FerryHostDevice *pf = lookup (session, f == 0 ? "0000:0a:00.0" : "0000:0a:00.1");
      const FerryPciAddress *vfs;

      g_assert_cmpuint (ferry_host_device_get_max_vfs (pf), ==, 7);
      vfs = ferry_host_device_get_vfs (pf, &n);
      g_assert_cmpuint (n, ==, 7);
      for (guint i = 0; i < n; i++)
        {
          FerryHostDevice *vf = ferry_session_lookup_device (session, &vfs[i]);
          guint n_members;

          g_assert_nonnull (vf);
          g_assert_true (ferry_pci_address_equal (ferry_host_device_get_pf (vf),
                                                  ferry_host_device_get_address (pf)));
          ferry_host_device_get_group_members (vf, &n_members);
          g_assert_cmpuint (n_members, ==, 1);
        }
    }
}

static void
test_demo_host_guests (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryGuest *win11 = find_guest (session, "win11");
  FerryGuest *nas = find_guest (session, "nas");
  FerryGuest *web = find_guest (session, "web-01");
  FerryGuest *scratch = find_guest (session, "scratch");
  GListModel *assigned;
  g_autoptr(FerryAssignedDevice) gpu = NULL;
  g_autoptr(FerryAssignedDevice) vf = NULL;
  g_autoptr(FerryAssignedDevice) pool = NULL;
  g_autofree char *gpu_address = NULL;

  /* win11 runs with the GPU but not its audio function. */
  g_assert_true (ferry_guest_is_active (win11));
  assigned = ferry_guest_get_assigned (win11);
  g_assert_cmpuint (g_list_model_get_n_items (assigned), ==, 1);
  gpu = g_list_model_get_item (assigned, 0);
  gpu_address = ferry_pci_address_to_string (ferry_assigned_device_get_address (gpu));
  g_assert_cmpstr (gpu_address, ==, "0000:01:00.0");

  /* nas is shut off with an NVMe and a VF carrying a MAC and a VLAN. */
  g_assert_cmpint (ferry_guest_get_state (nas), ==, FERRY_GUEST_STATE_SHUTOFF);
  assigned = ferry_guest_get_assigned (nas);
  g_assert_cmpuint (g_list_model_get_n_items (assigned), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);

      if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV)
        g_set_object (&vf, device);
    }
  g_assert_nonnull (vf);
  g_assert_nonnull (ferry_assigned_device_get_mac (vf));
  g_assert_cmpuint (ferry_assigned_device_get_vlan (vf), !=, 0);
  g_assert_nonnull (ferry_host_device_get_pf (ferry_session_lookup_device (
    session, ferry_assigned_device_get_address (vf))));

  /* web-01 takes a VF from the pool. */
  assigned = ferry_guest_get_assigned (web);
  g_assert_cmpuint (g_list_model_get_n_items (assigned), ==, 1);
  pool = g_list_model_get_item (assigned, 0);
  g_assert_cmpint (ferry_assigned_device_get_kind (pool), ==, FERRY_ASSIGNMENT_INTERFACE_POOL);
  g_assert_cmpstr (ferry_assigned_device_get_network (pool), ==, "vf-pool");

  g_assert_cmpuint (g_list_model_get_n_items (ferry_guest_get_assigned (scratch)), ==, 0);
}

/* What the demo host itself uses its functions for, read from data/demo/host-root as the
 * probe reads a real host's /proc and /sys. */
static void
test_demo_host_uses (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  GHashTable *uses = ferry_session_get_host_uses (session);

  g_assert_nonnull (uses);
  /* The iGPU drives the boot display (the RTX 2070 SUPER and the RX 580 have boot_vga 0). */
  g_assert_cmpstr (g_hash_table_lookup (uses, "0000:00:02.0"), ==,
                   "It shows the host’s boot display (boot_vga)");
  g_assert_cmpstr (g_hash_table_lookup (uses, "0000:00:1f.6"), ==,
                   "Network interface eno1 is up");
  /* The WD NVMe behind switch port 06:01.0, not the port or the root port above it. */
  g_assert_cmpstr (g_hash_table_lookup (uses, "0000:08:00.0"), ==,
                   "It controls the disk of /, /boot/efi and /home (nvme1n1)");
  g_assert_cmpuint (g_hash_table_size (uses), ==, 3);

  /* wlp2s0 is down; the Samsung NVMe is nas's: the host mounts nothing on it. */
  g_assert_false (g_hash_table_contains (uses, "0000:02:00.0"));
  g_assert_false (g_hash_table_contains (uses, "0000:07:00.0"));
}

/* The demo host as a remote connection would see it: only libvirt's view, read from the
 * test file's node devices. Its up interfaces are errors naming them; the rest "cannot
 * tell". */
static void
test_demo_host_remote_uses (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GHashTable) told = ferry_host_uses_from_inventory (ferry_session_get_inventory (session),
                                                               TRUE);
  FerryGuest *guest = ferry_session_lookup_guest (session, "scratch");
  g_autoptr(FerryAssignRequest) request = ferry_session_new_assign_request (session, guest);
  g_autoptr(GPtrArray) findings = NULL;
  FerryPciAddress eth2, wifi;
  gboolean said_eth2 = FALSE;
  gboolean said_wifi = FALSE;

  g_assert_cmpstr (g_hash_table_lookup (told, "0000:0a:00.0"), ==,
                   "Network interface eth2 is up, and Ferry’s connection to the host may run "
                   "over it");
  g_assert_nonnull (g_hash_table_lookup (told, "0000:00:1f.6"));
  /* wlp2s0 is down. */
  g_assert_false (g_hash_table_contains (told, "0000:02:00.0"));

  g_assert_true (ferry_pci_address_parse ("0000:0a:00.0", &eth2));
  g_assert_true (ferry_pci_address_parse ("0000:02:00.0", &wifi));
  ferry_assign_request_set_picked (request, &eth2, TRUE);
  ferry_assign_request_set_picked (request, &wifi, TRUE);
  g_clear_pointer (&request->host_uses, g_hash_table_unref);
  request->host_uses = g_hash_table_ref (told);
  request->host_uses_partial = TRUE;
  findings = ferry_assign_check (request);
  for (guint i = 0; i < findings->len; i++)
    {
      const char *code = ferry_finding_get_code (findings->pdata[i]);
      const char *message = ferry_finding_get_message (findings->pdata[i]);

      g_test_message ("%s: %s", code, message);
      if (g_str_equal (code, "host-critical") && strstr (message, "eth2") != NULL)
        said_eth2 = ferry_finding_get_severity (findings->pdata[i]) == FERRY_SEVERITY_ERROR;
      if (g_str_equal (code, "host-use-unknown") && strstr (message, "0000:02:00.0") != NULL)
        said_wifi = ferry_finding_get_severity (findings->pdata[i]) == FERRY_SEVERITY_WARNING;
    }
  g_assert_true (said_eth2);
  g_assert_true (said_wifi);
}

/* What each connection is, known before it opens; the test driver is never a session. */
static void
test_connection_kinds (void)
{
  g_autofree char *demo_uri = ferry_session_dup_demo_uri ();
  g_autoptr(FerrySession) session = ferry_session_new ("qemu:///session");
  g_autoptr(FerrySession) demo = ferry_session_new (demo_uri);
  g_autoptr(FerrySession) file = open_uri ("test:///default");
  g_autofree char *described = ferry_session_dup_connection_description (session);
  g_autoptr(FerryAssignRequest) request = NULL;
  g_autoptr(FerryGuest) guest = ferry_guest_new ("x", NULL);

  g_assert_cmpint (ferry_session_get_connection (session)->kind, ==, FERRY_CONNECTION_SESSION);
  g_assert_cmpstr (described, ==, "Your user session");
  g_assert_cmpint (ferry_session_get_connection (demo)->kind, ==, FERRY_CONNECTION_DEMO);
  g_assert_cmpint (ferry_session_get_connection (file)->kind, ==, FERRY_CONNECTION_TEST);

  /* A test file's request is judged as before: no session rule, no "cannot tell". */
  request = ferry_session_new_assign_request (file, guest);
  g_assert_false (request->per_user);
  g_assert_false (request->host_uses_partial);
  g_assert_false (ferry_session_get_host_uses_partial (file));
}

static void
test_refused_uri (void)
{
  g_autoptr(FerrySession) session = ferry_session_new ("test:///nonexistent/ferry-host.xml");
  Result outcome = { 0 };

  ferry_session_connect_async (session, NULL, connected_cb, &outcome);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome.done, WAIT_LIMIT_MS));
  g_assert_false (outcome.ok);
  g_assert_nonnull (outcome.error);
  /* libvirt's own words reach the caller. */
  g_assert_true (strstr (outcome.error->message, "nonexistent") != NULL);
  g_clear_error (&outcome.error);
}

static gboolean
model_has_guest (GListModel *guests,
                 const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      if (g_strcmp0 (ferry_guest_get_name (guest), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_extra_guest (gpointer data)
{
  return model_has_guest (ferry_session_get_guests (data), "ferry-test-extra");
}

static gboolean
has_three_networks (gpointer data)
{
  return g_list_model_get_n_items (ferry_session_get_networks (data)) == 3;
}

static gboolean
nas_running (gpointer data)
{
  return ferry_guest_is_active (find_guest (data, "nas"));
}

/* libvirt events (domain, network) update the models in place: new things appear, what did
 * not change keeps its object, a guest that starts changes state on the same object. */
static void
test_events_update_models (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (session);
  g_autoptr(FerryGuest) nas = g_object_ref (find_guest (session, "nas"));
  g_autoptr(FerryHostDevice) gpu = NULL;
  FerryPciAddress gpu_address;
  virDomainPtr domain;
  virNetworkPtr network;

  g_assert_true (ferry_pci_address_parse ("0000:01:00.0", &gpu_address));
  gpu = g_object_ref (ferry_session_lookup_device (session, &gpu_address));

  /* Only this test driver connection changes: the demo file on disk is never written. */
  domain = virDomainDefineXML (raw, "<domain type='test'><name>ferry-test-extra</name>"
                                    "<memory>65536</memory><os><type>hvm</type></os>"
                                    "</domain>");
  g_assert_nonnull (domain);
  virDomainFree (domain);
  g_assert_true (ferry_wait_until (NULL, has_extra_guest, session, WAIT_LIMIT_MS));

  network = virNetworkDefineXML (raw, "<network><name>ferry-test-pool</name>"
                                      "<forward mode='hostdev' managed='yes'>"
                                      "<pf dev='eth2'/></forward></network>");
  g_assert_nonnull (network);
  virNetworkFree (network);
  g_assert_true (ferry_wait_until (NULL, has_three_networks, session, WAIT_LIMIT_MS));

  domain = virDomainLookupByName (raw, "nas");
  g_assert_cmpint (virDomainCreate (domain), ==, 0);
  virDomainFree (domain);
  g_assert_true (ferry_wait_until (NULL, nas_running, session, WAIT_LIMIT_MS));

  /* The same guest object, now running; the GPU row's object survived all reloads, and a
   * lookup hands out that very object. */
  g_assert_true (find_guest (session, "nas") == nas);
  g_assert_true (ferry_session_lookup_device (session, &gpu_address) == gpu);
  {
    GListModel *devices = ferry_session_get_devices (session);
    gboolean kept = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
      {
        g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
        kept |= device == gpu;
      }
    g_assert_true (kept);
  }

  /* eth2's VFs now belong to the new pool too. */
  {
    FerryPciAddress vf;
    const char * const *pools;

    g_assert_true (ferry_pci_address_parse ("0000:0b:10.2", &vf));
    pools = ferry_inventory_get_pools (ferry_session_get_inventory (session), &vf);
    g_assert_nonnull (pools);
    g_assert_true (g_strv_contains (pools, "ferry-test-pool"));
  }
}

typedef struct
{
  gboolean           done;
  FerryDeviceChange *change;
  gboolean           ok;
  GError            *error;
} ChangeResult;

static void
detached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->change = ferry_session_detach_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->ok = ferry_session_undo_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

static GPtrArray *
assigned_at (FerryGuest *guest,
             const char *address)
{
  GListModel *assigned = ferry_guest_get_assigned (guest);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *pci = ferry_assigned_device_get_address (device);
      g_autofree char *text = pci ? ferry_pci_address_to_string (pci) : NULL;

      if (g_strcmp0 (text, address) == 0)
        g_ptr_array_add (found, g_object_ref (device));
    }
  g_assert_cmpuint (found->len, ==, 1);
  return found;
}

static char *
persistent_xml (FerrySession *session,
                const char   *guest)
{
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (session);
  g_autoptr(virDomain) domain = virDomainLookupByName (raw, guest);
  char *xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  char *copy = g_strdup (xml);

  free (xml);
  return copy;
}

/* A shut-off guest's NVMe: detached from its definition (the test driver has no
 * detach-device, so Ferry redefines), then put back identical by Undo. */
static void
test_detach_config_and_undo (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GPtrArray) nvme = assigned_at (find_guest (session, "nas"), "0000:07:00.0");
  g_autofree char *before = persistent_xml (session, "nas");
  g_autofree char *device_before = ferry_domain_edit_dup_device (before, nvme->pdata[0], NULL);
  g_autofree char *after = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *device_restored = NULL;
  ChangeResult detached = { 0 };
  ChangeResult undone = { 0 };

  g_assert_nonnull (device_before);
  ferry_session_detach_async (session, "nas", nvme, FERRY_DETACH_LIVE | FERRY_DETACH_CONFIG,
                              NULL, detached_cb, &detached);
  g_assert_true (ferry_wait_until (NULL, is_set, &detached.done, WAIT_LIMIT_MS));
  g_assert_no_error (detached.error);
  g_assert_true (ferry_device_change_get_config (detached.change));
  g_assert_false (ferry_device_change_get_live (detached.change));

  after = persistent_xml (session, "nas");
  g_assert_null (ferry_domain_edit_dup_device (after, nvme->pdata[0], NULL));
  /* The VF interface is still there. */
  g_assert_nonnull (strstr (after, "52:54:00:6d:90:02"));

  ferry_session_undo_async (session, detached.change, NULL, undone_cb, &undone);
  g_assert_true (ferry_wait_until (NULL, is_set, &undone.done, WAIT_LIMIT_MS));
  g_assert_no_error (undone.error);
  g_assert_true (undone.ok);
  restored = persistent_xml (session, "nas");
  device_restored = ferry_domain_edit_dup_device (restored, nvme->pdata[0], NULL);
  g_assert_cmpstr (device_restored, ==, device_before);

  g_object_unref (detached.change);
}

/* The running guest's GPU: the test driver refuses a live detach; libvirt's words come back
 * and neither the live nor the persistent XML changed. */
static void
test_detach_live_refused (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GPtrArray) gpu = assigned_at (find_guest (session, "win11"), "0000:01:00.0");
  g_autofree char *before = persistent_xml (session, "win11");
  g_autofree char *after = NULL;
  ChangeResult detached = { 0 };

  ferry_session_detach_async (session, "win11", gpu, FERRY_DETACH_LIVE | FERRY_DETACH_CONFIG,
                              NULL, detached_cb, &detached);
  g_assert_true (ferry_wait_until (NULL, is_set, &detached.done, WAIT_LIMIT_MS));
  g_assert_null (detached.change);
  g_assert_error (detached.error, FERRY_ERROR, FERRY_ERROR_LIBVIRT);
  assert_refusal (detached.error, "not supported");
  g_clear_error (&detached.error);

  after = persistent_xml (session, "win11");
  g_assert_cmpstr (after, ==, before);
}

/* Devices not all found: nothing is touched. */
static void
test_detach_all_or_nothing (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GPtrArray) devices = assigned_at (find_guest (session, "nas"), "0000:07:00.0");
  g_autoptr(FerryAssignedDevice) absent = ferry_assigned_device_new (FERRY_ASSIGNMENT_HOSTDEV);
  g_autofree char *before = persistent_xml (session, "nas");
  g_autofree char *after = NULL;
  FerryPciAddress address;
  ChangeResult detached = { 0 };

  g_assert_true (ferry_pci_address_parse ("0000:42:00.0", &address));
  ferry_assigned_device_set_address (absent, &address);
  ferry_assigned_device_set_presence (absent, FALSE, TRUE);
  g_ptr_array_add (devices, g_object_ref (absent));

  ferry_session_detach_async (session, "nas", devices, FERRY_DETACH_CONFIG, NULL, detached_cb,
                              &detached);
  g_assert_true (ferry_wait_until (NULL, is_set, &detached.done, WAIT_LIMIT_MS));
  g_assert_null (detached.change);
  g_assert_error (detached.error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&detached.error);
  after = persistent_xml (session, "nas");
  g_assert_cmpstr (after, ==, before);
}

static FerryNetwork *
find_network (FerrySession *session,
              const char   *name)
{
  GListModel *networks = ferry_session_get_networks (session);

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);

      if (g_strcmp0 (ferry_network_get_name (network), name) == 0)
        return network;
    }
  return NULL;
}

static gboolean
has_pool_eth2 (gpointer data)
{
  return find_network (data, "pool-eth2") != NULL;
}

static gboolean
lacks_pool_eth2 (gpointer data)
{
  return find_network (data, "pool-eth2") == NULL;
}

/* A pool of eth2's VFs: defined, autostarted and started on the connection; restarted;
 * deleted again. */
static void
test_pool_define_and_delete (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryPoolSpec spec = { "pool-eth2", "eth2", NULL, 0, TRUE, 0 };
  g_autofree char *xml = ferry_pool_xml_build (NULL, &spec, NULL);
  g_autoptr(GAsyncResult) defined = NULL;
  g_autoptr(GAsyncResult) restarted = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  FerryNetwork *pool;
  FerryPciAddress vf;

  ferry_session_define_pool_async (session, xml, TRUE, TRUE, NULL, ferry_wait_store_result,
                                   &defined);
  g_assert_nonnull (ferry_wait_for_result (&defined, WAIT_LIMIT_MS));
  ferry_session_define_pool_finish (session, defined, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_wait_until (NULL, has_pool_eth2, session, WAIT_LIMIT_MS));
  pool = find_network (session, "pool-eth2");
  g_assert_true (ferry_network_get_active (pool));
  g_assert_true (ferry_network_get_autostart (pool));
  g_assert_true (ferry_network_get_persistent (pool));
  /* eth2's VFs now belong to it. */
  g_assert_true (ferry_pci_address_parse ("0000:0b:10.2", &vf));
  g_assert_true (g_strv_contains (ferry_inventory_get_pools (ferry_session_get_inventory (session),
                                                             &vf), "pool-eth2"));

  /* Restarted: stopped and started again, still active. */
  ferry_session_restart_pool_async (session, "pool-eth2", NULL, ferry_wait_store_result,
                                    &restarted);
  g_assert_nonnull (ferry_wait_for_result (&restarted, WAIT_LIMIT_MS));
  g_assert_true (ferry_session_restart_pool_finish (session, restarted, &error));
  g_assert_no_error (error);

  ferry_session_delete_pool_async (session, "pool-eth2", FERRY_POOL_FLAGS_NONE, NULL,
                                   ferry_wait_store_result, &deleted);
  g_assert_nonnull (ferry_wait_for_result (&deleted, WAIT_LIMIT_MS));
  ferry_session_delete_pool_finish (session, deleted, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_wait_until (NULL, lacks_pool_eth2, session, WAIT_LIMIT_MS));
}


static void
pool_connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->ok = ferry_session_connect_pool_finish (FERRY_SESSION (object), result,
                                                   &outcome->error);
  outcome->done = TRUE;
}

static gboolean
lacks_vf_pool (gpointer session)
{
  return find_network (session, "vf-pool") == NULL;
}

static gboolean
web01_misses_vf_pool (gpointer session)
{
  FerryGuest *guest = ferry_session_lookup_guest (session, "web-01");

  return guest != NULL && g_strv_contains (ferry_guest_get_missing_networks (guest), "vf-pool");
}

static gboolean
delete_pool (FerrySession   *session,
             const char     *name,
             FerryPoolFlags  flags,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_session_delete_pool_async (session, name, flags, NULL, ferry_wait_store_result, &result);
  g_assert_nonnull (ferry_wait_for_result (&result, WAIT_LIMIT_MS));
  return ferry_session_delete_pool_finish (session, result, error);
}

/* One rule for pools: only networks with <forward mode='hostdev'> are Ferry's to change, and
 * one that running guests use is deleted only when asked to anyway. */
static void
test_pool_rule (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GError) error = NULL;
  ChangeResult connected = { 0 };

  /* The NAT network web-01 and others use: not a pool. */
  g_assert_false (delete_pool (session, "default", FERRY_POOL_EVEN_IF_USED, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "not a VF pool"));
  g_assert_nonnull (find_network (session, "default"));
  g_clear_error (&error);

  ferry_session_connect_pool_async (session, "scratch", "default", NULL, NULL,
                                    pool_connected_cb, &connected);
  g_assert_true (ferry_wait_until (NULL, is_set, &connected.done, WAIT_LIMIT_MS));
  g_assert_error (connected.error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&connected.error);

  /* web-01 runs on vf-pool: refused, naming it; deleted when asked to anyway. */
  g_assert_false (delete_pool (session, "vf-pool", FERRY_POOL_FLAGS_NONE, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "web-01"));
  g_assert_nonnull (find_network (session, "vf-pool"));
  g_clear_error (&error);

  g_assert_true (delete_pool (session, "vf-pool", FERRY_POOL_EVEN_IF_USED, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_wait_until (NULL, lacks_vf_pool, session, WAIT_LIMIT_MS));
  /* web-01's definition names a network the host no longer has. */
  g_assert_true (ferry_wait_until (NULL, web01_misses_vf_pool, session, WAIT_LIMIT_MS));
}

/* A shut-off guest connected to the VF pool: a new interface on vf-pool in its definition.
 * A bad MAC is refused before libvirt sees anything. */
static void
test_connect_pool (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *before = persistent_xml (session, "scratch");
  g_autofree char *after = NULL;
  g_autofree char *unchanged = NULL;
  ChangeResult connected = { 0 };
  ChangeResult refused = { 0 };

  g_assert_null (strstr (before, "vf-pool"));
  ferry_session_connect_pool_async (session, "scratch", "vf-pool", "52:54:00:aa:bb:cc", NULL,
                                    pool_connected_cb, &connected);
  g_assert_true (ferry_wait_until (NULL, is_set, &connected.done, WAIT_LIMIT_MS));
  g_assert_no_error (connected.error);
  g_assert_true (connected.ok);
  after = persistent_xml (session, "scratch");
  g_assert_nonnull (strstr (after, "<source network='vf-pool'"));
  g_assert_nonnull (strstr (after, "52:54:00:aa:bb:cc"));

  ferry_session_connect_pool_async (session, "scratch", "vf-pool", "52:54:00:aa:bb", NULL,
                                    pool_connected_cb, &refused);
  g_assert_true (ferry_wait_until (NULL, is_set, &refused.done, WAIT_LIMIT_MS));
  g_assert_false (refused.ok);
  g_assert_error (refused.error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&refused.error);
  unchanged = persistent_xml (session, "scratch");
  g_assert_cmpstr (unchanged, ==, after);
}

static gboolean
has_pool_user (gpointer data)
{
  FerryGuest *guest = ferry_session_lookup_guest (data, "ferry-test-pool-user");

  return guest != NULL && ferry_guest_uses_network (guest, "vf-pool");
}

/* Who uses a pool, and which of them run: web-01 runs on vf-pool; a guest defined with a
 * vf-pool interface joins the users, shut off. */
static void
test_pool_guests (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (session);
  g_autoptr(GPtrArray) before = ferry_session_dup_pool_guests (session, "vf-pool", FALSE);
  g_autoptr(GPtrArray) nat = ferry_session_dup_pool_guests (session, "default", FALSE);
  g_autoptr(GPtrArray) unknown = ferry_session_dup_pool_guests (session, "no-such-pool", TRUE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) running = NULL;
  virDomainPtr domain;

  g_assert_cmpstrv ((const char * const *) before->pdata,
                    ((const char *[]) { "web-01", NULL }));
  /* Guests on the NAT network hold no host device: no pool users there. */
  g_assert_null (g_ptr_array_index (nat, 0));
  g_assert_null (g_ptr_array_index (unknown, 0));

  /* Only this test driver connection changes: the demo file on disk is never written. */
  domain = virDomainDefineXML (raw, "<domain type='test'><name>ferry-test-pool-user</name>"
                                    "<memory>65536</memory><os><type>hvm</type></os>"
                                    "<devices><interface type='network'>"
                                    "<source network='vf-pool'/></interface></devices>"
                                    "</domain>");
  g_assert_nonnull (domain);
  virDomainFree (domain);
  g_assert_true (ferry_wait_until (NULL, has_pool_user, session, WAIT_LIMIT_MS));

  all = ferry_session_dup_pool_guests (session, "vf-pool", FALSE);
  g_assert_cmpstrv ((const char * const *) all->pdata,
                    ((const char *[]) { "ferry-test-pool-user", "web-01", NULL }));
  running = ferry_session_dup_pool_guests (session, "vf-pool", TRUE);
  g_assert_cmpstrv ((const char * const *) running->pdata,
                    ((const char *[]) { "web-01", NULL }));
}

/* A running guest whose driver refuses the live attach: libvirt's words, and the definition
 * taken back to what it was. */
static void
test_connect_pool_rolls_back (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *before = persistent_xml (session, "win11");
  g_autofree char *after = NULL;
  ChangeResult refused = { 0 };

  ferry_session_connect_pool_async (session, "win11", "vf-pool", NULL, NULL, pool_connected_cb,
                                    &refused);
  g_assert_true (ferry_wait_until (NULL, is_set, &refused.done, WAIT_LIMIT_MS));
  g_assert_error (refused.error, FERRY_ERROR, FERRY_ERROR_LIBVIRT);
  assert_refusal (refused.error, "not supported");
  g_assert_null (strstr (refused.error->message, "back as it was"));
  g_clear_error (&refused.error);
  after = persistent_xml (session, "win11");
  g_assert_cmpstr (after, ==, before);
}

static void
assigned_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->ok = ferry_session_assign_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* The plan for ADDRESSES (comma-separated) given to GUEST, applied; returns the outcome. */
static void
assign (FerrySession *session,
        const char   *guest,
        const char   *addresses,
        gboolean      live,
        GCancellable *cancellable,
        ChangeResult *outcome)
{
  g_auto(GStrv) texts = g_strsplit (addresses, ",", -1);
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autoptr(GArray) detach_first = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  FerryAssignRequest request = {
    ferry_session_get_inventory (session), find_guest (session, guest), picked, detach_first,
    TRUE, FALSE, NULL,
  };
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; texts[i] != NULL; i++)
    {
      FerryPciAddress address;

      g_assert_true (ferry_pci_address_parse (texts[i], &address));
      g_array_append_val (picked, address);
    }
  plan = ferry_assign_plan_new (&request, &options, live, TRUE, &error);
  g_assert_no_error (error);

  ferry_session_assign_async (session, plan, cancellable, assigned_cb, outcome);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome->done, WAIT_LIMIT_MS));
}

/* Both functions, and the guard's records that the assign writes last. */
static gboolean
scratch_has_two (gpointer session)
{
  FerryGuest *scratch = find_guest (session, "scratch");

  return g_list_model_get_n_items (ferry_guest_get_assigned (scratch)) >= 2 &&
         ferry_guest_lookup_record (scratch,
                                    ferry_host_device_get_address (lookup (session,
                                                                           "0000:09:00.1")));
}

/* Both functions of the unused Radeon go into a shut-off guest's definition (redefined, as the
 * test driver has no attach-device), and the result passes libvirt's schema. */
static void
test_assign_config (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *after = NULL;
  ChangeResult assigned = { 0 };

  assign (session, "scratch", "0000:09:00.0,0000:09:00.1", FALSE, NULL, &assigned);
  g_assert_no_error (assigned.error);
  g_assert_true (assigned.ok);

  after = persistent_xml (session, "scratch");
  g_assert_nonnull (strstr (after, "bus='0x09' slot='0x00' function='0x0'"));
  g_assert_nonnull (strstr (after, "bus='0x09' slot='0x00' function='0x1'"));
  fixture_assert_valid (after, "domain");

  /* The hardware-change guard's records went in with them, and came back from libvirt. */
  g_assert_nonnull (strstr (after, "https://github.com/ferry-app/ferry/hostdev/1"));
  g_assert_nonnull (strstr (after, "address=\"0000:09:00.0\" vendor=\"0x1002\" "
                                   "product=\"0x67df\""));

  /* The session re-reads the guest: its model shows both, remembered. */
  g_assert_true (ferry_wait_until (NULL, scratch_has_two, session, WAIT_LIMIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (
                      ferry_guest_get_assigned (find_guest (session, "scratch"))), ==, 2);
}

static void
repaired_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->ok = ferry_session_repair_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
media_box_repaired (gpointer session)
{
  g_autoptr(GPtrArray) problems = ferry_guest_check (find_guest (session, "media-box"),
                                                     ferry_session_get_inventory (session),
                                                     ferry_session_get_host_uses (session));

  return problems->len == 0;
}

static void
remembered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ChangeResult *outcome = user_data;

  outcome->ok = ferry_session_remember_finish (FERRY_SESSION (object), result, &outcome->error);
  outcome->done = TRUE;
}

/* nas's NVMe, assigned before the guard: remembering it writes the record of the device at
 * its address now, and the definition stays valid. */
static void
test_remember (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryHostDevice *nvme = lookup (session, "0000:07:00.0");
  g_autofree char *after = NULL;
  ChangeResult remembered = { 0 };
  FerryHostdevRecord record;

  g_assert_null (ferry_guest_lookup_record (find_guest (session, "nas"),
                                            ferry_host_device_get_address (nvme)));
  ferry_hostdev_record_init_from_device (&record, nvme);
  ferry_session_remember_async (session, "nas", &record, NULL, remembered_cb, &remembered);
  g_assert_true (ferry_wait_until (NULL, is_set, &remembered.done, WAIT_LIMIT_MS));
  g_assert_no_error (remembered.error);

  after = persistent_xml (session, "nas");
  g_assert_nonnull (strstr (after, "address=\"0000:07:00.0\" vendor=\"0x144d\" "
                                   "product=\"0xa808\" class=\"0x010802\""));
  fixture_assert_valid (after, "domain");
}

/* Undo of a detach puts the guard's record back with the device: the definition is as it
 * was, so the guard still checks what is at that address. */
static void
test_detach_undo_keeps_record (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryHostDevice *nvme = lookup (session, "0000:07:00.0");
  g_autoptr(GPtrArray) assigned = assigned_at (find_guest (session, "nas"), "0000:07:00.0");
  const char *recorded = "address=\"0000:07:00.0\" vendor=\"0x144d\" product=\"0xa808\"";
  g_autofree char *remembered_xml = NULL;
  g_autofree char *detached_xml = NULL;
  g_autofree char *restored_xml = NULL;
  g_autofree char *device = NULL;
  ChangeResult remembered = { 0 };
  ChangeResult detached = { 0 };
  ChangeResult undone = { 0 };
  FerryHostdevRecord record;

  ferry_hostdev_record_init_from_device (&record, nvme);
  ferry_session_remember_async (session, "nas", &record, NULL, remembered_cb, &remembered);
  g_assert_true (ferry_wait_until (NULL, is_set, &remembered.done, WAIT_LIMIT_MS));
  g_assert_no_error (remembered.error);
  remembered_xml = persistent_xml (session, "nas");
  g_assert_nonnull (strstr (remembered_xml, recorded));

  ferry_session_detach_async (session, "nas", assigned, FERRY_DETACH_CONFIG, NULL, detached_cb,
                              &detached);
  g_assert_true (ferry_wait_until (NULL, is_set, &detached.done, WAIT_LIMIT_MS));
  g_assert_no_error (detached.error);
  detached_xml = persistent_xml (session, "nas");
  g_assert_null (strstr (detached_xml, recorded));

  ferry_session_undo_async (session, detached.change, NULL, undone_cb, &undone);
  g_assert_true (ferry_wait_until (NULL, is_set, &undone.done, WAIT_LIMIT_MS));
  g_assert_no_error (undone.error);
  restored_xml = persistent_xml (session, "nas");
  device = ferry_domain_edit_dup_device (restored_xml, assigned->pdata[0], NULL);
  g_assert_nonnull (device);
  g_assert_nonnull (strstr (restored_xml, recorded));
  fixture_assert_valid (restored_xml, "domain");

  g_object_unref (detached.change);
}

/* The demo's media-box: 04:00.0 now holds the SATA controller, the recorded USB controller
 * is at 03:00.0. The repair moves the hostdev and its record in one definition. */
static void
test_repair_moves (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GPtrArray) problems = ferry_guest_check (find_guest (session, "media-box"),
                                                     ferry_session_get_inventory (session),
                                                     ferry_session_get_host_uses (session));
  g_autofree char *after = NULL;
  const FerryPciAddress *move;
  ChangeResult repaired = { 0 };
  guint n;

  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (problems->pdata[0]), ==, "hardware-changed");
  g_assert_cmpuint (ferry_finding_get_n_fixes (problems->pdata[0]), ==, 1);
  move = ferry_finding_get_fix_devices (problems->pdata[0], 0, &n);
  g_assert_cmpuint (n, ==, 2);

  ferry_session_repair_async (session, "media-box", move, 1, NULL, repaired_cb, &repaired);
  g_assert_true (ferry_wait_until (NULL, is_set, &repaired.done, WAIT_LIMIT_MS));
  g_assert_no_error (repaired.error);
  g_assert_true (repaired.ok);

  after = persistent_xml (session, "media-box");
  g_assert_nonnull (strstr (after, "bus='0x03' slot='0x00' function='0x0'"));
  g_assert_null (strstr (after, "bus='0x04'"));
  g_assert_nonnull (strstr (after, "address=\"0000:03:00.0\" vendor=\"0x1b21\""));
  fixture_assert_valid (after, "domain");
  g_assert_true (ferry_wait_until (NULL, media_box_repaired, session, WAIT_LIMIT_MS));
}

static void
assert_repair_refused (FerrySession *session,
                       const char   *to,
                       const char   *use)
{
  FerryPciAddress move[2];
  ChangeResult repaired = { 0 };

  g_assert_true (ferry_pci_address_parse ("0000:04:00.0", &move[0]));
  g_assert_true (ferry_pci_address_parse (to, &move[1]));
  ferry_session_repair_async (session, "media-box", move, 1, NULL, repaired_cb, &repaired);
  g_assert_true (ferry_wait_until (NULL, is_set, &repaired.done, WAIT_LIMIT_MS));
  g_assert_error (repaired.error, FERRY_ERROR, FERRY_ERROR_IN_USE);
  g_assert_nonnull (strstr (repaired.error->message, to));
  g_assert_nonnull (strstr (repaired.error->message, use));
  g_assert_false (repaired.ok);
  g_clear_error (&repaired.error);
}

/* A move onto a function the host itself uses (the demo's iGPU drives its display) is
 * refused before anything is written. When the host stands on the address the recorded
 * device moved to, the guest check offers no Move and says why, and the repair refuses that
 * move by the same rule. */
static void
test_repair_refuses_host_use (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *before = persistent_xml (session, "media-box");
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  assert_repair_refused (session, "0000:00:02.0", "boot display");

  /* As if the host now mounted / from a disk on the USB controller found at 03:00.0. */
  g_hash_table_insert (ferry_session_get_host_uses (session), g_strdup ("0000:03:00.0"),
                       g_strdup ("It controls the disk of / (sdb)"));
  problems = ferry_guest_check (find_guest (session, "media-box"),
                                ferry_session_get_inventory (session),
                                ferry_session_get_host_uses (session));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (ferry_finding_get_code (problems->pdata[0]), ==, "hardware-changed");
  g_assert_cmpuint (ferry_finding_get_n_fixes (problems->pdata[0]), ==, 0);
  g_assert_nonnull (strstr (ferry_finding_get_message (problems->pdata[0]),
                            "now at 0000:03:00.0, but the host uses it "
                            "(It controls the disk of / (sdb))"));
  assert_repair_refused (session, "0000:03:00.0", "It controls the disk of / (sdb)");

  after = persistent_xml (session, "media-box");
  g_assert_cmpstr (after, ==, before);
}

/* The second of two functions is gone from the host when its turn comes: the first is taken
 * back out and the definition is byte for byte what it was. */
static void
test_assign_rolls_back (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *before = persistent_xml (session, "scratch");
  g_autofree char *after = NULL;
  ChangeResult assigned = { 0 };

  assign (session, "scratch", "0000:09:00.0,0000:0c:00.0", FALSE, NULL, &assigned);
  g_assert_false (assigned.ok);
  g_assert_error (assigned.error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (assigned.error->message, "0000:0c:00.0"));
  g_clear_error (&assigned.error);

  after = persistent_xml (session, "scratch");
  g_assert_cmpstr (after, ==, before);
}

/* Hosts name node devices otherwise than pci_DDDD_BB_SS_F (older libvirt named them by
 * vendor and product; some list a function twice, the second with a suffix): Ferry looks a
 * function up by the name the listing gave, and assigns it. */
static void
test_assign_listed_names (void)
{
  g_autofree char *demo_uri = ferry_session_dup_demo_uri ();
  g_autofree char *demo_path = g_uri_unescape_string (demo_uri + strlen ("test://"), NULL);
  g_autofree char *demo = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GError) error = NULL;
  ChangeResult assigned = { 0 };
  GString *text;

  g_assert_true (g_file_get_contents (demo_path, &demo, NULL, &error));
  g_assert_no_error (error);
  text = g_string_new (demo);
  g_assert_cmpuint (g_string_replace (text, "pci_0000_09_00_0", "pci_1002_67df", 0), >, 0);
  g_assert_cmpuint (g_string_replace (text, "pci_0000_09_00_1", "pci_0000_09_00_1_dup", 0),
                    >, 0);
  renamed = g_string_free (text, FALSE);
  tmp = g_dir_make_tmp ("ferry-names-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmp, "host.xml", NULL);
  g_assert_true (g_file_set_contents (path, renamed, -1, &error));
  g_assert_no_error (error);
  uri = g_strconcat ("test://", path, NULL);

  session = open_uri (uri);
  assign (session, "scratch", "0000:09:00.0,0000:09:00.1", FALSE, NULL, &assigned);
  g_assert_no_error (assigned.error);
  g_assert_true (assigned.ok);

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (tmp));
}

/* Node-device events: the test driver emits none for PCI functions, so these drive the entry
 * point the event callbacks call, ferry_session_nodedev_changed, with the names a burst would
 * carry, and wait for the session to announce the result as events would. */

static void
note_reload (FerrySession *session,
             gboolean     *reloaded)
{
  *reloaded = TRUE;
}

/* Names NAMES (DELETED for each) as one burst of events would, and waits for the session to
 * take the result in. */
static void
nodedev_burst (FerrySession       *session,
               const char * const *names,
               gboolean            deleted)
{
  gboolean reloaded = FALSE;
  gulong handler = g_signal_connect (session, "reloaded", G_CALLBACK (note_reload), &reloaded);

  for (guint i = 0; names[i] != NULL; i++)
    ferry_session_nodedev_changed (session, names[i], deleted);
  g_assert_true (ferry_wait_until (NULL, is_set, &reloaded, WAIT_LIMIT_MS));
  g_signal_handler_disconnect (session, handler);
}

/* Whether SESSION shows every function and group as a whole read of the same host (FULL)
 * does. */
static void
assert_same_inventory (FerrySession *session,
                       FerrySession *full)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  FerryInventory *expected = ferry_session_get_inventory (full);
  GListModel *devices = ferry_inventory_get_devices (expected);
  GListModel *groups = ferry_inventory_get_groups (expected);

  g_assert_cmpuint (g_list_model_get_n_items (ferry_inventory_get_devices (inventory)), ==,
                    g_list_model_get_n_items (devices));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_inventory_get_groups (inventory)), ==,
                    g_list_model_get_n_items (groups));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_session_get_devices (session)), ==,
                    g_list_model_get_n_items (ferry_session_get_devices (full)));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      g_assert_true (ferry_inventory_device_equal (inventory, expected,
                                                   ferry_host_device_get_address (device)));
    }
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);

      g_assert_true (ferry_inventory_group_equal (inventory, expected,
                                                  ferry_iommu_group_get_number (group), NULL));
    }
}

/* An updated function (a driver bound) and an updated interface: only they, and the function
 * the interface belongs to, are asked for; the host reads as a whole read reads it. */
static void
test_nodedev_update (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) full = open_demo ();
  FerryHostDevice *pf;

  nodedev_burst (session, (const char *[]) { "pci_0000_0a_00_0", "pci_0000_09_00_0", NULL },
                 FALSE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 1);
  g_assert_cmpuint (session->nodedev_fetched, ==, 2);
  assert_same_inventory (session, full);
  /* Its interface is not in its own XML: it stays. */
  pf = lookup (session, "0000:0a:00.0");
  g_assert_cmpstrv (ferry_host_device_get_netdevs (pf), ((const char *[]) { "eth2", NULL }));
  g_assert_cmpint (ferry_host_device_get_netdev_link (pf, "eth2"), ==, FERRY_LINK_STATE_UP);

  nodedev_burst (session, (const char *[]) { "net_eth2_00_1b_21_3c_9a_10", NULL }, FALSE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 2);
  g_assert_cmpuint (session->nodedev_fetched, ==, 2 + 2);
  assert_same_inventory (session, full);
  g_assert_cmpstr (ferry_session_get_problems (session)[0], ==, NULL);

  /* A container's interface, of no PCI function, comes and goes (events say which kind of
   * device by name only: its parent is in its XML): asked for once, left out, as a whole read
   * leaves it out; gone, nothing is asked for. */
  nodedev_burst (session, (const char *[]) { "net_veth5c1e2f0_9a_3d_41_c7_e2_08", NULL },
                 FALSE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 3);
  g_assert_cmpuint (session->nodedev_fetched, ==, 4 + 1);
  assert_same_inventory (session, full);
  nodedev_burst (session, (const char *[]) { "net_veth5c1e2f0_9a_3d_41_c7_e2_08", NULL },
                 TRUE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 4);
  g_assert_cmpuint (session->nodedev_fetched, ==, 5);
  assert_same_inventory (session, full);
}

/* A deleted function is gone, from its group too, and its PF's or group's other functions are
 * read again (their XML names it); made again, it is back as a whole read shows it. */
static void
test_nodedev_delete (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) full = open_demo ();
  FerryIommuGroup *group;
  FerryPciAddress audio;

  g_assert_true (ferry_pci_address_parse ("0000:09:00.1", &audio));
  nodedev_burst (session, (const char *[]) { "pci_0000_09_00_1", NULL }, TRUE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 1);
  /* Nothing asked of the gone one; its group's other member read again. */
  g_assert_cmpuint (session->nodedev_fetched, ==, 1);
  g_assert_null (lookup (session, "0000:09:00.1"));
  g_assert_null (ferry_inventory_lookup (ferry_session_get_inventory (session), &audio));
  group = ferry_inventory_get_group (ferry_session_get_inventory (session), 35);
  g_assert_nonnull (group);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_iommu_group_get_members (group)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_session_get_devices (session)), ==,
                    g_list_model_get_n_items (ferry_session_get_devices (full)) - 1);

  nodedev_burst (session, (const char *[]) { "pci_0000_09_00_1", NULL }, FALSE);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_fetched, ==, 1 + 2);
  assert_same_inventory (session, full);

  /* A VF: its PF's list of VFs is read again. */
  nodedev_burst (session, (const char *[]) { "pci_0000_0b_10_0", NULL }, TRUE);
  g_assert_null (lookup (session, "0000:0b:10.0"));
  g_assert_cmpuint (session->nodedev_fetched, ==, 3 + 1);
  nodedev_burst (session, (const char *[]) { "pci_0000_0b_10_0", NULL }, FALSE);
  g_assert_cmpuint (session->nodedev_fetched, ==, 4 + 2);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 4);
  assert_same_inventory (session, full);
}

/* The group the session's list shows for NUMBER (a reference), or NULL. */
static FerryIommuGroup *
dup_shown_group (FerrySession *session,
                 int           number)
{
  GListModel *groups = ferry_session_get_groups (session);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);

      if (ferry_iommu_group_get_number (group) == number)
        return g_steal_pointer (&group);
    }
  return NULL;
}

static void
note_changed_at (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GArray     *positions)
{
  for (guint i = 0; i < added; i++)
    g_array_append_vals (positions, (guint[]) { position + i }, 1);
}

/* An update keeps the records of the functions it did not read, but what a row shows of them
 * may still change: the PF interface a pf-form pool names goes, and its VFs are in no pool
 * any more; their groups' rows are made again, though no VF was read. */
static void
test_nodedev_pool_pf_gone (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  FerryHostDevice *pf = ferry_inventory_find_netdev (ferry_session_get_inventory (session),
                                                     "eth3");
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(FerryIommuGroup) group = NULL;
  g_autoptr(FerryIommuGroup) group_now = NULL;
  GListModel *devices = ferry_session_get_devices (session);
  const FerryPciAddress *vfs;
  FerryPciAddress vf;
  FerryHostDevice *record;
  gboolean row_made_again = FALSE;
  guint n_vfs = 0;

  g_assert_nonnull (pf);
  vfs = ferry_host_device_get_vfs (pf, &n_vfs);
  g_assert_cmpuint (n_vfs, >, 0);
  vf = vfs[0];
  g_assert_nonnull (ferry_inventory_get_pools (ferry_session_get_inventory (session), &vf));
  record = ferry_session_lookup_device (session, &vf);
  group = dup_shown_group (session, ferry_host_device_get_iommu_group (record));
  g_assert_nonnull (group);
  g_signal_connect (devices, "items-changed", G_CALLBACK (note_changed_at), changed);

  nodedev_burst (session, (const char *[]) { "net_eth3_00_1b_21_3c_9a_11", NULL }, TRUE);
  g_signal_handlers_disconnect_by_data (devices, changed);
  g_assert_cmpuint (session->full_reads, ==, 0);
  g_assert_cmpuint (session->nodedev_updates, ==, 1);
  g_assert_null (ferry_inventory_get_pools (ferry_session_get_inventory (session), &vf));
  /* The VF's own record is kept; its row and its group's are made again. */
  g_assert_true (ferry_session_lookup_device (session, &vf) == record);
  for (guint i = 0; i < changed->len; i++)
    {
      g_autoptr(FerryHostDevice) item = g_list_model_get_item (devices,
                                                               g_array_index (changed, guint, i));

      row_made_again |= item == record;
    }
  g_assert_true (row_made_again);
  group_now = dup_shown_group (session, ferry_host_device_get_iommu_group (record));
  g_assert_true (group_now != group);
}

/* What the update cannot be sure of is read as a whole: a name the host does not know, too
 * many names at once. */
static void
test_nodedev_fall_back (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) full = open_demo ();
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);

  nodedev_burst (session, (const char *[]) { "pci_0000_0a_00_0", "pci_0000_7f_1f_7", NULL },
                 FALSE);
  g_assert_cmpuint (session->nodedev_updates, ==, 0);
  g_assert_cmpuint (session->full_reads, ==, 1);
  assert_same_inventory (session, full);

  nodedev_burst (session, (const char *[]) { "net_eth9_00_00_00_00_00_00", NULL }, FALSE);
  g_assert_cmpuint (session->nodedev_updates, ==, 0);
  g_assert_cmpuint (session->full_reads, ==, 2);

  for (guint i = 0; i <= FERRY_NODEDEV_UPDATE_MAX; i++)
    g_ptr_array_add (many, g_strdup_printf ("pci_0000_7e_%02x_%u", i / 8, i % 8));
  g_ptr_array_add (many, NULL);
  nodedev_burst (session, (const char * const *) many->pdata, FALSE);
  g_assert_cmpuint (session->nodedev_updates, ==, 0);
  /* Not even tried: nothing asked for one by one. */
  g_assert_cmpuint (session->nodedev_fetched, ==, 3);
  g_assert_cmpuint (session->full_reads, ==, 3);
  assert_same_inventory (session, full);

  /* A disk that came (a new NVMe drive's, after its function): the whole host, which places
   * disks under their functions. */
  nodedev_burst (session, (const char *[]) { "block_nvme1n1_Samsung_SSD_980_1TB_S64ANS0T", NULL },
                 FALSE);
  g_assert_cmpuint (session->nodedev_fetched, ==, 3);
  g_assert_cmpuint (session->full_reads, ==, 4);
}

/* Reloads: a document whose text is byte for byte the last read's is not parsed again. */

static void
reload_and_wait (FerrySession *session)
{
  gboolean reloaded = FALSE;
  gulong handler = g_signal_connect (session, "reloaded", G_CALLBACK (note_reload), &reloaded);

  ferry_session_reload (session);
  g_assert_true (ferry_wait_until (NULL, is_set, &reloaded, WAIT_LIMIT_MS));
  g_signal_handler_disconnect (session, handler);
}

/* What a guest's pages show of it, as text: two reads of the same guest agree on it. */
static char *
describe_guest (FerryGuest *guest)
{
  GString *text = g_string_new (NULL);
  GListModel *assigned = ferry_guest_get_assigned (guest);
  GListModel *others[] = { ferry_guest_get_virtio (guest), ferry_guest_get_emulated (guest) };
  g_autofree char *missing = g_strjoinv (",", (char **) ferry_guest_get_missing_networks (guest));

  g_string_append_printf (text, "%s %s %d missing=%s\n", ferry_guest_get_name (guest),
                          ferry_guest_get_uuid (guest), ferry_guest_get_state (guest), missing);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      g_autofree char *pci = address ? ferry_pci_address_to_string (address) : NULL;
      g_autofree char *summary = ferry_assigned_device_dup_summary (device);
      const FerryHostdevRecord *record = address ? ferry_guest_lookup_record (guest, address)
                                                 : NULL;
      g_autofree char *described = record ? ferry_hostdev_record_describe (record) : NULL;

      g_string_append_printf (text, "assigned %s %s net=%s mac=%s vlan=%u managed=%d live=%d "
                              "config=%d rom=%d guest=%s file=%s profile=%s record=%s\n",
                              pci, summary, ferry_assigned_device_get_network (device),
                              ferry_assigned_device_get_mac (device),
                              ferry_assigned_device_get_vlan (device),
                              ferry_assigned_device_get_managed (device),
                              ferry_assigned_device_get_live (device),
                              ferry_assigned_device_get_config (device),
                              ferry_assigned_device_get_rom_bar (device),
                              ferry_assigned_device_get_guest_address (device),
                              ferry_assigned_device_get_rom_file (device),
                              ferry_assigned_device_get_profile_id (device), described);
    }
  for (guint l = 0; l < G_N_ELEMENTS (others); l++)
    for (guint i = 0; i < g_list_model_get_n_items (others[l]); i++)
      {
        g_autoptr(FerryGuestDevice) device = g_list_model_get_item (others[l], i);

        g_string_append_printf (text, "%u %s %s %s %s\n", l, ferry_guest_device_get_kind (device),
                                ferry_guest_device_get_model (device),
                                ferry_guest_device_get_target (device),
                                ferry_guest_device_get_title (device));
      }
  return g_string_free (text, FALSE);
}

/* Whether SESSION shows every function, group, pool and guest as EXPECTED does. */
static void
assert_same_host (FerrySession *session,
                  FerrySession *expected)
{
  GListModel *guests = ferry_session_get_guests (session);
  GListModel *networks = ferry_session_get_networks (session);

  assert_same_inventory (session, expected);

  g_assert_cmpuint (g_list_model_get_n_items (guests), ==,
                    g_list_model_get_n_items (ferry_session_get_guests (expected)));
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      g_autoptr(FerryGuest) other = g_list_model_get_item (ferry_session_get_guests (expected), i);
      g_autofree char *text = describe_guest (guest);
      g_autofree char *other_text = describe_guest (other);

      g_assert_cmpstr (text, ==, other_text);
    }

  g_assert_cmpuint (g_list_model_get_n_items (networks), ==,
                    g_list_model_get_n_items (ferry_session_get_networks (expected)));
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);
      g_autoptr(FerryNetwork) other = g_list_model_get_item (ferry_session_get_networks (expected),
                                                              i);

      g_assert_true (ferry_network_equal (network, other));
    }
  g_assert_cmpstrv (ferry_session_get_problems (session), ferry_session_get_problems (expected));
}

/* A reload keeps every unchanged document's parse, and shows the host exactly as a fresh
 * session's first read does; the records a read completed (interfaces, disks) are never
 * what the next one starts from. */
static void
test_reload_reuses_parses (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) fresh = open_demo ();
  guint documents = g_list_model_get_n_items (ferry_session_get_devices (session)) +
                    g_hash_table_size (session->netdevs) +
                    g_list_model_get_n_items (ferry_session_get_networks (session)) +
                    g_list_model_get_n_items (ferry_session_get_guests (session));
  guint reused;

  g_assert_cmpuint (session->parses_reused, ==, 0);
  reload_and_wait (session);
  reused = session->parses_reused;
  g_assert_cmpuint (reused, >=, documents);
  reload_and_wait (session);
  g_assert_cmpuint (session->parses_reused, ==, reused);
  g_assert_cmpuint (session->full_reads, ==, 2);

  assert_same_host (session, fresh);
  g_assert_cmpstrv (ferry_host_device_get_netdevs (lookup (session, "0000:0a:00.0")),
                    ((const char *[]) { "eth2", NULL }));
}

/* A reload shows a function whose text is unchanged as the very record it showed, unless
 * other documents add to it (interfaces, disks): a record an earlier read shows is never
 * changed, and one that gains an interface is copied first. */
static void
test_reload_shares_records (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) fresh = open_demo ();
  g_autoptr(FerryHostDevice) bare = NULL;
  g_autoptr(FerryHostDevice) shown = NULL;
  Parsed *parsed;

  reload_and_wait (session);
  shown = g_object_ref (lookup (session, "0000:01:00.0"));
  g_assert_null (ferry_host_device_get_netdevs (shown)[0]);
  reload_and_wait (session);
  g_assert_true (lookup (session, "0000:01:00.0") == shown);

  /* As if the read that parsed 0a:00.0 had found its interface not yet there. */
  parsed = g_hash_table_lookup (session->parsed->devices, "pci_0000_0a_00_0");
  g_assert_nonnull (parsed);
  bare = ferry_host_device_copy_parsed (parsed->result);
  g_object_unref (parsed->result);
  parsed->result = g_object_ref (bare);
  reload_and_wait (session);
  g_assert_null (ferry_host_device_get_netdevs (bare)[0]);
  g_assert_true (lookup (session, "0000:0a:00.0") != bare);
  g_assert_cmpstrv (ferry_host_device_get_netdevs (lookup (session, "0000:0a:00.0")),
                    ((const char *[]) { "eth2", NULL }));
  assert_same_host (session, fresh);
}

/* Defines NAME on SESSION's host again with a passed-through NVMe added. */
static void
add_nvme (FerrySession *session,
          const char   *name)
{
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (session);
  g_autofree char *xml = persistent_xml (session, name);
  g_autoptr(GString) changed = g_string_new (xml);
  virDomainPtr domain;

  g_assert_cmpuint (g_string_replace (changed, "</devices>",
                                      "<hostdev mode='subsystem' type='pci' managed='yes'>"
                                      "<source><address domain='0x0000' bus='0x05' slot='0x00' "
                                      "function='0x0'/></source></hostdev></devices>", 1),
                    ==, 1);
  domain = virDomainDefineXML (raw, changed->str);
  g_assert_nonnull (domain);
  virDomainFree (domain);
}

static void
add_pool (FerrySession *session)
{
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (session);
  /* Its UUID given: two hosts compared must hold the same text. */
  virNetworkPtr network = virNetworkDefineXML (raw, "<network><name>ferry-test-pool</name>"
                                                    "<uuid>6f0cf8a2-5d1e-4c3b-9a47-"
                                                    "2b8e1d0c3f55</uuid>"
                                                    "<forward mode='hostdev' managed='yes'>"
                                                    "<pf dev='eth2'/></forward></network>");

  g_assert_nonnull (network);
  virNetworkFree (network);
}

static void
note_reused (FerrySession *session,
             GArray       *counts)
{
  g_array_append_val (counts, session->parses_reused);
}

static gboolean
scratch_has_nvme (gpointer data)
{
  GListModel *assigned = ferry_guest_get_assigned (find_guest (data, "scratch"));

  return g_list_model_get_n_items (assigned) > 0;
}

/* Waits until SESSION has no reload pending or running (an event's may follow a change). */
static void
settle (FerrySession *session)
{
  for (guint i = 0; i < 10 && (session->reload_source != 0 || session->reloading); i++)
    reload_and_wait (session);
  g_assert_false (session->reload_source != 0 || session->reloading);
}

/* Whether SESSION, its reloads settled, shows what EXPECTED shows when EXPECTED parses every
 * document afresh. EXPECTED is settled first: a reload its own events started, still running
 * with the table it began with, would otherwise answer the wait (seen under ASan in CI). */
static void
assert_same_as_parsed_afresh (FerrySession *session,
                              FerrySession *expected)
{
  settle (expected);
  g_clear_pointer (&expected->parsed, parsed_cache_unref);
  reload_and_wait (expected);
  g_assert_cmpuint (expected->parses_reused, ==, 0);
  assert_same_host (session, expected);
}

/* The large host's file (tests/gen-bench-host.py, given on the command line), or NULL. */
static const char *large_host;

/* Positions a list's items-changed covered, by store. */
static void
note_changed (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              GArray     *positions)
{
  for (guint i = position; i < position + added; i++)
    g_array_append_val (positions, i);
}

static gboolean
has_address (GArray                *addresses,
             const FerryPciAddress *address)
{
  for (guint i = 0; i < addresses->len; i++)
    if (ferry_pci_address_equal (&g_array_index (addresses, FerryPciAddress, i), address))
      return TRUE;
  return FALSE;
}

/* On a host large enough that a merge judges on two threads: a guest that goes takes its
 * claims off its functions, whose rows are made again, and only theirs (and those of pool
 * VFs it might have taken); the functions then read as a fresh session reads them. */
static void
test_large_host_merge (void)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(FerrySession) fresh = NULL;
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(virConnect) raw = NULL;
  g_autofree char *name = NULL;
  GListModel *devices;
  GListModel *guests;
  virDomainPtr domain;
  gulong handler;

  if (large_host == NULL)
    {
      g_test_skip ("no large host given on the command line");
      return;
    }
  path = g_canonicalize_filename (large_host, NULL);
  uri = g_strconcat ("test://", path, NULL);
  session = open_uri (uri);
  devices = ferry_session_get_devices (session);
  guests = ferry_session_get_guests (session);
  g_assert_cmpuint (g_list_model_get_n_items (devices), >=, 1024);
  reload_and_wait (session);

  /* A shut-off guest that holds functions by address. */
  for (guint i = 0; i < g_list_model_get_n_items (guests) && name == NULL; i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      guint n_assigned;
      FerryAssignedDevice * const *assigned = ferry_guest_peek_assigned (guest, &n_assigned);

      if (ferry_guest_get_state (guest) != FERRY_GUEST_STATE_SHUTOFF)
        continue;
      for (guint a = 0; a < n_assigned; a++)
        if (ferry_assigned_device_get_address (assigned[a]) != NULL)
          g_array_append_vals (held, ferry_assigned_device_get_address (assigned[a]), 1);
      if (held->len > 0)
        name = g_strdup (ferry_guest_get_name (guest));
    }
  g_assert_nonnull (name);

  handler = g_signal_connect (devices, "items-changed", G_CALLBACK (note_changed), changed);
  raw = ferry_session_dup_raw_connection (session);
  domain = virDomainLookupByName (raw, name);
  g_assert_nonnull (domain);
  g_assert_cmpint (virDomainUndefine (domain), ==, 0);
  virDomainFree (domain);
  reload_and_wait (session);
  settle (session);
  g_signal_handler_disconnect (devices, handler);

  g_assert_cmpuint (changed->len, >=, held->len);
  g_assert_cmpuint (changed->len, <, g_list_model_get_n_items (devices) / 2);
  for (guint i = 0; i < held->len; i++)
    {
      gboolean made_again = FALSE;

      for (guint c = 0; c < changed->len && !made_again; c++)
        {
          g_autoptr(FerryHostDevice) device =
            g_list_model_get_item (devices, g_array_index (changed, guint, c));

          made_again = ferry_pci_address_equal (ferry_host_device_get_address (device),
                                                &g_array_index (held, FerryPciAddress, i));
        }
      g_assert_true (made_again);
    }
  for (guint c = 0; c < changed->len; c++)
    {
      g_autoptr(FerryHostDevice) device =
        g_list_model_get_item (devices, g_array_index (changed, guint, c));

      g_assert_null (ferry_inventory_get_uses (session->inventory,
                                               ferry_host_device_get_address (device)));
      g_assert_true (has_address (held, ferry_host_device_get_address (device)) ||
                     ferry_inventory_get_pools (session->inventory,
                                                ferry_host_device_get_address (device)) != NULL);
    }

  fresh = open_uri (uri);
  domain = virDomainLookupByName (raw, name);
  g_assert_null (domain);
  {
    g_autoptr(virConnect) fresh_raw = ferry_session_dup_raw_connection (fresh);

    domain = virDomainLookupByName (fresh_raw, name);
    g_assert_nonnull (domain);
    g_assert_cmpint (virDomainUndefine (domain), ==, 0);
    virDomainFree (domain);
  }
  /* The generated guests have no UUIDs of their own: each connection makes up others. */
  settle (fresh);
  g_clear_pointer (&fresh->parsed, parsed_cache_unref);
  reload_and_wait (fresh);
  g_assert_cmpuint (fresh->parses_reused, ==, 0);
  assert_same_inventory (session, fresh);
}

/* A changed guest is parsed again, the others not; a changed pool has every guest parsed again
 * (their devices refer to pools). Either way the host reads as it does parsed afresh. */
static void
test_reload_reparses_changed (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(FerrySession) expected = open_demo ();
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_guests = g_list_model_get_n_items (ferry_session_get_guests (session));
  guint all;

  g_assert_false (scratch_has_nvme (session));
  reload_and_wait (session);
  all = session->parses_reused;
  g_signal_connect (session, "reloaded", G_CALLBACK (note_reused), counts);

  /* The define's event reloads, later: the first read to see it parses scratch alone. */
  add_nvme (session, "scratch");
  add_nvme (expected, "scratch");
  reload_and_wait (session);
  g_assert_true (ferry_wait_until (NULL, scratch_has_nvme, session, WAIT_LIMIT_MS));
  settle (session);
  g_assert_cmpuint (g_array_index (counts, guint, 0), ==, all - 1);
  for (guint i = 1; i < counts->len; i++)
    g_assert_cmpuint (g_array_index (counts, guint, i), ==, all);
  assert_same_as_parsed_afresh (session, expected);

  g_array_set_size (counts, 0);
  add_pool (session);
  add_pool (expected);
  g_assert_true (ferry_wait_until (NULL, has_three_networks, session, WAIT_LIMIT_MS));
  settle (session);
  /* Every function and the two pools kept; the guests and the new pool parsed. */
  g_assert_cmpuint (g_array_index (counts, guint, 0), ==, all - n_guests);
  reload_and_wait (session);
  g_assert_cmpuint (session->parses_reused, ==, all + 1);
  assert_same_as_parsed_afresh (session, expected);
}

/* A kept parse is found by the print of its texts: only for texts that are the same, byte for
 * byte, wherever another differs (first bytes, last, middle, same length or not) and whether
 * or not a second text comes with it. */
static void
test_parse_found_by_print (void)
{
  const char *text = "<device><name>pci_0000_01_00_0</name><parent>computer</parent></device>";
  const char *others[] = {
    "<device><name>pci_0000_01_00_1</name><parent>computer</parent></device>",
    "<Device><name>pci_0000_01_00_0</name><parent>computer</parent></device>",
    "<device><name>pci_0000_01_00_0</name><parent>computer</parent></devicE>",
    "<device><name>pci_0000_01_00_0</name><parent>computer</parent></device>\n",
    "<device><name>pci_0000_01_00_0</name><parent>computer</parent></device",
    "",
  };
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) parsed_free);
  g_autofree char *copy = g_strdup (text);
  Parsed *parsed = parsed_new (text, NULL, NULL, g_object_new (G_TYPE_OBJECT, NULL),
                               g_object_unref);
  Parsed *pair = parsed_new (text, "", NULL, g_object_new (G_TYPE_OBJECT, NULL), g_object_unref);

  g_hash_table_insert (table, g_strdup ("one"), parsed);
  g_hash_table_insert (table, g_strdup ("two"), pair);

  g_assert_true (lookup_parsed (table, "one", copy, NULL) == parsed);
  g_assert_null (lookup_parsed (table, "one", copy, ""));
  g_assert_null (lookup_parsed (table, "one", NULL, NULL));
  g_assert_null (lookup_parsed (table, "three", copy, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_null (lookup_parsed (table, "one", others[i], NULL));
  g_assert_true (lookup_parsed (table, "two", copy, "") == pair);
  g_assert_null (lookup_parsed (table, "two", copy, NULL));
  g_assert_null (lookup_parsed (table, "two", copy, " "));
}

/* A test-driver host without a host tree is neither this computer nor a remote one: its
 * readiness says what it is. */
static void
test_test_driver_readiness (void)
{
  g_autoptr(FerrySession) session = open_uri ("test:///default");
  GListModel *checks = ferry_session_get_readiness (session);
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);

      if (!g_str_equal (ferry_readiness_check_get_id (check), "host-files"))
        continue;
      found = TRUE;
      g_assert_null (strstr (ferry_readiness_check_get_summary (check), "remote"));
      g_assert_nonnull (strstr (ferry_readiness_check_get_summary (check), "test-driver"));
    }
  g_assert_true (found);
}

/* An operation given up on (an interrupted ferryctl) stops before its next step and leaves
 * the guest as it was, saying so. */
static void
test_assign_cancelled (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = persistent_xml (session, "scratch");
  g_autofree char *after = NULL;
  ChangeResult assigned = { 0 };

  g_cancellable_cancel (cancellable);
  assign (session, "scratch", "0000:09:00.0,0000:09:00.1", FALSE, cancellable, &assigned);
  g_assert_false (assigned.ok);
  g_assert_error (assigned.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (assigned.error->message, "as it was"));
  g_clear_error (&assigned.error);

  after = persistent_xml (session, "scratch");
  g_assert_cmpstr (after, ==, before);
}

/* Connecting again after a loss is bounded: a host that accepts the socket and never
 * answers is given up on at the deadline. */
static void
test_reconnect_deadline (void)
{
  g_autoptr(GSocketListener) listener = NULL;
  g_autofree char *uri = silent_server_start (&listener);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  virConnectPtr conn;

  ferry_session_init_libvirt ();
  conn = ferry_virt_open_within (uri, 1, &error);
  g_assert_null (conn);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

/* A running guest on a connection without live attach: libvirt's words, nothing changed. */
static void
test_assign_live_refused (void)
{
  g_autoptr(FerrySession) session = open_demo ();
  g_autofree char *before = persistent_xml (session, "win11");
  g_autofree char *after = NULL;
  ChangeResult assigned = { 0 };

  assign (session, "win11", "0000:09:00.0", TRUE, NULL, &assigned);
  g_assert_error (assigned.error, FERRY_ERROR, FERRY_ERROR_NOT_SUPPORTED);
  assert_refusal (assigned.error, "not supported");
  g_assert_null (strstr (assigned.error->message, "back as it was"));
  g_clear_error (&assigned.error);

  after = persistent_xml (session, "win11");
  g_assert_cmpstr (after, ==, before);
}

static gboolean
count_tick (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* 50 ticks of 20 ms: a second at least. */
static gboolean
ticked_a_second (gpointer user_data)
{
  return *(guint *) user_data >= 50;
}

static void
test_silent_server_cancels (void)
{
  g_autoptr(GSocketListener) listener = NULL;
  g_autofree char *uri = silent_server_start (&listener);
  g_autoptr(FerrySession) session = ferry_session_new (uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result outcome = { 0 };
  guint ticks = 0;
  guint tick_id;
  gint64 cancelled_at;

  tick_id = g_timeout_add (20, count_tick, &ticks);
  ferry_session_connect_async (session, cancellable, connected_cb, &outcome);

  /* The server never answers: the attempt stays pending while the main loop keeps running. */
  g_assert_true (ferry_wait_until (NULL, ticked_a_second, &ticks, WAIT_LIMIT_MS));
  g_assert_false (outcome.done);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome.done, WAIT_LIMIT_MS));
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  g_source_remove (tick_id);
}

/* libvirt's own questions (its auth callback, virConnectOpenAuth), asked by the test driver
 * on tests/data/host-auth.xml: the user name, then the password. A prompt handler answers
 * what it is given; NULL cancels the question, as a dialog closed. */
typedef struct
{
  const char *user;
  const char *password;
  GPtrArray  *asked;   /* the FerryPrompts seen, in order */
} Answers;

static gboolean
answer_prompt_cb (FerrySession *session,
                  FerryPrompt  *prompt,
                  gpointer      user_data)
{
  Answers *answers = user_data;
  const char *answer = ferry_prompt_get_kind (prompt) == FERRY_PROMPT_USERNAME
    ? answers->user : answers->password;

  g_assert_false (ferry_prompt_get_finished (prompt));
  g_ptr_array_add (answers->asked, g_object_ref (prompt));
  if (answer != NULL)
    ferry_prompt_answer (prompt, answer);
  else
    ferry_prompt_cancel (prompt);
  return TRUE;
}

/* Connects to the test-driver host that asks, answering with USER and PASSWORD; returns the
 * session, the prompts asked in ASKED, the outcome in OUTCOME. */
static FerrySession *
connect_answering (const char *user,
                   const char *password,
                   GPtrArray  *asked,
                   Result     *outcome)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "host-auth.xml", NULL);
  /* test:/// takes an absolute path. */
  g_autofree char *path = g_canonicalize_filename (file, NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  g_autoptr(FerrySession) session = ferry_session_new (uri);
  Answers *answers = g_new0 (Answers, 1);

  answers->user = user;
  answers->password = password;
  answers->asked = asked;
  g_signal_connect_data (session, "prompt", G_CALLBACK (answer_prompt_cb), answers,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  ferry_session_connect_async (session, NULL, connected_cb, outcome);
  g_assert_true (ferry_wait_until (NULL, is_set, &outcome->done, WAIT_LIMIT_MS));
  return g_steal_pointer (&session);
}

/* The user name question: asked shown, about no host (test:/// has none), in libvirt's
 * words. */
static void
assert_user_question (FerryPrompt *prompt)
{
  g_assert_cmpint (ferry_prompt_get_kind (prompt), ==, FERRY_PROMPT_USERNAME);
  g_assert_null (ferry_prompt_get_subject (prompt));
  g_assert_nonnull (strstr (ferry_prompt_get_message (prompt), "username"));
}

/* The password question: asked hidden, about the user just named. */
static void
assert_password_question (FerryPrompt *prompt,
                          const char  *user)
{
  g_assert_cmpint (ferry_prompt_get_kind (prompt), ==, FERRY_PROMPT_PASSWORD);
  g_assert_cmpstr (ferry_prompt_get_subject (prompt), ==, user);
  g_assert_nonnull (strstr (ferry_prompt_get_message (prompt), "password"));
}

static void
test_auth_right_password (void)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_object_unref);
  Result outcome = { 0 };
  g_autoptr(FerrySession) session = connect_answering ("alice", "s3cret pass", asked, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_true (ferry_session_get_connected (session));
  g_assert_nonnull (ferry_session_lookup_guest (session, "web"));
  g_assert_cmpuint (asked->len, ==, 2);
  assert_user_question (asked->pdata[0]);
  assert_password_question (asked->pdata[1], "alice");
}

/* A wrong password: Ferry's words for a refused login, libvirt's under Details. */
static void
test_auth_wrong_password (void)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_object_unref);
  Result outcome = { 0 };
  g_autoptr(FerrySession) session = connect_answering ("alice", "wrong", asked, &outcome);
  const char *cause = NULL;
  const char *remedy = NULL;

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, FERRY_ERROR, FERRY_ERROR_LIBVIRT);
  assert_refusal (outcome.error, "authentication failed");
  /* The test driver's users are its own: nothing about ssh keys. */
  g_assert_true (ferry_failure_explain ("authentication failed", "test:///host.xml", &cause,
                                        &remedy));
  g_assert_nonnull (strstr (outcome.error->message, cause));
  g_assert_null (strstr (outcome.error->message, "ssh"));
  g_assert_false (ferry_session_get_connected (session));
  g_assert_cmpuint (asked->len, ==, 2);
  assert_password_question (asked->pdata[1], "alice");
  g_clear_error (&outcome.error);
}

/* Cancelling a question cancels the connect: not an authentication failure, whichever
 * question it was, and nothing more is asked. */
static void
test_auth_cancelled (void)
{
  static const struct { const char *user; guint asked; } cases[] = {
    { NULL, 1 },       /* the user name */
    { "alice", 2 },    /* the password */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_object_unref);
      Result outcome = { 0 };
      g_autoptr(FerrySession) session = connect_answering (cases[i].user, NULL, asked,
                                                           &outcome);

      g_assert_false (outcome.ok);
      g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (strstr (outcome.error->message, "refused"));
      g_assert_null (strstr (outcome.error->message, "authentication"));
      g_assert_false (ferry_session_get_connected (session));
      g_assert_cmpuint (asked->len, ==, cases[i].asked);
      assert_user_question (asked->pdata[0]);
      g_clear_error (&outcome.error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  large_host = argc > 1 ? argv[1] : NULL;

  g_test_add_func ("/session/demo-host/loads", test_demo_host_loads);
  g_test_add_func ("/session/demo-host/read-progress", test_demo_host_read_progress);
  g_test_add_func ("/session/demo-host/guests-first", test_demo_host_guests_first);
  g_test_add_func ("/session/demo-host/netdevs", test_demo_host_netdevs);
  g_test_add_func ("/session/demo-host/groups-consistent", test_demo_host_groups_consistent);
  g_test_add_func ("/session/demo-host/topology", test_demo_host_topology);
  g_test_add_func ("/session/demo-host/guests", test_demo_host_guests);
  g_test_add_func ("/session/demo-host/host-uses", test_demo_host_uses);
  g_test_add_func ("/session/demo-host/remote-uses", test_demo_host_remote_uses);
  g_test_add_func ("/session/connection-kinds", test_connection_kinds);
  g_test_add_func ("/session/demo-host/events-update-models", test_events_update_models);
  g_test_add_func ("/session/demo-host/nodedev-update", test_nodedev_update);
  g_test_add_func ("/session/demo-host/nodedev-delete", test_nodedev_delete);
  g_test_add_func ("/session/demo-host/nodedev-pool-pf-gone", test_nodedev_pool_pf_gone);
  g_test_add_func ("/session/demo-host/nodedev-fall-back", test_nodedev_fall_back);
  g_test_add_func ("/session/demo-host/reload-reuses-parses", test_reload_reuses_parses);
  g_test_add_func ("/session/demo-host/reload-shares-records", test_reload_shares_records);
  g_test_add_func ("/session/large-host/merge", test_large_host_merge);
  g_test_add_func ("/session/demo-host/reload-reparses-changed", test_reload_reparses_changed);
  g_test_add_func ("/session/parse-found-by-print", test_parse_found_by_print);
  g_test_add_func ("/session/demo-host/detach-config-and-undo", test_detach_config_and_undo);
  g_test_add_func ("/session/demo-host/detach-live-refused", test_detach_live_refused);
  g_test_add_func ("/session/demo-host/detach-all-or-nothing", test_detach_all_or_nothing);
  g_test_add_func ("/session/demo-host/pool-define-and-delete", test_pool_define_and_delete);
  g_test_add_func ("/session/demo-host/pool-rule", test_pool_rule);
  g_test_add_func ("/session/demo-host/pool-guests", test_pool_guests);
  g_test_add_func ("/session/demo-host/connect-pool", test_connect_pool);
  g_test_add_func ("/session/demo-host/connect-pool-rolls-back", test_connect_pool_rolls_back);
  g_test_add_func ("/session/demo-host/assign-config", test_assign_config);
  g_test_add_func ("/session/demo-host/assign-rolls-back", test_assign_rolls_back);
  g_test_add_func ("/session/demo-host/repair-moves", test_repair_moves);
  g_test_add_func ("/session/demo-host/repair-refuses-host-use", test_repair_refuses_host_use);
  g_test_add_func ("/session/demo-host/remember", test_remember);
  g_test_add_func ("/session/demo-host/detach-undo-keeps-record", test_detach_undo_keeps_record);
  g_test_add_func ("/session/demo-host/assign-live-refused", test_assign_live_refused);
  g_test_add_func ("/session/assign-listed-names", test_assign_listed_names);
  g_test_add_func ("/session/test-driver-readiness", test_test_driver_readiness);
  g_test_add_func ("/session/demo-host/assign-cancelled", test_assign_cancelled);
  g_test_add_func ("/session/reconnect-deadline", test_reconnect_deadline);
  g_test_add_func ("/session/refused-uri", test_refused_uri);
  g_test_add_func ("/session/silent-server-cancels", test_silent_server_cancels);
  g_test_add_func ("/session/auth/right-password", test_auth_right_password);
  g_test_add_func ("/session/auth/wrong-password", test_auth_wrong_password);
  g_test_add_func ("/session/auth/cancelled", test_auth_cancelled);

  return g_test_run ();
}
