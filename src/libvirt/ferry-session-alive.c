/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* The watch on a connection with work in flight. libvirt 9.0 can leave calls waiting for ever
 * on a connection its keepalive closed under them (seen with many calls in flight: the thread
 * that polls the socket never notices the close, so no call returns and no close callback
 * runs), but virConnectIsAlive says so at once: its keepalive timer runs on the main loop.
 * So while a task of the session runs, the main loop asks every second; a task whose
 * connection died ends with Ferry's lost-connection error from the main loop, and its
 * thread, which may never come back, finishes into nothing. */

#define ALIVE_CHECK_MS 1000

enum {
  IN_FLIGHT_PENDING,
  IN_FLIGHT_EXPLAINED,   /* its thread reports the loss itself (what the host has now) */
  IN_FLIGHT_ANSWERED,    /* the watch gave the caller the error; the thread's result is dropped */
};

/* One task of the session, shared by its GTask (qdata, so its thread reaches it) and the
 * session's list of those the watch looks after. */
typedef struct
{
  gatomicrefcount     refs;
  int                 state;         /* atomic */
  virConnectPtr       raw;           /* atomic: the connection it works over, own reference */
  GCancellable       *cancellable;   /* the task's: the caller's, and the watch's */
  GCancellable       *caller;
  gulong              caller_handler;
  gboolean            change;        /* it changes the host, rather than reads it */
  gboolean            seen_dead;     /* main thread */
  GAsyncReadyCallback callback;
  gpointer            user_data;
  gpointer            source_tag;
} InFlight;

static GQuark
in_flight_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("ferry-session-in-flight");
  return quark;
}

static void
in_flight_unref (InFlight *in_flight)
{
  if (!g_atomic_ref_count_dec (&in_flight->refs))
    return;

  if (in_flight->caller != NULL)
    g_cancellable_disconnect (in_flight->caller, in_flight->caller_handler);
  g_clear_object (&in_flight->caller);
  g_object_unref (in_flight->cancellable);
  g_clear_pointer (&in_flight->raw, virConnectClose);
  g_free (in_flight);
}

static InFlight *
in_flight_ref (InFlight *in_flight)
{
  g_atomic_ref_count_inc (&in_flight->refs);
  return in_flight;
}

static void
cancel_linked (GCancellable *caller,
               GCancellable *linked)
{
  g_cancellable_cancel (linked);
}

/* How a task the connection died under ends: the words ferryctl prints for it. CHANGE says
 * whether the task was changing the host. */
GError *
ferry_session_new_lost_error (FerrySession *self,
                              gboolean      change)
{
  if (change)
    return g_error_new (FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST,
                        /* Translators: %s is a host */
                        _("The connection to %s was lost during the change."), self->uri);
  return g_error_new (FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST,
                      /* Translators: %s is a libvirt URI */
                      _("The connection to %s was lost while Ferry read the host"), self->uri);
}

static void
forget (FerrySession *self,
        InFlight     *in_flight)
{
  if (g_ptr_array_remove (self->in_flight, in_flight) && self->in_flight->len == 0)
    g_clear_handle_id (&self->alive_source, g_source_remove);
}

/* Whether RAW is the session's own connection (not a connect's new one). */
static gboolean
is_current (FerrySession  *self,
            virConnectPtr  raw)
{
  g_autoptr(virConnect) current = ferry_session_dup_raw_connection (self);

  return current == raw;
}

/* Ends IN_FLIGHT with the lost-connection error: a task of its own carries it to the caller,
 * with the caller's source tag, so that the caller's _finish takes it as it would the real
 * one, and the real one, whenever its thread returns, is dropped. */
static void
answer_lost (FerrySession *self,
             InFlight     *in_flight)
{
  g_autoptr(GTask) task = NULL;

  if (!g_atomic_int_compare_and_exchange (&in_flight->state, IN_FLIGHT_PENDING,
                                          IN_FLIGHT_ANSWERED))
    return;

  task = g_task_new (self, NULL, in_flight->callback, in_flight->user_data);
  g_task_set_source_tag (task, in_flight->source_tag);
  g_task_return_error (task, ferry_session_new_lost_error (self, in_flight->change));
  /* What still checks between steps stops there. */
  g_cancellable_cancel (in_flight->cancellable);
}

