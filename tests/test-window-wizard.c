/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-assign-wizard.h"
#include "fixtures.h"
#include "ui-helpers.h"

/* The assign wizard on the demo host, opened from a guest's page. */

/* The wizard opened the way a person does: the guest's page, "Add Device…". */
static GtkWindow *
open_wizard (FerryWindow *window,
             const char  *guest)
{
  GtkWidget *add;

  add = wait_for_widget (open_guest_page (window, guest), GTK_TYPE_BUTTON, "win.add-device");
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

/* Clicks a button and waits for the step it leads to to be on screen, alone. */
static void
click (GtkWindow *wizard,
       GtkWidget *button)
{
  /* A finished Apply may close the wizard while the test waits. */
  g_autoptr(GtkWindow) alive = g_object_ref (wizard);

  g_signal_emit_by_name (button, "clicked");
  wait_for_settled (GTK_WIDGET (wizard));
}

static void
press (GtkWindow  *wizard,
       const char *label)
{
  GtkWidget *button = wizard_button (wizard, label);

  g_assert_true (gtk_widget_get_sensitive (button));
  click (wizard, button);
}

/* LABEL keeps each TOKEN in its text on one line, even where the width would take a single
 * character: its own layout (text, attributes, wrap mode) laid out that narrow. */
static void
assert_kept_whole (GtkWidget  *label,
                   const char *token)
{
  g_autoptr(PangoLayout) layout = pango_layout_copy (gtk_label_get_layout (GTK_LABEL (label)));
  const char *text = pango_layout_get_text (layout);
  const char *at = strstr (text, token);

  g_assert_nonnull (at);
  pango_layout_set_width (layout, PANGO_SCALE);
  for (; at != NULL; at = strstr (at + 1, token))
    {
      int first;
      int last;

      pango_layout_index_to_line_x (layout, at - text, FALSE, &first, NULL);
      pango_layout_index_to_line_x (layout, at - text + strlen (token) - 1, FALSE, &last, NULL);
      g_assert_cmpint (first, ==, last);
    }
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

  wizard = open_wizard (window, "build-runner");
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));
  pick_device (wizard, "01:00.1", "TU104 HD Audio Controller");
  press (wizard, "_Next");

  message = wait_for_label_containing (GTK_WIDGET (wizard), "shares IOMMU group 1");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "0000:01:00.0"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "win11"));
  assert_kept_whole (message, "0000:01:00.0");
  assert_kept_whole (message, "0000:01:00.1");
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

  wizard = open_wizard (window, "scratch");
  pick_device (wizard, "09:00", "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]");
  press (wizard, "_Next");

  fix = wizard_button (wizard, "Assign all functions");
  click (wizard, fix);
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
  xml = dup_guest_xml (window, "scratch");
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x0'"));
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x1'"));
  fixture_assert_valid (xml, "domain");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "Added 2 devices to scratch"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The checks of the device list that are ticked, counted. */
static guint
n_checks_ticked (GtkWidget *widget)
{
  guint n = GTK_IS_CHECK_BUTTON (widget) &&
            gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) != NULL &&
            gtk_check_button_get_active (GTK_CHECK_BUTTON (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += n_checks_ticked (child);
  return n;
}

/* Back from the review after "Assign all functions" added the HDMI audio: the device list
 * ticks both functions and the count says 2, as the request has it. */
static void
test_wizard_fix_then_back (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *wizard;

  wizard = open_wizard (window, "scratch");
  /* Both functions on screen, only the video one picked. */
  pick_device (wizard, "09:00", "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590]");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, "1 device picked"));
  press (wizard, "_Next");

  press (wizard, "Assign all functions");
  press (wizard, "_Back");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, "2 devices picked"));
  g_assert_cmpuint (n_checks_ticked (GTK_WIDGET (wizard)), ==, 2);

  gtk_window_destroy (wizard);
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

  wizard = open_wizard (window, "scratch");
  pick_device (wizard, "0b:10.2", "82576 Virtual Function");
  press (wizard, "_Next");
  press (wizard, "_Next");

  interface = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW,
                               "Connect as a network _interface");
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
  xml = dup_guest_xml (window, "build-runner");
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
  g_assert_true (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));
  gtk_widget_activate (override);
  g_assert_false (gtk_widget_get_sensitive (wizard_button (wizard, "_Next")));

  gtk_window_destroy (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
wizard_focus (GtkWindow *wizard)
{
  return gtk_root_get_focus (GTK_ROOT (wizard));
}

static gboolean
focus_on_pick (gpointer data)
{
  GtkWidget *focus = wizard_focus (data);

  return GTK_IS_CHECK_BUTTON (focus) && gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
}

/* The title of the list row the focus is on, or NULL. */
static const char *
focused_row_title (GtkWindow *wizard)
{
  GtkWidget *focus = wizard_focus (wizard);

  return ADW_IS_PREFERENCES_ROW (focus)
         ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (focus)) : NULL;
}

static gboolean
switch_off (gpointer data)
{
  return !gtk_switch_get_active (data);
}

/* Alt+N, and the step it leads to on screen: a button activated by a key clicks a moment
 * later, once it has shown itself pressed. */
