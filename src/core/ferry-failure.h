/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ferry_failure_explain (const char  *message,
                                const char **cause,
                                const char **remedy);

G_END_DECLS
