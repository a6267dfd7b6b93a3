/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-ssh-prompt"

#include "config.h"

#include <string.h>

#include "ferry-ssh-prompt.h"
#include "ferry-text.h"

/* The text between the first OPEN and the CLOSE after it, or NULL. */
static char *
dup_between (const char *text,
             const char *open,
             const char *close)
{
  const char *start = strstr (text, open);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  if ((end = strstr (start, close)) == NULL || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/* The word after "fingerprint is " up to the end of its line, without ssh's final stop. */
static char *
dup_fingerprint (const char *text)
{
  g_autofree char *line = dup_between (text, "fingerprint is ", "\n");

  if (line == NULL)
    return NULL;
  g_strstrip (line);
  if (g_str_has_suffix (line, "."))
    line[strlen (line) - 1] = '\0';
  return g_steal_pointer (&line);
}

/* Recognises ssh's (OpenSSH 8–9) prompts from TEXT. SUBJECT becomes the host of a host key
 * question, the user@host of a password, the key file of a passphrase; FINGERPRINT the host
 * key's. Both are NULL where the text does not say, and made safe to show: a keyboard-
 * interactive prompt is the server's text. The question is never stored or echoed back. */
FerrySshPromptKind
ferry_ssh_prompt_parse (const char  *text,
                        char       **subject,
                        char       **fingerprint)
{
  g_autofree char *lower = NULL;
  g_autofree char *found = NULL;
  g_autofree char *print = NULL;
  const char *end;
  FerrySshPromptKind kind = FERRY_SSH_PROMPT_OTHER;

  g_return_val_if_fail (text != NULL, FERRY_SSH_PROMPT_OTHER);
  g_return_val_if_fail (subject != NULL && fingerprint != NULL, FERRY_SSH_PROMPT_OTHER);

  lower = g_utf8_strdown (text, -1);
  if (strstr (lower, "continue connecting") != NULL)
    {
      kind = FERRY_SSH_PROMPT_HOST_KEY;
      found = dup_between (text, "authenticity of host '", "'");
      print = dup_fingerprint (text);
    }
  else if (strstr (lower, "passphrase for key") != NULL)
    {
      kind = FERRY_SSH_PROMPT_PASSPHRASE;
      found = dup_between (text, "key '", "'");
    }
  else if (g_str_has_suffix (g_strchomp (lower), "'s password:") &&
           (end = strstr (text, "'s password:")) != NULL)
    {
      kind = FERRY_SSH_PROMPT_PASSWORD;
      found = g_strndup (text, end - text);
    }
  else if (strstr (lower, "password") != NULL)
    {
      /* Keyboard-interactive: "(user@host) Password:". */
      kind = FERRY_SSH_PROMPT_PASSWORD;
      found = dup_between (text, "(", ")");
    }

  *subject = found != NULL ? ferry_text_dup_safe (found, FERRY_TEXT_LABEL_MAX) : NULL;
  *fingerprint = print != NULL ? ferry_text_dup_safe (print, FERRY_TEXT_LABEL_MAX) : NULL;
  return kind;
}
