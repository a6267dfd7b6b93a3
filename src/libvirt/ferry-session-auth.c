/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session-auth"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* libvirt's auth callback: each credential asked in turn; any one cancelled fails the
 * connection (libvirt then reports that authentication failed). */
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
      g_autofree char *answer = NULL;

      /* A realm has its default; nothing to ask. */
      if (credential->type == VIR_CRED_REALM)
        {
          credential->result = strdup (credential->defresult ? credential->defresult : "");
          credential->resultlen = strlen (credential->result);
          continue;
        }

      prompt = ferry_prompt_new (prompt_kind (credential->type), asker->host, NULL,
                                 credential->prompt);
      question = g_new0 (Question, 1);
      question->session = g_object_ref (asker->session);
      question->prompt = g_object_ref (prompt);
      g_main_context_invoke_full (asker->context, G_PRIORITY_DEFAULT, emit_prompt, question,
                                  question_free);
      if (!(answer = ferry_prompt_wait (prompt, asker->cancellable)))
        return -1;

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

/* Opens URI on the calling thread (never the main one). A session with a "prompt" handler
 * (INTERACTIVE, read on the main thread when the connect started) has libvirt's questions
 * asked there, through CONTEXT; CANCELLABLE ends a wait for an answer. NULL with libvirt's
 * last error set when the connection cannot be opened. */
virConnectPtr
ferry_session_open (FerrySession *self,
                    const char   *uri,
                    gboolean      interactive,
                    GMainContext *context,
                    GCancellable *cancellable)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *batch_uri = NULL;
  Asker asker = { self, context, cancellable, NULL };
  virConnectAuth auth = {
    credential_types, G_N_ELEMENTS (credential_types), ask_credentials, &asker,
  };
  virConnectPtr conn;

  if (interactive)
    {
      asker.host = g_strdup (parsed != NULL ? g_uri_get_host (parsed) : NULL);
      conn = virConnectOpenAuth (uri, &auth, 0);
      g_free (asker.host);
      return conn;
    }
  if (isatty (STDIN_FILENO))
    return virConnectOpenAuth (uri, virConnectAuthPtrDefault, 0);

  batch_uri = dup_batch_uri (uri);
  return virConnectOpen (batch_uri);
}
