/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_SIDEBAR_ROW (ferry_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (FerrySidebarRow, ferry_sidebar_row, FERRY, SIDEBAR_ROW, GtkWidget)

GtkWidget *ferry_sidebar_row_new          (void);
void       ferry_sidebar_row_set_item     (FerrySidebarRow *self,
                                           GObject         *item);
gboolean   ferry_sidebar_row_get_selectable (FerrySidebarRow *self);

G_END_DECLS
