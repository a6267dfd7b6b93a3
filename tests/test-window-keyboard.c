/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-assign-wizard.h"
#include "ferry-boot-binding-dialog.h"
#include "ferry-device-page.h"
#include "ferry-device-row.h"
#include "ferry-guest.h"
#include "ferry-guest-page.h"
#include "ferry-pools-page.h"
#include "ferry-sidebar-row.h"
#include "ui-helpers.h"

/* The window without a mouse, and for people who do not see it: keys do what the shortcuts
 * window says, and every icon says what it is. */

static gboolean
focus_on_device_row (gpointer data)
{
  return FERRY_IS_DEVICE_ROW (gtk_root_get_focus (GTK_ROOT (data)));
}

static gboolean
device_page_shown (gpointer data)
{
  return find_widget (GTK_WIDGET (data), ADW_TYPE_ACTION_ROW, "PCI Address") != NULL;
}

/* From the search entry, Down reaches the results and Enter opens the device found. */
static void
test_host_search_down_enter (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *search;

  wait_for_page (window, "main");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "eth3");
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));

  g_assert_true (press_key (search, GDK_KEY_Down));
  g_assert_true (wait_until (focus_on_device_row, window));

  /* Enter: the key reaches the list item around the row, whose binding activates it. */
  g_assert_true (gtk_widget_activate (gtk_widget_get_ancestor (
    gtk_root_get_focus (GTK_ROOT (window)), g_type_from_name ("GtkListItemWidget"))));
  g_assert_true (wait_until (device_page_shown, window));
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "eth3"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The focus of WINDOW. */
static GtkWidget *
get_focus (FerryWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* The title of the sidebar row the focus is on, or NULL off the sidebar. */
static char *
dup_focused_sidebar_title (FerryWindow *window)
{
  GtkWidget *focus = get_focus (window);
  GtkWidget *child = focus ? gtk_widget_get_first_child (focus) : NULL;
  char *title = NULL;

  if (FERRY_IS_SIDEBAR_ROW (child))
    g_object_get (child, "title", &title, NULL);
  return title;
}

static gboolean
focus_in_content (gpointer data)
{
  GtkWidget *focus = get_focus (data);

  return focus != NULL && gtk_widget_get_ancestor (focus, FERRY_TYPE_GUEST_PAGE) != NULL;
}

/* From the Host row, Down walks every sidebar row, past the Guests heading (which shows that
 * it has the focus), each showing its page while the focus stays in the sidebar; Enter then
 * takes the focus into the page. */
static void
test_sidebar_arrows_enter (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autoptr(GString) walked = g_string_new (NULL);

  wait_for_page (window, "main");
  /* The focus starts in the sidebar; the first Down puts it on the Host row. */
  g_assert_nonnull (gtk_widget_get_ancestor (get_focus (window), GTK_TYPE_LIST_VIEW));
  g_assert_true (press_key (get_focus (window), GDK_KEY_Down));
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *title = dup_focused_sidebar_title (window);

      if (title == NULL)
        {
          /* The heading: focused itself, drawing the ring. */
          g_assert_true (FERRY_IS_SIDEBAR_ROW (get_focus (window)));
          g_assert_true (gtk_widget_has_visible_focus (get_focus (window)) ||
                         !gtk_window_get_focus_visible (GTK_WINDOW (window)));
          title = g_strdup ("(heading)");
        }
      g_string_append_printf (walked, "%s%s [%s]", i > 0 ? ", " : "", title,
                              ferry_window_get_content_page (window));
      g_assert_true (press_key (get_focus (window), GDK_KEY_Down));
      wait_for_settled (GTK_WIDGET (window));
    }
  g_assert_cmpstr (walked->str, ==,
                   "Host [host], SR-IOV Pools [pools], (heading) [pools], "
                   "build-runner [guest], media-box [guest], nas [guest], scratch [guest], "
                   "web-01 [guest], win11 [guest]");

  /* Up to web-01, and Enter: its page, with the focus in it. */
  g_assert_true (press_key (get_focus (window), GDK_KEY_Up));
  g_assert_true (press_key (get_focus (window), GDK_KEY_Return));
  g_assert_true (wait_until (focus_in_content, window));
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (window), "web-01"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether a header on screen under ROOT has TITLE as its title. */
static gboolean
header_titled (GtkWidget  *root,
               const char *title)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (ADW_IS_WINDOW_TITLE (root) &&
      g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (root)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (header_titled (child, title))
      return TRUE;
  return FALSE;
}

/* The labels on screen under ROOT drawn as a heading outside the groups' own titles: a
 * title strip of a page's own. */
static guint
count_headings (GtkWidget *root)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root) || ADW_IS_PREFERENCES_GROUP (root))
    return 0;
  n = GTK_IS_LABEL (root) && (gtk_widget_has_css_class (root, "heading") ||
                              gtk_widget_has_css_class (root, "title-1") ||
                              gtk_widget_has_css_class (root, "title-2"));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_headings (child);
  return n;
}

