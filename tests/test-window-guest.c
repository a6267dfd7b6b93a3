/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-assigned-device.h"
#include "ferry-guest.h"
#include "ferry-guest-page.h"
#include "ferry-subpage.h"
#include "ui-helpers.h"

/* A guest's page on the demo host: its assigned devices, their details and settings. */

/* A device's details on GUEST's page: its row in the list, activated. */
static void
open_device_details (FerryWindow *window,
                     const char  *guest,
                     const char  *title)
{
  GtkWidget *row = wait_for_widget (open_guest_page (window, guest), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  gtk_widget_activate (row);
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

  open_guest_page (window, "nas");
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

static gboolean
vlan_is_100 (gpointer window)
{
  return vf_vlan (window) == 100;
}

/* The VF interface's VLAN: 4095 is refused under the row and nothing is written; 100 is
 * written to the guest's definition. */
static void
test_guest_vlan_edit (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *vlan;

  open_device_details (window, "nas", "82576 Virtual Function");
  vlan = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "VLAN Tag (empty for none)");
  g_assert_nonnull (vlan);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vlan)), ==, "42");

  gtk_editable_set_text (GTK_EDITABLE (vlan), "4095");
  g_signal_emit_by_name (vlan, "apply");
  g_assert_true (gtk_widget_has_css_class (vlan, "error"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "A VLAN tag is a number from 1 to 4094 (0 and 4095 are "
                                     "reserved)"));
  /* Refused on the page, before any write starts: there is nothing to wait for. */
  g_assert_cmpuint (vf_vlan (window), ==, 42);

  gtk_editable_set_text (GTK_EDITABLE (vlan), "100");
  g_signal_emit_by_name (vlan, "apply");
  wait_until (vlan_is_100, window);
  g_assert_cmpuint (vf_vlan (window), ==, 100);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Option ROM on a running guest's GPU: written to the definition, so a toast says it takes
 * effect at next boot, and the "Configured" row no longer claims "now and at next boot". */
static void
test_running_guest_rom_toast (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *rom;
  GtkWidget *configured;

  open_device_details (window, "win11", "TU104 [GeForce RTX 2070 SUPER]");
  rom = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Option ROM");
  g_assert_nonnull (rom);
  configured = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Configured");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (configured)), ==,
                   "now and at next boot");

  gtk_widget_activate (rom);
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "takes effect at next boot"));
  configured = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Configured");
  g_assert_nonnull (configured);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (configured)),
                            "change at next boot"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
managed_no (gpointer data)
{
  g_autofree char *xml = dup_guest_xml (data, "win11");

  return strstr (xml, "<hostdev mode='subsystem' type='pci' managed='no'>") != NULL;
}

static void
record_dismissed (AdwToast *toast,
                  gboolean *dismissed)
{
  *dismissed = TRUE;
}

/* Whether a toast other than TOAST says NEEDLE in ROOT. */
static gboolean
other_toast_says (GtkWidget  *root,
                  AdwToast   *toast,
                  const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, g_type_from_name ("AdwToastWidget")) &&
          find_label_containing (child, needle) != NULL)
        {
          g_autoptr(AdwToast) shown = NULL;

          g_object_get (child, "toast", &shown, NULL);
          if (shown != toast)
            return TRUE;
        }
      else if (other_toast_says (child, toast, needle))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  FerryWindow *window;
  gboolean     saw_unmanaged;
} ReadAfterSave;

/* A read of the host that found the second save's definition: it began after the save had
 * written it, and so ends after the save's own callback. */
static void
note_read_after_save (FerrySession  *session,
                      ReadAfterSave *read)
{
  read->saw_unmanaged |= managed_no (read->window);
}

static gboolean
read_after_save (gpointer data)
{
  return ((ReadAfterSave *) data)->saw_unmanaged;
}

/* Two quick changes on a running guest's device: one "takes effect at next boot" toast, not a
 * second queued behind the first to say the same again once it goes. The first is not
 * dismissed for the second either: libadwaita 1.2 crashed when a toast was dismissed while it
 * still slid in. */
