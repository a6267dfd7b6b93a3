/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-assign-wizard.h"
#include "ferry-connect-dialog.h"
#include "ferry-connection-uri.h"
#include "ferry-error.h"
#include "ferry-guest-page.h"
#include "ferry-host-page.h"
#include "ferry-pools-page.h"
#include "ferry-prompt-dialog.h"
#include "ferry-rows.h"
#include "ferry-sidebar-item.h"
#include "ferry-sidebar-row.h"
#include "ferry-subpage.h"
#include "ferry-window-private.h"

/* One window per libvirt connection: a connecting page, a failure page with ways out, and
 * the sidebar + content leaflet once the host is read. */
struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FerrySession         *session;
  FerrySession         *pending;      /* being opened; the shown session stays until it answers */
  GCancellable         *cancellable;
  char                 *uri;
  GtkSingleSelection   *selection;
  gboolean              selection_unshown;  /* moved over while folded, not gone to */
  AdwToastOverlay      *toasts;
  GtkCustomFilter      *guest_filter;
  /* The pane on show: what its header says when no sub-page is open. */
  char                 *pane_title;
  char                 *pane_subtitle;
  guint                 reveal_connecting_source;
  guint                 progress_source;

  GtkStack             *main_stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *spinner;
  GtkProgressBar       *read_progress;
  GtkProgressBar       *devices_progress;
  AdwStatusPage        *failed_page;
  GtkExpander          *failed_details;
  GtkLabel             *failed_details_label;
  AdwLeaflet           *leaflet;
  GtkRevealer          *lost_revealer;
  GtkLabel             *lost_label;
  GtkWidget            *sidebar;
  AdwWindowTitle       *sidebar_title;
  AdwWindowTitle       *content_title;
  GtkWidget            *back_button;
  GtkListView          *sidebar_list;
  GtkSearchEntry       *guest_search;
  GtkStack             *content_stack;
  FerryHostPage        *host_page;
  FerryPoolsPage       *pools_page;
  FerryGuestPage       *guest_page;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

/* A host that answers within this long (the demo host, a local one) goes straight to its page:
 * no "Connecting…" drawn for a moment, and nothing to fade from. */
#define CONNECTING_SHOWN_AFTER_MS 300

/* Over a slow link the read of a big host takes seconds: say how far it has come. */
static gboolean
update_read_progress_cb (gpointer user_data)
{
  FerryWindow *self = user_data;
  guint done, total;
  g_autofree char *text = NULL;

  if (self->pending == NULL ||
      !ferry_session_get_read_progress (self->pending, &done, &total))
    return G_SOURCE_CONTINUE;

  /* Translators: progress of reading a host; the numbers count guests, pools and devices */
  text = g_strdup_printf (_("%u of %u read"), done, total);
  gtk_progress_bar_set_fraction (self->read_progress, (double) done / total);
  gtk_progress_bar_set_text (self->read_progress, text);
  gtk_widget_set_visible (GTK_WIDGET (self->read_progress), TRUE);
  gtk_progress_bar_set_fraction (self->devices_progress, (double) done / total);
  gtk_progress_bar_set_text (self->devices_progress, text);
  return G_SOURCE_CONTINUE;
}

static gboolean
reveal_connecting_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  self->reveal_connecting_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_page), TRUE);
  return G_SOURCE_REMOVE;
}

/* Leaves the connecting page for PAGE: a cross-fade when "Connecting…" was on screen, at once
 * when it never showed. */
static void
leave_connecting (FerryWindow *self,
                  const char  *page)
{
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->connecting_page));

  g_clear_handle_id (&self->reveal_connecting_source, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_full (self->main_stack, page,
                                    shown ? GTK_STACK_TRANSITION_TYPE_CROSSFADE
                                          : GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-connect", FALSE);
}

/* The failure page: Ferry's words, and what libvirt said (if anything) under Details. */
static void
show_failure (FerryWindow  *self,
              const char   *title,
              const char   *message,
              const GError *error)
{
  const char *details = error ? ferry_error_get_details (error) : NULL;

  adw_status_page_set_title (self->failed_page, title);
  adw_status_page_set_description (self->failed_page, message);
  gtk_label_set_label (self->failed_details_label, details);
  gtk_widget_set_visible (GTK_WIDGET (self->failed_details), details != NULL);
  leave_connecting (self, "failed");
}

/* Past this many guests the sidebar offers a search. */
#define GUESTS_BEFORE_SEARCH 8

static gboolean
guest_visible (gpointer item,
               gpointer user_data)
{
  FerryWindow *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->guest_search));
  g_autofree char *name = g_utf8_casefold (ferry_guest_get_name (item), -1);
  g_autofree char *folded = g_utf8_casefold (query, -1);

  return strstr (name, folded) != NULL;
}

