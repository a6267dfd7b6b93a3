/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*FerryWaitCondition) (gpointer data);

gboolean      ferry_wait_until        (GMainContext       *context,
                                       FerryWaitCondition  condition,
                                       gpointer            data,
                                       guint               timeout_ms);
void          ferry_wait_store_result (GObject            *source_object,
                                       GAsyncResult       *result,
                                       gpointer            slot);
GAsyncResult *ferry_wait_for_result   (GAsyncResult      **slot,
                                       guint               timeout_ms);

G_END_DECLS
