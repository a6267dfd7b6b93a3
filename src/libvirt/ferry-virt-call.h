/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "ferry-pci-address.h"

G_BEGIN_DECLS

/* What the session's worker threads share around raw libvirt calls. */
gboolean     ferry_virt_set_error       (GError        **error,
                                         const char     *what);
gboolean     ferry_virt_driver_lacks_it (void);
virDomainPtr ferry_virt_lookup_domain   (virConnectPtr   conn,
                                         const char     *guest,
                                         GError        **error);
virNodeDevicePtr ferry_virt_lookup_function (virConnectPtr          conn,
                                             GHashTable            *names,
                                             const FerryPciAddress *address);
gboolean     ferry_virt_attach_config   (virConnectPtr   conn,
                                         virDomainPtr    domain,
                                         const char     *device_xml,
                                         GError        **error);

virConnectPtr ferry_virt_open_within    (const char     *uri,
                                         guint           seconds,
                                         GError        **error);
gboolean     ferry_virt_connection_lost (virConnectPtr   conn);

/* How long Ferry waits for a host it lost in the middle of an operation to answer again. */
#define FERRY_VIRT_RECONNECT_SECONDS 30

G_END_DECLS
