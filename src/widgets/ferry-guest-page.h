/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-guest.h"
#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_GUEST_PAGE (ferry_guest_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryGuestPage, ferry_guest_page, FERRY, GUEST_PAGE, AdwBin)

void ferry_guest_page_show (FerryGuestPage *self,
                            FerrySession   *session,
                            FerryGuest     *guest);

G_END_DECLS
