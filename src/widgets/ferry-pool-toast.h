/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

void ferry_pool_toast_add (GtkWindow    *window,
                           FerrySession *session,
                           const char   *title,
                           const char   *previous_xml,
                           gboolean      autostart,
                           gboolean      start);

G_END_DECLS
