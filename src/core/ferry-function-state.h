/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ferry-host-device.h"
#include "ferry-inventory.h"

G_BEGIN_DECLS

/* A process of the host that has one of a function's device nodes open. */
typedef struct
{
  guint  pid;
  char  *command;  /* its /proc/PID/comm, valid UTF-8 */
  char  *node;     /* the node it holds, "/dev/dri/card1" */
} FerryDeviceHolder;

FerryDeviceHolder *ferry_device_holder_new      (guint                    pid,
                                                 const char              *command,
                                                 const char              *node);
void               ferry_device_holder_free     (FerryDeviceHolder       *holder);
/* "gnome-shell (pid 1234) has /dev/dri/card1 open", safe for a label. */
char              *ferry_device_holder_describe (const FerryDeviceHolder *holder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDeviceHolder, ferry_device_holder_free)

/* What a local host's kernel says of one PCI function that libvirt does not: who holds its
 * device nodes open, and how it can be reset. Read by ferry_host_probe_functions(). */
typedef struct
{
  GPtrArray *nodes;          /* char *: its device nodes ("/dev/dri/card1", "/dev/nvidia0") */
  GPtrArray *holders;        /* FerryDeviceHolder, by pid */
  guint      unchecked;      /* processes whose open files could not be read (other users'):
                              * any of them may hold a node; 0 for a function without nodes */
  GStrv      reset_methods;  /* sysfs reset_method ("flr", "bus"…); NULL when not known,
                              * empty when the kernel offers none */
} FerryFunctionState;

FerryFunctionState *ferry_function_state_new  (void);
void                ferry_function_state_free (FerryFunctionState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryFunctionState, ferry_function_state_free)

/* Whether a guest that had the function can leave it usable for the host or the next guest. */
typedef enum
{
  FERRY_RESET_RISK_NONE,        /* it has a reset of its own, or nothing is known */
  FERRY_RESET_RISK_NO_METHOD,   /* the kernel offers no reset method at all */
  FERRY_RESET_RISK_SHARED_BUS,  /* a GPU that only a bus reset resets, on a shared bus */
} FerryResetRisk;

/* The reset risk of DEVICE given its STATE (NULL: not known). For a shared bus, the other
 * functions on it go to BUS_MATES when that is not NULL (FerryHostDevice, owned by INVENTORY). */
FerryResetRisk      ferry_reset_risk_of       (const FerryFunctionState *state,
                                               FerryInventory           *inventory,
                                               FerryHostDevice          *device,
                                               GPtrArray               **bus_mates);
/* What the risk means and what helps, a translated sentence for the review and the device
 * page alike. */
const char         *ferry_reset_risk_get_advice (void);

G_END_DECLS
