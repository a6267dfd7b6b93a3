/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-helpers.h"

#include <string.h>

#include "ferry-application.h"
#include "ferry-guest.h"
#include "ferry-guest-page.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* How the widget tests wait and find what a person sees. A busy machine (two cores, other
 * builds running, AddressSanitizer) is slow: every wait is for a condition, in the main loop,
 * with one generous limit that only a broken build reaches. */

#define WAIT_LIMIT_SECONDS 120

static FerryApplication *application;

/* The limit, times FERRY_TEST_WAIT_SCALE (a whole number) for machines slower still. */
static guint
wait_limit_ms (void)
{
  const char *scale = g_getenv ("FERRY_TEST_WAIT_SCALE");
  guint64 factor = scale != NULL ? g_ascii_strtoull (scale, NULL, 10) : 1;

  return WAIT_LIMIT_SECONDS * 1000 * (guint) CLAMP (factor, 1, 30);
}

/* Runs the main loop until CONDITION (DATA) holds; FALSE when the limit passed first. GTK
 * changes widgets only from sources it dispatches (layout on a frame, a model's signal), and
 * ferry_wait_until checks again after each one. */
gboolean
wait_until (FerryWaitCondition condition,
            gpointer           data)
{
  return ferry_wait_until (NULL, condition, data, wait_limit_ms ());
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for a measured period: only for what a test measures over time (frames
 * drawn while connecting), never to wait for something to happen. */
void
run_for (guint milliseconds)
{
  ferry_wait_until (NULL, never, NULL, milliseconds);
}

/* Whether ROOT is at rest: no stack, leaflet or revealer under it in the middle of a
 * transition, which keeps the page it leaves on screen (mapped) until it ends. */
static gboolean
is_settled (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return TRUE;
  if (GTK_IS_STACK (root) && gtk_stack_get_transition_running (GTK_STACK (root)))
    return FALSE;
  if (ADW_IS_LEAFLET (root) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (root)))
    return FALSE;
  if (GTK_IS_REVEALER (root) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (root)) !=
      gtk_revealer_get_child_revealed (GTK_REVEALER (root)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!is_settled (child))
      return FALSE;
  return TRUE;
}

static gboolean
settled_cb (gpointer root)
{
  return is_settled (root);
}

void
wait_for_settled (GtkWidget *root)
{
  g_assert_true (wait_until (settled_cb, root));
}

void
ui_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (argc, argv, NULL);

  application = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
}

GtkApplication *
ui_application (void)
{
  return GTK_APPLICATION (application);
}

/* The real window of the real application, under Xvfb. */
FerryWindow *
open_window (const char *uri)
{
  FerryWindow *window = ferry_window_new (ui_application ());

  gtk_window_present (GTK_WINDOW (window));
  ferry_window_open_uri (window, uri);
  return window;
}

/* Like open_window, at WIDTH × HEIGHT: a window takes its size from the settings when it
 * opens, while a new size for a window already on screen was now and then not taken. Undo
 * with reset_window_size. */
FerryWindow *
open_window_sized (const char *uri,
                   int         width,
                   int         height)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  return open_window (uri);
}

/* The size the next window opens at, back to the schema's. */
void
reset_window_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

typedef struct
{
  FerryWindow *window;
  const char  *page;
} PageWait;

static gboolean
page_shown (gpointer data)
{
  PageWait *wait = data;

  /* The main page comes with the guests, before the devices: the whole host is "main". */
  return g_strcmp0 (ferry_window_get_visible_page (wait->window), wait->page) == 0 &&
         g_strcmp0 (ferry_window_get_content_page (wait->window), "reading") != 0 &&
         is_settled (GTK_WIDGET (wait->window));
}

void
wait_for_page (FerryWindow *window,
               const char  *page)
{
  PageWait wait = { window, page };

  wait_until (page_shown, &wait);
  g_assert_cmpstr (ferry_window_get_visible_page (window), ==, page);
}

/* Finds a widget of TYPE under ROOT that is drawable and matches TEXT (a button's action, or
 * a row's title), the way a person would find it on screen. */
GtkWidget *
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

/* A mapped label under ROOT whose text holds NEEDLE. */
GtkWidget *
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

/* What a search looks for: a widget as find_widget() finds it, or (TYPE G_TYPE_NONE) a label
 * containing TEXT. */
typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *text;
  GtkWidget  *found;
} Search;

/* Looks only at a screen at rest: a page sliding away is still mapped, and what it shows is
 * no longer what the test asks about. */
static gboolean
search_ran (Search *search)
{
  search->found = NULL;
  if (!is_settled (search->root))
    return FALSE;
  search->found = search->type == G_TYPE_NONE
                  ? find_label_containing (search->root, search->text)
                  : find_widget (search->root, search->type, search->text);
  return TRUE;
}

static gboolean
search_found (gpointer data)
{
  return search_ran (data) && ((Search *) data)->found != NULL;
}

static gboolean
search_gone (gpointer data)
{
  return search_ran (data) && ((Search *) data)->found == NULL;
}

/* What a person sees appears after layout and transitions: waits for it. NULL if it never
 * came. */
GtkWidget *
wait_for_widget (GtkWidget  *root,
                 GType       type,
                 const char *text)
{
  Search search = { root, type, text, NULL };

  wait_until (search_found, &search);
  return search.found;
}

