/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_WRAP_LAYOUT (ferry_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (FerryWrapLayout, ferry_wrap_layout, FERRY, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *ferry_wrap_layout_new (int spacing);

G_END_DECLS
