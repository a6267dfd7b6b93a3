/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Characters a label shows before it ends in "…": room for any real device or guest name. */
#define FERRY_TEXT_LABEL_MAX 200

char *ferry_text_dup_safe (const char *text,
                           gsize       max_chars);

gboolean ferry_text_set      (char      **field,
                              const char *value);

G_END_DECLS
