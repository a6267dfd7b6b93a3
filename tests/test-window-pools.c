/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-pool-editor.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-page.h"
#include "ferry-pool-xml.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ui-helpers.h"

/* The Pools page and a pool's own page on the demo host: the editor, Connect a Guest, edits
 * and problems. */

typedef struct
{
  FerryWindow *window;
  const char  *name;
  guint        vlan;
  gboolean    *done;
} PoolWait;

/* Whether the window's session has the pool NAME, and (when DONE is set) the operation that
 * DONE tracks has finished. */
static FerryNetwork *
pool_found (PoolWait *wait)
{
  if (wait->done != NULL && !*wait->done)
    return NULL;
  return find_network (wait->window, wait->name);
}

static gboolean
pool_defined (gpointer data)
{
  return pool_found (data) != NULL;
}

static gboolean
pool_runs_with_host (gpointer data)
{
  FerryNetwork *pool = pool_found (data);

  return pool != NULL && ferry_network_get_active (pool) && ferry_network_get_autostart (pool);
}

static gboolean
pool_stopped (gpointer data)
{
  FerryNetwork *pool = pool_found (data);

  return pool != NULL && !ferry_network_get_active (pool);
}

static gboolean
pool_has_vlan (gpointer data)
{
  PoolWait *wait = data;
  FerryNetwork *pool = pool_found (wait);

  return pool != NULL && ferry_network_get_vlan (pool) == wait->vlan;
}

static gboolean
page_pool_stopped (gpointer page)
{
  return !ferry_network_get_active (ferry_pool_page_get_pool (page));
}

/* The demo's vf-pool's own page, opened from the Pools page: what each pool test starts from. */
static void
open_demo_pool (FerryWindow *window)
{
  ferry_window_select_sidebar (window, 1);
  gtk_widget_activate (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "vf-pool"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Virtual Functions"));
}

/* A pool of eth2's VFs made in the editor: its preview is what gets defined, and it is active
 * and starts with the host. Deleting the demo's pool names the guest that uses it. */
static void
test_pool_editor_and_delete (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *editor;
  GtkWidget *name;
  GtkWidget *create;
  GtkWidget *autostart;
  GtkWidget *delete;
  GtkTextBuffer *preview;
  GtkTextIter start, end;
  g_autofree char *preview_text = NULL;
  AdwMessageDialog *dialog;
  FerryNetwork *pool;
  PoolWait created = { .window = window, .name = "pool-eth2" };

  wait_for_page (window, "main");
  ferry_window_select_sidebar (window, 1);
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "pools");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pools.new"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (
    wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pools.new")), "pools.new", NULL));

  editor = wait_for_window (FERRY_TYPE_POOL_EDITOR);
  name = wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Name");
  create = wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "C_reate");
  g_assert_false (gtk_widget_get_sensitive (create));

  /* A taken name is said so, and nothing can be created. */
  gtk_editable_set_text (GTK_EDITABLE (name), "vf-pool");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL,
                                     "This host already has a network called “vf-pool”"));
  g_assert_false (gtk_widget_get_sensitive (create));

  /* Picking VFs one by one: nas holds 0b:10.0 through an <interface type='hostdev'>. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (wait_for_widget (GTK_WIDGET (editor),
                                                              ADW_TYPE_COMBO_ROW, "VFs")), 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "0000:0b:10.0"))), ==,
    "VF of 0a:00.0 · Used by nas");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "0000:0b:10.1"))), ==,
    "VF of 0a:00.1 · Free");
  adw_combo_row_set_selected (ADW_COMBO_ROW (wait_for_widget (GTK_WIDGET (editor),
                                                              ADW_TYPE_COMBO_ROW, "VFs")), 0);

  gtk_editable_set_text (GTK_EDITABLE (name), "pool-eth2");
  autostart = wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "Start With the Host");
  gtk_switch_set_active (GTK_SWITCH (find_widget (autostart, GTK_TYPE_SWITCH, NULL)), TRUE);
  g_assert_true (gtk_widget_get_sensitive (create));

  preview = gtk_text_view_get_buffer (GTK_TEXT_VIEW (
    wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW, "")));
  gtk_text_buffer_get_bounds (preview, &start, &end);
  preview_text = gtk_text_buffer_get_text (preview, &start, &end, FALSE);
  g_assert_nonnull (strstr (preview_text, "<pf dev=\"eth2\"/>"));

  g_signal_emit_by_name (create, "clicked");
  /* Defined, autostarted and started are three steps: wait for all of them to show. */
  wait_until (pool_runs_with_host, &created);
  pool = find_network (window, "pool-eth2");
  g_assert_nonnull (pool);
  g_assert_true (ferry_network_get_active (pool));
  g_assert_true (ferry_network_get_autostart (pool));
  g_assert_cmpstr (ferry_network_get_pf_device (pool), ==, "eth2");
  g_assert_true (ferry_network_get_managed (pool));

  /* Delete the demo's pool: web-01 uses it, and the confirmation says so. */
  open_demo_pool (window);
  delete = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.delete");
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "web-01"));
  adw_message_dialog_response (dialog, "cancel");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
