/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-pci-address.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_SEVERITY_INFO,
  FERRY_SEVERITY_WARNING,
  FERRY_SEVERITY_ERROR,
} FerrySeverity;

/* What a one-click fix does to an assignment request (see FerryAssignRequest), or to a guest. */
typedef enum
{
  FERRY_FIX_NONE,
  FERRY_FIX_ADD_DEVICES,       /* add the fix's devices to the pick */
  FERRY_FIX_DETACH_FROM_HOST,  /* nodedev-detach the fix's devices before applying */
  FERRY_FIX_MOVE_DEVICE,       /* a guest's problem: give it the second device instead of
                                * the first (ferry_session_repair_async) */
} FerryFixKind;

#define FERRY_TYPE_FINDING (ferry_finding_get_type ())
G_DECLARE_FINAL_TYPE (FerryFinding, ferry_finding, FERRY, FINDING, GObject)

FerryFinding          *ferry_finding_new            (const char            *code,
                                                     FerrySeverity          severity,
                                                     const char            *message);
const char            *ferry_finding_get_code       (FerryFinding          *self);
FerrySeverity          ferry_finding_get_severity   (FerryFinding          *self);
const char            *ferry_finding_get_severity_name (FerryFinding       *self);
const char            *ferry_finding_get_message    (FerryFinding          *self);
/* An error the user may take on knowingly ("I understand, assign anyway", ferryctl --force):
 * the host loses something it uses, or the guest will not start until the host changes. */
void                   ferry_finding_set_overridable (FerryFinding         *self,
                                                      gboolean              overridable);
gboolean               ferry_finding_get_overridable (FerryFinding         *self);
/* The host functions the finding is about, in address order. */
void                   ferry_finding_add_device     (FerryFinding          *self,
                                                     const FerryPciAddress *address);
const FerryPciAddress *ferry_finding_get_devices    (FerryFinding          *self,
                                                     guint                 *n_devices);
/* The other guests it names. */
void                   ferry_finding_add_guest      (FerryFinding          *self,
                                                     const char            *guest);
const char * const    *ferry_finding_get_guests     (FerryFinding          *self);
/* Up to two fixes, each a kind, a button label and the devices it acts on. */
void                   ferry_finding_add_fix        (FerryFinding          *self,
                                                     FerryFixKind           kind,
                                                     const char            *label,
                                                     const FerryPciAddress *devices,
                                                     guint                  n_devices);
guint                  ferry_finding_get_n_fixes    (FerryFinding          *self);
FerryFixKind           ferry_finding_get_fix_kind   (FerryFinding          *self,
                                                     guint                  index);
const char            *ferry_finding_get_fix_label  (FerryFinding          *self,
                                                     guint                  index);
const FerryPciAddress *ferry_finding_get_fix_devices (FerryFinding         *self,
                                                      guint                 index,
                                                      guint                *n_devices);

G_END_DECLS
