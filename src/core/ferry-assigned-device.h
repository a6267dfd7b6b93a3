/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-host-device.h"
#include "ferry-pci-address.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_ASSIGNMENT_HOSTDEV,           /* <hostdev mode='subsystem' type='pci'> */
  FERRY_ASSIGNMENT_INTERFACE_HOSTDEV, /* <interface type='hostdev'> */
  FERRY_ASSIGNMENT_INTERFACE_POOL,    /* <interface type='network'> on a hostdev pool */
} FerryAssignmentKind;

#define FERRY_TYPE_ASSIGNED_DEVICE (ferry_assigned_device_get_type ())

G_DECLARE_FINAL_TYPE (FerryAssignedDevice, ferry_assigned_device, FERRY, ASSIGNED_DEVICE, GObject)

FerryAssignedDevice   *ferry_assigned_device_new         (FerryAssignmentKind    kind);
FerryAssignmentKind    ferry_assigned_device_get_kind    (FerryAssignedDevice   *self);
const FerryPciAddress *ferry_assigned_device_get_address (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_address (FerryAssignedDevice   *self,
                                                          const FerryPciAddress *address);
const char            *ferry_assigned_device_get_network (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_network (FerryAssignedDevice   *self,
                                                          const char            *network);
const char            *ferry_assigned_device_get_mac     (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_mac     (FerryAssignedDevice   *self,
                                                          const char            *mac);
guint                  ferry_assigned_device_get_vlan    (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_vlan    (FerryAssignedDevice   *self,
                                                          guint                  vlan);
gboolean               ferry_assigned_device_get_managed (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_managed (FerryAssignedDevice   *self,
                                                          gboolean               managed);

gboolean               ferry_assigned_device_get_live    (FerryAssignedDevice   *self);
gboolean               ferry_assigned_device_get_config  (FerryAssignedDevice   *self);
void                   ferry_assigned_device_set_presence (FerryAssignedDevice  *self,
                                                           gboolean              live,
                                                           gboolean              config);
gboolean               ferry_assigned_device_get_rom_bar (FerryAssignedDevice  *self);
void                   ferry_assigned_device_set_guest_side (FerryAssignedDevice *self,
                                                             const char          *guest_address,
                                                             const char          *rom_file,
                                                             const char          *profile_id);
const char            *ferry_assigned_device_get_guest_address (FerryAssignedDevice *self);
const char            *ferry_assigned_device_get_rom_file (FerryAssignedDevice  *self);
const char            *ferry_assigned_device_get_profile_id (FerryAssignedDevice *self);
void                   ferry_assigned_device_set_rom_bar (FerryAssignedDevice  *self,
                                                          gboolean              rom_bar);
gboolean               ferry_assigned_device_same        (FerryAssignedDevice   *a,
                                                          FerryAssignedDevice   *b);

const char            *ferry_assigned_device_describe_kind     (FerryAssignedDevice *self);
const char            *ferry_assigned_device_describe_presence (FerryAssignedDevice *self);
char                  *ferry_assigned_device_dup_title   (FerryAssignedDevice   *self,
                                                          FerryHostDevice       *host_device);
char                  *ferry_assigned_device_dup_summary (FerryAssignedDevice   *self);

G_END_DECLS
