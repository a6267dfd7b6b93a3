/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-session.h"
#include "ferry-wait.h"

/* How long a window waits over a slow link: from the start of an asynchronous connect to
 * URI until its guests are in the models ("guests-read"), and until the whole read is.
 * tests/remote-read.py runs it through its relay and prints the figures; it prints one JSON
 * line. */

static void
guests_read_cb (FerrySession *session,
                gint64       *at)
{
  *at = g_get_monotonic_time ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FerrySession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, guests_at = 0, done_at;

  if (argc != 2)
    {
      g_printerr ("usage: %s URI\n", argv[0]);
      return 2;
    }

  ferry_session_init_libvirt ();
  session = ferry_session_new (argv[1]);
  g_signal_connect (session, "guests-read", G_CALLBACK (guests_read_cb), &guests_at);
  start = g_get_monotonic_time ();
  ferry_session_connect_async (session, NULL, ferry_wait_store_result, &result);
  ferry_wait_for_result (&result, 0);
  done_at = g_get_monotonic_time ();
  if (!ferry_session_connect_finish (session, result, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (guests_at == 0)
    {
      g_printerr ("the guests did not come before the end of the read\n");
      return 1;
    }

  g_print ("{\"guests\": %.3f, \"all\": %.3f, \"n_guests\": %u, \"n_devices\": %u}\n",
           (guests_at - start) / 1e6, (done_at - start) / 1e6,
           g_list_model_get_n_items (ferry_session_get_guests (session)),
           g_list_model_get_n_items (ferry_session_get_devices (session)));
  return 0;
}
