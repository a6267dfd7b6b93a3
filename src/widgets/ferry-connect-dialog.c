/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-connect-dialog.h"
#include "ferry-connection-uri.h"

/* Where to connect, as virt-manager's "Add Connection" asks it: a kind of connection, and for
 * a remote one the user, host and port, built into the URI shown below them. The URI can be
 * edited too: one the fields can say fills them, anything else is a custom URI. Each part is
 * checked as it is typed, with the reason under the fields; Connect waits for a valid one.
 * The recent connections (kept by the window when they succeed) reconnect in one step. */
struct _FerryConnectDialog
{
  AdwWindow             parent_instance;

  GSettings            *settings;
  GtkStringList        *recent;
  /* Set while the dialog writes one side (fields or URI) from the other. */
  gboolean              syncing;

  AdwComboRow          *transport_row;
  GtkStringList        *transports;
  AdwEntryRow          *user_row;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *uri_row;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
};

G_DEFINE_FINAL_TYPE (FerryConnectDialog, ferry_connect_dialog, ADW_TYPE_WINDOW)

enum {
  OPEN_URI,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FerryTransport
selected_transport (FerryConnectDialog *self)
{
  return (FerryTransport) adw_combo_row_get_selected (self->transport_row);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Marks ROW wrong (or not) for the eye and for screen readers. */
static void
mark_row (AdwEntryRow  *row,
          const GError *error)
{
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                             : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static void
add_reason (GString      *reasons,
            const GError *error)
{
  if (error == NULL)
    return;
  if (reasons->len > 0)
    g_string_append_c (reasons, '\n');
  g_string_append (reasons, error->message);
}

/* Checks what the dialog holds, says what is wrong under the fields, and lets Connect go
 * only with a valid URI. An empty field is not called wrong: it just is not done yet. */
static void
update_state (FerryConnectDialog *self)
{
  FerryTransport transport = selected_transport (self);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GError) user_error = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GError) port_error = NULL;
  g_autoptr(GError) uri_error = NULL;
  gboolean valid;
  guint port;

  if (transport == FERRY_TRANSPORT_CUSTOM)
    {
      valid = ferry_connection_check_uri (row_text (self->uri_row), &uri_error);
      if (*row_text (self->uri_row) == '\0')
        g_clear_error (&uri_error);
    }
  else if (ferry_transport_is_remote (transport))
    {
      /* Every field says its own reason, not only the first wrong one. */
      gboolean user_valid = ferry_connection_check_user (row_text (self->user_row), &user_error);
      gboolean port_valid = ferry_connection_parse_port (row_text (self->port_row), &port,
                                                         &port_error);
      gboolean host_valid = ferry_connection_check_host (row_text (self->host_row), &host_error);

      if (*row_text (self->host_row) == '\0')
        g_clear_error (&host_error);
      valid = user_valid && port_valid && host_valid;
    }
  else
    valid = TRUE;

  mark_row (self->user_row, user_error);
  mark_row (self->host_row, host_error);
  mark_row (self->port_row, port_error);
  mark_row (self->uri_row, uri_error);
  add_reason (reasons, user_error);
  add_reason (reasons, host_error);
  add_reason (reasons, port_error);
  add_reason (reasons, uri_error);

  gtk_label_set_label (self->error_label, reasons->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), reasons->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.connect", valid);
}

static void
show_fields_for (FerryConnectDialog *self,
                 FerryTransport      transport)
{
  gboolean remote = ferry_transport_is_remote (transport);

  gtk_widget_set_visible (GTK_WIDGET (self->user_row), remote);
  gtk_widget_set_visible (GTK_WIDGET (self->host_row), remote);
  gtk_widget_set_visible (GTK_WIDGET (self->port_row), remote);
}

/* Fields to URI: the URI of what the fields say, or none while they say something invalid. */
static void
fields_changed_cb (FerryConnectDialog *self)
{
  g_auto(FerryConnectionFields) fields = { 0 };
  g_autofree char *uri = NULL;

  if (self->syncing)
    return;

  fields.transport = selected_transport (self);
  if (fields.transport != FERRY_TRANSPORT_CUSTOM &&
      ferry_connection_parse_port (row_text (self->port_row), &fields.port, NULL))
    {
      fields.user = g_strdup (row_text (self->user_row));
      fields.host = g_strdup (row_text (self->host_row));
      uri = ferry_connection_uri_build (&fields, NULL);
    }

  if (fields.transport != FERRY_TRANSPORT_CUSTOM)
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri != NULL ? uri : "");
      self->syncing = FALSE;
    }
  update_state (self);
}

