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

G_END_DECLS