static gboolean
focus_on_assign_button (gpointer data)
{
  GtkWidget *focus = get_focus (data);

  return GTK_IS_BUTTON (focus) && gtk_widget_get_ancestor (focus, FERRY_TYPE_DEVICE_PAGE) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)),
                    "win.add-device") == 0;
}

/* The device whose check is ticked in the wizard's device list, or NULL. */
static FerryHostDevice *
find_ticked_device (GtkWidget *root)
{
  if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_active (GTK_CHECK_BUTTON (root)) &&
      FERRY_IS_DEVICE_ROW (gtk_check_button_get_child (GTK_CHECK_BUTTON (root))))
    return ferry_device_row_get_device (FERRY_DEVICE_ROW (gtk_check_button_get_child (
      GTK_CHECK_BUTTON (root))));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      FerryHostDevice *found = find_ticked_device (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A device's page by keyboard: opened from the search with Down and Enter, it is titled in
 * the pane's header with the device's name (no title strip of its own); Tab reaches "Assign
 * to a Guest…" and Enter opens the wizard on that device, which a guest then gets. Alt+A
 * does the same. */
static void
test_device_page_assign (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *search;
  GtkWidget *page;
  GtkWindow *wizard;
  GtkWidget *guest;
  FerryHostDevice *picked;
  g_autofree char *address = NULL;

  wait_for_page (window, "main");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "2070");
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 0"));
  g_assert_true (press_key (search, GDK_KEY_Down));
  g_assert_true (wait_until (focus_on_device_row, window));
  g_assert_true (gtk_widget_activate (gtk_widget_get_ancestor (
    get_focus (window), g_type_from_name ("GtkListItemWidget"))));
  g_assert_true (wait_until (device_page_shown, window));
  wait_for_settled (GTK_WIDGET (window));

  page = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                               "PCI Address"), FERRY_TYPE_DEVICE_PAGE);
  g_assert_nonnull (page);
  g_assert_true (header_titled (GTK_WIDGET (window), "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_cmpuint (count_headings (page), ==, 0);

  /* Tab from wherever the page put the focus until it is on the button: a bounded walk. */
  for (guint i = 0; i < 12 && !focus_on_assign_button (window); i++)
    g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_on_assign_button (window));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (get_focus (window))), ==,
                   "_Assign to a Guest…");
  g_assert_true (press_key (get_focus (window), GDK_KEY_Return));
  wizard = wait_for_window (FERRY_TYPE_ASSIGN_WIZARD);

  /* A guest, then the devices: the page's device is the one picked. */
  guest = wait_for_widget (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW, "scratch");
  g_assert_nonnull (guest);
  gtk_widget_activate (guest);
  gtk_widget_activate (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "_Next"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL, "1 device picked"));
  wait_for_settled (GTK_WIDGET (wizard));
  picked = find_ticked_device (GTK_WIDGET (wizard));
  g_assert_nonnull (picked);
  address = ferry_pci_address_to_string (ferry_host_device_get_address (picked));
  g_assert_cmpstr (address, ==, "0000:01:00.0");
  gtk_window_destroy (wizard);

  /* The button's mnemonic, the only Alt+A on screen. */
  g_assert_true (press_mnemonic (GTK_WIDGET (window), GDK_KEY_a));
  wizard = wait_for_window (FERRY_TYPE_ASSIGN_WIZARD);
  gtk_window_destroy (wizard);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The words a sidebar row shows, " / " between its labels. */
static char *
dup_row_words (GtkWidget *row)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  for (GtkWidget *label = gtk_widget_get_first_child (row); label != NULL;
       label = gtk_widget_get_next_sibling (label))
    if (GTK_IS_LABEL (label) && gtk_widget_get_mapped (label))
      g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (label)));
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (" / ", (char **) texts->pdata);
}

