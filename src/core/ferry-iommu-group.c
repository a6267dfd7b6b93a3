/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-iommu-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-iommu-group.h"

/* The smallest set of functions the host can isolate: all its endpoints go to one guest or
 * none; its bridges and ports are never assigned. FERRY_NO_IOMMU_GROUP collects the
 * functions outside every group. */
struct _FerryIommuGroup
{
  GObject     parent_instance;

  int         number;
  GListStore *members;
  guint       n_bridges;
  GArray     *unlisted;   /* FerryPciAddress: members the host has but libvirt lists not */
  GPtrArray  *guests;
};

G_DEFINE_FINAL_TYPE (FerryIommuGroup, ferry_iommu_group, G_TYPE_OBJECT)

static void
ferry_iommu_group_finalize (GObject *object)
{
  FerryIommuGroup *self = (FerryIommuGroup *) object;

  g_object_unref (self->members);
  g_array_unref (self->unlisted);
  g_ptr_array_unref (self->guests);

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
  self->members = g_list_store_new (FERRY_TYPE_HOST_DEVICE);
  self->unlisted = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  /* One slot reserved: an empty null-terminated array may have no pdata at all. */
  self->guests = g_ptr_array_new_null_terminated (1, g_free, TRUE);
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

GListModel *
ferry_iommu_group_get_members (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);
  return G_LIST_MODEL (self->members);
}

/* Members are added in address order by the inventory. */
void
ferry_iommu_group_add_member (FerryIommuGroup *self,
                              FerryHostDevice *device)
{
  g_return_if_fail (FERRY_IS_IOMMU_GROUP (self));
  g_return_if_fail (FERRY_IS_HOST_DEVICE (device));

  g_list_store_append (self->members, device);
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

  *n_unlisted = self->unlisted->len;
  return (const FerryPciAddress *) (gpointer) self->unlisted->data;
}

/* The members that go with the group, unlisted ones included: they may be endpoints. */
guint
ferry_iommu_group_get_n_endpoints (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->members)) - self->n_bridges +
         self->unlisted->len;
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

  for (guint i = 0; i < self->guests->len; i++)
    if (g_strcmp0 (self->guests->pdata[i], guest) == 0)
      return;
  g_ptr_array_add (self->guests, g_strdup (guest));
}

const char * const *
ferry_iommu_group_get_guests (FerryIommuGroup *self)
{
  g_return_val_if_fail (FERRY_IS_IOMMU_GROUP (self), NULL);
  return (const char * const *) self->guests->pdata;
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
