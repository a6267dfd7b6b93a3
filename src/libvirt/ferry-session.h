/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ferry-assign-check.h"
#include "ferry-connection.h"
#include "ferry-function-state.h"
#include "ferry-guest.h"
#include "ferry-host-device.h"
#include "ferry-host-facts.h"
#include "ferry-inventory.h"
#include "ferry-pci-address.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SESSION (ferry_session_get_type ())

G_DECLARE_FINAL_TYPE (FerrySession, ferry_session, FERRY, SESSION, GObject)

void             ferry_session_init_libvirt  (void);
char            *ferry_session_dup_demo_uri  (void);

FerrySession    *ferry_session_new           (const char           *uri);
const char      *ferry_session_get_uri       (FerrySession         *self);
gboolean         ferry_session_is_demo       (FerrySession         *self);
const FerryConnection *ferry_session_get_connection (FerrySession  *self);
char            *ferry_session_dup_connection_description (FerrySession *self);
void             ferry_session_connect_async (FerrySession         *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean         ferry_session_connect_finish (FerrySession        *self,
                                               GAsyncResult        *result,
                                               GError             **error);
gboolean         ferry_session_connect_sync  (FerrySession        *self,
                                              guint                timeout_seconds,
                                              GError             **error);
gboolean         ferry_session_get_read_progress (FerrySession    *self,
                                                  guint           *done,
                                                  guint           *total);
const char      *ferry_session_get_hostname  (FerrySession         *self);
const char      *ferry_session_get_hypervisor (FerrySession        *self);
const char      *ferry_session_get_libvirt_version (FerrySession   *self);
GListModel      *ferry_session_get_guests    (FerrySession         *self);
GListModel      *ferry_session_get_networks  (FerrySession         *self);
GListModel      *ferry_session_get_devices   (FerrySession         *self);
GListModel      *ferry_session_get_groups    (FerrySession         *self);
GListModel      *ferry_session_get_readiness (FerrySession         *self);
FerryInventory  *ferry_session_get_inventory (FerrySession         *self);
GHashTable      *ferry_session_get_host_uses (FerrySession         *self);
const FerryHostFacts *ferry_session_get_host_facts (FerrySession  *self);
gboolean         ferry_session_get_host_uses_partial (FerrySession *self);
const FerryFunctionState *ferry_session_get_function_state (FerrySession          *self,
                                                            const FerryPciAddress *address);
FerryGuest      *ferry_session_lookup_guest  (FerrySession         *self,
                                              const char           *name);
FerryNetwork    *ferry_session_lookup_network (FerrySession     *self,
                                              const char           *name);
guint            ferry_session_count_pool_unplaced (FerrySession   *self,
                                                   FerryNetwork   *pool);
GPtrArray       *ferry_session_dup_pool_guests (FerrySession       *self,
                                                const char         *pool,
                                                gboolean            running_only);
FerryAssignRequest *ferry_session_new_assign_request (FerrySession *self,
                                                     FerryGuest   *guest);
gboolean         ferry_session_get_connected (FerrySession         *self);
gboolean         ferry_session_can_change_live (FerrySession       *self);
gboolean         ferry_session_can_detach_from_host (FerrySession  *self);
void             ferry_session_reload        (FerrySession         *self);
const char * const *ferry_session_get_problems (FerrySession     *self);
FerryHostDevice *ferry_session_lookup_device (FerrySession         *self,
                                              const FerryPciAddress *address);

G_END_DECLS