static void
test_running_guest_one_toast (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  FerrySession *session;
  ReadAfterSave read = { window, FALSE };
  g_autoptr(AdwToast) toast = NULL;
  GtkWidget *rom;
  GtkWidget *managed;
  GtkWidget *toggle;
  GtkWidget *first;
  gboolean dismissed = FALSE;
  gint64 shown;
  gint64 elapsed_ms;

  open_device_details (window, "win11", "TU104 [GeForce RTX 2070 SUPER]");
  rom = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Option ROM");
  managed = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Managed by libvirt");
  g_assert_nonnull (rom);
  g_assert_nonnull (managed);

  gtk_widget_activate (rom);
  first = wait_for_label_containing (GTK_WIDGET (window), "takes effect at next boot");
  shown = g_get_monotonic_time ();
  g_assert_nonnull (first);
  /* The toast behind the label: libadwaita's widget for it says which. */
  g_object_get (gtk_widget_get_ancestor (first, g_type_from_name ("AdwToastWidget")),
                "toast", &toast, NULL);
  g_assert_true (ADW_IS_TOAST (toast));
  g_signal_connect (toast, "dismissed", G_CALLBACK (record_dismissed), &dismissed);

  toggle = find_widget (managed, GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  session = ferry_window_get_session (window);
  g_assert_nonnull (session);
  g_signal_connect (session, "reloaded", G_CALLBACK (note_read_after_save), &read);
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  /* The save's own callback (the toast) runs as soon as its definition is written; a read
   * that found the definition ends after it. */
  g_assert_true (wait_until (read_after_save, &read));
  g_signal_handlers_disconnect_by_data (session, &read);
  wait_for_settled (GTK_WIDGET (window));
  g_assert_false (dismissed);
  g_assert_false (other_toast_says (GTK_WIDGET (window), toast, "takes effect at next boot"));

  /* Once the toast has slid in (300 ms, which nothing else marks), it goes: a toast queued
   * behind it would be shown at once. */
  elapsed_ms = (g_get_monotonic_time () - shown) / 1000;
  if (elapsed_ms < 500)
    run_for (500 - elapsed_ms);
  adw_toast_dismiss (toast);
  g_assert_true (dismissed);
  g_assert_false (other_toast_says (GTK_WIDGET (window), toast, "takes effect at next boot"));

  g_signal_handlers_disconnect_by_data (toast, &dismissed);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The title of the row the focus is on, or in (a row's switch), or NULL. */
static const char *
focused_row_title (FerryWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = focus == NULL || ADW_IS_PREFERENCES_ROW (focus)
                   ? focus : gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : NULL;
}

/* Tab (or Shift+Tab) until the focus is on or in the row titled TITLE: a bounded walk.
 * Emitted as GtkWindow's own key binding does, which press_key () does not reach. */
static gboolean
tab_to_row (FerryWindow      *window,
            GtkDirectionType  direction,
            const char       *title)
{
  for (guint i = 0; i < 40 && g_strcmp0 (focused_row_title (window), title) != 0; i++)
    g_signal_emit_by_name (window, "move-focus", direction);
  return g_strcmp0 (focused_row_title (window), title) == 0;
}

/* Space on the focused row (or its switch), then the toast a running guest's change brings:
 * the definition is written by then. The toast is waited out, so the next one shows. */
static void
toggle_for_next_boot (FerryWindow *window)
{
  GtkWidget *toast;
  g_autofree char *text = NULL;

  g_assert_true (press_key (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_space));
  toast = wait_for_label_containing (GTK_WIDGET (window), "takes effect at next boot");
  g_assert_nonnull (toast);
  /* The label goes with the toast: its words are kept. */
  text = g_strdup (gtk_label_get_label (GTK_LABEL (toast)));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, text));
}

/* Option ROM and Managed on a running guest's GPU by keyboard alone: Tab to its row, Enter
 * for its details, Tab to each setting and Space. Each is written to the definition for the
 * next boot, a toast says so, and the focus stays where the keys left it. */
static void
test_running_guest_settings_by_keyboard (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autofree char *before_xml = NULL;
  g_autofree char *rom_xml = NULL;
  g_autofree char *managed_xml = NULL;

  open_guest_page (window, "win11");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_true (tab_to_row (window, GTK_DIR_TAB_FORWARD, "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_true (press_key (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_Return));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Option ROM"));
  wait_for_settled (GTK_WIDGET (window));
  before_xml = dup_guest_xml (window, "win11");
  g_assert_null (strstr (before_xml, "<rom"));

  g_assert_true (tab_to_row (window, GTK_DIR_TAB_FORWARD, "Option ROM"));
  toggle_for_next_boot (window);
  rom_xml = dup_guest_xml (window, "win11");
  g_assert_nonnull (strstr (rom_xml, "<rom bar='off'/>"));
  g_assert_cmpstr (focused_row_title (window), ==, "Option ROM");

  g_assert_true (tab_to_row (window, GTK_DIR_TAB_BACKWARD, "Managed by libvirt"));
  toggle_for_next_boot (window);
  managed_xml = dup_guest_xml (window, "win11");
  g_assert_nonnull (strstr (managed_xml, "<hostdev mode='subsystem' type='pci' managed='no'>"));
  g_assert_nonnull (strstr (managed_xml, "<rom bar='off'/>"));
  g_assert_cmpstr (focused_row_title (window), ==, "Managed by libvirt");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The demo's media-box: its 04:00.0 now holds the SATA controller. The guest page says so with
 * a Move button; the move gives it the recorded USB controller at 03:00.0, the toast's Undo
 * puts it back. */
static void
test_guest_hardware_changed_move (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *move;
  GtkWidget *undo;

  open_guest_page (window, "media-box");
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window),
                                               "The device at 0000:04:00.0 changed"));
  move = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Move to 0000:03:00.0");
  g_assert_nonnull (move);
  g_signal_emit_by_name (move, "clicked");

  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "ASM1142 USB 3.1 Host Controller"));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                     "Move to 0000:03:00.0"));
  undo = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                     "Move to 0000:03:00.0"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
