/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_SIDEBAR_HOST,
  FERRY_SIDEBAR_POOLS,
  FERRY_SIDEBAR_HEADING,
} FerrySidebarKind;

#define FERRY_TYPE_SIDEBAR_ITEM (ferry_sidebar_item_get_type ())

G_DECLARE_FINAL_TYPE (FerrySidebarItem, ferry_sidebar_item, FERRY, SIDEBAR_ITEM, GObject)

FerrySidebarItem *ferry_sidebar_item_new       (FerrySidebarKind  kind,
                                                const char       *title,
                                                const char       *icon_name);
FerrySidebarKind  ferry_sidebar_item_get_kind  (FerrySidebarItem *self);
const char       *ferry_sidebar_item_get_title (FerrySidebarItem *self);
const char       *ferry_sidebar_item_get_icon_name (FerrySidebarItem *self);

G_END_DECLS