static void
guest_search_changed_cb (FerryWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->guest_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
guests_changed_cb (FerryWindow *self)
{
  GListModel *guests = ferry_session_get_guests (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self->guest_search),
                          g_list_model_get_n_items (guests) > GUESTS_BEFORE_SEARCH);
}

static GListModel *
build_sidebar (FerryWindow  *self,
               FerrySession *session)
{
  g_autoptr(GListStore) fixed = g_list_store_new (FERRY_TYPE_SIDEBAR_ITEM);
  g_autoptr(GListStore) heading = g_list_store_new (FERRY_TYPE_SIDEBAR_ITEM);
  g_autoptr(FerrySidebarItem) host = NULL;
  g_autoptr(FerrySidebarItem) pools = NULL;
  g_autoptr(FerrySidebarItem) guests = NULL;
  GListStore *sections = g_list_store_new (G_TYPE_LIST_MODEL);

  host = ferry_sidebar_item_new (FERRY_SIDEBAR_HOST, _("Host"), "computer-symbolic");
  pools = ferry_sidebar_item_new (FERRY_SIDEBAR_POOLS, _("SR-IOV Pools"),
                                  "network-workgroup-symbolic");
  guests = ferry_sidebar_item_new (FERRY_SIDEBAR_HEADING, _("Guests"), NULL);
  g_list_store_append (fixed, host);
  g_list_store_append (fixed, pools);
  g_list_store_append (heading, guests);

  g_list_store_append (sections, fixed);
  g_list_store_append (sections, heading);
  {
    g_autoptr(GtkFilterListModel) found =
      gtk_filter_list_model_new (g_object_ref (ferry_session_get_guests (session)),
                                 g_object_ref (GTK_FILTER (self->guest_filter)));
    g_list_store_append (sections, found);
  }

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (sections)));
}

static void
sidebar_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_child (item, ferry_sidebar_row_new ());
}

static void
sidebar_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  FerrySidebarRow *row = FERRY_SIDEBAR_ROW (gtk_list_item_get_child (item));

  ferry_sidebar_row_set_item (row, gtk_list_item_get_item (item));
  gtk_list_item_set_selectable (item, ferry_sidebar_row_get_selectable (row));
  gtk_list_item_set_activatable (item, ferry_sidebar_row_get_selectable (row));
}

static void
sidebar_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  ferry_sidebar_row_set_item (FERRY_SIDEBAR_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The pane on show, as a page with sub-pages; NULL while it is the reading pane (the host's
 * devices not in yet), which has none. */
static FerrySubpage *
get_pane_page (FerryWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->content_stack);

  return FERRY_IS_SUBPAGE (child) ? FERRY_SUBPAGE (child) : NULL;
}

/* One header per pane: a sub-page takes the pane's title (the pane's name goes under it) and
 * the pane's one back button, which then leads back to the pane's list. */
static void
update_content_header (FerryWindow *self)
{
  FerrySubpage *page;
  const char *subpage;

  /* The template's children go first when the window is disposed. */
  if (self->content_stack == NULL || self->leaflet == NULL || self->back_button == NULL ||
      gtk_stack_get_visible_child (self->content_stack) == NULL)
    return;

  page = get_pane_page (self);
  subpage = page != NULL ? ferry_subpage_get_title (page) : NULL;
  if (subpage != NULL)
    {
      adw_window_title_set_title (self->content_title, subpage);
      adw_window_title_set_subtitle (self->content_title, self->pane_title);
    }
  else
    {
      adw_window_title_set_title (self->content_title, self->pane_title);
      adw_window_title_set_subtitle (self->content_title, self->pane_subtitle);
    }
  gtk_widget_set_visible (self->back_button,
                          subpage != NULL || adw_leaflet_get_folded (self->leaflet));
  /* The leaflet's own Alt+Left and swipe would skip the sub-page: win.back goes through it. */
  adw_leaflet_set_can_navigate_back (self->leaflet, subpage == NULL);
}

