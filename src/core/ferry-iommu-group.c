/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-iommu-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-iommu-group.h"

/* The smallest set of functions the host can isolate: all its endpoints go to one guest or
 * none; its bridges and ports are never assigned. FERRY_NO_IOMMU_GROUP collects the
 * functions outside every group.
 *
 * A group is its own list of members: a host has thousands of groups of one or two functions,
 * and a list store each (a GSequence) cost more to build and free than the rest of the
 * group. The inventory fills a group before anyone sees it and never changes it after, so
 * the list never emits items-changed. */
struct _FerryIommuGroup
{
  GObject     parent_instance;

  int         number;
  GPtrArray  *members;    /* FerryHostDevice, in address order */
  guint       n_bridges;
  GArray     *unlisted;   /* FerryPciAddress: members the host has but libvirt lists not; or NULL */
  GPtrArray  *guests;     /* NULL-terminated names, or NULL for none */
};

static void ferry_iommu_group_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryIommuGroup, ferry_iommu_group, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_iommu_group_list_model_init))

static GType
ferry_iommu_group_get_item_type (GListModel *model)
{
  return FERRY_TYPE_HOST_DEVICE;
}

static guint
ferry_iommu_group_get_n_items (GListModel *model)
{
  return FERRY_IOMMU_GROUP (model)->members->len;
}

static gpointer
ferry_iommu_group_get_item (GListModel *model,
                            guint       position)
{
  GPtrArray *members = FERRY_IOMMU_GROUP (model)->members;

  return position < members->len ? g_object_ref (members->pdata[position]) : NULL;
}

static void
ferry_iommu_group_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_iommu_group_get_item_type;
  iface->get_n_items = ferry_iommu_group_get_n_items;
  iface->get_item = ferry_iommu_group_get_item;
}

static void
ferry_iommu_group_finalize (GObject *object)
{
  FerryIommuGroup *self = (FerryIommuGroup *) object;

  g_ptr_array_unref (self->members);
  g_clear_pointer (&self->unlisted, g_array_unref);
  g_clear_pointer (&self->guests, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_iommu_group_parent_class)->finalize (object);
}

static void
ferry_iommu_group_class_init (FerryIommuGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_iommu_group_finalize;
}

static void
ferry_iommu_group_init (FerryIommuGroup *self)
{
  self->members = g_ptr_array_new_with_free_func (g_object_unref);
}

FerryIommuGroup *
ferry_iommu_group_new (int number)
{
  FerryIommuGroup *self = g_object_new (FERRY_TYPE_IOMMU_GROUP, NULL);

  self->number = number;
  return self;
}

int
ferry_iommu_group_get_number (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), FERRY_NO_IOMMU_GROUP);
  return self->number;
}

/* The group itself, as a list of its members. */
GListModel *
ferry_iommu_group_get_members (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);
  return G_LIST_MODEL (self);
}

/* Members are added in address order by the inventory. */
void
ferry_iommu_group_add_member (FerryIommuGroup *self,
                              FerryHostDevice *device)
{
  g_return_if_fail (FERRY_IS_IOMMU_GROUP (self));
  g_return_if_fail (FERRY_IS_HOST_DEVICE (device));

  g_ptr_array_add (self->members, g_object_ref (device));
  self->n_bridges += ferry_host_device_is_bridge (device) ? 1 : 0;
}

/* A member a listed function's <iommuGroup> names but that has no node device of its own:
 * present on the host, not listed by libvirt. Nothing is known of it, so it may be anything
 * the host uses. */
void
ferry_iommu_group_add_unlisted (FerryIommuGroup       *self,
                                const FerryPciAddress *address)
{
  g_return_if_fail (FERRY_IS_IOMMU_GROUP (self));
  g_return_if_fail (address != NULL);

  if (self->unlisted == NULL)
    self->unlisted = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  for (guint i = 0; i < self->unlisted->len; i++)
    if (ferry_pci_address_equal (&g_array_index (self->unlisted, FerryPciAddress, i), address))
      return;
  g_array_append_val (self->unlisted, *address);
}

const FerryPciAddress *
ferry_iommu_group_get_unlisted (FerryIommuGroup *self,
                                guint           *n_unlisted)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);
  g_return_val_if_fail (n_unlisted != NULL, NULL);

  if (self->unlisted == NULL)
    {
      *n_unlisted = 0;
      return NULL;
    }
  *n_unlisted = self->unlisted->len;
  return (const FerryPciAddress *) (gpointer) self->unlisted->data;
}

/* The members that go with the group, unlisted ones included: they may be endpoints. */
guint
ferry_iommu_group_get_n_endpoints (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), 0);
  return self->members->len - self->n_bridges + (self->unlisted ? self->unlisted->len : 0);
}

guint
ferry_iommu_group_get_n_bridges (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), 0);
  return self->n_bridges;
}

/* One endpoint alone (bridges aside): it can go to a guest without taking anything along. */
gboolean
ferry_iommu_group_is_isolated (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), FALSE);
  return self->number != FERRY_NO_IOMMU_GROUP && ferry_iommu_group_get_n_endpoints (self) <= 1;
}

void
ferry_iommu_group_add_guest (FerryIommuGroup *self,
                             const char      *guest)
{
  g_return_if_fail (FERRY_IS_IOMMU_GROUP (self));

  if (self->guests == NULL)
    self->guests = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  for (guint i = 0; i < self->guests->len; i++)
    if (g_strcmp0 (self->guests->pdata[i], guest) == 0)
      return;
  g_ptr_array_add (self->guests, g_strdup (guest));
}

const char * const *
ferry_iommu_group_get_guests (FerryIommuGroup *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);
  return self->guests ? (const char * const *) self->guests->pdata : none;
}

/* "isolated", "shared" or "bridges only", for people. */
const char *
ferry_iommu_group_describe_isolation (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);

  if (ferry_iommu_group_get_n_endpoints (self) == 0)
    return _("bridges only");
  return ferry_iommu_group_is_isolated (self) ? _("isolated") : _("shared");
}