static gboolean
alive_check_cb (gpointer user_data)
{
  FerrySession *self = user_data;
  g_autoptr(GPtrArray) dead = g_ptr_array_new_with_free_func ((GDestroyNotify) in_flight_unref);

  for (guint i = 0; i < self->in_flight->len; i++)
    {
      InFlight *in_flight = self->in_flight->pdata[i];
      virConnectPtr raw = g_atomic_pointer_get (&in_flight->raw);

      if (raw == NULL || virConnectIsAlive (raw) != 0)
        continue;
      /* Found dead: the session says so at once (as the close callback would), and the task
       * has one more check to come back on its own: a thread whose call failed with the
       * connection may be about to say it reports the loss itself. */
      if (!in_flight->seen_dead)
        {
          in_flight->seen_dead = TRUE;
          if (is_current (self, raw))
            ferry_session_mark_lost (self);
          continue;
        }
      if (g_atomic_int_get (&in_flight->state) == IN_FLIGHT_PENDING)
        g_ptr_array_add (dead, in_flight_ref (in_flight));
    }

  /* Answering runs no callback yet (the tasks return on a later iteration), but forgetting
   * may stop this source: after the loop. */
  for (guint i = 0; i < dead->len; i++)
    {
      answer_lost (self, dead->pdata[i]);
      forget (self, dead->pdata[i]);
    }
  return self->alive_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
in_flight_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FerrySession *self = FERRY_SESSION (object);
  InFlight *in_flight = user_data;

  forget (self, in_flight);
  /* The watch runs on this thread too: the task cannot be answered meanwhile. */
  if (g_atomic_int_get (&in_flight->state) != IN_FLIGHT_ANSWERED &&
      in_flight->callback != NULL)
    in_flight->callback (object, result, in_flight->user_data);
  in_flight_unref (in_flight);
}

/* A task on SELF tagged SOURCE_TAG for work in a thread (g_task_run_in_thread) over SELF's
 * connection, watched: should the connection die under it, CALLBACK gets the lost-connection
 * error within about two seconds, whether the thread comes back or not. Its cancellable is
 * cancelled with CANCELLABLE, and by the watch. CHANGE: the task changes the host (the
 * error's words say so). Main thread. */
GTask *
ferry_session_new_task (FerrySession        *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data,
                        gpointer             source_tag,
                        gboolean             change)
{
  InFlight *in_flight = g_new0 (InFlight, 1);
  GTask *task;

  g_atomic_ref_count_init (&in_flight->refs);
  in_flight->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      in_flight->caller = g_object_ref (cancellable);
      in_flight->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_linked),
                                                         g_object_ref (in_flight->cancellable),
                                                         g_object_unref);
    }
  if (self->connected)
    in_flight->raw = ferry_session_dup_raw_connection (self);
  in_flight->change = change;
  in_flight->callback = callback;
  in_flight->user_data = user_data;
  in_flight->source_tag = source_tag;

  task = g_task_new (self, in_flight->cancellable, in_flight_done_cb, in_flight);
  g_task_set_source_tag (task, source_tag);
  g_object_set_qdata_full (G_OBJECT (task), in_flight_quark (), in_flight_ref (in_flight),
                           (GDestroyNotify) in_flight_unref);

  if (self->in_flight == NULL)
    self->in_flight = g_ptr_array_new_with_free_func ((GDestroyNotify) in_flight_unref);
  g_ptr_array_add (self->in_flight, in_flight_ref (in_flight));
  if (self->alive_source == 0)
    self->alive_source = g_timeout_add (ALIVE_CHECK_MS, alive_check_cb, self);
  return task;
}

/* TASK (ferry_session_new_task) works over RAW from now on: the connect, whose connection
 * opens in its thread. Any thread. */
void
ferry_session_task_watch (GTask         *task,
                          virConnectPtr  raw)
{
  InFlight *in_flight = g_object_get_qdata (G_OBJECT (task), in_flight_quark ());

  virConnectRef (raw);
  if (!g_atomic_pointer_compare_and_exchange (&in_flight->raw, NULL, raw))
    virConnectClose (raw);
}

/* TASK's thread found its connection lost and reports it itself, with what the host has now:
 * the watch leaves it be. Its thread. */
void
ferry_session_task_explains_loss (GTask *task)
{
  InFlight *in_flight = g_object_get_qdata (G_OBJECT (task), in_flight_quark ());

  g_atomic_int_compare_and_exchange (&in_flight->state, IN_FLIGHT_PENDING,
                                     IN_FLIGHT_EXPLAINED);
}
