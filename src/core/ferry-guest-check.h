/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ferry-finding.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"

G_BEGIN_DECLS

GPtrArray  *ferry_guest_check             (FerryGuest            *guest,
                                           FerryInventory        *inventory,
                                           GHashTable            *host_uses);
const char *ferry_guest_check_move_target (GHashTable            *host_uses,
                                           const FerryPciAddress *to);

G_END_DECLS
