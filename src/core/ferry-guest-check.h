/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ferry-finding.h"
#include "ferry-guest.h"

G_BEGIN_DECLS

GPtrArray *ferry_guest_check (FerryGuest *guest);

G_END_DECLS
