/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_ARRAY_LIST (ferry_array_list_get_type ())

G_DECLARE_FINAL_TYPE (FerryArrayList, ferry_array_list, FERRY, ARRAY_LIST, GObject)

FerryArrayList *ferry_array_list_new (GType      item_type,
                                      GPtrArray *items);

G_END_DECLS
