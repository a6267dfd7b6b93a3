/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-assigned-device.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DEVICE_USE (ferry_device_use_get_type ())

G_DECLARE_FINAL_TYPE (FerryDeviceUse, ferry_device_use, FERRY, DEVICE_USE, GObject)

FerryDeviceUse      *ferry_device_use_new          (const char          *guest,
                                                    FerryAssignedDevice *assignment,
                                                    gboolean             potential);
const char          *ferry_device_use_get_guest    (FerryDeviceUse      *self);
FerryAssignmentKind  ferry_device_use_get_via      (FerryDeviceUse      *self);
const char          *ferry_device_use_get_via_name (FerryDeviceUse      *self);
const char          *ferry_device_use_get_pool     (FerryDeviceUse      *self);
gboolean             ferry_device_use_get_live     (FerryDeviceUse      *self);
gboolean             ferry_device_use_get_config   (FerryDeviceUse      *self);
gboolean             ferry_device_use_is_potential (FerryDeviceUse      *self);
char                *ferry_device_use_describe     (FerryDeviceUse      *self);
gboolean             ferry_device_use_equal        (FerryDeviceUse      *a,
                                                    FerryDeviceUse      *b);

G_END_DECLS
