/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-assigned-device.h"
#include "ferry-guest.h"
#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ASSIGNED_DEVICE_PAGE (ferry_assigned_device_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryAssignedDevicePage, ferry_assigned_device_page,
                      FERRY, ASSIGNED_DEVICE_PAGE, AdwBin)

void                 ferry_assigned_device_page_show       (FerryAssignedDevicePage *self,
                                                            FerrySession            *session,
                                                            FerryGuest              *guest,
                                                            FerryAssignedDevice     *device);
FerryAssignedDevice *ferry_assigned_device_page_get_device (FerryAssignedDevicePage *self);
const char          *ferry_assigned_device_page_get_title  (FerryAssignedDevicePage *self);

G_END_DECLS
