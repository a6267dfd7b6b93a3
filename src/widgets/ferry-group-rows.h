/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_GROUP_ROWS (ferry_group_rows_get_type ())

G_DECLARE_FINAL_TYPE (FerryGroupRows, ferry_group_rows, FERRY, GROUP_ROWS, GObject)

FerryGroupRows *ferry_group_rows_new (GListModel *groups);

G_END_DECLS
