/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-message"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-message.h"

/* What went wrong, over PARENT, with only a way to close it: the failures a person can do
 * nothing about from where they are (libvirt refused, the pool was created but not started). */
void
ferry_message_show (GtkWindow  *parent,
                    const char *heading,
                    const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
