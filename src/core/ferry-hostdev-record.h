/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/tree.h>

#include "ferry-host-device.h"
#include "ferry-pci-address.h"

G_BEGIN_DECLS

/* Ferry's own element in a guest's <metadata>: what it saw at each address it assigned.
 * libvirt keeps elements of foreign namespaces through every round trip. */
#define FERRY_HOSTDEV_RECORD_NS     "https://github.com/ferry-app/ferry/hostdev/1"
#define FERRY_HOSTDEV_RECORD_PREFIX "ferry"

/* The device at ADDRESS when Ferry assigned it, as libvirt's node device described it (its
 * XML has no subsystem ids: vendor, product, class and IOMMU group are what it tells). */
typedef struct
{
  FerryPciAddress address;
  guint           vendor_id;
  guint           product_id;
  guint           class_code;
  int             iommu_group;   /* FERRY_NO_IOMMU_GROUP when there was none */
} FerryHostdevRecord;

void      ferry_hostdev_record_init_from_device (FerryHostdevRecord  *record,
                                                 FerryHostDevice     *device);
gboolean  ferry_hostdev_record_matches    (const FerryHostdevRecord  *record,
                                           FerryHostDevice           *device);
char     *ferry_hostdev_record_describe   (const FerryHostdevRecord  *record);

GArray   *ferry_hostdev_records_read      (xmlNode                   *domain);
const FerryHostdevRecord *ferry_hostdev_records_find (GArray               *records,
                                                      const FerryPciAddress *address);
gboolean  ferry_hostdev_records_remove    (GArray                    *records,
                                           const FerryPciAddress     *address);
void      ferry_hostdev_records_put       (GArray                    *records,
                                           const FerryHostdevRecord  *record);
void      ferry_hostdev_records_write     (xmlNode                   *domain,
                                           GArray                    *records);

char     *ferry_domain_edit_put_records   (const char                *domain_xml,
                                           GArray                    *records,
                                           GError                   **error);
char     *ferry_domain_edit_forget_record (const char                *domain_xml,
                                           const FerryPciAddress     *address,
                                           FerryHostdevRecord        *forgotten,
                                           GError                   **error);
char     *ferry_domain_edit_move_device   (const char                *domain_xml,
                                           const FerryPciAddress     *from,
                                           const FerryPciAddress     *to,
                                           GError                   **error);

G_END_DECLS
