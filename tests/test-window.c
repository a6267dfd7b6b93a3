/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-assign-wizard.h"
#include "ferry-assigned-device.h"
#include "ferry-connect-dialog.h"
#include "ferry-network.h"
#include "ferry-pool-editor.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-page.h"
#include "ferry-pool-xml.h"
#include "ferry-guest.h"
#include "ferry-wait.h"
#include "ferry-window-private.h"
#include "fixtures.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "silent-server.h"

/* The real window of the real application, under Xvfb, on the demo host. */

static FerryApplication *application;

static FerryWindow *
open_window (const char *uri)
{
  FerryWindow *window = ferry_window_new (GTK_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_uri (window, uri);
  return window;
}

static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_for_page (FerryWindow *window,
               const char  *page)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (ferry_window_get_visible_page (window), page) != 0 &&
         g_get_monotonic_time () < deadline)
    spin (10);
  g_assert_cmpstr (ferry_window_get_visible_page (window), ==, page);
}

/* Finds a widget of TYPE under ROOT that is drawable and matches TEXT (a button's action, or
 * a row's title), the way a person would find it on screen. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *value = NULL;

      if (GTK_IS_BUTTON (root))
        value = gtk_actionable_get_action_name (GTK_ACTIONABLE (root))
                ? gtk_actionable_get_action_name (GTK_ACTIONABLE (root))
                : gtk_button_get_label (GTK_BUTTON (root))
                ? gtk_button_get_label (GTK_BUTTON (root))
                : gtk_widget_get_tooltip_text (root);
      else if (ADW_IS_PREFERENCES_ROW (root))
        value = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));
      else if (ADW_IS_STATUS_PAGE (root))
        value = adw_status_page_get_title (ADW_STATUS_PAGE (root));
      else if (GTK_IS_LABEL (root))
        value = gtk_label_get_label (GTK_LABEL (root));
      else if (GTK_IS_EDITABLE (root))
        value = gtk_editable_get_text (GTK_EDITABLE (root));
      else if (GTK_IS_TEXT_VIEW (root))
        value = "";

      if (g_strcmp0 (value, text) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* What a person sees appears after layout and transitions: wait for it, up to a limit. */
static GtkWidget *
wait_for_widget (GtkWidget  *root,
                 GType       type,
                 const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *found;

  while (!(found = find_widget (root, type, text)) && g_get_monotonic_time () < deadline)
    spin (20);
  return found;
}

static guint
find_sidebar_guest (FerryWindow *window,
                    const char  *name)
{
  GListModel *sidebar = ferry_window_get_sidebar (window);

  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sidebar, i);

      if (FERRY_IS_GUEST (item) && g_strcmp0 (ferry_guest_get_name (FERRY_GUEST (item)), name) == 0)
        return i;
    }

  g_assert_not_reached ();
}

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

  /* The Host page lists the devices by IOMMU group. */
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "host");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU Group 1"));
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
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);

  /* A silent host: the spinner turns and frames keep coming. */
  spin (1500);
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

/* The address on the device page on screen, read as a person would: its "PCI Address" row. */
static const char *
shown_address (FerryWindow *window)
{
  GtkWidget *row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "PCI Address");

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static gboolean
label_shows (FerryWindow *window,
             const char  *text)
{
  return find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, text) != NULL;
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
  gint64 deadline;

  wait_for_page (window, "main");
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);

  /* An interface name finds its PF, in its own group, and nothing else. */
  gtk_editable_set_text (GTK_EDITABLE (search), "eth3");
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (label_shows (window, "IOMMU Group 1") && g_get_monotonic_time () < deadline)
    spin (20);
  g_assert_false (label_shows (window, "IOMMU Group 1"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU Group 20"));
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
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strcmp0 (shown_address (window), "0000:01:00.1") != 0 &&
         g_get_monotonic_time () < deadline)
    spin (20);
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

static AdwMessageDialog *
wait_for_dialog (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
            return ADW_MESSAGE_DIALOG (window);
        }
      spin (20);
    }

  g_assert_not_reached ();
}

static guint
n_assigned (FerryWindow *window,
            const char  *guest_name)
{
  FerryGuest *guest = ferry_session_lookup_guest (ferry_window_get_session (window), guest_name);

  g_assert_nonnull (guest);
  return g_list_model_get_n_items (ferry_guest_get_assigned (guest));
}

