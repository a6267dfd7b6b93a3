/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-device-use.h"
#include "ferry-host-device.h"
#include "ferry-iommu-group.h"
#include "ferry-network.h"

G_BEGIN_DECLS

#define FERRY_TYPE_INVENTORY (ferry_inventory_get_type ())

G_DECLARE_FINAL_TYPE (FerryInventory, ferry_inventory, FERRY, INVENTORY, GObject)

FerryInventory     *ferry_inventory_new        (GPtrArray             *devices,
                                                GPtrArray             *guests,
                                                GPtrArray             *networks);
FerryInventory     *ferry_inventory_new_for_devices (GPtrArray        *devices);
void                ferry_inventory_add_owners (FerryInventory        *self,
                                                GPtrArray             *guests,
                                                GPtrArray             *networks);
GListModel         *ferry_inventory_get_devices (FerryInventory       *self);
GListModel         *ferry_inventory_get_groups (FerryInventory        *self);
FerryHostDevice    *ferry_inventory_lookup     (FerryInventory        *self,
                                                const FerryPciAddress *address);
FerryIommuGroup    *ferry_inventory_get_group  (FerryInventory        *self,
                                                int                    number);
GPtrArray          *ferry_inventory_get_uses   (FerryInventory        *self,
                                                const FerryPciAddress *address);
const char * const *ferry_inventory_get_pools  (FerryInventory        *self,
                                                const FerryPciAddress *address);
GPtrArray          *ferry_inventory_dup_slot_siblings (FerryInventory *self,
                                                const FerryPciAddress *address);
FerryHostDevice    *ferry_inventory_find_netdev (FerryInventory       *self,
                                                const char            *interface);
GArray             *ferry_inventory_dup_pool_vfs (FerryInventory      *self,
                                                FerryNetwork          *network);
guint               ferry_inventory_count_pool_in_use (FerryInventory *self,
                                                FerryNetwork          *network,
                                                guint                 *n_vfs);
const char         *ferry_inventory_get_holder (FerryInventory        *self,
                                                const FerryPciAddress *address);
gboolean            ferry_inventory_device_equal (FerryInventory     *self,
                                                FerryInventory        *other,
                                                const FerryPciAddress *address);
gboolean            ferry_inventory_group_equal (FerryInventory      *self,
                                                FerryInventory        *other,
                                                int                    number,
                                                GHashTable            *changed);

G_END_DECLS
