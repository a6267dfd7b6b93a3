/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-pci-address.h"

G_BEGIN_DECLS

#define FERRY_TYPE_NETWORK (ferry_network_get_type ())

G_DECLARE_FINAL_TYPE (FerryNetwork, ferry_network, FERRY, NETWORK, GObject)

FerryNetwork          *ferry_network_new_from_xml       (const char     *xml,
                                                         GError        **error);
const char            *ferry_network_get_name           (FerryNetwork   *self);
const char            *ferry_network_get_display_name   (FerryNetwork   *self);
const char            *ferry_network_get_forward_mode   (FerryNetwork   *self);
gboolean               ferry_network_is_hostdev_pool    (FerryNetwork   *self);
const char            *ferry_network_get_pf_device      (FerryNetwork   *self);
const char            *ferry_network_get_bridge         (FerryNetwork   *self);
const FerryPciAddress *ferry_network_get_vfs            (FerryNetwork   *self,
                                                         guint          *n_vfs);
gboolean               ferry_network_get_managed        (FerryNetwork   *self);
gboolean               ferry_network_get_active         (FerryNetwork   *self);
gboolean               ferry_network_get_autostart      (FerryNetwork   *self);
void                   ferry_network_set_status         (FerryNetwork   *self,
                                                         gboolean        active,
                                                         gboolean        autostart,
                                                         gboolean        persistent);
gboolean               ferry_network_get_persistent     (FerryNetwork   *self);
guint                  ferry_network_get_vlan           (FerryNetwork   *self);
const char            *ferry_network_get_vlan_label     (FerryNetwork   *self);
char                  *ferry_network_describe_source    (FerryNetwork   *self);
guint                  ferry_network_get_connections    (FerryNetwork   *self);
const char            *ferry_network_get_definition     (FerryNetwork   *self);
void                   ferry_network_set_definition     (FerryNetwork   *self,
                                                         const char     *xml);
gboolean               ferry_network_equal              (FerryNetwork   *a,
                                                         FerryNetwork   *b);

G_END_DECLS
