/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-parallel.h"

typedef struct
{
  gint  *times;       /* how often each item was done */
  guint  n_items;
  gint   out_of_order; /* a stretch that did not start where one should */
  guint  stretch;
} Counted;

static void
count_items (guint    start,
             guint    end,
             gpointer data)
{
  Counted *counted = data;

  if (start % counted->stretch != 0 || end > counted->n_items || end <= start)
    g_atomic_int_inc (&counted->out_of_order);
  for (guint i = start; i < end; i++)
    g_atomic_int_inc (&counted->times[i]);
}

static void
assert_each_once (Counted *counted)
{
  g_assert_cmpint (g_atomic_int_get (&counted->out_of_order), ==, 0);
  for (guint i = 0; i < counted->n_items; i++)
    g_assert_cmpint (counted->times[i], ==, 1);
}

/* Every item is done once, whatever the stretch (none asked for is one), the helpers and the
 * count (none, fewer than a stretch, not a whole number of stretches). The caller's data is on
 * its stack: a helper that touched it after a run returned would be caught by AddressSanitizer
 * (CI's build), though no run here forces a helper to come late. */
static void
test_each_item_once (void)
{
  guint sizes[] = { 0, 1, 5, 256, 1000, 4096 };
  guint stretches[] = { 0, 1, 7, 256 };
  guint helpers[] = { 0, 1, 3, 40 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint t = 0; t < G_N_ELEMENTS (stretches); t++)
      for (guint h = 0; h < G_N_ELEMENTS (helpers); h++)
        {
          g_autofree gint *times = g_new0 (gint, MAX (sizes[s], 1));
          Counted counted = { times, sizes[s], 0, MAX (stretches[t], 1) };

          ferry_parallel_run (sizes[s], stretches[t], helpers[h], count_items, &counted);
          assert_each_once (&counted);
        }
}

static gint started;

static void
wait_for_caller (guint    start,
                 guint    end,
                 gpointer data)
{
  g_atomic_int_inc (&started);
  count_items (start, end, data);
}

/* Helpers start on their own while the caller goes on; finishing takes the rest. */
static void
test_start_then_finish (void)
{
  g_autofree gint *times = g_new0 (gint, 64);
  Counted counted = { times, 64, 0, 1 };
  FerryParallel *parallel = ferry_parallel_start (64, 1, 2, wait_for_caller, &counted);
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_assert_cmpuint (ferry_parallel_get_n_started (parallel), ==, 2);
  /* The helpers get going without the caller (bounded: a stuck pool fails, never hangs). */
  while (g_atomic_int_get (&started) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&started), >, 0);
  ferry_parallel_finish (parallel);
  assert_each_once (&counted);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parallel/each-item-once", test_each_item_once);
  g_test_add_func ("/parallel/start-then-finish", test_start_then_finish);
  return g_test_run ();
}