static void
wait_for_assigned (FerryWindow *window,
                   const char  *guest,
                   guint        count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (n_assigned (window, guest) != count && g_get_monotonic_time () < deadline)
    spin (20);
  g_assert_cmpuint (n_assigned (window, guest), ==, count);
}

/* The shut-off guest with the NVMe: its page lists the NVMe among assigned devices, the
 * device's details say where it is configured, Detach asks first, and a toast's Undo puts
 * it back. */
static void
test_guest_detach_and_undo (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *row;
  GtkWidget *detach;
  GtkWidget *undo;
  AdwMessageDialog *dialog;

  wait_for_page (window, "main");
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "nas"));
  row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                         "NVMe SSD Controller SM981/PM981/PM983");
  g_assert_nonnull (row);
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Disk"));
  g_assert_cmpuint (n_assigned (window, "nas"), ==, 2);

  /* Its details: the guest side and the host side. */
  gtk_widget_activate (row);
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Configured"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "Vendor and Product IDs"));

  detach = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Detach…");
  g_assert_nonnull (detach);
  g_signal_emit_by_name (detach, "clicked");
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "NVMe"));
  adw_message_dialog_response (dialog, "detach");

  wait_for_assigned (window, "nas", 1);
  undo = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_for_assigned (window, "nas", 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
vf_vlan (FerryWindow *window)
{
  GListModel *guests = ferry_session_get_guests (ferry_window_get_session (window));

  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      GListModel *assigned = ferry_guest_get_assigned (guest);

      if (!g_str_equal (ferry_guest_get_name (guest), "nas"))
        continue;
      for (guint a = 0; a < g_list_model_get_n_items (assigned); a++)
        {
          g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, a);

          if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV)
            return ferry_assigned_device_get_vlan (device);
        }
    }
  g_assert_not_reached ();
}

/* The VF interface's VLAN: 4095 is refused under the row and nothing is written; 100 is
 * written to the guest's definition. */
static void
test_guest_vlan_edit (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *row;
  GtkWidget *vlan;
  gint64 deadline;

  wait_for_page (window, "main");
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "nas"));
  row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "82576 Virtual Function");
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  vlan = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "VLAN Tag (empty for none)");
  g_assert_nonnull (vlan);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vlan)), ==, "42");

  gtk_editable_set_text (GTK_EDITABLE (vlan), "4095");
  g_signal_emit_by_name (vlan, "apply");
  g_assert_true (gtk_widget_has_css_class (vlan, "error"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "A VLAN tag is a number from 1 to 4094 (0 and 4095 are "
                                     "reserved)"));
  spin (300);
  g_assert_cmpuint (vf_vlan (window), ==, 42);

  gtk_editable_set_text (GTK_EDITABLE (vlan), "100");
  g_signal_emit_by_name (vlan, "apply");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (vf_vlan (window) != 100 && g_get_monotonic_time () < deadline)
    spin (20);
  g_assert_cmpuint (vf_vlan (window), ==, 100);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWindow *
wait_for_window (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
              gtk_widget_get_mapped (GTK_WIDGET (window)))
            return GTK_WINDOW (window);
        }
      spin (20);
    }
  g_assert_not_reached ();
}

