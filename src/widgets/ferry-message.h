/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void ferry_message_show (GtkWindow  *parent,
                         const char *heading,
                         const char *body);

void ferry_message_show_error (GtkWindow    *parent,
                               const char   *heading,
                               const GError *error);

char *ferry_message_dup_error_text (const GError *error);

G_END_DECLS
