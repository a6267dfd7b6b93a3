/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-prompt"

#include "config.h"

#include <string.h>

#include "ferry-prompt.h"
#include "ferry-ssh-prompt.h"
#include "ferry-text.h"

struct _FerryPrompt
{
  GObject          parent_instance;

  FerryPromptKind  kind;
  char            *subject;
  char            *fingerprint;
  char            *message;

  /* Answered from the main thread, waited for by a connect thread. */
  GMutex           lock;
  GCond            cond;
  gboolean         finished;
  char            *answer;   /* NULL when cancelled */
};

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FerryPrompt, ferry_prompt, G_TYPE_OBJECT)

/* A secret must not outlive its use in freed memory. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
ferry_prompt_finalize (GObject *object)
{
  FerryPrompt *self = (FerryPrompt *) object;

  g_free (self->subject);
  g_free (self->fingerprint);
  g_free (self->message);
  clear_secret (&self->answer);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ferry_prompt_parent_class)->finalize (object);
}

static void
ferry_prompt_class_init (FerryPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_prompt_finalize;

  /* Answered or cancelled, in the thread that did it (a dialog: the main thread). */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_prompt_init (FerryPrompt *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/* MESSAGE is the question as its asker wrote it; made safe to show, like SUBJECT and
 * FINGERPRINT (a keyboard-interactive or SASL prompt is the server's text). */
FerryPrompt *
ferry_prompt_new (FerryPromptKind  kind,
                  const char      *subject,
                  const char      *fingerprint,
                  const char      *message)
{
  FerryPrompt *self = g_object_new (FERRY_TYPE_PROMPT, NULL);
  g_autofree char *stripped = message != NULL ? g_strstrip (g_strdup (message)) : NULL;

  self->kind = kind;
  self->subject = ferry_text_dup_safe (subject, FERRY_TEXT_LABEL_MAX);
  self->fingerprint = ferry_text_dup_safe (fingerprint, FERRY_TEXT_LABEL_MAX);
  self->message = ferry_text_dup_safe (stripped, 1000);
  return self;
}

/* The question ssh asks its SSH_ASKPASS program in TEXT. */
FerryPrompt *
ferry_prompt_new_for_ssh (const char *text)
{
  static const FerryPromptKind kinds[] = {
    [FERRY_SSH_PROMPT_OTHER] = FERRY_PROMPT_SECRET,
    [FERRY_SSH_PROMPT_HOST_KEY] = FERRY_PROMPT_HOST_KEY,
    [FERRY_SSH_PROMPT_PASSWORD] = FERRY_PROMPT_PASSWORD,
    [FERRY_SSH_PROMPT_PASSPHRASE] = FERRY_PROMPT_PASSPHRASE,
  };
  g_autofree char *subject = NULL;
  g_autofree char *fingerprint = NULL;
  FerrySshPromptKind kind;

  g_return_val_if_fail (text != NULL, NULL);

  kind = ferry_ssh_prompt_parse (text, &subject, &fingerprint);
  return ferry_prompt_new (kinds[kind], subject, fingerprint, text);
}

FerryPromptKind
ferry_prompt_get_kind (FerryPrompt *self)
{
  g_return_val_if_fail (FERRY_IS_PROMPT (self), FERRY_PROMPT_SECRET);
  return self->kind;
}

const char *
ferry_prompt_get_subject (FerryPrompt *self)
{
  g_return_val_if_fail (FERRY_IS_PROMPT (self), NULL);
  return self->subject;
}

const char *
ferry_prompt_get_fingerprint (FerryPrompt *self)
{
  g_return_val_if_fail (FERRY_IS_PROMPT (self), NULL);
  return self->fingerprint;
}

const char *
ferry_prompt_get_message (FerryPrompt *self)
{
  g_return_val_if_fail (FERRY_IS_PROMPT (self), NULL);
  return self->message;
}

static void
finish (FerryPrompt *self,
        const char  *answer)
{
  g_mutex_lock (&self->lock);
  if (self->finished)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->finished = TRUE;
  self->answer = g_strdup (answer);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[FINISHED], 0);
}

/* The user's ANSWER; the first answer or cancel counts. */
void
ferry_prompt_answer (FerryPrompt *self,
                     const char  *answer)
{
  g_return_if_fail (FERRY_IS_PROMPT (self));
  g_return_if_fail (answer != NULL);

  finish (self, answer);
}

void
ferry_prompt_cancel (FerryPrompt *self)
{
  g_return_if_fail (FERRY_IS_PROMPT (self));

  finish (self, NULL);
}

gboolean
ferry_prompt_get_finished (FerryPrompt *self)
{
  gboolean finished;

  g_return_val_if_fail (FERRY_IS_PROMPT (self), FALSE);

  g_mutex_lock (&self->lock);
  finished = self->finished;
  g_mutex_unlock (&self->lock);
  return finished;
}

/* Blocks (never on the main thread) until the prompt is answered, and returns the answer;
 * NULL when it was cancelled, or CANCELLABLE was. The caller clears the answer after use. */
char *
ferry_prompt_wait (FerryPrompt  *self,
                   GCancellable *cancellable)
{
  char *answer;

  g_return_val_if_fail (FERRY_IS_PROMPT (self), NULL);

  g_mutex_lock (&self->lock);
  /* Woken every half second to see CANCELLABLE: a GCancellable callback would race with
   * the prompt's own end. */
  while (!self->finished && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&self->cond, &self->lock,
                       g_get_monotonic_time () + G_USEC_PER_SEC / 2);
  answer = self->finished ? g_strdup (self->answer) : NULL;
  g_mutex_unlock (&self->lock);
  return answer;
}