subpage_left (gpointer page)
{
  return ferry_subpage_get_title (page) == NULL;
}

/* A device's details are the guest page's sub-page: the page names it as its sub-page title
 * (the window's header shows it), and the window's Back leads to the guest's overview. */
static void
test_guest_subpage_back (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  FerrySubpage *page;
  GtkWidget *row;

  page = FERRY_SUBPAGE (open_guest_page (window, "nas"));
  row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                         "NVMe SSD Controller SM981/PM981/PM983");
  g_assert_nonnull (row);
  g_assert_null (ferry_subpage_get_title (page));

  gtk_widget_activate (row);
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Configured"));
  g_assert_cmpstr (ferry_subpage_get_title (page), ==, "NVMe SSD Controller SM981/PM981/PM983");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_true (wait_until (subpage_left, page));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Configured"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Assigned Devices"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* nas's NVMe was assigned before the guard: its details say "Not remembered" and, once the
 * user confirms, Remember This Device records it. */
static void
test_guest_remember_device (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *remember;
  AdwMessageDialog *dialog;

  open_device_details (window, "nas", "NVMe SSD Controller SM981/PM981/PM983");
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "Not remembered"));
  remember = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Remember This Device");
  g_assert_nonnull (remember);
  g_signal_emit_by_name (remember, "clicked");
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "0000:07:00.0"));
  adw_message_dialog_response (dialog, "remember");

  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window),
                                               "Remembered: 144d:a808, class 010802"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The scrolled window of the guest page on show (the one child of its AdwPreferencesPage), or
 * NULL while there is none. */
static GtkAdjustment *
guest_page_vadjustment (FerryWindow *window)
{
  GtkWidget *guest = find_widget (GTK_WIDGET (window), FERRY_TYPE_GUEST_PAGE, NULL);
  GtkWidget *page = guest ? find_widget (guest, ADW_TYPE_PREFERENCES_PAGE, NULL) : NULL;

  if (page == NULL)
    return NULL;
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_first_child (page)));
}

/* The guest page on show scrolls: asked anew each time, as pages come and go. */
static gboolean
scrollable (gpointer data)
{
  GtkAdjustment *adjustment = guest_page_vadjustment (data);

  if (adjustment == NULL)
    return FALSE;
  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 100;
}

/* A guest page scrolled down, then another guest: its page starts at the top. */
static void
test_guest_scroll_reset (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window;
  GtkAdjustment *adjustment;

  /* Short enough that nas's page scrolls. */
  window = open_window_sized (uri, 800, 400);
  open_guest_page (window, "nas");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "NVMe SSD Controller SM981/PM981/PM983"));
  wait_for_settled (GTK_WIDGET (window));
  if (!wait_until (scrollable, window))
    g_error ("nas's page does not scroll in a window of %d × %d",
             gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  adjustment = guest_page_vadjustment (window);
  gtk_adjustment_set_value (adjustment, 100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  open_guest_page (window, "win11");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_true (guest_page_vadjustment (window) == adjustment);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_window_size ();
}

void
add_guest_page_tests (void)
{
  g_test_add_func ("/window/guest/detach-and-undo", test_guest_detach_and_undo);
  g_test_add_func ("/window/guest/hardware-changed-move", test_guest_hardware_changed_move);
  g_test_add_func ("/window/guest/remember-device", test_guest_remember_device);
  g_test_add_func ("/window/guest/subpage-back", test_guest_subpage_back);
  g_test_add_func ("/window/guest/vlan-edit", test_guest_vlan_edit);
  g_test_add_func ("/window/guest/running-rom-toast", test_running_guest_rom_toast);
  g_test_add_func ("/window/guest/running-one-toast", test_running_guest_one_toast);
  g_test_add_func ("/window/guest/running-settings-by-keyboard",
                   test_running_guest_settings_by_keyboard);
  g_test_add_func ("/window/guest/scroll-reset", test_guest_scroll_reset);
}
