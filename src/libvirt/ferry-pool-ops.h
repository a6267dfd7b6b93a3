/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-session.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_POOL_FLAGS_NONE  = 0,
  FERRY_POOL_EVEN_IF_USED = 1 << 0,   /* delete while running guests hold its VFs */
} FerryPoolFlags;

gboolean ferry_session_check_pool_change  (FerrySession        *session,
                                           const char          *name,
                                           gboolean             stopping,
                                           GError             **error);

void     ferry_session_define_pool_async  (FerrySession        *session,
                                           const char          *xml,
                                           gboolean             autostart,
                                           gboolean             start,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean ferry_session_define_pool_finish (FerrySession        *session,
                                           GAsyncResult        *result,
                                           GError             **error);
void     ferry_session_start_pool_async  (FerrySession        *session,
                                          const char          *name,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean ferry_session_start_pool_finish (FerrySession        *session,
                                          GAsyncResult        *result,
                                          GError             **error);
void     ferry_session_stop_pool_async  (FerrySession        *session,
                                         const char          *name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean ferry_session_stop_pool_finish (FerrySession        *session,
                                         GAsyncResult        *result,
                                         GError             **error);
void     ferry_session_set_pool_autostart_async  (FerrySession        *session,
                                                  const char          *name,
                                                  gboolean             autostart,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean ferry_session_set_pool_autostart_finish (FerrySession        *session,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void     ferry_session_delete_pool_async  (FerrySession        *session,
                                           const char          *name,
                                           FerryPoolFlags       flags,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean ferry_session_delete_pool_finish (FerrySession        *session,
                                           GAsyncResult        *result,
                                           GError             **error);
void     ferry_session_restart_pool_async  (FerrySession        *session,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean ferry_session_restart_pool_finish (FerrySession        *session,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
