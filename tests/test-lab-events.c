/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ferry-error.h"
#include "ferry-session-private.h"
#include "ferry-wait.h"

/* VFs made in the lab's L1 (build-aux/lab; FERRY_LAB_URI, FERRY_LAB_DIR) must reach a session
 * that is already connected, through libvirt's node-device events: nobody asks it to read the
 * host again (ferry_session_reload), and it keeps the connection it had. Each event burst makes
 * the session update what it shows ("reloaded") by asking for the node devices the burst named,
 * never by reading the whole host again: this counts the events, the updates and whole reads
 * they caused, and says how long they took. The VFs are removed again and must leave the same way.
 * Run by tests/check-lab.py: ARGV[1] is build-aux/lab. Exit 77: no lab; 2: the connection to
 * L1 was lost (its libvirtd ended: lab-init starts it again); 1: Ferry's failure. */

#define CONNECT_SECONDS 300
/* A TCG L1 on a busy machine: an event, then a whole read of the host (10–70 s seen). */
#define WAIT_SECONDS 180
#define LAB_RUN_SECONDS 300
#define EXIT_LOST 2

typedef struct
{
  FerrySession    *session;
  GVirConnection  *connection;   /* the one it had when the test began */
  FerryPciAddress  pf;
  FerryPciAddress  vfs[2];
  guint            n_vfs;
  gboolean         want_vfs;
  guint            reads;        /* "reloaded" since the write */
  guint            events_before;
  guint            full_reads_before;
  guint            updates_before;
  guint            fetched_before;
  gint64           written;      /* when the command that writes sriov_numvfs began */
  gint64           first_event;  /* 0 until a node-device event came after it */
} Lab;

static const char *lab_script;
static const char *lab_dir;

static double
seconds_since (gint64 since)
{
  return (g_get_monotonic_time () - since) / (double) G_USEC_PER_SEC;
}

static G_GNUC_NORETURN void
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fputs ("FAIL: ", stdout);
  vprintf (format, args);
  fputc ('\n', stdout);
  va_end (args);
  exit (1);
}

static G_GNUC_NORETURN void
lost (const char *during)
{
  printf ("LOST: the connection to L1's libvirtd was lost %s (did L1's libvirtd end? "
          "lab-init starts it again)\n", during);
  exit (EXIT_LOST);
}

/* Notes the first node-device event after the write; the waits below check on each turn of
 * the main loop, which is where events are delivered. */
static void
note_events (Lab *lab)
{
  if (lab->first_event == 0 && lab->session->nodedev_events > lab->events_before)
    {
      lab->first_event = g_get_monotonic_time ();
      printf ("  %.1f s: the first node-device event\n", seconds_since (lab->written));
    }
}

static void
reloaded_cb (FerrySession *session,
             Lab          *lab)
{
  note_events (lab);
  lab->reads++;
  printf ("  %.1f s: the session took a change in (%u since the write; node-device updates: "
          "%u, node devices asked for: %u, reads of the whole host: %u)\n",
          seconds_since (lab->written), lab->reads,
          lab->session->nodedev_updates - lab->updates_before,
          lab->session->nodedev_fetched - lab->fetched_before,
          lab->session->full_reads - lab->full_reads_before);
}

typedef struct
{
  Lab           *lab;
  GAsyncResult **result;
} RunWait;

static gboolean
run_done (gpointer data)
{
  RunWait *wait = data;

  note_events (wait->lab);
  return *wait->result != NULL;
}

/* SCRIPT run by sh in L1 as root, its output; the main loop runs meanwhile, so events arrive
 * and reads start while it does. */
static char *
run_in_lab (Lab        *lab,
            const char *script)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  RunWait wait = { lab, &result };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, lab_script, "run", lab_dir, "--", "sh", "-ec", script,
                              NULL);
  if (process == NULL)
    fail ("%s run: %s", lab_script, error->message);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, ferry_wait_store_result, &result);
  if (!ferry_wait_until (NULL, run_done, &wait, LAB_RUN_SECONDS * 1000))
    {
      g_subprocess_force_exit (process);
      fail ("in L1, %s: no answer within %d s", script, LAB_RUN_SECONDS);
    }
  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    fail ("in L1, %s: %s", script, error->message);
  if (!g_subprocess_get_successful (process))
    fail ("in L1, %s: exit %d: %s", script, g_subprocess_get_exit_status (process), err);
  return g_steal_pointer (&out);
}