/* Each guest of the sidebar says its state in words under its name, and its state icon is
 * named for screen readers: no row is its name and a dot alone. What is wrong goes to WRONG. */
static void
check_sidebar_rows (GtkWidget *root,
                    GString   *wrong,
                    guint     *n_guests)
{
  g_autoptr(GObject) item = NULL;

  if (FERRY_IS_SIDEBAR_ROW (root))
    g_object_get (root, "item", &item, NULL);
  if (FERRY_IS_GUEST (item))
    {
      const char *state = ferry_guest_get_state_label (FERRY_GUEST (item));
      GtkWidget *icon = gtk_widget_get_first_child (root);
      g_autofree char *shown = dup_row_words (root);
      g_autofree char *expected = g_strdup_printf ("%s / %s",
                                                   ferry_guest_get_name (FERRY_GUEST (item)),
                                                   state);
      g_autofree char *icon_wrong = NULL;

      g_assert_true (GTK_IS_IMAGE (icon));
      icon_wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (icon),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL, state);
      (*n_guests)++;
      if (g_strcmp0 (shown, expected) != 0)
        g_string_append_printf (wrong, "row shows \"%s\", not \"%s\"\n", shown, expected);
      if (icon_wrong != NULL)
        g_string_append_printf (wrong, "%s: icon %s\n", expected, icon_wrong);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_sidebar_rows (child, wrong, n_guests);
}

static gboolean
web_01_paused (gpointer data)
{
  g_autoptr(GString) wrong = g_string_new (NULL);
  guint n = 0;

  check_sidebar_rows (GTK_WIDGET (data), wrong, &n);
  return wrong->len == 0 && find_widget (GTK_WIDGET (data), GTK_TYPE_LABEL, "Paused") != NULL;
}

/* Running, shut off and paused guests in the sidebar, in words and in the accessibility tree. */
static void
test_sidebar_states_in_words (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GObject) web = NULL;
  guint n_guests = 0;

  wait_for_page (window, "main");
  wait_for_settled (GTK_WIDGET (window));
  check_sidebar_rows (GTK_WIDGET (window), wrong, &n_guests);
  g_assert_cmpstr (wrong->str, ==, "");
  g_assert_cmpuint (n_guests, >=, 6);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Running"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Shut off"));

  /* A guest that changes state: the words and the icon's name follow. */
  web = g_list_model_get_item (ferry_window_get_sidebar (window),
                               find_sidebar_guest (window, "web-01"));
  ferry_guest_set_state (FERRY_GUEST (web), FERRY_GUEST_STATE_PAUSED);
  g_assert_true (wait_until (web_01_paused, window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
focus_on_check (gpointer data)
{
  return GTK_IS_CHECK_BUTTON (gtk_root_get_focus (GTK_ROOT (data)));
}

/* The wizard's device list by keyboard: the search has the focus, Down reaches the first
 * device found, Enter picks it, the arrows move on, and the step can go on. */
static void
test_wizard_search_down_enter (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWindow *wizard;
  GtkWidget *search;
  GtkWidget *check;
  GtkWidget *next;

  wait_for_page (window, "main");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-device", "(ss)",
                                             "scratch", ""));
  wizard = wait_for_window (FERRY_TYPE_ASSIGN_WIZARD);
  search = wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (wizard)) == search ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (wizard)), search));
  next = wait_for_widget (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "_Next");
  g_assert_false (gtk_widget_get_sensitive (next));

  gtk_editable_set_text (GTK_EDITABLE (search), "09:00");
  /* The search applies after the entry's pause: until the other devices are gone. */
  g_assert_true (wait_for_no_widget (GTK_WIDGET (wizard), GTK_TYPE_LABEL,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  g_assert_true (press_key (gtk_root_get_focus (GTK_ROOT (wizard)), GDK_KEY_Down));
  g_assert_true (wait_until (focus_on_check, wizard));
  check = gtk_root_get_focus (GTK_ROOT (wizard));
  g_assert_nonnull (find_label_containing (check, "Ellesmere [Radeon"));

  g_assert_true (press_key (check, GDK_KEY_Return));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_get_sensitive (next));

  /* Down: the next function, its HDMI audio, with the focus on its check. */
  g_assert_true (press_key (check, GDK_KEY_Down));
  g_assert_true (focus_on_check (wizard));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (wizard)) != check);
  g_assert_nonnull (find_label_containing (gtk_root_get_focus (GTK_ROOT (wizard)),
                                           "Ellesmere HDMI Audio"));

  /* Escape closes the wizard. */
  g_assert_true (press_key (gtk_root_get_focus (GTK_ROOT (wizard)), GDK_KEY_Escape));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
