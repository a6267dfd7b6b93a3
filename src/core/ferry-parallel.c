/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-parallel"

#include "config.h"

#include "ferry-parallel.h"

/* Work on an array by several threads: each takes the next stretch of items no thread has
 * taken, by an atomic index, so thousands of items cost no queue traffic (a thread pool's
 * queue, locked twice an item, cost a tenth of a host read on two cores). The thread that
 * asks works too, and returns when every item is done, never waiting for a helper that has
 * not started yet: a pool's threads can take a while to start, and one that comes late finds
 * nothing left. The work is reference-counted for that: whoever lets go last frees it, and
 * DATA is only touched for a stretch taken, which the asker waits for. */
struct _FerryParallel
{
  gatomicrefcount    ref;
  guint              n_items;
  guint              stretch;
  FerryParallelFunc  func;
  gpointer           data;
  gint               next;      /* the next stretch to take */
  GMutex             mutex;
  GCond              cond;
  guint              done;      /* items done, under MUTEX */
  guint              n_started; /* helpers with a thread when asked */
};

static void
parallel_unref (FerryParallel *parallel)
{
  if (!g_atomic_ref_count_dec (&parallel->ref))
    return;
  g_mutex_clear (&parallel->mutex);
  g_cond_clear (&parallel->cond);
  g_free (parallel);
}

static void
take_stretches (FerryParallel *parallel)
{
  guint n_stretches = (parallel->n_items + parallel->stretch - 1) / parallel->stretch;
  gint taken;

  while ((taken = g_atomic_int_add (&parallel->next, 1)) < (gint) n_stretches)
    {
      guint start = (guint) taken * parallel->stretch;
      guint end = MIN (start + parallel->stretch, parallel->n_items);

      parallel->func (start, end, parallel->data);
      g_mutex_lock (&parallel->mutex);
      parallel->done += end - start;
      if (parallel->done == parallel->n_items)
        g_cond_signal (&parallel->cond);
      g_mutex_unlock (&parallel->mutex);
    }
}

static void
helper_thread (gpointer data,
               gpointer user_data)
{
  take_stretches (data);
  parallel_unref (data);
}

/* Starts FUNC on the N_ITEMS items of DATA, STRETCH (at least 1) at a time, on up to
 * N_HELPERS threads (as many at once: a helper may spend its time waiting for a host); the
 * caller goes on, and must end with ferry_parallel_finish. Stretches are taken in order. */
FerryParallel *
ferry_parallel_start (guint             n_items,
                      guint             stretch,
                      guint             n_helpers,
                      FerryParallelFunc func,
                      gpointer          data)
{
  /* One pool for all, non-exclusive: its threads go back to GLib's when idle. */
  static GThreadPool *helpers;
  FerryParallel *parallel = g_new0 (FerryParallel, 1);

  g_atomic_ref_count_init (&parallel->ref);
  parallel->n_items = n_items;
  parallel->stretch = MAX (stretch, 1);
  stretch = parallel->stretch;
  parallel->func = func;
  parallel->data = data;
  g_mutex_init (&parallel->mutex);
  g_cond_init (&parallel->cond);

  n_helpers = MIN (n_helpers, (n_items + stretch - 1) / stretch);
  if (n_helpers > 0 && g_once_init_enter (&helpers))
    g_once_init_leave (&helpers, g_thread_pool_new (helper_thread, NULL, -1, FALSE, NULL));
  for (guint i = 0; i < n_helpers; i++)
    {
      g_atomic_ref_count_inc (&parallel->ref);
      /* Queued even when no thread could start for it: a later one may take it. */
      if (g_thread_pool_push (helpers, parallel, NULL))
        parallel->n_started++;
    }
  return parallel;
}

/* How many helpers PARALLEL started with: 0 when none could (the system's limit on threads),
 * and only the caller will do the work, in ferry_parallel_finish. */
guint
ferry_parallel_get_n_started (FerryParallel *parallel)
{
  return parallel->n_started;
}

/* Takes what is left of PARALLEL's items on this thread too; returns when all are done, and
 * frees PARALLEL. */
void
ferry_parallel_finish (FerryParallel *parallel)
{
  take_stretches (parallel);
  g_mutex_lock (&parallel->mutex);
  while (parallel->done < parallel->n_items)
    g_cond_wait (&parallel->cond, &parallel->mutex);
  g_mutex_unlock (&parallel->mutex);
  parallel_unref (parallel);
}

/* FUNC on the N_ITEMS items of DATA, STRETCH at a time, on this thread and up to N_HELPERS
 * more; returns when all are done. */
void
ferry_parallel_run (guint             n_items,
                    guint             stretch,
                    guint             n_helpers,
                    FerryParallelFunc func,
                    gpointer          data)
{
  ferry_parallel_finish (ferry_parallel_start (n_items, stretch, n_helpers, func, data));
}
