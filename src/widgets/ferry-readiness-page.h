/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_READINESS_PAGE (ferry_readiness_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryReadinessPage, ferry_readiness_page, FERRY, READINESS_PAGE, AdwBin)

void ferry_readiness_page_set_session (FerryReadinessPage *self,
                                       FerrySession       *session);

G_END_DECLS
