/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-error.h"
#include "ferry-pool-ops.h"
#include "ferry-session-private.h"
#include "ferry-wait.h"

/* The window's path (ferry_session_connect_async, then a reload or an operation) when the
 * host goes silent: the private libvirtd (FERRY_REAL_URI, build-aux/private-libvirtd) behind
 * tests/rpc-relay.py, which SIGUSR1 makes relay nothing more. The session must say the
 * connection is lost within the silence it allows, and the work end — never a spinner
 * turning for ever. Nothing reaches the daemon once the relay is silent. Skipped without a
 * daemon. */

#define SILENCE_SECONDS 3
/* libvirt's keepalive gives up after about SILENCE_SECONDS, the watch answers on its second
 * check (two seconds); the rest is room for a loaded machine. */
#define BOUND_SECONDS (SILENCE_SECONDS + 2 + 5)

static const char *relay_script;
/* Relays that must outlive every test: see fixture_teardown. */
static GPtrArray *relays_kept;

typedef struct
{
  char         *directory;
  GSubprocess  *relay;
  GDataInputStream *relay_out;
  FerrySession *session;
} Fixture;

/* The relay's next line of output (it says "listening", then "silent"), within 30 s. */
static char *
relay_line (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_data_input_stream_read_line_async (fixture->relay_out, G_PRIORITY_DEFAULT, NULL,
                                       ferry_wait_store_result, &result);
  g_assert_nonnull (ferry_wait_for_result (&result, 30000));
  return g_data_input_stream_read_line_finish (fixture->relay_out, result, NULL, NULL);
}

/* A session connected through a fresh relay, with a short silence allowed; FALSE (the test
 * skipped) without a daemon. */
static gboolean
fixture_connect (Fixture *fixture)
{
  const char *uri = g_getenv ("FERRY_REAL_URI");
  const char *socket = uri ? strstr (uri, "socket=") : NULL;
  g_autofree char *target = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *relayed = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (socket == NULL)
    {
      g_test_skip ("FERRY_REAL_URI names no daemon socket for the relay");
      return FALSE;
    }
  target = g_strndup (socket + strlen ("socket="), strcspn (socket + strlen ("socket="), "&"));

  fixture->directory = g_dir_make_tmp ("ferry-alive-XXXXXX", &error);
  g_assert_no_error (error);
  listen = g_build_filename (fixture->directory, "relay-sock", NULL);
  fixture->relay = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3",
                                     relay_script, "--listen", listen, "--target", target,
                                     "--until-stdin-closes", NULL);
  g_assert_no_error (error);
  fixture->relay_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->relay));
  line = relay_line (fixture);
  g_assert_cmpstr (line, ==, "listening");

  relayed = g_strdup_printf ("qemu:///system?socket=%s", listen);
  fixture->session = ferry_session_new (relayed);
  fixture->session->silence_seconds = SILENCE_SECONDS;
  ferry_session_connect_async (fixture->session, NULL, ferry_wait_store_result, &result);
  g_assert_nonnull (ferry_wait_for_result (&result, 120000));
  g_assert_true (ferry_session_connect_finish (fixture->session, result, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_session_get_connected (fixture->session));
  return TRUE;
}

static void
fixture_go_silent (Fixture *fixture)
{
  g_autofree char *line = NULL;

  g_subprocess_send_signal (fixture->relay, SIGUSR1);
  line = relay_line (fixture);
  g_assert_cmpstr (line, ==, "silent");
}

static gboolean
disconnected_and_idle (gpointer data)
{
  FerrySession *session = data;

  return !ferry_session_get_connected (session) && !session->reloading;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Lets the session go. When its work has all come back (THREADS_BACK), the relay stops and
 * the session must be finalized (AddressSanitizer watches what is freed). Otherwise libvirt
 * 9.0 keeps threads blocked on the silent connection, and waking them by closing it crashes
 * inside libvirt's client loop (virNetClientIOEventFD on a stale source): the relay then
 * runs, silent, until this program has exited (its standard input closes). */
static void
fixture_teardown (Fixture  *fixture,
                  gboolean  threads_back)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (fixture->relay != NULL && !threads_back)
    {
      if (relays_kept == NULL)
        relays_kept = g_ptr_array_new ();
      g_ptr_array_add (relays_kept, g_steal_pointer (&fixture->relay));
      g_clear_object (&fixture->session);
    }
  if (fixture->relay != NULL)
    {
      g_subprocess_send_signal (fixture->relay, SIGTERM);
      g_subprocess_wait_async (fixture->relay, NULL, ferry_wait_store_result, &result);
      g_assert_nonnull (ferry_wait_for_result (&result, 30000));
    }
  if (fixture->session != NULL)
    {
      FerrySession *session = fixture->session;

      g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
      g_clear_object (&fixture->session);
      g_assert_true (ferry_wait_until (NULL, is_null, &session, 60000));
    }
  g_clear_object (&fixture->relay_out);
  g_clear_object (&fixture->relay);
  if (fixture->directory != NULL)
    {
      g_autofree char *listen = g_build_filename (fixture->directory, "relay-sock", NULL);

      g_remove (listen);
      g_rmdir (fixture->directory);
      g_free (fixture->directory);
    }
}

