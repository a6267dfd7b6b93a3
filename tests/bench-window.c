/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ferry-device-row.h"
#include "ferry-host-page.h"
#include "ferry-session.h"
#include "ui-helpers.h"

/* meson test --benchmark: what a person waits for in the window, on the real widgets.
 *
 *   bench-window cold [HOST.XML]   process start to the first frame with device rows drawn
 *                                  (the demo host when no file is given), and the memory the
 *                                  process holds then;
 *   bench-window scroll HOST.XML   a fast scroll through the Host list, one step a frame:
 *                                  the time each frame's update, layout and paint take.
 *
 * Each prints its figures next to their goals (issue 12). Run it on a build without
 * sanitizers: under AddressSanitizer everything is several times slower. */

#define COLD_GOAL_DEMO_MS  400.0
#define COLD_GOAL_BIG_MS  1000.0
#define FRAME_GOAL_MS       16.7
#define MEMORY_GOAL_MIB    150.0
#define SCROLL_FRAMES      240

typedef struct
{
  FerryWindow *window;
  gint64       drawn_at;      /* monotonic µs of the first paint with device rows; 0 before */
  gint64       frame_start;   /* monotonic µs the current frame began */
  GArray      *frame_ms;      /* each measured frame's work, in ms */
  GtkAdjustment *adjustment;
  guint        frames_left;
} Bench;

/* Milliseconds since this process started, on the clock /proc/self/stat counts in. */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  struct timespec now;
  const char *after_name;
  unsigned long long start_ticks = 0;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Field 22 (starttime) is the 20th after the command's closing parenthesis. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1;
  start_ticks = g_ascii_strtoull (fields[19], NULL, 10);
  clock_gettime (CLOCK_BOOTTIME, &now);
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1000;
}

static double
resident_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024;
}

static gboolean
has_mapped_device_row (GtkWidget *root)
{
  if (FERRY_IS_DEVICE_ROW (root) && gtk_widget_get_mapped (root))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_mapped_device_row (child))
      return TRUE;
  return FALSE;
}

/* Rows mapped when a frame is painted were drawn in it. */
static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  if (bench->drawn_at == 0 && has_mapped_device_row (GTK_WIDGET (bench->window)))
    bench->drawn_at = g_get_monotonic_time ();
}

static gboolean
rows_drawn (gpointer data)
{
  return ((Bench *) data)->drawn_at != 0;
}

static char *
host_uri (const char *path)
{
  g_autofree char *absolute = NULL;

  if (path == NULL)
    return ferry_session_dup_demo_uri ();
  absolute = g_canonicalize_filename (path, NULL);
  return g_strconcat ("test://", absolute, NULL);
}

static void
open_and_wait_for_rows (Bench      *bench,
                        const char *uri)
{
  GdkFrameClock *clock;

  bench->window = open_window (uri);
  gtk_widget_realize (GTK_WIDGET (bench->window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  g_assert_true (wait_until (rows_drawn, bench));
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, bench);
}

static int
bench_cold (const char *path)
{
  g_autofree char *uri = host_uri (path);
  Bench bench = { NULL };
  double drawn_ms, goal = path == NULL ? COLD_GOAL_DEMO_MS : COLD_GOAL_BIG_MS;
  const char *host = path == NULL ? "the demo host" : path;

  open_and_wait_for_rows (&bench, uri);
  /* From now back to the paint, then back to the process start. */
  drawn_ms = ms_since_process_start () - (g_get_monotonic_time () - bench.drawn_at) / 1000.0;

  printf ("cold start to device rows drawn, %s: %.0f ms (goal < %.0f ms)\n", host, drawn_ms, goal);
  printf ("memory when drawn, %s: %.0f MiB resident (goal < %.0f MiB on the 4,096 host)\n",
          host, resident_mib (), MEMORY_GOAL_MIB);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  return 0;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Bench *bench = data;
  double value = gtk_adjustment_get_value (bench->adjustment);
  double page = gtk_adjustment_get_page_size (bench->adjustment);
  double upper = gtk_adjustment_get_upper (bench->adjustment);

  bench->frame_start = g_get_monotonic_time ();
  /* Half a page a frame, as a fling does; back to the top at the end. */
  gtk_adjustment_set_value (bench->adjustment, value + page / 2 >= upper - page ? 0
                                                                               : value + page / 2);
  return G_SOURCE_CONTINUE;
}

static void
frame_painted_cb (GdkFrameClock *clock,
                  Bench         *bench)
{
  double ms;

  if (bench->frame_start == 0 || bench->frames_left == 0)
    return;
  ms = (g_get_monotonic_time () - bench->frame_start) / 1000.0;
  g_array_append_val (bench->frame_ms, ms);
  bench->frame_start = 0;
  bench->frames_left--;
}

static gboolean
frames_done (gpointer data)
{
  return ((Bench *) data)->frames_left == 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
bench_scroll (const char *path)
{
  g_autofree char *uri = host_uri (path);
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Bench bench = { NULL };
  GtkWidget *list;
  GdkFrameClock *clock;
  guint tick;
  double p50, p95, worst;

  open_and_wait_for_rows (&bench, uri);
  /* The Host list: the first list view in the window is the sidebar's. */
  list = find_widget (find_widget (GTK_WIDGET (bench.window), FERRY_TYPE_HOST_PAGE, NULL),
                      GTK_TYPE_LIST_VIEW, NULL);
  g_assert_nonnull (list);
  bench.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  bench.frame_ms = frame_ms;
  bench.frames_left = SCROLL_FRAMES;

  clock = gtk_widget_get_frame_clock (list);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &bench);
  tick = gtk_widget_add_tick_callback (list, scroll_tick_cb, &bench, NULL);
  g_assert_true (wait_until (frames_done, &bench));
  gtk_widget_remove_tick_callback (list, tick);
  g_signal_handlers_disconnect_by_func (clock, frame_painted_cb, &bench);

  g_array_sort (frame_ms, compare_doubles);
  p50 = g_array_index (frame_ms, double, frame_ms->len / 2);
  p95 = g_array_index (frame_ms, double, frame_ms->len * 95 / 100);
  worst = g_array_index (frame_ms, double, frame_ms->len - 1);
  printf ("scrolling %s, %u frames of half a page: frame work p50 %.1f ms, p95 %.1f ms, "
          "worst %.1f ms (goal p95 < %.1f ms)\n",
          path, frame_ms->len, p50, p95, worst, FRAME_GOAL_MS);
  printf ("memory after scrolling %s: %.0f MiB resident (goal < %.0f MiB)\n",
          path, resident_mib (), MEMORY_GOAL_MIB);
  gtk_window_destroy (GTK_WINDOW (bench.window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  if (argc >= 2 && argc <= 3 && strcmp (argv[1], "cold") == 0)
    return bench_cold (argc == 3 ? argv[2] : NULL);
  if (argc == 3 && strcmp (argv[1], "scroll") == 0)
    return bench_scroll (argv[2]);

  g_printerr ("usage: %s cold [HOST.XML] | scroll HOST.XML\n", argv[0]);
  return 2;
}
