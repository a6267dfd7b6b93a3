/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fixtures.h"

#include <unistd.h>
#include <glib/gstdio.h>

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

/* Every XML Ferry writes is held to libvirt's schema SCHEMA ("domain", "network") with
 * virt-xml-validate, from libvirt-clients, which build-aux/test installs. */
void
fixture_assert_valid (const char *xml,
                      const char *schema)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  int fd = g_file_open_tmp ("ferry-xml-XXXXXX.xml", &path, &error);
  const char *argv[] = { "virt-xml-validate", NULL, schema, NULL };
  int status = -1;

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, xml, -1, &error));
  argv[1] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("virt-xml-validate (%s) rejects:\n%s\n%s", schema, xml, output);
}
