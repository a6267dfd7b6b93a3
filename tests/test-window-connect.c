/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ferry-connect-dialog.h"
#include "ui-helpers.h"

/* The connect dialog as a person uses it with the keyboard: the kind of connection, the
 * fields that build the URI, the reasons under them, the recent connections. */

static GtkWidget *
entry_row (GtkWidget  *dialog,
           const char *title)
{
  GtkWidget *row = wait_for_widget (dialog, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return row;
}

/* Typing into a row: focus it (as Tab does) and set its text. */
static void
type_into (GtkWidget  *row,
           const char *text)
{
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Enter in a field: the "activate" its text's key binding emits, which activates the
 * window's default widget. */
static void
press_enter_in (GtkWidget *row)
{
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
}

static gboolean
can_connect (GtkWidget *dialog)
{
  GtkWidget *button = find_widget (dialog, GTK_TYPE_BUTTON, "dialog.connect");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static FerryConnectDialog *
open_dialog (FerryWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect-to", NULL));
  return FERRY_CONNECT_DIALOG (wait_for_window (FERRY_TYPE_CONNECT_DIALOG));
}

static gboolean
no_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (FERRY_IS_CONNECT_DIALOG (window))
        return FALSE;
    }
  return TRUE;
}

static gboolean
focus_within (GtkWidget *root,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (root));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
session_is_default (gpointer data)
{
  FerrySession *session = ferry_window_get_session (data);

  return session != NULL && g_strcmp0 (ferry_session_get_uri (session), "test:///default") == 0;
}

static void
test_connect_dialog_fields (void)
{
  g_autofree char *demo = ferry_session_dup_demo_uri ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *recent[] = { "qemu+ssh://old.example/system", "test:///default", NULL };
  FerryWindow *window;
  GtkWidget *dialog;
  GtkWidget *transport;
  GtkWidget *user, *host, *port, *uri;
  GtkWidget *error_label;
  GtkWidget *old_row, *remove;
  g_auto(GStrv) kept = NULL;
  g_auto(GStrv) after = NULL;

  g_assert_true (g_settings_set_strv (settings, "recent-uris", recent));
  window = open_window (demo);
  wait_for_page (window, "main");
  dialog = GTK_WIDGET (open_dialog (window));

  /* The most recent connection that worked is filled in, its parts in the fields (the demo,
   * opened since, is not remembered). */
  transport = wait_for_widget (dialog, ADW_TYPE_COMBO_ROW, "Connection");
  g_assert_nonnull (transport);
  uri = entry_row (dialog, "Connection URI");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uri)), ==,
                   "qemu+ssh://old.example/system");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (transport)), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry_row (dialog, "Host"))), ==,
                   "old.example");

  /* The local system connection has no fields. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (transport), 0);
  g_assert_true (wait_for_no_widget (dialog, ADW_TYPE_ENTRY_ROW, "Host"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uri)), ==, "qemu:///system");
  g_assert_true (can_connect (dialog));

  /* SSH: user, host and port build the URI, shown as it is typed. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (transport), 2);
  host = entry_row (dialog, "Host");
  user = entry_row (dialog, "User (optional)");
  port = entry_row (dialog, "Port (optional)");
  type_into (host, "");
  g_assert_false (can_connect (dialog));
  g_assert_false (gtk_widget_has_css_class (host, "error"));
  type_into (user, "root");
  type_into (host, "server.example");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uri)), ==,
                   "qemu+ssh://root@server.example/system");
  g_assert_true (can_connect (dialog));

  /* Tab goes on from the host to the port. */
  g_assert_true (gtk_widget_grab_focus (host));
  g_assert_true (gtk_widget_child_focus (dialog, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (dialog, port));

  /* A port out of range: said under the fields, the field marked, Connect off, Enter idle. */
  type_into (port, "99999");
  error_label = wait_for_label_containing (dialog, "1 to 65535");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_has_css_class (port, "error"));
  g_assert_false (gtk_widget_has_css_class (host, "error"));
  g_assert_false (can_connect (dialog));
  press_enter_in (port);
  g_assert_true (gtk_widget_get_visible (dialog));

  /* Two wrong at once: both reasons. */
  type_into (user, "jane doe");
  g_assert_nonnull (wait_for_label_containing (dialog, "spaces"));
  g_assert_nonnull (find_label_containing (dialog, "1 to 65535"));
  type_into (user, "root");
  type_into (port, "2222");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uri)), ==,
                   "qemu+ssh://root@server.example:2222/system");
  g_assert_true (can_connect (dialog));

  /* A bad host name says why. */
  type_into (host, "my_server");
  g_assert_nonnull (wait_for_label_containing (dialog, "“_”"));
  g_assert_false (can_connect (dialog));

  /* The URI edited: one the fields can say fills them, anything else is Custom. */
  type_into (uri, "qemu+tls://admin@[2001:db8::1]:16514/system");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (transport)), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host)), ==, "2001:db8::1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user)), ==, "admin");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (port)), ==, "16514");
  g_assert_true (can_connect (dialog));
  type_into (uri, "not a uri");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (transport)), ==, 4);
  g_assert_true (wait_for_no_widget (dialog, ADW_TYPE_ENTRY_ROW, "Host"));
  g_assert_true (gtk_widget_has_css_class (uri, "error"));
  g_assert_false (can_connect (dialog));

  /* The recent connections: removable with a named button, without the mouse. */
  old_row = wait_for_widget (dialog, ADW_TYPE_ACTION_ROW, "qemu+ssh://old.example/system");
  g_assert_nonnull (old_row);
  g_assert_nonnull (find_label_containing (old_row, "Remote over SSH"));
  remove = find_widget (old_row, GTK_TYPE_BUTTON, "Remove from recent connections");
  g_assert_nonnull (remove);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (remove),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_widget_activate (remove));
  g_assert_true (wait_for_no_widget (dialog, ADW_TYPE_ACTION_ROW,
                                     "qemu+ssh://old.example/system"));
  kept = g_settings_get_strv (settings, "recent-uris");
  g_assert_cmpstrv (kept, ((const char *[]) { "test:///default", NULL }));

  /* Enter on a recent one connects to it; it stays listed once, and the demo never is. */
  g_assert_true (gtk_widget_activate (wait_for_widget (dialog, ADW_TYPE_ACTION_ROW,
                                                       "test:///default")));
  g_assert_true (wait_until (no_dialog, NULL));
  g_assert_true (wait_until (session_is_default, window));
  wait_for_page (window, "main");
  after = g_settings_get_strv (settings, "recent-uris");
  g_assert_cmpstrv (after, ((const char *[]) { "test:///default", NULL }));

  g_settings_reset (settings, "recent-uris");
  g_settings_reset (settings, "last-uri");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Escape leaves the host as it was; Enter in a field connects, and only a connection that
 * worked joins the recent ones. */
