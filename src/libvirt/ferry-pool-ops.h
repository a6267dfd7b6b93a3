/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-session.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_POOL_DEFINE,          /* XML; then AUTOSTART and START as asked */
  FERRY_POOL_START,
  FERRY_POOL_STOP,
  FERRY_POOL_SET_AUTOSTART,   /* to AUTOSTART */
  FERRY_POOL_DELETE,          /* stop if active, then undefine */
  FERRY_POOL_RESTART,         /* stop and start: the definition takes effect */
} FerryPoolAction;

void     ferry_session_pool_async  (FerrySession        *session,
                                    FerryPoolAction      action,
                                    const char          *name,
                                    const char          *xml,
                                    gboolean             autostart,
                                    gboolean             start,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean ferry_session_pool_finish (FerrySession        *session,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