static void
test_silent_reload (void)
{
  Fixture fixture = { NULL, };
  gint64 started;
  double seconds;

  if (!fixture_connect (&fixture))
    return;

  fixture_go_silent (&fixture);
  started = g_get_monotonic_time ();
  ferry_session_reload (fixture.session);
  g_assert_true (fixture.session->reloading);
  g_assert_true (ferry_wait_until (NULL, disconnected_and_idle, fixture.session,
                                   (BOUND_SECONDS + 30) * 1000));
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("reload from a silent host: lost after %.1f s", seconds);
  g_assert_cmpfloat (seconds, <=, BOUND_SECONDS);

  fixture_teardown (&fixture, FALSE);
}

static void
test_silent_operation (void)
{
  Fixture fixture = { NULL, };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;
  double seconds;

  if (!fixture_connect (&fixture))
    return;

  fixture_go_silent (&fixture);
  started = g_get_monotonic_time ();
  ferry_session_define_pool_async (fixture.session,
                                   "<network><name>ferry-test-alive</name>"
                                   "<forward mode='hostdev' managed='yes'>"
                                   "<pf dev='ferry-test-none'/></forward></network>",
                                   FALSE, FALSE, NULL, ferry_wait_store_result, &result);
  g_assert_nonnull (ferry_wait_for_result (&result, (BOUND_SECONDS + 30) * 1000));
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_false (ferry_session_define_pool_finish (fixture.session, result, &error));
  g_assert_nonnull (error);
  g_test_message ("pool define on a silent host: after %.1f s: %s", seconds, error->message);
  /* The watch's words, or libvirt's own when its call came back first: lost, either way. */
  g_assert_nonnull (strstr (error->message, "lost"));
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpfloat (seconds, <=, BOUND_SECONDS);
  g_assert_false (ferry_session_get_connected (fixture.session));

  /* The task holds the session. */
  g_clear_object (&result);
  fixture_teardown (&fixture, TRUE);
}

/* A node-device event on a host gone silent: the update of the named device is in flight when
 * the connection is lost; it ends as a reload does, within the same bound, and the loss never
 * turns into a read of the whole host. */
static void
test_silent_nodedev_update (void)
{
  Fixture fixture = { NULL, };
  GListModel *devices;
  FerryHostDevice *device;
  gint64 started;
  double seconds;

  if (!fixture_connect (&fixture))
    return;

  devices = ferry_inventory_get_devices (fixture.session->inventory);
  g_assert_cmpuint (g_list_model_get_n_items (devices), >, 0);
  device = g_list_model_get_item (devices, 0);
  fixture_go_silent (&fixture);
  started = g_get_monotonic_time ();
  ferry_session_nodedev_changed (fixture.session, ferry_host_device_get_name (device), FALSE);
  g_object_unref (device);
  g_assert_true (ferry_wait_until (NULL, disconnected_and_idle, fixture.session,
                                   (BOUND_SECONDS + 30) * 1000));
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("node-device update from a silent host: lost after %.1f s", seconds);
  g_assert_cmpfloat (seconds, <=, BOUND_SECONDS + 1);
  g_assert_cmpuint (fixture.session->full_reads, ==, 0);

  fixture_teardown (&fixture, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  relay_script = argv[1];
  ferry_session_init_libvirt ();

  g_test_add_func ("/session/alive/silent-reload", test_silent_reload);
  g_test_add_func ("/session/alive/silent-operation", test_silent_operation);
  g_test_add_func ("/session/alive/silent-nodedev-update", test_silent_nodedev_update);
  return g_test_run ();
}
