/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_DEVICE_CATEGORY_OTHER,
  FERRY_DEVICE_CATEGORY_GPU,
  FERRY_DEVICE_CATEGORY_NETWORK,
  FERRY_DEVICE_CATEGORY_STORAGE,
  FERRY_DEVICE_CATEGORY_USB,
  FERRY_DEVICE_CATEGORY_AUDIO,
  FERRY_DEVICE_CATEGORY_BRIDGE,
} FerryDeviceCategory;

const char          *ferry_pci_class_name     (guint class_code);
const char          *ferry_pci_class_unknown_name (void);
const char          *ferry_pci_class_icon     (guint class_code);
FerryDeviceCategory  ferry_pci_class_category (guint class_code);
gboolean             ferry_pci_class_is_bridge (guint class_code);

G_END_DECLS
