/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ferry-group-rows.h"
#include "ferry-guest.h"
#include "ferry-iommu-group.h"
#include "fixtures.h"
#include "silent-server.h"
#include "ui-helpers.h"

/* The real window of the real application, under Xvfb, on the demo host: connecting, the
 * Host page, a lost connection. The other pages' tests are in
 * test-window-*.c; this program runs them all. */

static void
test_demo_host_lists_guests (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = NULL;
  GListModel *sidebar;
  const char *names[] = { "nas", "scratch", "web-01", "win11" };
  guint guests = 0;

  window = open_window (uri);
  wait_for_page (window, "main");

  sidebar = ferry_window_get_sidebar (window);
  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sidebar, i);

      guests += FERRY_IS_GUEST (item);
    }
  g_assert_cmpuint (guests, >=, 4);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    find_sidebar_guest (window, names[i]);

  /* The Host page lists the devices by IOMMU group, and its header says what the
   * connection is. */
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "host");
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "Demo host, not a real computer"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "TU104 [GeForce RTX 2070 SUPER]"));

  /* The shut-off guest with an NVMe and a VF lists both, with the host's names. */
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "nas"));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "NVMe SSD Controller SM981/PM981/PM983"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                 "82576 Virtual Function"));

  /* The running guest has its GPU and not the GPU's audio function. */
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "win11"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_null (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                              "TU104 HD Audio Controller"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the window showed when it first went to its main page. */
typedef struct
{
  FerryWindow *window;
  gboolean     reading;
  gboolean     main_shown;
  guint        guests;
  char        *guest_pane;
} FirstView;

static GtkStack *
find_stack_with (GtkWidget  *root,
                 const char *child_name)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), child_name))
    return GTK_STACK (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack_with (child, child_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The window went to its main page: with the Host pane reading, the first time. */
static void
main_shown_cb (GtkStack   *stack,
               GParamSpec *pspec,
               FirstView  *view)
{
  GListModel *sidebar;

  if (view->main_shown ||
      g_strcmp0 (gtk_stack_get_visible_child_name (stack), "main") != 0)
    return;

  view->main_shown = TRUE;
  view->reading = g_strcmp0 (ferry_window_get_content_page (view->window), "reading") == 0;
  sidebar = ferry_window_get_sidebar (view->window);
  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sidebar, i);

      view->guests += FERRY_IS_GUEST (item);
    }
  /* The guests can be clicked while the devices come. */
  ferry_window_select_sidebar (view->window, find_sidebar_guest (view->window, "nas"));
  view->guest_pane = g_strdup (ferry_window_get_content_page (view->window));
}

/* The guests come first, the Host pane says how far the devices have come, and a guest shown
 * meanwhile gets its devices' names when they are in. */
static void
test_guests_before_devices (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = ferry_window_new (ui_application ());
  FirstView view = { window };
  GtkStack *main_stack = find_stack_with (GTK_WIDGET (window), "connecting");

  g_assert_nonnull (main_stack);
  g_signal_connect (main_stack, "notify::visible-child-name", G_CALLBACK (main_shown_cb),
                    &view);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_uri (window, uri);
  wait_for_page (window, "main");
  g_signal_handlers_disconnect_by_data (main_stack, &view);

  g_assert_true (view.reading);
  g_assert_true (view.main_shown);
  g_assert_cmpuint (view.guests, >=, 4);
  g_assert_cmpstr (view.guest_pane, ==, "guest");
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "NVMe SSD Controller SM981/PM981/PM983"));
  g_assert_null (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                              "Not present on this host"));

  ferry_window_select_sidebar (window, 0);
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "host");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));
  g_free (view.guest_pane);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unreachable_offers_demo (void)
{
  FerryWindow *window = open_window ("test:///nonexistent/ferry-unreachable.xml");
  GtkWidget *demo_button;

  wait_for_page (window, "failed");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                     "Cannot Connect"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.reload"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.connect-to"));

  demo_button = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.open-demo");
  g_assert_nonnull (demo_button);
  g_signal_emit_by_name (demo_button, "clicked");

  wait_for_page (window, "main");
  g_assert_true (ferry_session_is_demo (ferry_window_get_session (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_silent_server_keeps_drawing (void)
{
  g_autoptr(GSocketListener) listener = NULL;
  g_autofree char *uri = silent_server_start (&listener);
  FerryWindow *window = open_window (uri);
  GtkWidget *cancel;
  guint frames = 0;
  guint tick;

  wait_for_page (window, "connecting");
  /* "Connecting…" shows once the host has kept Ferry waiting a moment. */
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "Connecting…"));
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);

  /* A silent host: the spinner turns and frames keep coming, measured over 1.5 s. */
  run_for (1500);
  g_assert_cmpstr (ferry_window_get_visible_page (window), ==, "connecting");
  g_assert_cmpuint (frames, >=, 10);

  cancel = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.cancel-connect");
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  wait_for_page (window, "failed");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                     "Not Connected"));

  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opening another host keeps the one on screen until the new one answers: Cancel goes back to
 * it, sidebar and all. */