editor_narrow (gpointer editor)
{
  return gtk_widget_get_width (editor) <= 360 && gtk_widget_get_width (editor) > 0;
}

/* At 360 px the editor's XML preview wraps, as the wizard's does, rather than scroll
 * sideways, and never inside an attribute: a wrapped line never starts within one. */
static void
test_pool_editor_preview_wraps (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  const char *tokens[] = { "mode=\"hostdev\"", "managed=\"yes\"", "name=\"vfio\"",
                           "dev=\"eth2\"", "</name>" };
  GtkWindow *editor;
  GtkWidget *view;
  GtkTextBuffer *preview;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gboolean wrapped = FALSE;

  wait_for_page (window, "main");
  ferry_window_select_sidebar (window, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (
    wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pools.new")), "pools.new", NULL));
  editor = wait_for_window (FERRY_TYPE_POOL_EDITOR);
  gtk_window_set_default_size (editor, 360, 720);
  g_assert_true (wait_until (editor_narrow, editor));

  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW,
                                                        "Name")),
                         "lab-pool-for-the-gpu-vfs-of-eth2");
  view = wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_TEXT_VIEW, "");
  g_assert_nonnull (view);
  wait_for_settled (GTK_WIDGET (editor));
  preview = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (preview, &start, &end);
  text = gtk_text_buffer_get_text (preview, &start, &end, FALSE);
  g_assert_nonnull (strstr (text, "<name>lab-pool-for-the-gpu-vfs-of-eth2</name>"));

  /* No sideways scrolling: the view is no wider than the window. */
  g_assert_cmpint (gtk_widget_get_width (view), <=, gtk_widget_get_width (GTK_WIDGET (editor)));
  for (gint offset = 1; offset < gtk_text_buffer_get_char_count (preview) && !wrapped; offset++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (preview, &iter, offset);
      wrapped = !gtk_text_iter_starts_line (&iter) &&
                gtk_text_view_starts_display_line (GTK_TEXT_VIEW (view), &iter);
    }
  g_assert_true (wrapped);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      const char *found = strstr (text, tokens[i]);
      glong first;

      g_assert_nonnull (found);
      first = g_utf8_pointer_to_offset (text, found);
      for (glong offset = first + 1; offset < first + (glong) strlen (tokens[i]); offset++)
        {
          GtkTextIter iter;

          gtk_text_buffer_get_iter_at_offset (preview, &iter, (gint) offset);
          g_assert_false (gtk_text_view_starts_display_line (GTK_TEXT_VIEW (view), &iter));
        }
    }

  gtk_window_destroy (editor);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
