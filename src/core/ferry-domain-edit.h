/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-assigned-device.h"
#include "ferry-host-facts.h"

G_BEGIN_DECLS

char *ferry_domain_edit_dup_device    (const char          *domain_xml,
                                       FerryAssignedDevice *device,
                                       GError             **error);
char *ferry_domain_edit_remove_device (const char          *domain_xml,
                                       FerryAssignedDevice *device,
                                       char               **removed_xml,
                                       GError             **error);
char *ferry_domain_edit_add_device    (const char          *domain_xml,
                                       const char          *device_xml,
                                       GError             **error);

G_END_DECLS

G_BEGIN_DECLS

/* What an edit changes on an assigned device; NULL / -1 / UNKNOWN leave a field as it is. */
typedef struct
{
  const char    *mac;       /* hostdev interfaces */
  int            vlan;      /* hostdev interfaces: 1–4094, 0 removes a tag (a trunk stays) */
  FerryTristate  rom_bar;   /* hostdevs */
  FerryTristate  managed;
} FerryDeviceSettings;

#define FERRY_DEVICE_SETTINGS_INIT { NULL, -1, FERRY_TRISTATE_UNKNOWN, FERRY_TRISTATE_UNKNOWN }

gboolean ferry_domain_edit_check_mac     (const char                *mac,
                                          GError                   **error);
gboolean ferry_domain_edit_check_vlan    (const char                *text,
                                          int                       *vlan,
                                          GError                   **error);
char    *ferry_domain_edit_remove_last_interface (const char        *domain_xml,
                                                  GError           **error);
char    *ferry_domain_edit_new_pool_interface (const char           *network,
                                               const char           *mac,
                                               GError              **error);
char    *ferry_domain_edit_update_device (const char                *domain_xml,
                                          FerryAssignedDevice       *device,
                                          const FerryDeviceSettings *settings,
                                          GError                   **error);

G_END_DECLS
