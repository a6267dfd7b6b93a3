/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-pci-address.h"
#include "ferry-pci-class.h"

G_BEGIN_DECLS

/* One side of a PCIe link: speed in GT/s, width in lanes; zeros when not reported. */
typedef struct
{
  double speed;
  guint  width;
} FerryPciLink;

/* Whether a host network interface carries traffic, from libvirt's <link state=…/>. */
typedef enum
{
  FERRY_LINK_STATE_UNKNOWN,
  FERRY_LINK_STATE_UP,
  FERRY_LINK_STATE_DOWN,
} FerryLinkState;

/* A host network interface, as its "net" node device describes it. */
typedef struct
{
  char           *parent;     /* the PCI function's node device name */
  char           *interface;
  char           *mac;        /* NULL when libvirt reports none */
  FerryLinkState  link;
} FerryNetdev;

FerryNetdev *ferry_netdev_copy (const FerryNetdev *netdev);
void ferry_netdev_free (FerryNetdev *netdev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryNetdev, ferry_netdev_free)

/* A node device on the way from a PCI function down to a disk: scsi_host, scsi_target, scsi
 * or storage ("block_sda_…", whose block device is /dev/sda). */
typedef struct
{
  char *name;
  char *parent;
  char *block;   /* "sda" on a storage device; NULL on the others */
} FerryNodeChild;

void ferry_node_child_free (FerryNodeChild *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryNodeChild, ferry_node_child_free)

#define FERRY_TYPE_HOST_DEVICE (ferry_host_device_get_type ())

G_DECLARE_FINAL_TYPE (FerryHostDevice, ferry_host_device, FERRY, HOST_DEVICE, GObject)

/* No IOMMU group: the host's IOMMU is off, or the device sits outside every group. */
#define FERRY_NO_IOMMU_GROUP (-1)

FerryHostDevice       *ferry_host_device_new_from_xml     (const char             *xml,
                                                           GError                **error);
FerryNetdev           *ferry_host_device_parse_net_child  (const char             *xml,
                                                           GError                **error);
FerryNodeChild        *ferry_host_device_parse_child      (const char             *xml,
                                                           GError                **error);
FerryHostDevice       *ferry_host_device_copy_parsed      (FerryHostDevice        *self);
const char            *ferry_host_device_get_name         (FerryHostDevice        *self);
const char            *ferry_host_device_get_parent       (FerryHostDevice        *self);
const FerryPciAddress *ferry_host_device_get_address      (FerryHostDevice        *self);
guint                  ferry_host_device_get_class_code   (FerryHostDevice        *self);
guint                  ferry_host_device_get_vendor_id    (FerryHostDevice        *self);
guint                  ferry_host_device_get_product_id   (FerryHostDevice        *self);
const char            *ferry_host_device_get_vendor_name  (FerryHostDevice        *self);
const char            *ferry_host_device_get_product_name (FerryHostDevice        *self);
void                   ferry_host_device_set_fallback_names (FerryHostDevice      *self,
                                                           const char             *vendor_name,
                                                           const char             *product_name);
char                  *ferry_host_device_dup_title        (FerryHostDevice        *self);
const char            *ferry_host_device_get_icon_name    (FerryHostDevice        *self);
const char            *ferry_host_device_get_driver       (FerryHostDevice        *self);
int                    ferry_host_device_get_iommu_group  (FerryHostDevice        *self);
const FerryPciAddress *ferry_host_device_get_group_members (FerryHostDevice       *self,
                                                           guint                  *n_members);
gboolean               ferry_host_device_is_bridge        (FerryHostDevice        *self);
guint                  ferry_host_device_get_max_vfs      (FerryHostDevice        *self);
char                  *ferry_host_device_dup_create_vfs_command (FerryHostDevice  *self);
const FerryPciAddress *ferry_host_device_get_vfs          (FerryHostDevice        *self,
                                                           guint                  *n_vfs);
const FerryPciAddress *ferry_host_device_get_pf           (FerryHostDevice        *self);
gboolean               ferry_host_device_is_vf            (FerryHostDevice        *self);
gboolean               ferry_host_device_is_pf            (FerryHostDevice        *self);
const char            *ferry_host_device_get_class_name   (FerryHostDevice        *self);
FerryDeviceCategory    ferry_host_device_get_category     (FerryHostDevice        *self);
int                    ferry_host_device_get_numa_node    (FerryHostDevice        *self);
gboolean               ferry_host_device_get_link         (FerryHostDevice        *self,
                                                           FerryPciLink           *capability,
                                                           FerryPciLink           *status);
gboolean               ferry_host_device_is_link_degraded (FerryHostDevice        *self);
void                   ferry_host_device_add_netdev       (FerryHostDevice        *self,
                                                           const char             *interface,
                                                           const char             *mac,
                                                           FerryLinkState          link);
const char * const    *ferry_host_device_get_netdevs      (FerryHostDevice        *self);
const char            *ferry_host_device_get_netdev_mac   (FerryHostDevice        *self,
                                                           const char             *interface);
FerryLinkState         ferry_host_device_get_netdev_link  (FerryHostDevice        *self,
                                                           const char             *interface);
void                   ferry_host_device_add_block        (FerryHostDevice        *self,
                                                           const char             *block);
const char * const    *ferry_host_device_get_blocks       (FerryHostDevice        *self);
void                   ferry_host_device_place_disks      (GPtrArray              *devices,
                                                           GPtrArray              *children,
                                                           GHashTable             *shared);
gboolean               ferry_host_device_equal            (FerryHostDevice        *a,
                                                           FerryHostDevice        *b);

G_END_DECLS