pool_stopped_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_session_stop_pool_finish (FERRY_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
pool_defined_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_session_define_pool_finish (FERRY_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
web01_stopped (gpointer window)
{
  FerryGuest *guest = ferry_session_lookup_guest (ferry_window_get_session (window), "web-01");

  return guest != NULL && !ferry_guest_is_active (guest);
}

/* Editing the demo's running pool: the name stays, a bad VLAN keeps Save off, and since
 * web-01 runs on the pool the dialog says the change waits for a restart that web-01
 * prevents. Edited again once stopped, the pool is redefined with the new tag. */
static void
test_pool_edit (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *editor;
  GtkWidget *vlan;
  AdwMessageDialog *dialog;
  GtkWidget *page;
  gboolean stopped = FALSE;
  PoolWait stop = { .window = window, .name = "vf-pool", .done = &stopped };
  PoolWait edited = { .window = window, .name = "vf-pool", .vlan = 200 };

  wait_for_page (window, "main");
  open_demo_pool (window);
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.edit"),
                         "clicked");
  editor = wait_for_window (FERRY_TYPE_POOL_EDITOR);
  g_assert_false (gtk_widget_get_sensitive (
    wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Name")));
  vlan = wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "VLAN Tag (empty for none)");
  gtk_editable_set_text (GTK_EDITABLE (vlan), "4095");
  g_assert_false (gtk_widget_get_sensitive (
    wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "_Save")));
  gtk_editable_set_text (GTK_EDITABLE (vlan), "100");
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "_Save"),
                         "clicked");

  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Saved, Not Yet in Effect");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "web-01"));
  g_assert_false (adw_message_dialog_has_response (dialog, "restart"));
  adw_message_dialog_response (dialog, "later");

  /* Not yet in effect: the running pool is as it was. (libvirt's test driver never applies
   * a running network's new definition, so the rest is checked on the pool stopped.) */
  g_assert_cmpuint (ferry_network_get_vlan (find_network (window, "vf-pool")), ==, 0);
  /* The pool stops only once web-01, which runs on it, is off. */
  {
    g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (
      ferry_window_get_session (window));
    g_autoptr(virDomain) web = virDomainLookupByName (raw, "web-01");

    g_assert_cmpint (virDomainDestroy (web), ==, 0);
  }
  ferry_session_reload (ferry_window_get_session (window));
  wait_until (web01_stopped, window);
  ferry_session_stop_pool_async (ferry_window_get_session (window), "vf-pool", NULL,
                                 pool_stopped_cb, &stopped);
  wait_until (pool_stopped, &stop);
  g_assert_true (stopped);

  /* A stopped pool's edit is the pool: no restart to speak of. Its page followed it. */
  page = wait_for_widget (GTK_WIDGET (window), FERRY_TYPE_POOL_PAGE, NULL);
  wait_until (page_pool_stopped, page);
  g_assert_false (ferry_network_get_active (ferry_pool_page_get_pool (FERRY_POOL_PAGE (page))));
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.edit"),
                         "clicked");
  editor = wait_for_window (FERRY_TYPE_POOL_EDITOR);
  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW,
                                                        "VLAN Tag (empty for none)")), "200");
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "_Save"),
                         "clicked");

  wait_until (pool_has_vlan, &edited);
  g_assert_cmpuint (ferry_network_get_vlan (find_network (window, "vf-pool")), ==, 200);
  g_assert_cmpstr (ferry_network_get_pf_device (find_network (window, "vf-pool")), ==, "eth3");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The demo's pool page lists its VFs and guests. Connect a Guest on it: a bad MAC keeps
 * Connect off and says why inline; the shut-off guest connected gets its interface and a row
 * on the pool's page, which opens that guest's page, whose interface opens the pool's. */
