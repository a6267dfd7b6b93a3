/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-assigned-device.h"
#include "ferry-device-change.h"
#include "ferry-guest.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DETACH_DIALOG (ferry_detach_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryDetachDialog, ferry_detach_dialog, FERRY, DETACH_DIALOG,
                      AdwMessageDialog)

FerryDetachDialog *ferry_detach_dialog_new         (GtkWindow           *parent,
                                                    FerryGuest          *guest,
                                                    FerryAssignedDevice *device,
                                                    const char          *title,
                                                    GPtrArray           *group_mates);
GPtrArray         *ferry_detach_dialog_dup_devices (FerryDetachDialog   *self,
                                                    const char          *response);
FerryDetachFlags   ferry_detach_dialog_get_flags   (FerryDetachDialog   *self);

G_END_DECLS
