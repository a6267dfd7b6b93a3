/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ferry_failure_explain (const char  *message,
                                const char  *uri,
                                const char **cause,
                                const char **remedy);

char    *ferry_failure_name_host (const char  *text,
                                  const char  *uri);

G_END_DECLS
