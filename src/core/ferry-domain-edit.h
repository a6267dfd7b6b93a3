/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-assigned-device.h"

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
