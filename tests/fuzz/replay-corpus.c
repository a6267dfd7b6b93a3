/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-fuzz"

#include "config.h"

#include "fuzz-targets.h"

/* The fuzzers' corpus, replayed in the normal test suite with any compiler: each file of
 * corpus/TARGET/ through TARGET's entry point, so a crash found once stays fixed. */

static void
test_replay (gconstpointer user_data)
{
  const FerryFuzzEntry *entry = user_data;
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus",
                                                     entry->name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  guint n_files = 0;

  g_assert_no_error (error);
  for (const char *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_test_message ("%s", name);
      entry->run ((const guint8 *) contents, length);
      n_files++;
    }
  /* A target without seeds would pass without testing anything. */
  g_assert_cmpuint (n_files, >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < ferry_fuzz_n_targets; i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/replay/%s", ferry_fuzz_targets[i].name);
      g_test_add_data_func (path, &ferry_fuzz_targets[i], test_replay);
    }
  return g_test_run ();
}
