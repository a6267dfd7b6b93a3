/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-finding.h"
#include "ferry-function-state.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-readiness-check.h"

G_BEGIN_DECLS

/* What the user is about to do: give PICKED host functions to GUEST. The rules only read the
 * model, so they judge a remote host as well as a local one (host_uses aside). */
typedef struct
{
  FerryInventory *inventory;
  FerryGuest     *guest;         /* the target guest */
  GArray         *picked;        /* FerryPciAddress, in the order they will be attached */
  GArray         *detach_first;  /* FerryPciAddress the user chose to nodedev-detach first */
  gboolean        managed;       /* managed='yes' (libvirt detaches at guest start) */
  gboolean        can_detach;    /* the connection supports nodedev-detach */
  GHashTable     *host_uses;     /* address string → what the host loses ("eth0 is up");
                                  * NULL when not known; freed with the request */
  gboolean        host_uses_partial; /* over a remote connection host_uses holds only what
                                      * libvirt tells (interfaces, disks): mounts, the boot
                                      * display and processes are not visible */
  gboolean        per_user;      /* a per-user session connection: it cannot detach devices */
  GHashTable     *vfio_groups;   /* on a local per-user connection, the IOMMU groups whose
                                  * /dev/vfio/GROUP the user may open (GINT_TO_POINTER keys);
                                  * NULL when Ferry cannot look; freed with the request */
  GHashTable     *function_states; /* address string → FerryFunctionState (holders, reset);
                                    * NULL over a remote connection; freed with the request */
  GPtrArray      *readiness;     /* FerryReadinessCheck of the host, NULL if not known;
                                  * freed with the request */
} FerryAssignRequest;

FerryAssignRequest *ferry_assign_request_new        (FerryInventory           *inventory,
                                                     FerryGuest               *guest);
void                ferry_assign_request_free       (FerryAssignRequest       *request);
gboolean            ferry_assign_request_is_picked  (const FerryAssignRequest *request,
                                                     const FerryPciAddress    *address);
/* Adds ADDRESS to the pick (once) or takes it out. */
void                ferry_assign_request_set_picked (FerryAssignRequest       *request,
                                                     const FerryPciAddress    *address,
                                                     gboolean                  picked);
/* Applies fix INDEX of FINDING: more devices picked, or devices to detach from the host. */
void                ferry_assign_request_apply_fix  (FerryAssignRequest       *request,
                                                     FerryFinding             *finding,
                                                     guint                     index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryAssignRequest, ferry_assign_request_free)

G_END_DECLS