static void
transport_changed_cb (FerryConnectDialog *self)
{
  show_fields_for (self, selected_transport (self));
  if (!self->syncing)
    fields_changed_cb (self);
}

/* URI to fields: a URI the fields can say fills them; any other makes the choice Custom. */
static void
uri_changed_cb (FerryConnectDialog *self)
{
  g_auto(FerryConnectionFields) fields = { 0 };

  if (self->syncing)
    return;

  self->syncing = TRUE;
  if (ferry_connection_uri_parse (row_text (self->uri_row), &fields))
    {
      g_autofree char *port = fields.port != 0 ? g_strdup_printf ("%u", fields.port) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->user_row), fields.user ? fields.user : "");
      gtk_editable_set_text (GTK_EDITABLE (self->host_row), fields.host ? fields.host : "");
      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port ? port : "");
    }
  adw_combo_row_set_selected (self->transport_row, fields.transport);
  self->syncing = FALSE;

  show_fields_for (self, fields.transport);

  update_state (self);
}

static void
open_uri (FerryConnectDialog *self,
          const char         *uri)
{
  /* URI may be the text of a row that closing destroys. */
  g_autofree char *chosen = g_strdup (uri);

  g_signal_emit (self, signals[OPEN_URI], 0, chosen);
  gtk_window_close (GTK_WINDOW (self));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryConnectDialog *self = FERRY_CONNECT_DIALOG (widget);

  open_uri (self, row_text (self->uri_row));
}

static void
recent_activated_cb (FerryConnectDialog *self,
                     GtkListBoxRow      *row)
{
  open_uri (self, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static void
remove_recent_cb (FerryConnectDialog *self,
                  GtkButton          *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_PREFERENCES_ROW);
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-uris");
  g_auto(GStrv) kept = NULL;
  GtkWidget *next;

  /* Focus goes on to a neighbour rather than back to the top of the dialog. */
  next = gtk_widget_get_next_sibling (row);
  if (next == NULL)
    next = gtk_widget_get_prev_sibling (row);
  if (next != NULL)
    gtk_widget_grab_focus (next);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->transport_row));

  kept = ferry_connection_recent_remove ((const char * const *) recent,
                                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  g_settings_set_strv (self->settings, "recent-uris", (const char * const *) kept);
}

static GtkWidget *
create_recent_row (gpointer item,
                   gpointer user_data)
{
  FerryConnectDialog *self = user_data;
  const char *uri = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  g_auto(FerryConnectionFields) fields = { 0 };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  /* Translators: tooltip and screen-reader name of the button that takes a URI off the
   * dialog's list of recent connections */
  const char *remove_label = _("Remove from recent connections");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), uri);
  /* The kind of connection, in the words of the Connection choice. */
  if (ferry_connection_uri_parse (uri, &fields))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 gtk_string_list_get_string (self->transports, fields.transport));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_recent_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
recent_changed_cb (FerryConnectDialog *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-uris");

  gtk_string_list_splice (self->recent, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->recent)),
                          (const char * const *) recent);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), recent[0] != NULL);
}

static void
ferry_connect_dialog_dispose (GObject *object)
{
  FerryConnectDialog *self = FERRY_CONNECT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_CONNECT_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent);

  G_OBJECT_CLASS (ferry_connect_dialog_parent_class)->dispose (object);
}

static void
ferry_connect_dialog_class_init (FerryConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_connect_dialog_dispose;

  /* The URI to open; the dialog has closed itself. */
  signals[OPEN_URI] = g_signal_new ("open-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, transport_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, transports);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, transport_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, uri_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "dialog.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_connect_dialog_init (FerryConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->recent = gtk_string_list_new (NULL);
  gtk_list_box_bind_model (self->recent_list, G_LIST_MODEL (self->recent),
                           create_recent_row, self, NULL);
  g_signal_connect_object (self->settings, "changed::recent-uris",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  recent_changed_cb (self);
  update_state (self);
}

/* The dialog, with URI's parts filled in; with NULL, the last connection that worked, or
 * else the local system connection. */
FerryConnectDialog *
ferry_connect_dialog_new (GtkWindow  *parent,
                          const char *uri)
{
  FerryConnectDialog *self;
  g_autoptr(GtkStringObject) last = NULL;

  self = g_object_new (FERRY_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
  last = g_list_model_get_item (G_LIST_MODEL (self->recent), 0);
  if (uri == NULL)
    uri = last != NULL ? gtk_string_object_get_string (last) : "qemu:///system";
  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);

  /* Straight to the field a person changes first. */
  if (ferry_transport_is_remote (selected_transport (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->transport_row));
  return self;
}
