/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DEVICE_PAGE (ferry_device_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryDevicePage, ferry_device_page, FERRY, DEVICE_PAGE, AdwBin)

void             ferry_device_page_show       (FerryDevicePage *self,
                                               FerrySession    *session,
                                               FerryHostDevice *device);
FerryHostDevice *ferry_device_page_get_device (FerryDevicePage *self);
const char      *ferry_device_page_get_title  (FerryDevicePage *self);

G_END_DECLS
