/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-assigned-device.h"
#include "ferry-hostdev-record.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_GUEST_STATE_SHUTOFF,
  FERRY_GUEST_STATE_RUNNING,
  FERRY_GUEST_STATE_PAUSED,
  FERRY_GUEST_STATE_SUSPENDED,
  FERRY_GUEST_STATE_SHUTTING_DOWN,
  FERRY_GUEST_STATE_CRASHED,
} FerryGuestState;

/* The reference limit of assigned devices per guest: the assignment check warns past it and
 * the guest page counts against it. */
#define FERRY_GUEST_MAX_ASSIGNED 32

#define FERRY_TYPE_GUEST (ferry_guest_get_type ())

G_DECLARE_FINAL_TYPE (FerryGuest, ferry_guest, FERRY, GUEST, GObject)

FerryGuest      *ferry_guest_new                (const char       *name,
                                                 const char       *uuid);
const char      *ferry_guest_get_name           (FerryGuest       *self);
const char      *ferry_guest_get_display_name   (FerryGuest       *self);
const char      *ferry_guest_get_uuid           (FerryGuest       *self);
FerryGuestState  ferry_guest_get_state          (FerryGuest       *self);
void             ferry_guest_set_state          (FerryGuest       *self,
                                                 FerryGuestState   state);
const char      *ferry_guest_get_state_label    (FerryGuest       *self);
const char      *ferry_guest_get_state_icon     (FerryGuest       *self);
const char      *ferry_guest_get_state_name     (FerryGuest       *self);
gboolean         ferry_guest_is_active          (FerryGuest       *self);
gboolean         ferry_guest_uses_network       (FerryGuest       *self,
                                                 const char       *network);
GListModel      *ferry_guest_get_assigned       (FerryGuest       *self);
FerryAssignedDevice * const *ferry_guest_peek_assigned (FerryGuest *self,
                                                 guint            *n_devices);
const char * const *ferry_guest_get_missing_networks (FerryGuest  *self);
gboolean         ferry_guest_update_from_xml    (FerryGuest       *self,
                                                 const char       *live_xml,
                                                 const char       *config_xml,
                                                 GPtrArray        *pools,
                                                 GError          **error);

void             ferry_guest_take_devices       (FerryGuest       *self,
                                                 FerryGuest       *source);
GListModel      *ferry_guest_get_virtio         (FerryGuest       *self);
GListModel      *ferry_guest_get_emulated       (FerryGuest       *self);
const FerryHostdevRecord *ferry_guest_lookup_record (FerryGuest            *self,
                                                     const FerryPciAddress *address);

G_END_DECLS