static void
set_pane (FerryWindow *self,
          const char  *name,
          const char  *title,
          const char  *subtitle)
{
  g_free (self->pane_title);
  self->pane_title = g_strdup (title);
  g_free (self->pane_subtitle);
  self->pane_subtitle = g_strdup (subtitle);
  /* Panes wait hidden until first shown (ferry-window.ui), so the stack, which measures every
   * page it shows, does not lay out empty pages in the first frames: the Host page is the
   * widest, so the leaflet folds where it did. */
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->content_stack, name), TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  update_content_header (self);
}

/* The session on show has its guests and pools, and its devices are still coming. */
static gboolean
reading_devices (FerryWindow *self)
{
  return self->session != NULL && self->session == self->pending;
}

static void
show_item (FerryWindow *self,
           gpointer     item)
{
  if (FERRY_IS_GUEST (item))
    {
      ferry_guest_page_show (self->guest_page, self->session, item);
      set_pane (self, "guest", ferry_guest_get_display_name (item), _("Guest"));
    }
  else if (ferry_sidebar_item_get_kind (item) == FERRY_SIDEBAR_POOLS)
    set_pane (self, reading_devices (self) ? "reading" : "pools", _("SR-IOV Pools"),
              ferry_session_get_hostname (self->session));
  else if (ferry_sidebar_item_get_kind (item) == FERRY_SIDEBAR_HOST)
    {
      /* What the connection is says what it can do: "Your user session" cannot detach. */
      g_autofree char *connection = ferry_session_dup_connection_description (self->session);

      set_pane (self, reading_devices (self) ? "reading" : "host", _("Host"), connection);
    }
}

/* Goes to the sidebar row at POSITION, as a click or Enter on it does: selects it, shows it
 * and, on a narrow window, goes to it. Side by side a new selection shows itself
 * (selection_changed_cb); folded, or selected already, it is shown here. */
static void
go_to_sidebar_row (FerryWindow *self,
                   guint        position)
{
  gboolean shows_itself = gtk_single_selection_get_selected (self->selection) != position &&
                          !adw_leaflet_get_folded (self->leaflet);

  gtk_single_selection_set_selected (self->selection, position);
  if (!shows_itself)
    show_item (self, gtk_single_selection_get_selected_item (self->selection));
  self->selection_unshown = FALSE;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Side by side, the selection is what the content shows: arrows walk through the sidebar,
 * each row showing its page while the focus stays in the sidebar. Folded, the arrows (and the
 * pointer, hovering) only move over the places: going to one would take the sidebar off the
 * screen at each key; a tap or Enter goes (sidebar_activated_cb). */
static void
selection_changed_cb (FerryWindow *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  self->selection_unshown = item != NULL && adw_leaflet_get_folded (self->leaflet);
  if (item != NULL && !self->selection_unshown)
    show_item (self, item);
}

/* Return, a double click side by side or a tap folded (the list activates on a single click
 * then) goes to the row. */
static void
sidebar_activated_cb (FerryWindow *self,
                      guint        position)
{
  go_to_sidebar_row (self, position);
}

/* Folded, the sidebar is a list of places with nothing selected (so any row, even the last
 * one visited, opens on a tap); unfolded, one row is always selected and shown, the one the
 * arrows left selected while folded too. */
static void
leaflet_changed_cb (FerryWindow *self)
{
  update_content_header (self);
  if (self->selection == NULL)
    return;

  if (adw_leaflet_get_folded (self->leaflet))
    {
      if (adw_leaflet_get_visible_child (self->leaflet) == self->sidebar)
        gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  else if (gtk_single_selection_get_selected_item (self->selection) == NULL)
    gtk_single_selection_set_selected (self->selection, 0);
  else if (self->selection_unshown)
    {
      self->selection_unshown = FALSE;
      show_item (self, gtk_single_selection_get_selected_item (self->selection));
    }
}

/* libvirt closed the connection (the daemon stopped, the network dropped): everything stays
 * on screen as last read, and a banner offers to reconnect. */
static void
connected_changed_cb (FerryWindow *self)
{
  gboolean connected = ferry_session_get_connected (self->session);

  if (!connected)
    {
      /* Translators: %s is a libvirt connection URI */
      g_autofree char *text = g_strdup_printf (_("The connection to %s was lost. What you see "
                                                 "is how the host was when it dropped."),
                                               ferry_session_get_uri (self->session));
      gtk_label_set_label (self->lost_label, text);
    }
  gtk_revealer_set_reveal_child (self->lost_revealer, !connected);
}

/* The pages that need the host's devices (and the inventory), once they are read; the pane
 * on show follows, from the read's progress to its page. */
static void
show_devices (FerryWindow *self)
{
  g_autoptr(GObject) host = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  /* Not connected before: the session is once its read has ended. */
  g_signal_connect_object (self->session, "notify::connected",
                           G_CALLBACK (connected_changed_cb), self, G_CONNECT_SWAPPED);
  /* A connection lost during the first read arrives disconnected: the banner says so. */
  connected_changed_cb (self);
  ferry_host_page_set_session (self->host_page, self->session);
  ferry_pools_page_set_session (self->pools_page, self->session);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-device", TRUE);
  /* A guest on show is judged against the devices now, too. */
  if (item != NULL)
    show_item (self, item);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "reading") == 0)
    show_item (self, host);
}