static char *
describe (const FerryPciAddress *address)
{
  return ferry_pci_address_to_string (address);
}

/* Whether the session shows the VFs with their PF and the PF lists exactly them (want_vfs), or
 * shows neither; TRUE also once the connection is gone (the caller tells which). */
static gboolean
vfs_as_wanted (gpointer data)
{
  Lab *lab = data;
  FerryHostDevice *pf;
  const FerryPciAddress *listed;
  guint n_listed = 0;

  note_events (lab);
  if (!ferry_session_get_connected (lab->session))
    return TRUE;

  pf = ferry_session_lookup_device (lab->session, &lab->pf);
  if (pf == NULL)
    return FALSE;
  listed = ferry_host_device_get_vfs (pf, &n_listed);
  if (n_listed != (lab->want_vfs ? lab->n_vfs : 0))
    return FALSE;

  for (guint i = 0; i < lab->n_vfs; i++)
    {
      FerryHostDevice *vf = ferry_session_lookup_device (lab->session, &lab->vfs[i]);

      if (!lab->want_vfs)
        {
          if (vf != NULL)
            return FALSE;
          continue;
        }
      if (vf == NULL || !ferry_host_device_is_vf (vf) ||
          ferry_host_device_get_pf (vf) == NULL ||
          !ferry_pci_address_equal (ferry_host_device_get_pf (vf), &lab->pf))
        return FALSE;
      for (guint j = 0; ; j++)
        {
          if (j == n_listed)
            return FALSE;
          if (ferry_pci_address_equal (&listed[j], &lab->vfs[i]))
            break;
        }
    }
  return TRUE;
}

/* No read of the host running or waiting for a burst of events to end. */
static gboolean
session_idle (gpointer data)
{
  FerrySession *session = data;

  return !session->reloading && session->reload_source == 0;
}

static gboolean
events_came (gpointer data)
{
  Lab *lab = data;

  note_events (lab);
  return lab->first_event != 0 || !ferry_session_get_connected (lab->session);
}

