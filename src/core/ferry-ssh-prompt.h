/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What ssh asks its SSH_ASKPASS program, recognised from the prompt's text. */
typedef enum
{
  FERRY_SSH_PROMPT_OTHER,        /* anything else: shown as ssh wrote it, answered hidden */
  FERRY_SSH_PROMPT_HOST_KEY,     /* a host not in known_hosts: trust its key? */
  FERRY_SSH_PROMPT_PASSWORD,     /* the login password */
  FERRY_SSH_PROMPT_PASSPHRASE,   /* the passphrase of a private key file */
} FerrySshPromptKind;

FerrySshPromptKind ferry_ssh_prompt_parse (const char  *text,
                                           char       **subject,
                                           char       **fingerprint);

G_END_DECLS
