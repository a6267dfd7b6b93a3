/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-assign-plan.h"
#include "ferry-session.h"

G_BEGIN_DECLS

void     ferry_session_assign_async  (FerrySession          *session,
                                      const FerryAssignPlan *plan,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
gboolean ferry_session_assign_finish (FerrySession          *session,
                                      GAsyncResult          *result,
                                      GError               **error);

void     ferry_session_preview_assign_async  (FerrySession          *session,
                                             const FerryAssignPlan *plan,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
char    *ferry_session_preview_assign_finish (FerrySession          *session,
                                             GAsyncResult          *result,
                                             GError               **error);

G_END_DECLS
