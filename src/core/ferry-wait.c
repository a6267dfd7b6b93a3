/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-wait"

#include "config.h"

#include "ferry-wait.h"

/* The one way Ferry waits for something on a main loop (ferryctl, the sync connect, the
 * tests): run CONTEXT until a condition holds or a deadline passes, sleeping in the loop
 * between events rather than polling. */

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates CONTEXT (NULL: the thread's default) until CONDITION (DATA) is TRUE, or until
 * TIMEOUT_MS have passed (0: no limit). Returns whether the condition holds. */
gboolean
ferry_wait_until (GMainContext       *context,
                  FerryWaitCondition  condition,
                  gpointer            data,
                  guint               timeout_ms)
{
  g_autoptr(GSource) deadline = NULL;
  gboolean expired = FALSE;
  gboolean holds;

  g_return_val_if_fail (condition != NULL, FALSE);

  if (context == NULL)
    context = g_main_context_get_thread_default ();
  if (context == NULL)
    context = g_main_context_default ();

  if (timeout_ms > 0)
    {
      deadline = g_timeout_source_new (timeout_ms);
      g_source_set_callback (deadline, deadline_cb, &expired, NULL);
      g_source_attach (deadline, context);
    }

  while (!(holds = condition (data)) && !expired)
    g_main_context_iteration (context, TRUE);

  if (deadline != NULL)
    g_source_destroy (deadline);
  return holds;
}

/* A GAsyncReadyCallback that keeps a reference to RESULT in SLOT (a GAsyncResult **),
 * for ferry_wait_for_result(). */
void
ferry_wait_store_result (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      slot)
{
  GAsyncResult **out = slot;

  g_assert (*out == NULL);
  *out = g_object_ref (result);
}

static gboolean
slot_filled (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

/* Waits on the thread's default context until an operation started with
 * ferry_wait_store_result and SLOT has finished; returns its result (owned by SLOT), or NULL
 * when TIMEOUT_MS (0: no limit) passed first. */
GAsyncResult *
ferry_wait_for_result (GAsyncResult **slot,
                       guint          timeout_ms)
{
  g_return_val_if_fail (slot != NULL, NULL);

  ferry_wait_until (NULL, slot_filled, slot, timeout_ms);
  return *slot;
}
