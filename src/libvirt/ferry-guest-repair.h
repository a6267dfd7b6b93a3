/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-hostdev-record.h"
#include "ferry-session.h"

G_BEGIN_DECLS

void     ferry_session_repair_async    (FerrySession             *session,
                                        const char               *guest,
                                        const FerryPciAddress    *moves,
                                        guint                     n_moves,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
gboolean ferry_session_repair_finish   (FerrySession             *session,
                                        GAsyncResult             *result,
                                        GError                  **error);
void     ferry_session_remember_async  (FerrySession             *session,
                                        const char               *guest,
                                        const FerryHostdevRecord *record,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data);
gboolean ferry_session_remember_finish (FerrySession             *session,
                                        GAsyncResult             *result,
                                        GError                  **error);

G_END_DECLS