static void
test_cancel_returns_to_host (void)
{
  g_autofree char *demo = ferry_session_dup_demo_uri ();
  g_autoptr(GSocketListener) listener = NULL;
  g_autofree char *silent = silent_server_start (&listener);
  FerryWindow *window = open_window (demo);
  FerrySession *shown;
  GtkWidget *cancel;

  wait_for_page (window, "main");
  shown = ferry_window_get_session (window);

  ferry_window_open_uri (window, silent);
  wait_for_page (window, "connecting");
  g_assert_true (ferry_window_get_session (window) == shown);

  cancel = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.cancel-connect");
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  wait_for_page (window, "main");
  g_assert_true (ferry_window_get_session (window) == shown);
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "web-01"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A host whose daemon does not answer on its socket (no socket at all: not running, not
 * installed): Ferry's words say what to do, libvirt's own are under Details. */
static void
test_no_daemon_hint (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-no-daemon-XXXXXX", NULL);
  g_autofree char *uri = g_strdup_printf ("qemu:///system?socket=%s/none-sock", dir);
  FerryWindow *window = open_window (uri);
  GtkWidget *details;

  wait_for_page (window, "failed");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                     "Cannot Connect"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "systemctl start libvirtd"));
  details = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "_Details");
  g_assert_nonnull (details);
  gtk_expander_set_expanded (GTK_EXPANDER (gtk_widget_get_ancestor (details, GTK_TYPE_EXPANDER)),
                             TRUE);
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "connect socket"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_rmdir (dir);
}

/* The address on the device page on screen, read as a person would: its "PCI Address" row. */
static const char *
shown_address (FerryWindow *window)
{
  GtkWidget *row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "PCI Address");

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

typedef struct
{
  FerryWindow *window;
  const char  *address;
} AddressWait;

/* Whether the device page on screen is ADDRESS's (the page it replaces may still be mapped,
 * sliding away, but shows another address). */
static gboolean
address_shown (gpointer data)
{
  AddressWait *wait = data;
  GtkWidget *row = find_widget (GTK_WIDGET (wait->window), ADW_TYPE_ACTION_ROW, "PCI Address");

  return row != NULL &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->address) == 0;
}

/* The Host page: search narrows the grouped list, a device opens its page, and the
 * readiness view shows the demo host's checks. */
static void
test_host_page (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *search;
  GtkWidget *gpu;
  AddressWait member = { window, "0000:01:00.1" };

  wait_for_page (window, "main");
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);
  /* The whole list first, so that its narrowing below is the search's doing. */
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));

  /* An interface name finds its PF, in its own group, and nothing else. */
  gtk_editable_set_text (GTK_EDITABLE (search), "eth3");
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 20"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "eth3"));

  /* Nothing matches: the empty state says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "no-such-device-anywhere");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                     "No Matching Devices"));

  /* The GPU's page: its group with the audio function and the root port, its owner. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "host.show-device", "s",
                                             "0000:01:00.0"));
  gpu = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "TU104 HD Audio Controller");
  g_assert_nonnull (gpu);
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "win11"));
  g_assert_cmpstr (shown_address (window), ==, "0000:01:00.0");

  /* A member row opens that member. */
  gtk_widget_activate (gpu);
  wait_until (address_shown, &member);
  g_assert_cmpstr (shown_address (window), ==, "0000:01:00.1");

  /* Readiness: the demo host's probe passes the IOMMU checks and warns about vfio-pci. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (search), "host.show-readiness", NULL));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "IOMMU enabled"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, "VFIO driver"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Runs build-aux/private-libvirtd ACTION DIR; returns its URI on start, NULL when it cannot
 * run (with the reason in WHY). */
static char *
private_libvirtd (const char  *action,
                  const char  *dir,
                  char       **why)
{
  const char *script = g_getenv ("FERRY_PRIVATE_LIBVIRTD");
  const char *argv[] = { script, action, dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (script == NULL)
    {
      *why = g_strdup ("FERRY_PRIVATE_LIBVIRTD is not set (build-aux/test sets it)");
      return NULL;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                NULL);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *why = g_strdup_printf ("private libvirtd: %s", err ? g_strstrip (err) : "failed");
      return NULL;
    }

  return g_strdup (g_strstrip (out));
}

