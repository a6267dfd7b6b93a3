/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session-auth"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-prompt.h"
#include "ferry-session-private.h"

/* Opening a connection, with the questions it asks on the way. libvirt asks some itself
 * (qemu+libssh, SASL) through its auth callback, on the connect thread: they go to the
 * session's "prompt" handler on the main thread, and the thread waits for the answer.
 * ssh (qemu+ssh) asks its SSH_ASKPASS program instead, which the app points at Ferry's
 * (ferry-askpass-server.c). With nobody to answer — ferryctl — a terminal keeps libvirt's
 * and ssh's own prompts, and without a terminal nothing may wait for a question. */

typedef struct
{
  FerrySession *session;
  GMainContext *context;
  GCancellable *cancellable;
  char         *host;
  char         *user;       /* the URI's, or the one answered: whose password is asked */
  gboolean      declined;   /* a question went unanswered: the user gave up */
} Asker;

typedef struct
{
  FerrySession *session;
  FerryPrompt  *prompt;
} Question;

static gboolean
emit_prompt (gpointer user_data)
{
  Question *question = user_data;

  if (!ferry_session_emit_prompt (question->session, question->prompt))
    ferry_prompt_cancel (question->prompt);
  return G_SOURCE_REMOVE;
}

static void
question_free (gpointer user_data)
{
  Question *question = user_data;

  g_object_unref (question->session);
  g_object_unref (question->prompt);
  g_free (question);
}

static FerryPromptKind
prompt_kind (int type)
{
  switch (type)
    {
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
      return FERRY_PROMPT_USERNAME;
    case VIR_CRED_PASSPHRASE:
      return FERRY_PROMPT_PASSWORD;
    case VIR_CRED_ECHOPROMPT:
      return FERRY_PROMPT_TEXT;
    default:
      return FERRY_PROMPT_SECRET;
    }
}

/* Whom a question of TYPE is about: a password is a user's (user@host, as ssh's), the rest
 * the host's; NULL when neither is known (test:/// has no host). */
static char *
dup_subject (Asker *asker,
             int    type)
{
  if (type != VIR_CRED_PASSPHRASE || asker->user == NULL)
    return g_strdup (asker->host);
  if (asker->host == NULL)
    return g_strdup (asker->user);
  return g_strdup_printf ("%s@%s", asker->user, asker->host);
}

/* libvirt's auth callback: each credential asked in turn; any one cancelled fails the
 * connection, which the caller reports as cancelled rather than as libvirt's
 * "authentication failed". */
static int
ask_credentials (virConnectCredentialPtr credentials,
                 unsigned int            n_credentials,
                 void                   *user_data)
{
  Asker *asker = user_data;

  for (unsigned int i = 0; i < n_credentials; i++)
    {
      virConnectCredentialPtr credential = &credentials[i];
      Question *question;
      g_autoptr(FerryPrompt) prompt = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *answer = NULL;

      /* A realm has its default; nothing to ask. */
      if (credential->type == VIR_CRED_REALM)
        {
          credential->result = strdup (credential->defresult ? credential->defresult : "");
          credential->resultlen = strlen (credential->result);
          continue;
        }

      subject = dup_subject (asker, credential->type);
      prompt = ferry_prompt_new (prompt_kind (credential->type), subject, NULL,
                                 credential->prompt);
      question = g_new0 (Question, 1);
      question->session = g_object_ref (asker->session);
      question->prompt = g_object_ref (prompt);
      g_main_context_invoke_full (asker->context, G_PRIORITY_DEFAULT, emit_prompt, question,
                                  question_free);
      if (!(answer = ferry_prompt_wait (prompt, asker->cancellable)))
        {
          asker->declined = TRUE;
          return -1;
        }
      if (credential->type == VIR_CRED_USERNAME || credential->type == VIR_CRED_AUTHNAME)
        {
          g_free (asker->user);
          asker->user = g_strdup (answer);
        }

      /* libvirt frees the result with free(). */
      credential->result = strdup (answer);
      credential->resultlen = strlen (answer);
      memset (answer, 0, strlen (answer));
    }
  return 0;
}

static int credential_types[] = {
  VIR_CRED_USERNAME, VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT,
  VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
};

/* URI with libvirt's no_tty=1 when it runs ssh and nothing can answer ssh's questions:
 * ssh then runs in batch mode (no host key or password questions) and fails at once,
 * rather than wait for a terminal that is not there. An SSH_ASKPASS program with a DISPLAY
 * (what ssh needs to use it) is someone to answer. */
static char *
dup_batch_uri (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);
  const char *askpass = g_getenv ("SSH_ASKPASS");
  const char *display = g_getenv ("DISPLAY");

  if (scheme == NULL || !g_str_has_suffix (scheme, "+ssh") || strstr (uri, "no_tty=") != NULL ||
      (askpass != NULL && *askpass != '\0' && display != NULL && *display != '\0'))
    return g_strdup (uri);
  return g_strconcat (uri, strchr (uri, '?') != NULL ? "&" : "?", "no_tty=1", NULL);
}

/* PART of PARSED (its host or user), NULL when it has none or it is empty. */
static char *
dup_uri_part (GUri        *parsed,
              const char *(*part) (GUri *))
{
  const char *text = parsed != NULL ? part (parsed) : NULL;

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* The error of a connection to URI that did not open, from libvirt's last error: Ferry's
 * words with the fix that fits the transport (start the daemon, the rights, the login),
 * libvirt's under Details. */
static GError *
new_open_error (const char *uri)
{
  GError *explained = NULL;
  /* Translators: %s is a libvirt connection URI */
  g_autofree char *what = g_strdup_printf (_("Cannot open %s"), uri);

  ferry_set_connection_error (&explained, what, virGetLastErrorMessage (), uri);
  return explained;
}

/* Opens URI on the calling thread (never the main one). A session with a "prompt" handler
 * (INTERACTIVE, read on the main thread when the connect started) has libvirt's questions
 * asked there, through CONTEXT; CANCELLABLE ends a wait for an answer. NULL with ERROR set
 * when the connection cannot be opened: G_IO_ERROR_CANCELLED when a question went
 * unanswered (libvirt would call that an authentication failure, which it is not). */
virConnectPtr
ferry_session_open (FerrySession  *self,
                    const char    *uri,
                    gboolean       interactive,
                    GMainContext  *context,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *batch_uri = NULL;
  Asker asker = { self, context, cancellable, NULL, NULL, FALSE };
  virConnectAuth auth = {
    credential_types, G_N_ELEMENTS (credential_types), ask_credentials, &asker,
  };
  virConnectPtr conn;

  if (interactive)
    {
      asker.host = dup_uri_part (parsed, g_uri_get_host);
      asker.user = dup_uri_part (parsed, g_uri_get_user);
      conn = virConnectOpenAuth (uri, &auth, 0);
      g_free (asker.host);
      g_free (asker.user);
    }
  else if (isatty (STDIN_FILENO))
    conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, 0);
  else
    {
      batch_uri = dup_batch_uri (uri);
      conn = virConnectOpen (batch_uri);
    }

  if (conn == NULL && asker.declined)
    /* Translators: %s is a libvirt connection URI */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The connection to %s was cancelled."),
                 uri);
  else if (conn == NULL)
    g_propagate_error (error, new_open_error (uri));
  return conn;
}
