/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FERRY_TYPE_GUEST_DEVICE (ferry_guest_device_get_type ())

G_DECLARE_FINAL_TYPE (FerryGuestDevice, ferry_guest_device, FERRY, GUEST_DEVICE, GObject)

FerryGuestDevice *ferry_guest_device_new        (const char       *kind,
                                                 const char       *model,
                                                 const char       *target,
                                                 gboolean          virtio);
const char       *ferry_guest_device_get_kind   (FerryGuestDevice *self);
const char       *ferry_guest_device_get_model  (FerryGuestDevice *self);
const char       *ferry_guest_device_get_target (FerryGuestDevice *self);
gboolean          ferry_guest_device_is_virtio  (FerryGuestDevice *self);
const char       *ferry_guest_device_get_title  (FerryGuestDevice *self);
const char       *ferry_guest_device_get_icon_name (FerryGuestDevice *self);

G_END_DECLS
