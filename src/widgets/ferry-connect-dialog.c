/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-connect-dialog.h"

/* Asks for a libvirt URI, offering the common ones; "connect" is enabled only for a
 * well-formed URI, and a malformed one is explained under the entry. */
struct _FerryConnectDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *uri_row;
  GtkLabel         *error_label;
};

G_DEFINE_FINAL_TYPE (FerryConnectDialog, ferry_connect_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* libvirt URIs are driver[+transport]://[user@][host][:port]/path[?query]. */
gboolean
ferry_connect_uri_is_valid (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  if (uri == NULL || *uri == '\0')
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  return scheme != NULL && *scheme != '\0' && strstr (uri, "://") != NULL;
}

static void
uri_changed_cb (FerryConnectDialog *self)
{
  const char *uri = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));
  gboolean valid = ferry_connect_uri_is_valid (uri);
  gboolean show_error = !valid && *uri != '\0';

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", valid);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), show_error);
  if (show_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->uri_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->uri_row), "error");
}

static void
choice_activated_cb (FerryConnectDialog *self,
                     AdwActionRow       *row)
{
  const char *uri = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
  gtk_widget_grab_focus (GTK_WIDGET (self->uri_row));
  /* The SSH example is a template: select it so typing replaces user@host. */
  if (strstr (uri, "user@host") != NULL)
    {
      const char *start = strstr (uri, "user@host");

      gtk_editable_select_region (GTK_EDITABLE (self->uri_row),
                                  (int) g_utf8_pointer_to_offset (uri, start),
                                  (int) g_utf8_pointer_to_offset (uri, start + strlen ("user@host")));
    }
}

static void
ferry_connect_dialog_class_init (FerryConnectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, uri_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choice_activated_cb);
}

static void
ferry_connect_dialog_init (FerryConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryConnectDialog *
ferry_connect_dialog_new (GtkWindow  *parent,
                          const char *uri)
{
  FerryConnectDialog *self;

  self = g_object_new (FERRY_TYPE_CONNECT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  if (uri != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
  return self;
}

const char *
ferry_connect_dialog_get_uri (FerryConnectDialog *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECT_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->uri_row));
}
