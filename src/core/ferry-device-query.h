/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-host-device.h"

G_BEGIN_DECLS

/* In the order the Host page's "Show only" list offers them. */
typedef enum
{
  FERRY_DEVICE_SHOW_ALL,
  FERRY_DEVICE_SHOW_ASSIGNABLE,
  FERRY_DEVICE_SHOW_GPUS,
  FERRY_DEVICE_SHOW_NETWORK,
  FERRY_DEVICE_SHOW_STORAGE,
  FERRY_DEVICE_SHOW_USB,
  FERRY_DEVICE_SHOW_SRIOV,
} FerryDeviceShow;

gboolean ferry_device_query_matches (FerryHostDevice *device,
                                     const char      *query,
                                     FerryDeviceShow  show);

G_END_DECLS
