/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A question a connection asks the user: ssh's (through Ferry's SSH_ASKPASS helper) or
 * libvirt's own (its auth callback: qemu+libssh, SASL). */
typedef enum
{
  FERRY_PROMPT_HOST_KEY,     /* trust a host key seen for the first time */
  FERRY_PROMPT_PASSWORD,     /* a login password */
  FERRY_PROMPT_PASSPHRASE,   /* a private key's passphrase */
  FERRY_PROMPT_USERNAME,     /* a user name (shown as typed) */
  FERRY_PROMPT_SECRET,       /* anything else asked hidden */
  FERRY_PROMPT_TEXT,         /* anything else asked shown */
} FerryPromptKind;

#define FERRY_TYPE_PROMPT (ferry_prompt_get_type ())
G_DECLARE_FINAL_TYPE (FerryPrompt, ferry_prompt, FERRY, PROMPT, GObject)

FerryPrompt     *ferry_prompt_new             (FerryPromptKind  kind,
                                               const char      *subject,
                                               const char      *fingerprint,
                                               const char      *message);
FerryPrompt     *ferry_prompt_new_for_ssh     (const char      *text);
FerryPromptKind  ferry_prompt_get_kind        (FerryPrompt     *self);
const char      *ferry_prompt_get_subject     (FerryPrompt     *self);
const char      *ferry_prompt_get_fingerprint (FerryPrompt     *self);
const char      *ferry_prompt_get_message     (FerryPrompt     *self);
void             ferry_prompt_answer          (FerryPrompt     *self,
                                               const char      *answer);
void             ferry_prompt_cancel          (FerryPrompt     *self);
gboolean         ferry_prompt_get_finished    (FerryPrompt     *self);
char            *ferry_prompt_wait            (FerryPrompt     *self,
                                               GCancellable    *cancellable);

G_END_DECLS