static FerryNetwork *
find_network (FerryWindow *window,
              const char  *name)
{
  return ferry_session_lookup_network (ferry_window_get_session (window), name);
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
  gint64 deadline;

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
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (((pool = find_network (window, "pool-eth2")) == NULL ||
          !ferry_network_get_active (pool) || !ferry_network_get_autostart (pool)) &&
         g_get_monotonic_time () < deadline)
    spin (20);
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
guest_is_stopped (gpointer data)
{
  gpointer *args = data;
  FerryGuest *guest = ferry_session_lookup_guest (ferry_window_get_session (args[0]), args[1]);

  return guest != NULL && !ferry_guest_is_active (guest);
}

/* The session saw GUEST stop (an event, or a reload). */
static void
wait_for_guest_stopped (FerryWindow *window,
                        const char  *guest)
{
  gpointer args[] = { window, (gpointer) guest };

  ferry_session_reload (ferry_window_get_session (window));
  g_assert_true (ferry_wait_until (NULL, guest_is_stopped, args, 60 * 1000));
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
  FerryNetwork *pool;
  GtkWidget *page;
  gboolean stopped = FALSE;
  gint64 deadline;

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
  wait_for_guest_stopped (window, "web-01");
  ferry_session_stop_pool_async (ferry_window_get_session (window), "vf-pool", NULL,
                                 pool_stopped_cb, &stopped);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (((pool = find_network (window, "vf-pool")) == NULL || ferry_network_get_active (pool))
         && g_get_monotonic_time () < deadline)
    spin (20);
  g_assert_true (stopped);

  /* A stopped pool's edit is the pool: no restart to speak of. Its page followed it. */
  page = wait_for_widget (GTK_WIDGET (window), FERRY_TYPE_POOL_PAGE, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ferry_network_get_active (ferry_pool_page_get_pool (FERRY_POOL_PAGE (page))) &&
         g_get_monotonic_time () < deadline)
    spin (20);
  g_assert_false (ferry_network_get_active (ferry_pool_page_get_pool (FERRY_POOL_PAGE (page))));
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "pool.edit"),
                         "clicked");
  editor = wait_for_window (FERRY_TYPE_POOL_EDITOR);
  gtk_editable_set_text (GTK_EDITABLE (wait_for_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW,
                                                        "VLAN Tag (empty for none)")), "200");
  g_signal_emit_by_name (wait_for_widget (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "_Save"),
                         "clicked");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (((pool = find_network (window, "vf-pool")) == NULL || ferry_network_get_vlan (pool) != 200)
         && g_get_monotonic_time () < deadline)
    spin (20);
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
  /* Each VF with its interface, MAC, group and holder (the test driver hands none out). */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
    wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "0000:0b:10.3"))), ==,
    "enp11s16f3 · f6:3a:9e:52:0c:7d · IOMMU Group 29 · Free");
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
  spin (300);
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

/* A mapped label under ROOT whose text holds NEEDLE. */
static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *needle)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), needle) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
wait_for_label_containing (GtkWidget  *root,
                           const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *found;

  while (!(found = find_label_containing (root, needle)) && g_get_monotonic_time () < deadline)
    spin (20);
  return found;
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
  gint64 deadline;

  wait_for_page (window, "main");
  ferry_session_define_pool_async (ferry_window_get_session (window), xml, FALSE, FALSE, NULL,
                                   pool_defined_cb, &defined);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((!defined || find_network (window, "lost-pool") == NULL) &&
         g_get_monotonic_time () < deadline)
    spin (20);
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
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "vf-pool"));
  spin (200);
  g_assert_null (find_label_containing (GTK_WIDGET (window), "is not on this host"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The wizard opened the way a person does: the guest's page, "Add Device…". */
static GtkWindow *
open_wizard (FerryWindow *window,
             const char  *guest)
{
  GtkWidget *add;

  ferry_window_select_sidebar (window, find_sidebar_guest (window, guest));
  add = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "win.add-device");
  g_assert_nonnull (add);
  gtk_widget_activate (add);
  return wait_for_window (FERRY_TYPE_ASSIGN_WIZARD);
}

/* Ticks the device whose row title is TITLE, searching for it first. */
static void
pick_device (GtkWindow  *wizard,
             const char *search,
             const char *title)
{
  GtkWidget *entry = wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_SEARCH_ENTRY, "");
  GtkWidget *label;
  GtkWidget *check;

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), search);
  label = wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, title);
  g_assert_nonnull (label);
  check = gtk_widget_get_ancestor (label, GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

static GtkWidget *
wizard_button (GtkWindow  *wizard,
               const char *label)
{
  GtkWidget *button = wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return button;
}

static void
press (GtkWindow  *wizard,
       const char *label)
{
  GtkWidget *button = wizard_button (wizard, label);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  spin (50);
}

static char *
window_guest_xml (FerryWindow *window,
                  const char  *guest)
{
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (ferry_window_get_session (window));
  g_autoptr(virDomain) domain = virDomainLookupByName (raw, guest);
  char *xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  char *copy = g_strdup (xml);

  free (xml);
  return copy;
}

/* On a guest other than win11, the RTX's HDMI audio alone: its group's GPU is win11's, the
 * review says so by name, and the wizard goes no further. */
static void
test_wizard_group_split (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *wizard;
  GtkWidget *message;

  wait_for_page (window, "main");
  wizard = open_wizard (window, "build-runner");
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));
  pick_device (wizard, "01:00.1", "TU104 HD Audio Controller");
  press (wizard, "_Next");

  message = wait_for_label_containing (GTK_WIDGET (wizard), "shares IOMMU group 1");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "0000:01:00.0"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "win11"));
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));

  gtk_window_destroy (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On the guest with nothing assigned, the unused Radeon's video function: the review offers
 * its HDMI audio too, one click takes it, and Apply writes both into the definition. */
static void
test_wizard_multifunction_apply (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *wizard;
  GtkWidget *fix;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *shown_xml = NULL;
  g_autofree char *xml = NULL;

  wait_for_page (window, "main");
  wizard = open_wizard (window, "scratch");
  pick_device (wizard, "09:00", "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]");
  press (wizard, "_Next");

  fix = wizard_button (wizard, "Assign all functions");
  g_signal_emit_by_name (fix, "clicked");
  spin (50);
  g_assert_null (find_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "Assign all functions"));
  press (wizard, "_Next");   /* to the options */
  /* A stopped guest has no "now": the choice is not offered. */
  g_assert_null (find_widget (GTK_WIDGET (wizard), ADW_TYPE_COMBO_ROW, "When"));
  press (wizard, "_Next");   /* to the summary */

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (
    wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_TEXT_VIEW, "")));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown_xml = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (shown_xml, "bus=\"0x09\" slot=\"0x00\" function=\"0x1\""));

  press (wizard, "_Apply");
  wait_for_assigned (window, "scratch", 2);
  xml = window_guest_xml (window, "scratch");
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x0'"));
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x1'"));
  fixture_assert_valid (xml, "domain");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "Added 2 devices to scratch"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A VF as a network interface: a bad MAC, VLAN 0 and VLAN 4095 are marked on their rows and
 * keep Next off; good values let it on. */
