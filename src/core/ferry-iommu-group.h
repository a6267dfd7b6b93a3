/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-host-device.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IOMMU_GROUP (ferry_iommu_group_get_type ())

G_DECLARE_FINAL_TYPE (FerryIommuGroup, ferry_iommu_group, FERRY, IOMMU_GROUP, GObject)

FerryIommuGroup    *ferry_iommu_group_new           (int               number);
int                 ferry_iommu_group_get_number    (FerryIommuGroup *self);
GListModel         *ferry_iommu_group_get_members   (FerryIommuGroup *self);
void                ferry_iommu_group_add_member    (FerryIommuGroup *self,
                                                     FerryHostDevice *device);
void                ferry_iommu_group_add_unlisted  (FerryIommuGroup       *self,
                                                     const FerryPciAddress *address);
const FerryPciAddress *ferry_iommu_group_get_unlisted (FerryIommuGroup *self,
                                                     guint           *n_unlisted);
guint               ferry_iommu_group_get_n_endpoints (FerryIommuGroup *self);
guint               ferry_iommu_group_get_n_bridges (FerryIommuGroup *self);
gboolean            ferry_iommu_group_is_isolated   (FerryIommuGroup *self);
const char         *ferry_iommu_group_describe_isolation (FerryIommuGroup *self);
void                ferry_iommu_group_add_guest     (FerryIommuGroup *self,
                                                     const char      *guest);
const char * const *ferry_iommu_group_get_guests    (FerryIommuGroup *self);

G_END_DECLS