/* Writes NUMVFS to the PF's sriov_numvfs in L1 and waits for the session to follow. */
static void
write_numvfs_and_wait (Lab  *lab,
                       guint numvfs)
{
  g_autofree char *pf = describe (&lab->pf);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) made = NULL;
  const char *what = numvfs > 0 ? "appear" : "leave";

  /* The VFs stay without a driver (autoprobe off): only the node devices come and go. */
  script = g_strdup_printf ("cd /sys/bus/pci/devices/%s; echo 0 > sriov_drivers_autoprobe; "
                            "echo %u > sriov_numvfs; "
                            "for v in virtfn*; do [ -e $v ] && basename $(readlink $v); done; "
                            "true", pf, numvfs);
  /* Late events of the last change (the PF's update) may still be read: let that end first. */
  if (!ferry_wait_until (NULL, session_idle, lab->session, WAIT_SECONDS * 1000))
    fail ("the session kept reading the host for %d s", WAIT_SECONDS);
  lab->want_vfs = numvfs > 0;
  lab->reads = 0;
  lab->first_event = 0;
  lab->events_before = lab->session->nodedev_events;
  lab->full_reads_before = lab->session->full_reads;
  lab->updates_before = lab->session->nodedev_updates;
  lab->fetched_before = lab->session->nodedev_fetched;
  lab->written = g_get_monotonic_time ();
  printf ("echo %u > %s/sriov_numvfs\n", numvfs, pf);
  out = run_in_lab (lab, script);
  printf ("  %.1f s: the write returned\n", seconds_since (lab->written));

  if (numvfs > 0)
    {
      made = g_strsplit (g_strstrip (out), "\n", -1);
      if (g_strv_length (made) != numvfs || numvfs > G_N_ELEMENTS (lab->vfs))
        fail ("L1 made VFs \"%s\", not %u", out, numvfs);
      for (guint i = 0; i < numvfs; i++)
        if (!ferry_pci_address_parse (made[i], &lab->vfs[i]))
          fail ("L1 named a VF \"%s\"", made[i]);
      lab->n_vfs = numvfs;
    }

  if (!ferry_wait_until (NULL, vfs_as_wanted, lab, WAIT_SECONDS * 1000))
    fail ("the VFs of %s did not %s within %d s of the write (node-device events: %u, "
          "reads of the host: %u)", pf, what, WAIT_SECONDS,
          lab->session->nodedev_events - lab->events_before, lab->reads);
  if (!ferry_session_get_connected (lab->session))
    lost (numvfs > 0 ? "while the VFs were to appear" : "while the VFs were to leave");

  /* Only events (and the reads they cause) change a session nobody asks anything of: the same
   * connection, no reload asked for. A read that an event just before the write had asked for
   * may have found the change first; the change's own events must still come. */
  if (!ferry_wait_until (NULL, events_came, lab, WAIT_SECONDS * 1000))
    fail ("no node-device event came for the VFs of %s within %d s", pf, WAIT_SECONDS);
  if (!ferry_session_get_connected (lab->session))
    lost ("while waiting for node-device events");
  if (lab->session->connection != lab->connection)
    fail ("the session connected again instead of following events");
  /* The VFs' and their PF's node devices are all the change: asked for by name, the rest of
   * the host as it was (a remote host's whole read is thousands of round trips). */
  if (!ferry_wait_until (NULL, session_idle, lab->session, WAIT_SECONDS * 1000))
    fail ("the session kept reading the host for %d s", WAIT_SECONDS);
  if (lab->session->full_reads != lab->full_reads_before)
    fail ("the VFs of %s made the session read the whole host %u times (node-device "
          "updates: %u)", pf, lab->session->full_reads - lab->full_reads_before,
          lab->session->nodedev_updates - lab->updates_before);
  printf ("  %.1f s: the session shows them %s (node-device events: %u, the first after "
          "%.1f s; changes taken in: %u, node devices asked for: %u, reads of the whole host: "
          "0)\n", seconds_since (lab->written),
          numvfs > 0 ? "with their PF" : "gone",
          lab->session->nodedev_events - lab->events_before,
          (lab->first_event - lab->written) / (double) G_USEC_PER_SEC, lab->reads,
          lab->session->nodedev_fetched - lab->fetched_before);
}

int
main (int   argc,
      char *argv[])
{
  const char *uri = g_getenv ("FERRY_LAB_URI");
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GError) error = NULL;
  Lab lab = { 0 };
  gint64 connecting;
  GListModel *devices;
  gboolean found = FALSE;

  lab_dir = g_getenv ("FERRY_LAB_DIR");
  if (uri == NULL || lab_dir == NULL || argc != 2)
    {
      printf ("SKIP: %s\n", argc != 2 ? "usage: test-lab-events BUILD-AUX/LAB"
                                      : "FERRY_LAB_URI or FERRY_LAB_DIR is not set (build-aux/lab "
                                        "start DIR prints the URI)");
      return 77;
    }
  lab_script = argv[1];

  session = ferry_session_new (uri);
  connecting = g_get_monotonic_time ();
  if (!ferry_session_connect_sync (session, CONNECT_SECONDS, &error))
    {
      if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST))
        lost ("while connecting");
      fail ("connecting to %s: %s", uri, error->message);
    }
  printf ("connected and read the host in %.1f s\n", seconds_since (connecting));
  lab.session = session;
  lab.connection = session->connection;
  g_signal_connect (session, "reloaded", G_CALLBACK (reloaded_cb), &lab);

  devices = ferry_session_get_devices (session);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      guint n_vfs = 0;

      if (!ferry_host_device_is_pf (device))
        continue;
      if (found)
        fail ("more than one SR-IOV PF in L1");
      found = TRUE;
      lab.pf = *ferry_host_device_get_address (device);
      ferry_host_device_get_vfs (device, &n_vfs);
      if (n_vfs != 0)
        fail ("the PF has %u VFs already (sriov_numvfs must be 0 when the test starts)", n_vfs);
    }
  if (!found)
    fail ("no SR-IOV PF in L1's inventory");

  write_numvfs_and_wait (&lab, 2);
  write_numvfs_and_wait (&lab, 0);

  return 0;
}
