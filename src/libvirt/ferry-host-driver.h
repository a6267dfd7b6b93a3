/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-pci-address.h"
#include "ferry-session.h"

G_BEGIN_DECLS

void     ferry_session_detach_from_host_async  (FerrySession           *session,
                                                const FerryPciAddress  *address,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
gboolean ferry_session_detach_from_host_finish (FerrySession           *session,
                                                GAsyncResult           *result,
                                                GError                **error);
void     ferry_session_give_back_to_host_async  (FerrySession           *session,
                                                 const FerryPciAddress  *address,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean ferry_session_give_back_to_host_finish (FerrySession           *session,
                                                 GAsyncResult           *result,
                                                 GError                **error);

G_END_DECLS
