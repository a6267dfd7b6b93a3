/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-prompt-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-prompt-dialog.h"

/* A connection's question (FerryPrompt) in Ferry's own words: trust a new host key, a
 * password, a key's passphrase, or what else ssh or libvirt asks. The dialog answers the
 * prompt on its response and cancels it when closed any other way; nothing is stored. A
 * changed host key is never asked: ssh refuses it, and the failure page warns (see
 * ferry-failure.c). */
struct _FerryPromptDialog
{
  AdwMessageDialog  parent_instance;

  FerryPrompt      *prompt;

  GtkLabel         *fingerprint_label;
  GtkPasswordEntry *secret_entry;
  GtkEntry         *text_entry;
};

G_DEFINE_FINAL_TYPE (FerryPromptDialog, ferry_prompt_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ferry_prompt_dialog_dispose (GObject *object)
{
  FerryPromptDialog *self = (FerryPromptDialog *) object;

  /* Closed with its window, or never answered: the asker must not wait for ever. */
  if (self->prompt != NULL)
    ferry_prompt_cancel (self->prompt);
  g_clear_object (&self->prompt);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_PROMPT_DIALOG);

  G_OBJECT_CLASS (ferry_prompt_dialog_parent_class)->dispose (object);
}

static void
ferry_prompt_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  FerryPromptDialog *self = FERRY_PROMPT_DIALOG (dialog);

  if (g_strcmp0 (response, "cancel") == 0)
    ferry_prompt_cancel (self->prompt);
  else if (g_strcmp0 (response, "trust") == 0)
    ferry_prompt_answer (self->prompt, "yes");
  else if (gtk_widget_get_visible (GTK_WIDGET (self->secret_entry)))
    ferry_prompt_answer (self->prompt, gtk_editable_get_text (GTK_EDITABLE (self->secret_entry)));
  else
    ferry_prompt_answer (self->prompt, gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));

  /* The typed secret does not stay in the entry's buffer. The focus leaves the entry
   * before the dialog goes: GTK 4.8's password entry otherwise hears of its text losing the
   * focus after it was freed itself. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_entry), "");
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  if (ADW_MESSAGE_DIALOG_CLASS (ferry_prompt_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (ferry_prompt_dialog_parent_class)->response (dialog, response);
}

static gboolean
activate_default (gpointer user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "default.activate", NULL);
  return G_SOURCE_REMOVE;
}

/* Enter in an entry answers once the entry has finished handling the key: answering
 * closes the dialog, and the entry must not be freed while its handler still runs. */
static void
entry_activate_cb (FerryPromptDialog *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, activate_default, g_object_ref (self), g_object_unref);
}

static void
ferry_prompt_dialog_class_init (FerryPromptDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = ferry_prompt_dialog_dispose;
  dialog_class->response = ferry_prompt_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-prompt-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPromptDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPromptDialog, secret_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryPromptDialog, text_entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
ferry_prompt_dialog_init (FerryPromptDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The host key question. ssh keeps a key it was told "yes" for in ~/.ssh/known_hosts, and
 * libvirt gives Ferry no way to point ssh at another file for one connection: so there is
 * no "accept once", and the dialog says the key is remembered. */
static void
set_up_host_key (FerryPromptDialog *self,
                 const char        *host,
                 const char        *fingerprint)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_set_heading (dialog, _("Trust This Host?"));
  adw_message_dialog_format_body (dialog,
                                  /* Translators: %s is a host name, perhaps with its port */
                                  _("This computer has never connected to %s. Compare the "
                                    "host’s key fingerprint below with the one its "
                                    "administrator gives you: if they differ, someone may be "
                                    "posing as the host. Trusting it adds the key to your "
                                    "known hosts (~/.ssh/known_hosts), so ssh remembers it."),
                                  host);
  gtk_label_set_label (self->fingerprint_label,
                       fingerprint != NULL ? fingerprint : _("ssh did not say the fingerprint"));
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_label), TRUE);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Connect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "trust", ADW_RESPONSE_SUGGESTED);
  /* Enter alone must not trust a key nobody has compared. */
  adw_message_dialog_set_default_response (dialog, "cancel");
}

/* A question answered in ENTRY, then "Connect". */
static void
set_up_entry (FerryPromptDialog *self,
              GtkWidget         *entry,
              const char        *heading,
              const char        *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body);
  gtk_widget_set_visible (entry, TRUE);
  gtk_window_set_focus (GTK_WINDOW (self), entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
}

/* PARENT is the window whose connection asks. */
FerryPromptDialog *
ferry_prompt_dialog_new (GtkWindow   *parent,
                         FerryPrompt *prompt)
{
  FerryPromptDialog *self;
  const char *subject;
  const char *message;
  g_autofree char *body = NULL;

  g_return_val_if_fail (FERRY_IS_PROMPT (prompt), NULL);

  self = g_object_new (FERRY_TYPE_PROMPT_DIALOG, "transient-for", parent, NULL);
  self->prompt = g_object_ref (prompt);
  subject = ferry_prompt_get_subject (prompt);
  message = ferry_prompt_get_message (prompt);

  switch (ferry_prompt_get_kind (prompt))
    {
    case FERRY_PROMPT_HOST_KEY:
      set_up_host_key (self, subject != NULL ? subject : _("this host"),
                       ferry_prompt_get_fingerprint (prompt));
      break;
    case FERRY_PROMPT_PASSWORD:
      body = subject != NULL
        /* Translators: %s is user@host, or a host name */
        ? g_strdup_printf (_("Enter the password of %s to connect. Ferry does not keep it."),
                           subject)
        : g_strdup (_("Enter the password to connect. Ferry does not keep it."));
      set_up_entry (self, GTK_WIDGET (self->secret_entry), _("Password"), body);
      break;
    case FERRY_PROMPT_PASSPHRASE:
      body = subject != NULL
        /* Translators: %s is the path of a private key file */
        ? g_strdup_printf (_("Enter the passphrase of the key %s to connect. Ferry does not "
                             "keep it."), subject)
        : g_strdup (_("Enter the key’s passphrase to connect. Ferry does not keep it."));
      set_up_entry (self, GTK_WIDGET (self->secret_entry), _("Key Passphrase"), body);
      break;
    case FERRY_PROMPT_USERNAME:
      set_up_entry (self, GTK_WIDGET (self->text_entry), _("User Name"),
                    message != NULL ? message : _("Enter the user name to connect as."));
      break;
    case FERRY_PROMPT_TEXT:
      set_up_entry (self, GTK_WIDGET (self->text_entry), _("The Host Asks"),
                    message != NULL ? message : "");
      break;
    case FERRY_PROMPT_SECRET:
      set_up_entry (self, GTK_WIDGET (self->secret_entry), _("The Host Asks"),
                    message != NULL ? message : "");
      break;
    }
  return self;
}