static void
test_pool_connect_guest (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  AdwMessageDialog *dialog;
  GtkWidget *guest_row;
  GtkWidget *mac_row;
  GtkWidget *scratch_row;
  GtkWidget *interface_row;
  GtkWidget *running;
  GListModel *choices;
  guint scratch = GTK_INVALID_LIST_POSITION;

  wait_for_page (window, "main");
  open_demo_pool (window);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "web-01"))), ==, "Running");
  /* Each VF with its interface, MAC and group. The test driver hands out no VF, so the page
   * calls none free and says how many guests run on the pool instead of "0 in use". */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "0000:0b:10.3"))), ==,
    "enp11s16f3 · f6:3a:9e:52:0c:7d · IOMMU group 29");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Virtual Functions"))), ==,
    "This host does not say which VFs running guests hold; 1 running guest uses this pool");
  g_assert_null (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "scratch"));

  /* web-01 runs on the pool: stopping it is refused, saying so, and Running stays on. */
  running = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SWITCH, NULL);
  gtk_switch_set_active (GTK_SWITCH (running), FALSE);
  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Pool Is in Use");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "web-01"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (running)));
  g_assert_true (gtk_switch_get_state (GTK_SWITCH (running)));
  /* Refused on the page, before any stop starts: there is nothing to wait for. */
  g_assert_true (ferry_network_get_active (find_network (window, "vf-pool")));

  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.connect"),
                         "clicked");
  dialog = wait_for_dialog ();

  /* web-01 already uses the pool: it is not offered again. */
  guest_row = wait_for_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Guest");
  choices = adw_combo_row_get_model (ADW_COMBO_ROW (guest_row));
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (choices), i);

      g_assert_cmpstr (name, !=, "web-01");
      if (g_str_equal (name, "scratch"))
        scratch = i;
    }
  g_assert_cmpuint (scratch, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (ADW_COMBO_ROW (guest_row), scratch);

  mac_row = wait_for_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                             "MAC Address (Optional)");
  gtk_editable_set_text (GTK_EDITABLE (mac_row), "52:54:00:aa:bb");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  g_assert_true (gtk_widget_has_css_class (mac_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (mac_row), "52:54:00:aa:bb:cc");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  g_assert_false (gtk_widget_has_css_class (mac_row, "error"));
  adw_message_dialog_response (dialog, "connect");

  scratch_row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "scratch");
  g_assert_nonnull (scratch_row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (scratch_row)), ==, "Shut off");

  /* The row is the way to the guest's page. */
  gtk_widget_activate (scratch_row);
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  interface_row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                   "A VF from pool “vf-pool”");
  g_assert_nonnull (interface_row);

  /* …and back: the interface's pool opens the pool's page. */
  gtk_widget_activate (interface_row);
  gtk_widget_activate (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "SR-IOV Pool"));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "pools");
  g_assert_cmpstr (ferry_network_get_name (ferry_pool_page_get_pool (FERRY_POOL_PAGE (
    wait_for_widget (GTK_WIDGET (window), FERRY_TYPE_POOL_PAGE, NULL)))), ==, "vf-pool");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.connect"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether ROOT shows an image of the icon ICON. */
static gboolean
has_icon (GtkWidget  *root,
          const char *icon)
{
  if (GTK_IS_IMAGE (root) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (root)), icon) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_icon (child, icon))
      return TRUE;
  return FALSE;
}

/* A pool whose physical function is not on the host says so on its row and, in full, on its
 * page, before anyone tries to start it. */
static void
test_pool_problems (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  FerryPoolSpec spec = { .name = "lost-pool", .pf_device = "eth9", .managed = TRUE };
  g_autofree char *xml = ferry_pool_xml_build (NULL, &spec, NULL);
  GtkWidget *row;
  gboolean defined = FALSE;
  PoolWait define = { .window = window, .name = "lost-pool", .done = &defined };

  wait_for_page (window, "main");
  ferry_session_define_pool_async (ferry_window_get_session (window), xml, FALSE, FALSE, NULL,
                                   pool_defined_cb, &defined);
  wait_until (pool_defined, &define);
  g_assert_nonnull (find_network (window, "lost-pool"));

  ferry_window_select_sidebar (window, 1);
  row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "lost-pool");
  g_assert_nonnull (row);
  g_assert_true (has_icon (row, "dialog-error-symbolic"));
  g_assert_false (has_icon (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "vf-pool"),
                            "dialog-error-symbolic"));
  gtk_widget_activate (row);
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window),
                                               "eth9 is not on this host"));
  /* The healthy pool's page has nothing to say. */
  gtk_widget_activate_action (wait_for_widget (GTK_WIDGET (window), FERRY_TYPE_POOL_PAGE, NULL),
                              "pools.show-pool", "s", "vf-pool");
  /* The page is rebuilt for vf-pool at once: once it shows at rest, it shows all it will. */
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "vf-pool"));
  g_assert_null (find_label_containing (GTK_WIDGET (window), "is not on this host"));

  gtk_window_destroy (GTK_WINDOW (window));
}

void
add_pool_tests (void)
{
  g_test_add_func ("/window/pool/editor-and-delete", test_pool_editor_and_delete);
  g_test_add_func ("/window/pool/editor-preview-wraps", test_pool_editor_preview_wraps);
  g_test_add_func ("/window/pool/connect-guest", test_pool_connect_guest);
  g_test_add_func ("/window/pool/edit", test_pool_edit);
  g_test_add_func ("/window/pool/problems", test_pool_problems);
}