static void
test_wizard_bad_input (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *wizard;
  GtkWidget *interface;
  GtkWidget *mac;
  GtkWidget *vlan;
  GtkWidget *next;

  wait_for_page (window, "main");
  wizard = open_wizard (window, "scratch");
  pick_device (wizard, "0b:10.2", "82576 Virtual Function");
  press (wizard, "_Next");
  press (wizard, "_Next");

  interface = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW,
                               "Connect as a _network interface");
  g_assert_nonnull (interface);
  gtk_switch_set_active (GTK_SWITCH (find_widget (interface, GTK_TYPE_SWITCH, NULL)), TRUE);
  mac = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ENTRY_ROW, "MAC Address");
  vlan = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ENTRY_ROW, "VLAN Tag (optional, 1–4094)");
  next = wizard_button (wizard, "_Next");
  /* The generated MAC is a good one. */
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (mac)), "52:54:00:"));
  g_assert_true (gtk_widget_get_sensitive (next));

  gtk_editable_set_text (GTK_EDITABLE (mac), "52:54:00:zz:00:01");
  g_assert_true (gtk_widget_has_css_class (mac, "error"));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (wizard), "six pairs of hex digits"));
  gtk_editable_set_text (GTK_EDITABLE (mac), "52:54:00:ab:00:01");
  g_assert_false (gtk_widget_has_css_class (mac, "error"));

  gtk_editable_set_text (GTK_EDITABLE (vlan), "0");
  g_assert_true (gtk_widget_has_css_class (vlan, "error"));
  g_assert_false (gtk_widget_get_sensitive (next));
  gtk_editable_set_text (GTK_EDITABLE (vlan), "4095");
  g_assert_true (gtk_widget_has_css_class (vlan, "error"));
  g_assert_false (gtk_widget_get_sensitive (next));
  gtk_editable_set_text (GTK_EDITABLE (vlan), "42");
  g_assert_false (gtk_widget_has_css_class (vlan, "error"));
  g_assert_true (gtk_widget_get_sensitive (next));

  press (wizard, "_Next");
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (wizard), "Given to scratch"));
  g_assert_nonnull (find_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "_Apply"));

  /* Back to the devices: with the pick emptied, Next goes off. */
  press (wizard, "_Back");
  press (wizard, "_Back");
  press (wizard, "_Back");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_ancestor (
    wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, "82576 Virtual Function"),
    GTK_TYPE_CHECK_BUTTON)), FALSE);
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));

  gtk_window_destroy (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A running guest on a connection that cannot change running guests (the demo's test
 * driver): "now" is not offered, the When row says why, and Apply writes the definition for
 * the next boot. */
static void
test_wizard_running_guest_next_boot (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autofree char *xml = NULL;
  GtkWidget *when;
  GtkWindow *wizard;

  wait_for_page (window, "main");
  wizard = open_wizard (window, "build-runner");
  pick_device (wizard, "09:00", "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]");
  press (wizard, "_Next");
  press (wizard, "Assign all functions");
  press (wizard, "_Next");
  when = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_COMBO_ROW, "When");
  g_assert_nonnull (when);
  g_assert_false (gtk_widget_get_sensitive (when));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (when)), ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (when)),
                            "cannot change a running guest"));
  press (wizard, "_Next");
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (wizard), "when it next starts"));
  press (wizard, "_Apply");

  wait_for_assigned (window, "build-runner", 2);
  xml = window_guest_xml (window, "build-runner");
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x1'"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The disk the host's / lives on: an error that blocks Next until the user ticks the override
 * that names the consequence. */