focus_in_pools_page (gpointer data)
{
  GtkWidget *focus = get_focus (data);

  return focus != NULL && gtk_widget_get_ancestor (focus, FERRY_TYPE_POOLS_PAGE) != NULL;
}

static gboolean
focus_on_pool_row (gpointer data)
{
  GtkWidget *focus = get_focus (data);

  return ADW_IS_ACTION_ROW (focus) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (focus)), "vf-pool") == 0;
}

/* The pools list by keyboard: Enter on the sidebar's row goes in, Tab reaches the pool, Enter
 * opens its page, Alt+Left (the window's Back) comes back to the list. */
static void
test_pools_tab_enter (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);

  wait_for_page (window, "main");
  g_assert_true (press_key (get_focus (window), GDK_KEY_Down));   /* Host */
  g_assert_true (press_key (get_focus (window), GDK_KEY_Down));   /* SR-IOV Pools */
  g_assert_true (press_key (get_focus (window), GDK_KEY_Return));
  g_assert_true (wait_until (focus_in_pools_page, window));

  /* Tab from wherever the page put the focus until it is on the pool: a bounded walk. */
  for (guint i = 0; i < 6 && !focus_on_pool_row (window); i++)
    {
      /* What Tab does: GtkWindow's own key binding, which press_key () does not reach. */
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      g_assert_true (focus_in_pools_page (window));
    }
  g_assert_true (focus_on_pool_row (window));
  g_assert_true (press_key (get_focus (window), GDK_KEY_Return));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "Start With the Host"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "Start With the Host"));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "vf-pool"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The back buttons a person sees, and the leaflet under ROOT. */
static guint
count_back_buttons (GtkWidget   *root,
                    AdwLeaflet **leaflet)
{
  guint n = 0;

  if (ADW_IS_LEAFLET (root) && leaflet != NULL)
    *leaflet = ADW_LEAFLET (root);
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "go-previous-symbolic") == 0)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_back_buttons (child, leaflet);
  return n;
}

static gboolean
leaflet_folded (gpointer data)
{
  AdwLeaflet *leaflet = NULL;

  count_back_buttons (GTK_WIDGET (data), &leaflet);
  return leaflet != NULL && adw_leaflet_get_folded (leaflet);
}

static gboolean
device_page_gone (gpointer data)
{
  return !device_page_shown (data);
}

/* At 360 px a device's page has one header and one back button, the pane's, titled with the
 * device's name; it leads back to the device list, and only then to the sidebar. */
static void
test_one_header_per_pane (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window;
  GtkWidget *search;
  GtkWidget *details;
  AdwLeaflet *leaflet = NULL;

  window = open_window_sized (uri, 360, 720);
  wait_for_page (window, "main");
  g_assert_true (wait_until (leaflet_folded, window));
  count_back_buttons (GTK_WIDGET (window), &leaflet);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_activate_action (search, "host.show-device", "s", "0000:01:00.0"));
  g_assert_true (wait_until (device_page_shown, window));
  wait_for_settled (GTK_WIDGET (window));
  g_assert_cmpuint (count_back_buttons (GTK_WIDGET (window), NULL), ==, 1);
  g_assert_true (header_titled (GTK_WIDGET (window), "TU104 [GeForce RTX 2070 SUPER]"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_true (wait_until (device_page_gone, window));
  wait_for_settled (GTK_WIDGET (window));
  /* The device list, not the sidebar. */
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_get_mapped (search));

  /* Its rows are cut at this width, the driver before the vendor, so the vendor is cut; and
   * the whole line is in the row's tooltip. */
  details = find_label_containing (GTK_WIDGET (window),
                                   "0000:01:00.0 · driver not reported · NVIDIA Corporation");
  g_assert_nonnull (details);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (details))));
  g_assert_true (gtk_widget_get_has_tooltip (details));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_window_size ();
}