static void
next_by_key (GtkWindow  *wizard,
             const char *step)
{
  g_assert_true (press_mnemonic (GTK_WIDGET (wizard), GDK_KEY_n));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, step));
  wait_for_settled (GTK_WIDGET (wizard));
}

/* The whole wizard without the mouse, from Ctrl+N on the window: a guest picked with the
 * arrows and Enter, a device from the search with Down and Enter, the review's first fix by
 * Enter, an option switched by Space, Alt+N from step to step, and Enter on Apply,
 * where the summary leaves the focus. */
static void
test_wizard_by_keyboard (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autofree char *xml = NULL;
  GtkWindow *wizard;
  GtkWidget *focus;
  GtkWidget *fix;
  GtkWidget *row;
  GtkWidget *summary;

  wait_for_page (window, "main");
  g_assert_true (press_key_with (gtk_root_get_focus (GTK_ROOT (window)), GDK_KEY_n,
                                 GDK_CONTROL_MASK));
  wizard = wait_for_window (FERRY_TYPE_ASSIGN_WIZARD);
  wait_for_settled (GTK_WIDGET (wizard));

  /* The guest: the focus on the first one, Down to scratch, Enter. */
  g_assert_nonnull (focused_row_title (wizard));
  for (guint i = 0; i < 8 && g_strcmp0 (focused_row_title (wizard), "scratch") != 0; i++)
    g_assert_true (press_key (wizard_focus (wizard), GDK_KEY_Down));
  g_assert_cmpstr (focused_row_title (wizard), ==, "scratch");
  g_assert_true (press_key (wizard_focus (wizard), GDK_KEY_Return));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    find_widget (wizard_focus (wizard), GTK_TYPE_CHECK_BUTTON, NULL))));
  next_by_key (wizard, "Devices");

  /* The devices: the search has the focus; Down reaches the Radeon, Enter picks it. */
  g_assert_nonnull (gtk_widget_get_ancestor (wizard_focus (wizard), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (wizard_focus (wizard),
                                                                GTK_TYPE_SEARCH_ENTRY)), "09:00");
  g_assert_true (wait_for_no_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_true (press_key (wizard_focus (wizard), GDK_KEY_Down));
  g_assert_true (wait_until (focus_on_pick, wizard));
  g_assert_nonnull (find_label_containing (wizard_focus (wizard), "Ellesmere [Radeon"));
  g_assert_true (press_key (wizard_focus (wizard), GDK_KEY_Return));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, "1 device picked"));
  next_by_key (wizard, "Review");

  /* The review: the focus on the first fix; Enter takes the HDMI audio too, and the focus
   * goes on to Next, nothing being left to fix. */
  fix = wizard_focus (wizard);
  g_assert_true (GTK_IS_BUTTON (fix));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fix)), ==, "Also assign it to scratch");
  g_assert_true (press_key (fix, GDK_KEY_Return));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON,
                                     "Also assign it to scratch"));
  g_assert_null (find_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "Assign all functions"));
  g_assert_true (GTK_IS_BUTTON (wizard_focus (wizard)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (wizard_focus (wizard))), ==, "_Next");
  next_by_key (wizard, "Options");

  /* The options: the focus on the first, Managed (its row or its switch); Space turns it
   * off. */
  focus = wizard_focus (wizard);
  row = ADW_IS_ACTION_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "_Managed by libvirt");
  g_assert_true (press_key (focus, GDK_KEY_space));
  /* The switch slides over before it changes. */
  g_assert_true (wait_until (switch_off, find_widget (row, GTK_TYPE_SWITCH, NULL)));
  next_by_key (wizard, "Summary");

  /* The summary: the focus on Apply, nothing drawn selected (the focus never passed through
   * the text); Enter adds both functions, unmanaged. */
  summary = wait_for_label_containing (GTK_WIDGET (wizard), "Given to scratch");
  g_assert_nonnull (summary);
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (summary), NULL, NULL));
  assert_kept_whole (summary, "0000:09:00.1");
  focus = wizard_focus (wizard);
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Apply");
  g_assert_true (press_key (focus, GDK_KEY_Return));

  wait_for_assigned (window, "scratch", 2);
  xml = dup_guest_xml (window, "scratch");
  g_assert_nonnull (strstr (xml, "<hostdev mode='subsystem' type='pci' managed='no'>"));
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x0'"));
  g_assert_nonnull (strstr (xml, "bus='0x09' slot='0x00' function='0x1'"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                     "Added 2 devices to scratch"));

  gtk_window_destroy (GTK_WINDOW (window));
}

void
add_wizard_tests (void)
{
  g_test_add_func ("/window/wizard/group-split", test_wizard_group_split);
  g_test_add_func ("/window/wizard/multifunction-apply", test_wizard_multifunction_apply);
  g_test_add_func ("/window/wizard/fix-then-back", test_wizard_fix_then_back);
  g_test_add_func ("/window/wizard/bad-input", test_wizard_bad_input);
  g_test_add_func ("/window/wizard/running-guest-next-boot",
                   test_wizard_running_guest_next_boot);
  g_test_add_func ("/window/wizard/host-use-override", test_wizard_host_use_override);
  g_test_add_func ("/window/wizard/by-keyboard", test_wizard_by_keyboard);
}
