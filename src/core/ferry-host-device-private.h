/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-host-device.h"

G_BEGIN_DECLS

/* FerryHostDevice spans two files: the record (ferry-host-device.c) and the reading of
 * libvirt's node-device XML into it (ferry-host-device-xml.c). */
/* One PCI function of the host, as libvirt's node device XML describes it. */
struct _FerryHostDevice
{
  GObject          parent_instance;

  char            *name;
  char            *parent;
  FerryPciAddress  address;
  guint            class_code;
  gboolean         has_class;
  guint            vendor_id;
  guint            product_id;
  char            *vendor_name;
  char            *product_name;
  char            *driver;
  int              iommu_group;
  GArray          *group_members;
  GArray          *vfs;
  guint            max_vfs;
  gboolean         has_vf_capability;
  gboolean         is_vf;
  FerryPciAddress  pf;
  gboolean         is_bridge;
  int              numa_node;
  FerryPciLink     link_cap;
  FerryPciLink     link_sta;
  GPtrArray       *netdevs;       /* FerryNetdev, without parent */
  GPtrArray       *netdev_names;  /* their interface names, NULL-terminated, borrowed */
  GPtrArray       *blocks;        /* disks below it ("sda"), NULL-terminated */
};

G_END_DECLS