/* At 360 px the host page's search shows its whole placeholder, not a cut one; the full hint
 * is the entry's tooltip and what a screen reader says of it. */
static void
test_narrow_search_placeholder (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  const char *hint = "Search by name, id, address, driver, IOMMU group or interface";
  g_autofree char *wrong = NULL;
  FerryWindow *window;
  GtkWidget *search;
  GtkWidget *placeholder;

  window = open_window_sized (uri, 360, 720);
  wait_for_page (window, "main");
  g_assert_true (wait_until (leaflet_folded, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (search);
  wait_for_settled (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);

  placeholder = find_widget (search, GTK_TYPE_LABEL, "Search devices");
  g_assert_nonnull (placeholder);
  g_assert_true (gtk_widget_get_child_visible (placeholder));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (placeholder))));
  g_assert_cmpint (gtk_widget_get_width (placeholder), >, 0);

  g_assert_cmpstr (gtk_widget_get_tooltip_text (search), ==, hint);
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (search),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint);
  g_assert_null (wrong);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_window_size ();
}

static gboolean
leaflet_unfolded (gpointer data)
{
  return !leaflet_folded (data);
}

typedef struct
{
  FerryWindow *window;
  AdwLeaflet  *leaflet;
  GtkWidget   *sidebar;
} FoldedPanes;

/* Folded, the pane on screen is the content, not the sidebar, and has the focus. */
static gboolean
focus_off_sidebar (gpointer data)
{
  FoldedPanes *panes = data;
  GtkWidget *pane = adw_leaflet_get_visible_child (panes->leaflet);

  return pane != panes->sidebar && gtk_widget_is_ancestor (get_focus (panes->window), pane);
}

/* The sidebar row at POSITION is selected. */
static gboolean
sidebar_selected (FerryWindow *window,
                  guint        position)
{
  return gtk_selection_model_is_selected (GTK_SELECTION_MODEL (ferry_window_get_sidebar (window)),
                                          position);
}

/* On a narrow window the arrows move over the sidebar's places without leaving it, each
 * selected in turn and none opened; Enter goes to the one reached; a tap would too (the list
 * activates on one click). Widened again, the content shows the row the arrows left. */
static void
test_folded_sidebar_arrows (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  const char *walk[] = { "Host", "SR-IOV Pools", NULL, "build-runner", "media-box", "nas" };
  FerryWindow *window;
  AdwLeaflet *leaflet = NULL;
  GtkWidget *sidebar;
  FoldedPanes panes;

  window = open_window_sized (uri, 360, 720);
  wait_for_page (window, "main");
  g_assert_true (wait_until (leaflet_folded, window));
  count_back_buttons (GTK_WIDGET (window), &leaflet);
  sidebar = adw_leaflet_get_visible_child (leaflet);
  panes = (FoldedPanes) { window, leaflet, sidebar };
  g_assert_nonnull (gtk_widget_get_ancestor (get_focus (window), GTK_TYPE_LIST_VIEW));
  g_assert_true (gtk_widget_is_ancestor (get_focus (window), sidebar));
  g_assert_true (gtk_list_view_get_single_click_activate (
    GTK_LIST_VIEW (gtk_widget_get_ancestor (get_focus (window), GTK_TYPE_LIST_VIEW))));

  for (guint i = 0; i < G_N_ELEMENTS (walk); i++)
    {
      g_autofree char *title = NULL;

      g_assert_true (press_key (get_focus (window), GDK_KEY_Down));
      wait_for_settled (GTK_WIDGET (window));
      title = dup_focused_sidebar_title (window);
      g_assert_cmpstr (title, ==, walk[i]);
      g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);
      g_assert_true (gtk_widget_is_ancestor (get_focus (window), sidebar));
      g_assert_true (sidebar_selected (window, i));
    }
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "host");

  /* Enter: nas's page, in place of the sidebar, with the focus in that pane. */
  g_assert_true (press_key (get_focus (window), GDK_KEY_Return));
  g_assert_true (wait_until (focus_off_sidebar, &panes));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "NVMe SSD Controller SM981/PM981/PM983"));

  /* Back: the places again, none selected, the focus on the one just left. Down moves on
   * to scratch without going there; widened, the content shows it beside the sidebar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  wait_for_settled (GTK_WIDGET (window));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);
  g_assert_null (gtk_single_selection_get_selected_item (
    GTK_SINGLE_SELECTION (ferry_window_get_sidebar (window))));
  {
    g_autofree char *title = dup_focused_sidebar_title (window);

    g_assert_cmpstr (title, ==, "nas");
  }
  g_assert_true (press_key (get_focus (window), GDK_KEY_Down));
  wait_for_settled (GTK_WIDGET (window));
  {
    g_autofree char *title = dup_focused_sidebar_title (window);

    g_assert_cmpstr (title, ==, "scratch");
  }
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  g_assert_true (wait_until (leaflet_unfolded, window));
  g_assert_true (wait_for_no_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "NVMe SSD Controller SM981/PM981/PM983"));
  g_assert_true (sidebar_selected (window, find_sidebar_guest (window, "scratch")));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_window_size ();
}

/* Every button without words has a tooltip and a name for screen readers; every image beside
 * no words that stands for a state is named too. */
