/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fixtures.h"

/* The contents of tests/data/NAME; the test fails when it cannot be read. */
char *
fixture_load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}
