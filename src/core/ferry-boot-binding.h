/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-host-device.h"
#include "ferry-host-facts.h"
#include "ferry-inventory.h"

G_BEGIN_DECLS

/* The file Ferry's commands write: one for every card bound at boot, because modprobe does
 * not merge two "options vfio-pci ids=" lines (the module gets both, and the last one wins). */
#define FERRY_BOOT_BINDING_FILE "/etc/modprobe.d/vfio-pci-ferry.conf"

/* One thing to do: a sentence, and shell text to copy (it may span lines). */
typedef struct
{
  char *title;
  char *command;
} FerryBootStep;

/* How to have vfio-pci take a card at boot instead of its host drivers, for one host's
 * distribution and boot loader: commands for the user to run (Ferry never runs them), how to
 * undo them, and what to know first. */
typedef struct
{
  GPtrArray *functions;   /* FerryHostDevice: every function of the card, by address */
  char      *ids;         /* "10de:1e84,10de:10f8": what vfio-pci takes of this card */
  char      *kept_ids;    /* what it takes already, for other cards, and keeps; or NULL */
  GStrv      drivers;     /* the host drivers vfio-pci must load before */
  GPtrArray *warnings;    /* sentences */
  GPtrArray *steps;       /* FerryBootStep */
  GPtrArray *undo;        /* FerryBootStep */
} FerryBootBinding;

FerryBootBinding *ferry_boot_binding_new  (const FerryHostFacts *facts,
                                           FerryInventory       *inventory,
                                           FerryHostDevice      *device,
                                           GHashTable           *host_uses,
                                           GError              **error);
void              ferry_boot_binding_free (FerryBootBinding     *binding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryBootBinding, ferry_boot_binding_free)

G_END_DECLS
