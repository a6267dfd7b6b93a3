/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_POOLS_PAGE (ferry_pools_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryPoolsPage, ferry_pools_page, FERRY, POOLS_PAGE, AdwBin)

void ferry_pools_page_set_session (FerryPoolsPage *self,
                                   FerrySession   *session);

G_END_DECLS
