/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_HOST_PAGE (ferry_host_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryHostPage, ferry_host_page, FERRY, HOST_PAGE, AdwBin)

void ferry_host_page_set_session  (FerryHostPage *self,
                                   FerrySession  *session);
void ferry_host_page_focus_search (FerryHostPage *self);

G_END_DECLS