/* The sidebar and the pane on show: as soon as the guests are read, before the devices
 * (reading_devices) over a slow link. */
static void
show_session (FerryWindow *self)
{
  g_autoptr(GListModel) sidebar = build_sidebar (self, self->session);
  const char *hostname = ferry_session_get_hostname (self->session);

  g_signal_connect_object (ferry_session_get_guests (self->session), "items-changed",
                           G_CALLBACK (guests_changed_cb), self, G_CONNECT_SWAPPED);
  guests_changed_cb (self);

  self->selection = gtk_single_selection_new (g_steal_pointer (&sidebar));
  self->selection_unshown = FALSE;
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->sidebar_list, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
  {
    g_autoptr(GObject) host = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
    show_item (self, host);
  }
  if (!adw_leaflet_get_folded (self->leaflet))
    gtk_single_selection_set_selected (self->selection, 0);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  adw_window_title_set_subtitle (self->sidebar_title, hostname);
  if (ferry_session_is_demo (self->session))
    /* Translators: window title when showing the built-in demo host */
    gtk_window_set_title (GTK_WINDOW (self), _("Ferry — Demo Host"));
  else if (hostname != NULL)
    {
      /* Translators: window title; %s is the host name of the libvirt connection */
      g_autofree char *title = g_strdup_printf (_("Ferry — %s"), hostname);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  /* Folded (narrow), the sidebar comes first, as in GNOME Settings. */
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  leave_connecting (self, "main");
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
  if (reading_devices (self))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-device", FALSE);
      /* A previous host's lost connection is not this one's. */
      gtk_revealer_set_reveal_child (self->lost_revealer, FALSE);
    }
  else
    show_devices (self);
}

/* Only a connection that worked is offered again in the connect dialog; test:/// files are
 * too, but not the demo, which the window always offers. */
static void
remember_recent (FerryWindow *self,
                 const char  *uri)
{
  g_autofree char *demo = ferry_session_dup_demo_uri ();
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) updated = NULL;

  if (g_str_equal (uri, demo))
    return;
  recent = g_settings_get_strv (self->settings, "recent-uris");
  updated = ferry_connection_recent_add ((const char * const *) recent, uri,
                                         FERRY_RECENT_CONNECTIONS_MAX);
  g_settings_set_strv (self->settings, "recent-uris", (const char * const *) updated);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FerrySession *session = FERRY_SESSION (object);
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A newer attempt replaced this one: it has the window now. */
  if (self->pending != session)
    return;

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (!ferry_session_connect_finish (session, result, &error))
    {
      g_clear_object (&self->pending);
      /* Its guests on show are of a read that did not end. */
      if (self->session == session)
        g_clear_object (&self->session);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->session != NULL)
        {
          /* Cancelled while another host was shown: back to it, as it was. */
          g_free (self->uri);
          self->uri = g_strdup (ferry_session_get_uri (self->session));
          leave_connecting (self, "main");
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s is a libvirt connection URI */
          g_autofree char *message = g_strdup_printf (_("The connection to %s was cancelled."),
                                                      ferry_session_get_uri (session));
          show_failure (self, _("Not Connected"), message, NULL);
        }
      else
        {
          g_clear_object (&self->session);
          show_failure (self, _("Cannot Connect"), error->message, error);
        }
      return;
    }

  /* Only a connection that worked is offered again; the demo is always in the menu. */
  if (!ferry_session_is_demo (session))
    g_settings_set_string (self->settings, "last-uri", ferry_session_get_uri (session));
  remember_recent (self, ferry_session_get_uri (session));

  if (self->session == session)
    {
      /* Its guests are on show already. */
      g_clear_object (&self->pending);
      show_devices (self);
      return;
    }
  g_set_object (&self->session, session);
  g_clear_object (&self->pending);
  show_session (self);
}