/* A daemon that goes away under an open window: the host stays on screen, a banner says the
 * connection was lost, and Reconnect reads the host again once the daemon is back. */
static void
test_lost_connection (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-lost-XXXXXX", NULL);
  g_autofree char *why = NULL;
  g_autofree char *uri = private_libvirtd ("start", dir, &why);
  g_autofree char *again = NULL;
  g_autofree char *ignored = NULL;
  FerryWindow *window;
  GtkWidget *reconnect;
  GtkWidget *banner;

  if (uri == NULL)
    {
      g_test_skip (why);
      return;
    }

  window = open_window (uri);
  wait_for_page (window, "main");
  g_assert_null (find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.reload"));

  g_free (private_libvirtd ("stop", dir, &ignored));
  reconnect = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.reload");
  g_assert_nonnull (reconnect);
  g_assert_cmpstr (ferry_window_get_visible_page (window), ==, "main");
  g_assert_false (ferry_session_get_connected (ferry_window_get_session (window)));

  again = private_libvirtd ("start", dir, &why);
  g_assert_cmpstr (again, ==, uri);
  g_signal_emit_by_name (reconnect, "clicked");
  wait_for_page (window, "main");
  g_assert_true (ferry_session_get_connected (ferry_window_get_session (window)));
  banner = gtk_widget_get_ancestor (reconnect, GTK_TYPE_REVEALER);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (banner)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (private_libvirtd ("stop", dir, &ignored));
}

static FerryIommuGroup *
group_of (int          number,
          const char **fixtures)
{
  FerryIommuGroup *group = ferry_iommu_group_new (number);

  for (guint i = 0; fixtures[i] != NULL; i++)
    {
      g_autofree char *xml = fixture_load (fixtures[i]);
      g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, NULL);

      ferry_iommu_group_add_member (group, device);
    }
  return group;
}

/* The Host list's rows follow the session's groups change by change: each group, then its
 * members, in order. */
static void
test_group_rows_follow_groups (void)
{
  const char *gpu[] = { "nodedev-gpu.xml", "nodedev-gpu-audio.xml", NULL };
  const char *bridge[] = { "nodedev-host-bridge.xml", NULL };
  const char *gpu2[] = { "nodedev-gpu2.xml", "nodedev-gpu2-audio.xml", NULL };
  g_autoptr(GListStore) groups = g_list_store_new (FERRY_TYPE_IOMMU_GROUP);
  g_autoptr(FerryIommuGroup) a = group_of (1, gpu);
  g_autoptr(FerryIommuGroup) b = group_of (2, bridge);
  g_autoptr(FerryIommuGroup) c = group_of (3, gpu2);
  g_autoptr(FerryGroupRows) rows = NULL;
  g_autoptr(GObject) item = NULL;

  g_list_store_append (groups, a);
  g_list_store_append (groups, c);
  rows = ferry_group_rows_new (G_LIST_MODEL (groups));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 6);

  /* A group in the middle: its heading and member come after the first group's three rows. */
  g_list_store_insert (groups, 1, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 8);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 3);
  g_assert_true (item == G_OBJECT (b));
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 5);
  g_assert_true (item == G_OBJECT (c));
  g_clear_object (&item);

  /* The first group gone: what follows moves up whole. */
  g_list_store_remove (groups, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 5);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_assert_true (item == G_OBJECT (b));
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (rows), 4);
  g_assert_true (FERRY_IS_HOST_DEVICE (item));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), 5));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/window/group-rows-follow-groups", test_group_rows_follow_groups);
  g_test_add_func ("/window/demo-host-lists-guests", test_demo_host_lists_guests);
  g_test_add_func ("/window/guests-before-devices", test_guests_before_devices);
  g_test_add_func ("/window/unreachable-offers-demo", test_unreachable_offers_demo);
  g_test_add_func ("/window/silent-server-keeps-drawing", test_silent_server_keeps_drawing);
  g_test_add_func ("/window/host-page", test_host_page);
  g_test_add_func ("/window/cancel-returns-to-host", test_cancel_returns_to_host);
  g_test_add_func ("/window/no-daemon-hint", test_no_daemon_hint);
  g_test_add_func ("/window/lost-connection", test_lost_connection);
  add_guest_page_tests ();
  add_pool_tests ();
  add_wizard_tests ();
  add_hostile_tests ();
  add_keyboard_tests ();
  add_connect_tests ();
  add_prompt_tests ();

  return g_test_run ();
}