static void
test_wizard_host_use_override (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *override;
  GtkWindow *wizard;

  wait_for_page (window, "main");
  wizard = open_wizard (window, "scratch");
  pick_device (wizard, "08:00", "WD Black SN750 / PC SN730 NVMe SSD");
  press (wizard, "_Next");

  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (wizard), "/boot/efi"));
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));
  override = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW,
                              "I _understand, assign anyway");
  g_assert_nonnull (override);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (override)),
                            "The host loses"));
  gtk_widget_activate (override);
  spin (50);
  g_assert_true (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));
  gtk_widget_activate (override);
  spin (50);
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));

  gtk_window_destroy (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_connect_dialog_validates (void)
{
  FerryWindow *window = ferry_window_new (GTK_APPLICATION (application));
  FerryConnectDialog *dialog = ferry_connect_dialog_new (GTK_WINDOW (window), "qemu:///system");
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);
  GtkWidget *entry;

  gtk_window_present (GTK_WINDOW (dialog));
  entry = wait_for_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Connection URI");
  g_assert_nonnull (entry);
  g_assert_true (adw_message_dialog_get_response_enabled (message, "connect"));

  /* Malformed input disables Connect and says why, inline. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "not a uri");
  g_assert_false (adw_message_dialog_get_response_enabled (message, "connect"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (adw_message_dialog_get_response_enabled (message, "connect"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  /* A common choice fills the entry. */
  gtk_widget_activate (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "qemu:///session"));
  g_assert_cmpstr (ferry_connect_dialog_get_uri (dialog), ==, "qemu:///session");
  gtk_editable_set_text (GTK_EDITABLE (entry), "qemu+ssh://admin@server.example/system");
  g_assert_true (adw_message_dialog_get_response_enabled (message, "connect"));
  g_assert_cmpstr (ferry_connect_dialog_get_uri (dialog), ==,
                   "qemu+ssh://admin@server.example/system");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);

  application = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/demo-host-lists-guests", test_demo_host_lists_guests);
  g_test_add_func ("/window/unreachable-offers-demo", test_unreachable_offers_demo);
  g_test_add_func ("/window/silent-server-keeps-drawing", test_silent_server_keeps_drawing);
  g_test_add_func ("/window/connect-dialog-validates", test_connect_dialog_validates);
  g_test_add_func ("/window/host-page", test_host_page);
  g_test_add_func ("/window/lost-connection", test_lost_connection);
  g_test_add_func ("/window/guest-detach-and-undo", test_guest_detach_and_undo);
  g_test_add_func ("/window/guest-vlan-edit", test_guest_vlan_edit);
  g_test_add_func ("/window/pool-editor-and-delete", test_pool_editor_and_delete);
  g_test_add_func ("/window/pool-connect-guest", test_pool_connect_guest);
  g_test_add_func ("/window/pool-edit", test_pool_edit);
  g_test_add_func ("/window/pool-problems", test_pool_problems);
  g_test_add_func ("/window/wizard-group-split", test_wizard_group_split);
  g_test_add_func ("/window/wizard-multifunction-apply", test_wizard_multifunction_apply);
  g_test_add_func ("/window/wizard-bad-input", test_wizard_bad_input);
  g_test_add_func ("/window/wizard-running-guest-next-boot",
                   test_wizard_running_guest_next_boot);
  g_test_add_func ("/window/wizard-host-use-override", test_wizard_host_use_override);

  return g_test_run ();
}
