/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-wait.h"

static gboolean
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* A condition met by a later event on the loop ends the wait, long before its limit. */
static void
test_wait_until_holds (void)
{
  gboolean flag = FALSE;
  gint64 started = g_get_monotonic_time ();

  g_timeout_add (20, set_flag, &flag);
  g_assert_true (ferry_wait_until (NULL, is_set, &flag, 60000));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
}

/* Nothing happens: the wait gives up at its limit, sleeping rather than spinning. */
static void
test_wait_until_expires (void)
{
  gboolean flag = FALSE;
  gint64 started = g_get_monotonic_time ();

  g_assert_false (ferry_wait_until (NULL, is_set, &flag, 50));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 50 * 1000);
}

/* Another context than the default one is the one iterated. */
static void
test_wait_until_private_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) source = g_idle_source_new ();
  gboolean flag = FALSE;

  g_source_set_callback (source, set_flag, &flag, NULL);
  g_source_attach (source, context);
  g_assert_true (ferry_wait_until (context, is_set, &flag, 60000));
}

static void
return_later (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_usleep (10 * 1000);
  g_task_return_int (task, 42);
}

static void
test_wait_for_result (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, ferry_wait_store_result, &result);

  g_task_run_in_thread (task, return_later);
  g_clear_object (&task);
  g_assert_nonnull (ferry_wait_for_result (&result, 60000));
  g_assert_cmpint (g_task_propagate_int (G_TASK (result), NULL), ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wait/until/holds", test_wait_until_holds);
  g_test_add_func ("/wait/until/expires", test_wait_until_expires);
  g_test_add_func ("/wait/until/private-context", test_wait_until_private_context);
  g_test_add_func ("/wait/result", test_wait_for_result);
  return g_test_run ();
}
