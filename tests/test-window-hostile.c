/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ferry-guest.h"
#include "ui-helpers.h"

/* Hosts that try to break the window: names that would forge or reverse a label, and a name
 * long enough to keep Pango busy for minutes. */

/* What a name read by the host must look like on screen: controls and bidi overrides
 * written out, never acted on. */
static void
test_names_neutralised (void)
{
  g_autofree char *uri = g_strdup_printf ("test://%s",
                                          g_test_get_filename (G_TEST_DIST, "data",
                                                               "host-hostile.xml", NULL));
  FerryWindow *window = open_window (uri);
  GtkWidget *root = GTK_WIDGET (window);

  wait_for_page (window, "main");

  /* The sidebar and the guest page's title. */
  g_assert_nonnull (wait_for_widget (root, GTK_TYPE_LABEL, "win\\u202egnp.exe"));
  g_assert_nonnull (wait_for_widget (root, GTK_TYPE_LABEL, "line\\x0abreak\\x9b2J"));
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "win\u202egnp.exe"));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  g_assert_nonnull (wait_for_widget (root, GTK_TYPE_LABEL, "win\\u202egnp.exe"));

  /* The device row: the forged table row stays one escaped line. */
  ferry_window_select_sidebar (window, 0);
  g_assert_nonnull (wait_for_label_containing (root, "82576 Gigabit\\x0a0000:03:00.1"));
  g_assert_null (find_label_containing (root, "\u202e"));
  g_assert_null (find_label_containing (root, "\n0000:03:00.1"));

  /* The pool's row. */
  ferry_window_select_sidebar (window, 1);
  g_assert_nonnull (wait_for_label_containing (root, "pool\\u202eloop"));
  g_assert_null (find_label_containing (root, "\u202e"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A host like the demo's smallest, one of whose devices has a 16 kB product name. */
static char *
write_long_name_host (void)
{
  g_autoptr(GString) xml = g_string_new ("<node>\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  g_string_append (xml,
                   "<domain type='test'><name>vm1</name>"
                   "<uuid>6bde5e3a-c204-4bbb-ad7d-9c8ae9ef6b01</uuid><memory>1048576</memory>"
                   "<os><type arch='x86_64' machine='q35'>hvm</type></os></domain>\n");
  for (guint i = 0; i < 2; i++)
    {
      g_string_append_printf (xml,
                              "<device><name>pci_0000_0%u_00_0</name><parent>computer</parent>"
                              "<capability type='pci'><class>0x020000</class><domain>0</domain>"
                              "<bus>%u</bus><slot>0</slot><function>0</function>"
                              "<product id='0x10c9'>", i + 3, i + 3);
      if (i == 0)
        for (guint k = 0; k < 16 * 1024 / 8; k++)
          g_string_append (xml, "LongName");
      else
        g_string_append (xml, "Honest Ethernet");
      g_string_append_printf (xml,
                              "</product><vendor id='0x8086'>Intel Corporation</vendor>"
                              "<iommuGroup number='%u'><address domain='0x0000' bus='0x0%u' "
                              "slot='0x00' function='0x0'/></iommuGroup></capability></device>\n",
                              i + 7, i + 3);
    }
  g_string_append (xml, "</node>\n");

  fd = g_file_open_tmp ("ferry-long-name-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The 16 kB name is past the core's bound: that device is reported by name as unreadable,
 * the rest loads, and the window answers at once instead of laying the name out. */
static void
test_long_name_answers (void)
{
  g_autofree char *path = write_long_name_host ();
  g_autofree char *uri = g_strdup_printf ("test://%s", path);
  FerryWindow *window = open_window (uri);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *search;
  gint64 start;

  wait_for_page (window, "main");
  g_assert_nonnull (wait_for_label_containing (root, "Honest Ethernet"));

  search = wait_for_widget (root, GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);

  /* The problem is on the page, and Details name the device. */
  g_assert_nonnull (wait_for_label_containing (root, "could not be read"));
  g_assert_true (gtk_widget_activate_action (search, "host.show-readiness", NULL));
  g_assert_nonnull (wait_for_label_containing (root, "pci_0000_03_00_0"));
  g_assert_true (gtk_widget_activate_action (search, "host.show-devices", NULL));

  /* A search narrows the list within a second. */
  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (search), "no-such-device-anywhere");
  g_assert_nonnull (wait_for_widget (root, ADW_TYPE_STATUS_PAGE, "No Matching Devices"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* So does a page switch. */
  start = g_get_monotonic_time ();
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "vm1"));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  wait_for_settled (root);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
}

void
add_hostile_tests (void)
{
  g_test_add_func ("/window/hostile/names-neutralised", test_names_neutralised);
  g_test_add_func ("/window/hostile/long-name-answers", test_long_name_answers);
}