/* Waits for what ROOT shows to drop the widget (a filter applied, a page left); whether it
 * went. */
gboolean
wait_for_no_widget (GtkWidget  *root,
                    GType       type,
                    const char *text)
{
  Search search = { root, type, text, NULL };

  return wait_until (search_gone, &search);
}

GtkWidget *
wait_for_label_containing (GtkWidget  *root,
                           const char *needle)
{
  Search search = { root, G_TYPE_NONE, needle, NULL };

  wait_until (search_found, &search);
  return search.found;
}

typedef struct
{
  GType       type;
  const char *heading;
  GtkWindow  *found;
} WindowSearch;

static gboolean
window_found (gpointer data)
{
  WindowSearch *search = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, search->type) &&
          gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          (search->heading == NULL ||
           (ADW_IS_MESSAGE_DIALOG (window) &&
            g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                       search->heading) == 0)))
        {
          search->found = GTK_WINDOW (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The first toplevel of TYPE on screen. */
GtkWindow *
wait_for_window (GType type)
{
  WindowSearch search = { type, NULL, NULL };

  g_assert_true (wait_until (window_found, &search));
  return search.found;
}

/* The message dialog of TYPE on screen with HEADING. */
GtkWindow *
wait_for_dialog_headed (GType       type,
                        const char *heading)
{
  WindowSearch search = { type, heading, NULL };

  g_assert_true (wait_until (window_found, &search));
  return search.found;
}

AdwMessageDialog *
wait_for_dialog (void)
{
  return ADW_MESSAGE_DIALOG (wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* Runs the shortcut on WIDGET's own controllers that KEYVAL with MODIFIERS triggers, as
 * pressing it does. */
static gboolean
press_on (GtkWidget       *widget,
          guint            keyval,
          GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

/* A key pressed where the focus is: it goes to the focus widget, then to each of its ancestors
 * in turn until one has a binding for it, as GTK delivers key events. */
gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  return press_key_with (widget, keyval, 0);
}

/* The same with modifiers held: Ctrl+N. */
gboolean
press_key_with (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (press_on (widget, keyval, modifiers))
      return TRUE;
  return FALSE;
}

/* The labels on screen under ROOT whose mnemonic is KEYVAL, counted; the last one in *FOUND. */
static guint
find_mnemonics (GtkWidget  *root,
                guint       keyval,
                GtkWidget **found)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root) || !gtk_widget_is_sensitive (root))
    return 0;
  /* GtkLabel keeps the letter in upper case: Alt+n and Alt+N are one mnemonic. */
  if (GTK_IS_LABEL (root) &&
      gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (root))) == keyval)
    {
      *found = root;
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += find_mnemonics (child, keyval, found);
  return n;
}

/* Alt and a letter in the window ROOT: the one underlined label with that letter on screen
 * does what its widget does. Two would only take turns at the focus: a test fails then. */
gboolean
press_mnemonic (GtkWidget *root,
                guint      keyval)
{
  GtkWidget *label = NULL;
  guint n = find_mnemonics (root, gdk_keyval_to_lower (keyval), &label);

  if (n > 1)
    g_error ("Alt+%s is the mnemonic of %u widgets on screen", gdk_keyval_name (keyval), n);
  return n == 1 && gtk_widget_mnemonic_activate (label, FALSE);
}

guint
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

/* GUEST's page, opened the way a person does: the window's main page, then the guest picked
 * in the sidebar. */
GtkWidget *
open_guest_page (FerryWindow *window,
                 const char  *guest)
{
  GtkWidget *page;

  wait_for_page (window, "main");
  ferry_window_select_sidebar (window, find_sidebar_guest (window, guest));
  g_assert_cmpstr (ferry_window_get_content_page (window), ==, "guest");
  page = wait_for_widget (GTK_WIDGET (window), FERRY_TYPE_GUEST_PAGE, NULL);
  g_assert_nonnull (page);
  return page;
}

/* GUEST's persistent definition as the connection now has it: what its next boot gets. */
char *
dup_guest_xml (FerryWindow *window,
               const char  *guest)
{
  g_autoptr(virConnect) raw = ferry_session_dup_raw_connection (ferry_window_get_session (window));
  g_autoptr(virDomain) domain = virDomainLookupByName (raw, guest);
  char *xml;
  char *copy;

  g_assert_nonnull (domain);
  xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

FerryNetwork *
find_network (FerryWindow *window,
              const char  *name)
{
  return ferry_session_lookup_network (ferry_window_get_session (window), name);
}

guint
n_assigned (FerryWindow *window,
            const char  *guest_name)
{
  FerryGuest *guest = ferry_session_lookup_guest (ferry_window_get_session (window), guest_name);

  g_assert_nonnull (guest);
  return g_list_model_get_n_items (ferry_guest_get_assigned (guest));
}

typedef struct
{
  FerryWindow *window;
  const char  *guest;
  guint        count;
} AssignedWait;

static gboolean
assigned_reached (gpointer data)
{
  AssignedWait *wait = data;

  return n_assigned (wait->window, wait->guest) == wait->count;
}

void
wait_for_assigned (FerryWindow *window,
                   const char  *guest,
                   guint        count)
{
  AssignedWait wait = { window, guest, count };

  wait_until (assigned_reached, &wait);
  g_assert_cmpuint (n_assigned (window, guest), ==, count);
}