/* The guests and pools are in, the devices still coming: the window goes to them, and the
 * panes that need the devices show the read's progress. */
static void
guests_read_cb (FerryWindow  *self,
                FerrySession *session)
{
  if (self->pending != session)
    return;

  g_set_object (&self->session, session);
  show_session (self);
}

void
ferry_window_open_uri (FerryWindow *self,
                       const char  *uri)
{
  g_autofree char *description = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->uri != uri)
    {
      g_free (self->uri);
      self->uri = g_strdup (uri);
    }

  /* The host on screen stays until the new one answers: Cancel goes back to it, unless its
   * own read is the one given up. */
  if (reading_devices (self))
    g_clear_object (&self->session);
  g_clear_object (&self->pending);
  self->pending = ferry_session_new (uri);
  g_signal_connect_object (self->pending, "prompt", G_CALLBACK (ferry_window_ask), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pending, "guests-read", G_CALLBACK (guests_read_cb), self,
                           G_CONNECT_SWAPPED);

  /* Translators: %s is a libvirt connection URI */
  description = g_strdup_printf (_("Reading %s"), uri);
  adw_status_page_set_description (self->connecting_page, description);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->connecting_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->read_progress), FALSE);
  g_clear_handle_id (&self->reveal_connecting_source, g_source_remove);
  self->reveal_connecting_source = g_timeout_add (CONNECTING_SHOWN_AFTER_MS,
                                                  reveal_connecting_cb, self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->progress_source = g_timeout_add (200, update_read_progress_cb, self);
  gtk_stack_set_visible_child_full (self->main_stack, "connecting",
                                    GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-connect", TRUE);

  ferry_session_connect_async (self->pending, self->cancellable, connect_cb,
                               g_object_ref (self));
}

/* The connection being opened asks (PROMPT): Ferry's dialog over this window. Cancelling
 * the question cancels the connect too, back to what the window showed before. */
static void
prompt_finished_cb (FerryPrompt *prompt,
                    FerryWindow *self)
{
  g_autofree char *answer = ferry_prompt_wait (prompt, NULL);

  if (answer == NULL && self->pending != NULL)
    g_cancellable_cancel (self->cancellable);
  else if (answer != NULL)
    memset (answer, 0, strlen (answer));
}

gboolean
ferry_window_ask (FerryWindow *self,
                  FerryPrompt *prompt)
{
  FerryPromptDialog *dialog;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (FERRY_IS_PROMPT (prompt), FALSE);

  g_signal_connect_object (prompt, "finished", G_CALLBACK (prompt_finished_cb), self, 0);
  dialog = ferry_prompt_dialog_new (GTK_WINDOW (self), prompt);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
cancel_connect_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autofree char *uri = g_strdup (self->uri);

  if (uri != NULL)
    ferry_window_open_uri (self, uri);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autofree char *uri = ferry_session_dup_demo_uri ();

  ferry_window_open_uri (FERRY_WINDOW (widget), uri);
}

/* A readiness check's fix: the same host's system connection, say. */
static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ferry_window_open_uri (FERRY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
connect_to_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  FerryConnectDialog *dialog;

  dialog = ferry_connect_dialog_new (GTK_WINDOW (self), NULL);
  g_signal_connect_object (dialog, "open-uri", G_CALLBACK (ferry_window_open_uri), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The add-device wizard, on a guest and/or a device when the parameter names them
 * ("" for none): from the menu and Ctrl+N, a guest page, a device page. */
static void
add_device_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *guest = NULL;
  const char *address_text = NULL;
  FerryPciAddress address;
  gboolean has_address;
  FerryAssignWizard *wizard;

  if (self->session == NULL || !ferry_session_get_connected (self->session))
    return;

  g_variant_get (parameter, "(&s&s)", &guest, &address_text);
  has_address = ferry_pci_address_parse (address_text, &address);
  wizard = ferry_assign_wizard_new (GTK_WINDOW (self), self->session, *guest ? guest : NULL,
                                    has_address ? &address : NULL);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* A guest's page, from wherever a guest is named (a pool's guests): the sidebar selects it,
 * dropping a search that hides it. */
static void
show_guest_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GListModel *sidebar;

  if (self->selection == NULL || ferry_session_lookup_guest (self->session, name) == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->guest_search), "");
  sidebar = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sidebar, i);

      if (FERRY_IS_GUEST (item) && g_str_equal (ferry_guest_get_name (FERRY_GUEST (item)), name))
        {
          go_to_sidebar_row (self, i);
          return;
        }
    }
}

