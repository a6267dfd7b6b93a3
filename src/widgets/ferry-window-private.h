/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-window.h"

G_BEGIN_DECLS

/* For the widget tests: which page the window shows ("connecting", "failed", "main"), and
 * the sidebar's model. */
const char *ferry_window_get_visible_page (FerryWindow *self);
GListModel *ferry_window_get_sidebar      (FerryWindow *self);
void        ferry_window_select_sidebar   (FerryWindow *self,
                                           guint        position);
const char *ferry_window_get_content_page (FerryWindow *self);

G_END_DECLS