static void
check_named (GtkWidget *root,
             GString   *unnamed)
{
  /* What is on screen; the window's own controls and the entries' icons are GTK's. */
  if (!gtk_widget_get_mapped (root) || GTK_IS_WINDOW_CONTROLS (root) || GTK_IS_EDITABLE (root))
    return;

  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL &&
      gtk_button_get_child (GTK_BUTTON (root)) != NULL &&
      GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (root))))
    {
      if (gtk_widget_get_tooltip_text (root) == NULL ||
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_string_append_printf (unnamed, "button %s (%s)\n",
                                gtk_image_get_icon_name (GTK_IMAGE (gtk_button_get_child (
                                  GTK_BUTTON (root)))),
                                gtk_widget_get_tooltip_text (root));
    }

  if (GTK_IS_IMAGE (root) &&
      (gtk_widget_get_tooltip_text (root) != NULL ||
       gtk_widget_has_css_class (root, "ferry-finding-icon")) &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
    g_string_append_printf (unnamed, "state icon %s (%s)\n",
                            gtk_image_get_icon_name (GTK_IMAGE (root)),
                            gtk_widget_get_tooltip_text (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_named (child, unnamed);
}

static void
test_icons_named (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  g_autoptr(GString) unnamed = g_string_new (NULL);
  GtkWidget *search;

  wait_for_page (window, "main");
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "IOMMU group 1"));
  check_named (GTK_WIDGET (window), unnamed);

  /* A device page, a guest page, the pools. */
  g_assert_true (gtk_widget_activate_action (search, "host.show-device", "s", "0000:01:00.0"));
  g_assert_true (wait_until (device_page_shown, window));
  check_named (GTK_WIDGET (window), unnamed);
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "win11"));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                     "TU104 [GeForce RTX 2070 SUPER]"));
  check_named (GTK_WIDGET (window), unnamed);
  /* A guest whose page lists problems, each behind its severity's icon. */
  ferry_window_select_sidebar (window, find_sidebar_guest (window, "media-box"));
  wait_for_settled (GTK_WIDGET (window));
  g_assert_nonnull (wait_for_widget (GTK_WIDGET (window), G_TYPE_NONE,
                                     "The device at 0000:04:00.0 changed"));
  check_named (GTK_WIDGET (window), unnamed);
  ferry_window_select_sidebar (window, 1);
  wait_for_settled (GTK_WIDGET (window));
  check_named (GTK_WIDGET (window), unnamed);

  g_assert_cmpstr (unnamed->str, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether the shortcuts window lists KEYVAL with MODS. */
static gboolean
overlay_lists (GtkWidget       *root,
               guint            keyval,
               GdkModifierType  mods)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      g_object_get (root, "accelerator", &accelerator, NULL);
      accels = g_strsplit (accelerator ? accelerator : "", " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          guint key = 0;
          GdkModifierType m = 0;

          if (gtk_accelerator_parse (accels[i], &key, &m) && key == keyval && m == mods)
            return TRUE;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (overlay_lists (child, keyval, mods))
      return TRUE;
  return FALSE;
}

/* Every key the window and the application bind is in the shortcuts window. */
static void
test_shortcuts_window_complete (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkShortcutsWindow *overlay;
  g_autoptr(GListModel) controllers = NULL;
  g_auto(GStrv) actions = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);

  wait_for_page (window, "main");
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *name = gtk_shortcut_action_to_string (action);

          /* Only the window's own actions: GTK's built-in bindings are not Ferry's to list. */
          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !g_str_has_prefix (name, "action(win."))
            continue;
          if (!overlay_lists (GTK_WIDGET (overlay),
                              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))))
            g_string_append_printf (missing, "%s\n", name);
        }
    }

  actions = gtk_application_list_action_descriptions (ui_application ());
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (ui_application (),
                                                                    actions[i]);

      for (guint a = 0; accels[a] != NULL; a++)
        {
          guint key = 0;
          GdkModifierType mods = 0;

          gtk_accelerator_parse (accels[a], &key, &mods);
          if (!overlay_lists (GTK_WIDGET (overlay), key, mods))
            g_string_append_printf (missing, "%s %s\n", actions[i], accels[a]);
        }
    }

  g_assert_cmpstr (missing->str, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
no_boot_binding_dialog (gpointer data)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (FERRY_IS_BOOT_BINDING_DIALOG (window))
        return FALSE;
    }
  return TRUE;
}