/* A pool's page, from a guest's interface on it. */
static void
show_pool_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  GListModel *sidebar;

  if (self->selection == NULL)
    return;

  sidebar = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (sidebar, i);

      if (FERRY_IS_SIDEBAR_ITEM (item) &&
          ferry_sidebar_item_get_kind (FERRY_SIDEBAR_ITEM (item)) == FERRY_SIDEBAR_POOLS)
        {
          go_to_sidebar_row (self, i);
          break;
        }
    }
  gtk_widget_activate_action_variant (GTK_WIDGET (self->pools_page), "pools.show-pool",
                                      parameter);
}

/* Ctrl+F from anywhere: the Host page's device search. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (self->selection == NULL)
    return;

  go_to_sidebar_row (self, 0);
  ferry_host_page_focus_search (self->host_page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  FerrySubpage *page = get_pane_page (self);

  /* Out of a sub-page first, then out of the pane (on a narrow window). */
  if (page == NULL || ferry_subpage_get_title (page) == NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  else
    ferry_subpage_leave (page);
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = (FerryWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reveal_connecting_source, g_source_remove);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->pending);
  g_clear_object (&self->settings);
  g_clear_object (&self->guest_filter);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->pane_title, g_free);
  g_clear_pointer (&self->pane_subtitle, g_free);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  window_class->close_request = ferry_window_close_request;

  g_type_ensure (FERRY_TYPE_HOST_PAGE);
  g_type_ensure (FERRY_TYPE_POOLS_PAGE);
  g_type_ensure (FERRY_TYPE_GUEST_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, read_progress);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, devices_progress);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, failed_details);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, failed_details_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, lost_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, lost_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, guest_search);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, host_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, pools_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, guest_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_content_header);
  gtk_widget_class_bind_template_callback (widget_class, guest_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.cancel-connect", NULL,
                                   cancel_connect_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.connect-to", NULL, connect_to_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.add-device", "(ss)", add_device_action);
  gtk_widget_class_install_action (widget_class, "win.show-guest", "s", show_guest_action);
  gtk_widget_class_install_action (widget_class, "win.show-pool", "s", show_pool_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-device", "(ss)", "", "");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.find", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.connect-to", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.cancel-connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
}

static void
ferry_window_init (FerryWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_rows_window_title_tooltip_when_cut (self->sidebar_title);
  ferry_rows_window_title_tooltip_when_cut (self->content_title);

  self->guest_filter = gtk_custom_filter_new (guest_visible, self, NULL);
  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect (factory, "setup", G_CALLBACK (sidebar_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (sidebar_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (sidebar_unbind_cb), NULL);
  gtk_list_view_set_factory (self->sidebar_list, factory);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-connect", FALSE);
}

FerryWindow *
ferry_window_new (GtkApplication *application)
{
  return g_object_new (FERRY_TYPE_WINDOW, "application", application, NULL);
}

FerrySession *
ferry_window_get_session (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
ferry_window_get_visible_page (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

GListModel *
ferry_window_get_sidebar (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

void
ferry_window_select_sidebar (FerryWindow *self,
                             guint        position)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (self->selection != NULL);

  /* What a click on the row does: side by side it selects the row, folded it goes there. */
  if (adw_leaflet_get_folded (self->leaflet))
    go_to_sidebar_row (self, position);
  else
    gtk_single_selection_set_selected (self->selection, position);
}

const char *
ferry_window_get_content_page (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

/* Shows TOAST over the window's content: for dialogs and windows it opened. */
void
ferry_window_add_toast (FerryWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toasts, toast);
}
