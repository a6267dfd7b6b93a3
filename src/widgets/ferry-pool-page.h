/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-network.h"
#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_POOL_PAGE (ferry_pool_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryPoolPage, ferry_pool_page, FERRY, POOL_PAGE, AdwBin)

void          ferry_pool_page_show     (FerryPoolPage *self,
                                        FerrySession  *session,
                                        FerryNetwork  *pool);
FerryNetwork *ferry_pool_page_get_pool (FerryPoolPage *self);

G_END_DECLS