/* The demo GPU's "Bind to vfio-pci at Boot" row opens the commands for the demo host, a
 * Debian with initramfs-tools: both functions of the card, a softdep per host driver; Escape
 * closes the dialog. */
static void
test_bind_at_boot (void)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();
  FerryWindow *window = open_window (uri);
  GtkWidget *search;
  GtkWidget *row;
  GtkWindow *dialog;
  GtkWidget *modprobe;

  wait_for_page (window, "main");
  search = wait_for_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "");
  g_assert_true (gtk_widget_activate_action (search, "host.show-device", "s", "0000:01:00.0"));
  g_assert_true (wait_until (device_page_shown, window));

  row = wait_for_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Bind to vfio-pci at Boot");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_true (gtk_widget_get_focusable (row));
  gtk_widget_activate (row);

  dialog = wait_for_window (FERRY_TYPE_BOOT_BINDING_DIALOG);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_nonnull (wait_for_label_containing (GTK_WIDGET (dialog), "Debian GNU/Linux 12"));
  modprobe = wait_for_label_containing (GTK_WIDGET (dialog), "options vfio-pci ids=");
  g_assert_nonnull (modprobe);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (modprobe)),
                            "sudo tee /etc/modprobe.d/vfio-pci-ferry.conf <<'EOF'\n"
                            "# 0000:01:00.0 0000:01:00.1 (Ferry)\n"
                            "options vfio-pci ids=10de:1e84,10de:10f8\n"
                            "softdep nouveau pre: vfio-pci\n"
                            "softdep nvidia pre: vfio-pci\n"
                            "softdep snd_hda_intel pre: vfio-pci\n"
                            "EOF"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "/etc/initramfs-tools/modules"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (dialog), "sudo update-initramfs -u"));
  g_assert_null (find_label_containing (GTK_WIDGET (dialog), "dracut"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Copy"));

  g_assert_true (press_key (GTK_WIDGET (dialog), GDK_KEY_Escape));
  g_assert_true (wait_until (no_boot_binding_dialog, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

void
add_keyboard_tests (void)
{
  g_test_add_func ("/window/keyboard/host-search-down-enter", test_host_search_down_enter);
  g_test_add_func ("/window/keyboard/bind-at-boot", test_bind_at_boot);
  g_test_add_func ("/window/keyboard/icons-named", test_icons_named);
  g_test_add_func ("/window/keyboard/device-page-assign", test_device_page_assign);
  g_test_add_func ("/window/keyboard/sidebar-states-in-words", test_sidebar_states_in_words);
  g_test_add_func ("/window/keyboard/sidebar-arrows-enter", test_sidebar_arrows_enter);
  g_test_add_func ("/window/keyboard/wizard-search-down-enter", test_wizard_search_down_enter);
  g_test_add_func ("/window/keyboard/pools-tab-enter", test_pools_tab_enter);
  g_test_add_func ("/window/keyboard/one-header-per-pane", test_one_header_per_pane);
  g_test_add_func ("/window/keyboard/narrow-search-placeholder", test_narrow_search_placeholder);
  g_test_add_func ("/window/keyboard/folded-sidebar-arrows", test_folded_sidebar_arrows);
  g_test_add_func ("/window/keyboard/shortcuts-window-complete", test_shortcuts_window_complete);
}
