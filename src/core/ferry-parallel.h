/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Does items START to END - 1 of whatever DATA holds. */
typedef void (*FerryParallelFunc) (guint    start,
                                   guint    end,
                                   gpointer data);

typedef struct _FerryParallel FerryParallel;

FerryParallel *ferry_parallel_start  (guint              n_items,
                                      guint              stretch,
                                      guint              n_helpers,
                                      FerryParallelFunc  func,
                                      gpointer           data);
guint          ferry_parallel_get_n_started (FerryParallel *parallel);
void           ferry_parallel_finish (FerryParallel     *parallel);
void           ferry_parallel_run    (guint              n_items,
                                      guint              stretch,
                                      guint              n_helpers,
                                      FerryParallelFunc  func,
                                      gpointer           data);

G_END_DECLS
