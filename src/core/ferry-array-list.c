/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-array-list"

#include "config.h"

#include "ferry-array-list.h"

/* A list that never changes, over an array of objects: what a read hands out once it has
 * built it. A GListStore keeps its items in a GSequence, a tree node each, and building and
 * freeing those for a host's 4,096 functions and 2,816 groups on every reload cost more than
 * the rest of the inventory; this costs one array. It never emits items-changed. */
struct _FerryArrayList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;
};

static void ferry_array_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryArrayList, ferry_array_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_array_list_model_init))

static GType
ferry_array_list_get_item_type (GListModel *model)
{
  return FERRY_ARRAY_LIST (model)->item_type;
}

static guint
ferry_array_list_get_n_items (GListModel *model)
{
  return FERRY_ARRAY_LIST (model)->items->len;
}

static gpointer
ferry_array_list_get_item (GListModel *model,
                           guint       position)
{
  GPtrArray *items = FERRY_ARRAY_LIST (model)->items;

  return position < items->len ? g_object_ref (items->pdata[position]) : NULL;
}

static void
ferry_array_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_array_list_get_item_type;
  iface->get_n_items = ferry_array_list_get_n_items;
  iface->get_item = ferry_array_list_get_item;
}

static void
ferry_array_list_finalize (GObject *object)
{
  FerryArrayList *self = (FerryArrayList *) object;

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (ferry_array_list_parent_class)->finalize (object);
}

static void
ferry_array_list_class_init (FerryArrayListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_array_list_finalize;
}

static void
ferry_array_list_init (FerryArrayList *self)
{
}

/* A list of ITEMS (objects of ITEM_TYPE), which it holds a reference to: nobody may change
 * ITEMS after. */
FerryArrayList *
ferry_array_list_new (GType      item_type,
                      GPtrArray *items)
{
  FerryArrayList *self;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (FERRY_TYPE_ARRAY_LIST, NULL);
  self->item_type = item_type;
  self->items = g_ptr_array_ref (items);
  return self;
}
