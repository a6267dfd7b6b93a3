/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-message"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-message.h"
#include "ferry-rows.h"

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

/* ERROR over PARENT: Ferry's plain words, with libvirt's own text folded under Details when
 * it has any (selectable, to search for or to paste into a bug report). */
void
ferry_message_show_error (GtkWindow    *parent,
                          const char   *heading,
                          const GError *error)
{
  const char *details = ferry_error_get_details (error);
  GtkWidget *dialog;

  g_return_if_fail (error != NULL);

  dialog = adw_message_dialog_new (parent, heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (details != NULL)
    {
      GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Details"));
      GtkWidget *label = gtk_label_new (details);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      ferry_rows_keep_tokens_whole (GTK_LABEL (label));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "monospace");
      gtk_expander_set_child (GTK_EXPANDER (expander), label);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), expander);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ERROR for an inline label: Ferry's words, then libvirt's own under them. */
char *
ferry_message_dup_error_text (const GError *error)
{
  const char *details = ferry_error_get_details (error);

  g_return_val_if_fail (error != NULL, NULL);

  if (details == NULL)
    return g_strdup (error->message);
  /* Translators: Ferry's plain words, then libvirt's own message */
  return g_strdup_printf (_("%s\nlibvirt said: %s"), error->message, details);
}
