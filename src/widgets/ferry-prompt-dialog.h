/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-prompt.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PROMPT_DIALOG (ferry_prompt_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryPromptDialog, ferry_prompt_dialog, FERRY, PROMPT_DIALOG,
                      AdwMessageDialog)

FerryPromptDialog *ferry_prompt_dialog_new (GtkWindow   *parent,
                                            FerryPrompt *prompt);

G_END_DECLS
