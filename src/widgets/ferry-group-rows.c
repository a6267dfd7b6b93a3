/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-group-rows"

#include "config.h"

#include "ferry-group-rows.h"
#include "ferry-iommu-group.h"

/* The Host page's rows: each IOMMU group followed by its members, as one flat list that
 * follows the session's groups change by change. GTK 4.8's list view has no section headers;
 * a tree list model with every group expanded built a filtered child model per group (2,816 of
 * them on the 4,096-function host) before the first row was drawn, where one filter over this
 * list does. */
struct _FerryGroupRows
{
  GObject     parent_instance;

  GListModel *groups;
  GPtrArray  *rows;    /* groups and devices, in order, each with a reference */
  GArray     *sizes;   /* guint per group: its rows, itself included */
};

static GType
ferry_group_rows_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
ferry_group_rows_get_n_items (GListModel *model)
{
  return FERRY_GROUP_ROWS (model)->rows->len;
}

static gpointer
ferry_group_rows_get_item (GListModel *model,
                           guint       position)
{
  FerryGroupRows *self = FERRY_GROUP_ROWS (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (self->rows->pdata[position]);
}

static void
ferry_group_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_group_rows_get_item_type;
  iface->get_n_items = ferry_group_rows_get_n_items;
  iface->get_item = ferry_group_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryGroupRows, ferry_group_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_group_rows_list_model_init))

/* Groups POSITION … POSITION + REMOVED of the rows were replaced by ADDED groups of the model
 * (already there): the rows of the old ones go, the new ones' come in their place. */
static void
groups_changed_cb (GListModel     *groups,
                   guint           position,
                   guint           removed,
                   guint           added,
                   FerryGroupRows *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint start = 0, n_old = 0, n_new;
  g_autoptr(GArray) new_sizes = g_array_sized_new (FALSE, FALSE, sizeof (guint), added);

  for (guint i = 0; i < position; i++)
    start += g_array_index (self->sizes, guint, i);
  for (guint i = position; i < position + removed; i++)
    n_old += g_array_index (self->sizes, guint, i);

  for (guint i = 0; i < start; i++)
    g_ptr_array_add (rows, g_object_ref (self->rows->pdata[i]));
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = ferry_iommu_group_get_members (group);
      guint size = 1 + g_list_model_get_n_items (members);

      g_ptr_array_add (rows, g_object_ref (group));
      for (guint m = 0; m + 1 < size; m++)
        g_ptr_array_add (rows, g_list_model_get_item (members, m));
      g_array_append_val (new_sizes, size);
    }
  n_new = rows->len - start;
  for (guint i = start + n_old; i < self->rows->len; i++)
    g_ptr_array_add (rows, g_object_ref (self->rows->pdata[i]));

  g_array_remove_range (self->sizes, position, removed);
  g_array_insert_vals (self->sizes, position, new_sizes->data, new_sizes->len);
  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);

  if (n_old > 0 || n_new > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), start, n_old, n_new);
}

static void
ferry_group_rows_dispose (GObject *object)
{
  FerryGroupRows *self = FERRY_GROUP_ROWS (object);

  if (self->groups != NULL)
    g_signal_handlers_disconnect_by_func (self->groups, groups_changed_cb, self);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sizes, g_array_unref);

  G_OBJECT_CLASS (ferry_group_rows_parent_class)->dispose (object);
}

static void
ferry_group_rows_class_init (FerryGroupRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_group_rows_dispose;
}

static void
ferry_group_rows_init (FerryGroupRows *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->sizes = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* The rows of GROUPS (a list of FerryIommuGroup), kept up to date with it. */
FerryGroupRows *
ferry_group_rows_new (GListModel *groups)
{
  FerryGroupRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (groups), NULL);

  self = g_object_new (FERRY_TYPE_GROUP_ROWS, NULL);
  self->groups = g_object_ref (groups);
  g_signal_connect (groups, "items-changed", G_CALLBACK (groups_changed_cb), self);
  groups_changed_cb (groups, 0, 0, g_list_model_get_n_items (groups), self);
  return self;
}