static void
test_connect_dialog_keys (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  FerryWindow *window = open_window ("test:///default");
  FerryConnectDialog *dialog;
  GtkWidget *uri;
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) failed = NULL;

  wait_for_page (window, "main");
  recent = g_settings_get_strv (settings, "recent-uris");
  g_assert_cmpstrv (recent, ((const char *[]) { "test:///default", NULL }));

  dialog = open_dialog (window);
  uri = entry_row (GTK_WIDGET (dialog), "Connection URI");
  /* The last connection is filled in: a custom URI. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (uri)), ==, "test:///default");
  type_into (uri, "test:///nonexistent/ferry-unreachable.xml");
  g_assert_true (press_key (GTK_WIDGET (dialog), GDK_KEY_Escape));
  g_assert_true (wait_until (no_dialog, NULL));
  g_assert_cmpstr (ferry_window_get_visible_page (window), ==, "main");
  g_assert_cmpstr (ferry_session_get_uri (ferry_window_get_session (window)), ==,
                   "test:///default");

  dialog = open_dialog (window);
  uri = entry_row (GTK_WIDGET (dialog), "Connection URI");
  type_into (uri, "test:///nonexistent/ferry-unreachable.xml");
  press_enter_in (uri);
  g_assert_true (wait_until (no_dialog, NULL));
  wait_for_page (window, "failed");
  failed = g_settings_get_strv (settings, "recent-uris");
  g_assert_cmpstrv (failed, ((const char *[]) { "test:///default", NULL }));

  g_settings_reset (settings, "recent-uris");
  g_settings_reset (settings, "last-uri");
  gtk_window_destroy (GTK_WINDOW (window));
}

void
add_connect_tests (void)
{
  g_test_add_func ("/window/connect-dialog/fields", test_connect_dialog_fields);
  g_test_add_func ("/window/connect-dialog/keys", test_connect_dialog_keys);
}
