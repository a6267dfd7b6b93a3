/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-prompt.h"
#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())

G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

FerryWindow  *ferry_window_new         (GtkApplication *application);
void          ferry_window_open_uri    (FerryWindow    *self,
                                        const char     *uri);
FerrySession *ferry_window_get_session (FerryWindow    *self);
gboolean      ferry_window_ask         (FerryWindow    *self,
                                        FerryPrompt    *prompt);
void          ferry_window_add_toast   (FerryWindow    *self,
                                        AdwToast       *toast);

G_END_DECLS
