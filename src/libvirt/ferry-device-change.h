/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-domain-edit.h"
#include "ferry-session.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_DETACH_LIVE      = 1 << 0,   /* from the running guest, now */
  FERRY_DETACH_CONFIG    = 1 << 1,   /* from the persistent definition, at next boot */
  FERRY_DETACH_GIVE_BACK = 1 << 2,   /* managed='no': rebind the host driver afterwards */
} FerryDetachFlags;

#define FERRY_TYPE_DEVICE_CHANGE (ferry_device_change_get_type ())

G_DECLARE_FINAL_TYPE (FerryDeviceChange, ferry_device_change, FERRY, DEVICE_CHANGE, GObject)

const char *ferry_device_change_get_guest   (FerryDeviceChange    *self);
guint       ferry_device_change_get_count   (FerryDeviceChange    *self);
const char *ferry_device_change_get_warning (FerryDeviceChange    *self);
gboolean    ferry_device_change_get_live    (FerryDeviceChange    *self);
gboolean    ferry_device_change_get_config  (FerryDeviceChange    *self);

void               ferry_session_detach_async  (FerrySession        *session,
                                                const char          *guest,
                                                GPtrArray           *devices,
                                                FerryDetachFlags     flags,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
FerryDeviceChange *ferry_session_detach_finish (FerrySession        *session,
                                                GAsyncResult        *result,
                                                GError             **error);
void               ferry_session_undo_async    (FerrySession        *session,
                                                FerryDeviceChange   *change,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean           ferry_session_undo_finish   (FerrySession        *session,
                                                GAsyncResult        *result,
                                                GError             **error);
void               ferry_session_update_device_async  (FerrySession              *session,
                                                       const char                *guest,
                                                       FerryAssignedDevice       *device,
                                                       const FerryDeviceSettings *settings,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
gboolean           ferry_session_update_device_finish (FerrySession              *session,
                                                       GAsyncResult              *result,
                                                       GError                   **error);

void               ferry_session_connect_pool_async  (FerrySession        *session,
                                                      const char          *guest,
                                                      const char          *network,
                                                      const char          *mac,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           ferry_session_connect_pool_finish (FerrySession        *session,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
