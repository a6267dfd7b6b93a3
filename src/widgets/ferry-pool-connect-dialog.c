/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-change.h"
#include "ferry-domain-edit.h"
#include "ferry-guest.h"
#include "ferry-message.h"
#include "ferry-pool-connect-dialog.h"
#include "ferry-window.h"

/* "Connect a Guest…" on a VF pool: which guest, and optionally its MAC. The new interface
 * takes a free VF of the pool whenever the guest starts. Guests already on the pool are not
 * offered again; Connect is offered only for a MAC libvirt accepts. The dialog applies the
 * change itself and reports to the window it belongs to, since it closes on the response. */
struct _FerryPoolConnectDialog
{
  AdwMessageDialog  parent_instance;

  FerrySession     *session;
  char             *pool;
  char             *guest;          /* the guest being connected, for the toast */
  GtkStringList    *choices;

  AdwComboRow      *guest_row;
  AdwEntryRow      *mac_row;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (FerryPoolConnectDialog, ferry_pool_connect_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
selected_guest (FerryPoolConnectDialog *self)
{
  GtkStringObject *guest = adw_combo_row_get_selected_item (self->guest_row);

  return guest != NULL ? gtk_string_object_get_string (guest) : NULL;
}

static void
inputs_changed_cb (FerryPoolConnectDialog *self)
{
  const char *mac = gtk_editable_get_text (GTK_EDITABLE (self->mac_row));
  g_autoptr(GError) error = NULL;
  gboolean valid = *mac == '\0' || ferry_domain_edit_check_mac (mac, &error);

  gtk_label_set_text (self->error_label, valid ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->mac_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->mac_row), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect",
                                           valid && selected_guest (self) != NULL);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryPoolConnectDialog) self = user_data;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (!ferry_session_connect_pool_finish (FERRY_SESSION (object), result, &error))
    {
      ferry_message_show_error (parent, _("The Guest Was Not Connected"), error);
      return;
    }

  if (FERRY_IS_WINDOW (parent))
    {
      /* Translators: first %s is a guest, second a pool (network) name */
      g_autofree char *title = g_strdup_printf (_("%s now has an interface on %s"),
                                                self->guest, self->pool);

      ferry_window_add_toast (FERRY_WINDOW (parent), adw_toast_new (title));
    }
}

static void
response_cb (FerryPoolConnectDialog *self,
             const char             *response)
{
  const char *guest = selected_guest (self);

  if (!g_str_equal (response, "connect") || guest == NULL)
    return;

  g_free (self->guest);
  self->guest = g_strdup (guest);
  /* Kept alive (closed, not shown) until libvirt answers. */
  ferry_session_connect_pool_async (self->session, guest, self->pool,
                                    gtk_editable_get_text (GTK_EDITABLE (self->mac_row)), NULL,
                                    connected_cb, g_object_ref (self));
}

static void
ferry_pool_connect_dialog_dispose (GObject *object)
{
  FerryPoolConnectDialog *self = FERRY_POOL_CONNECT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_object (&self->choices);
  g_clear_pointer (&self->pool, g_free);
  g_clear_pointer (&self->guest, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), FERRY_TYPE_POOL_CONNECT_DIALOG);

  G_OBJECT_CLASS (ferry_pool_connect_dialog_parent_class)->dispose (object);
}

static void
ferry_pool_connect_dialog_class_init (FerryPoolConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_pool_connect_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-pool-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPoolConnectDialog, guest_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolConnectDialog, mac_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolConnectDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, inputs_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
ferry_pool_connect_dialog_init (FerryPoolConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryPoolConnectDialog *
ferry_pool_connect_dialog_new (GtkWindow    *parent,
                               FerrySession *session,
                               const char   *pool)
{
  FerryPoolConnectDialog *self;
  g_autoptr(GPtrArray) users = NULL;
  GListModel *guests;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (session), NULL);
  g_return_val_if_fail (pool != NULL, NULL);

  self = g_object_new (FERRY_TYPE_POOL_CONNECT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  self->pool = g_strdup (pool);

  /* Translators: %s is a pool (network) name */
  heading = g_strdup_printf (_("Connect a Guest to “%s”"), pool);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  users = ferry_session_dup_pool_guests (session, pool, FALSE);
  guests = ferry_session_get_guests (session);
  self->choices = gtk_string_list_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      const char *name = ferry_guest_get_name (guest);

      if (!g_ptr_array_find_with_equal_func (users, name, g_str_equal, NULL))
        gtk_string_list_append (self->choices, name);
    }
  adw_combo_row_set_model (self->guest_row, G_LIST_MODEL (self->choices));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->choices)) == 0)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("Every guest of this host already uses the pool."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->guest_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->mac_row), FALSE);
    }
  else
    inputs_changed_cb (self);
  return self;
}
