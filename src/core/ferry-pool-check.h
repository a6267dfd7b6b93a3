/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-finding.h"
#include "ferry-inventory.h"
#include "ferry-network.h"

G_BEGIN_DECLS

GPtrArray *ferry_pool_check (FerryInventory *inventory,
                             FerryNetwork   *pool);

G_END_DECLS
