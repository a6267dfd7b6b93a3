/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ferry-inventory.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DEVICE_ROW (ferry_device_row_get_type ())

G_DECLARE_FINAL_TYPE (FerryDeviceRow, ferry_device_row, FERRY, DEVICE_ROW, GtkWidget)

GtkWidget *ferry_device_row_new  (void);
void       ferry_device_row_set_picking (FerryDeviceRow *self,
                                         gboolean        picking);
void       ferry_device_row_bind (FerryDeviceRow  *self,
                                  FerryHostDevice *device,
                                  FerryInventory  *inventory,
                                  GHashTable      *host_uses);
void       ferry_device_row_show_heading (FerryDeviceRow *self,
                                          const char     *title,
                                          const char     *detail,
                                          gboolean        wrap);
FerryHostDevice *ferry_device_row_get_device (FerryDeviceRow *self);
char      *ferry_device_dup_short_address (const FerryPciAddress *address);
char      *ferry_device_dup_driver_text   (FerryHostDevice       *device);

G_END_DECLS
