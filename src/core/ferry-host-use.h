/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-inventory.h"

G_BEGIN_DECLS

GHashTable *ferry_host_uses_from_inventory (FerryInventory *inventory,
                                            gboolean        remote);
void        ferry_host_uses_merge          (GHashTable     *uses,
                                            GHashTable     *more);

G_END_DECLS
