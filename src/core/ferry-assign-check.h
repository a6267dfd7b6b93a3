/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ferry-assign-request.h"
#include "ferry-finding.h"

G_BEGIN_DECLS

/* Runs every rule; returns FerryFinding, errors first, then warnings, then infos. */
GPtrArray          *ferry_assign_check              (const FerryAssignRequest *request);
gboolean            ferry_assign_check_has_error    (GPtrArray                *findings);
/* Whether FINDINGS stop the assignment: an error that cannot be overridden, or any error
 * while OVERRIDE (the user's explicit "assign anyway") is not given. */
gboolean            ferry_assign_check_blocks       (GPtrArray                *findings,
                                                     gboolean                  override);
/* Whether every error in FINDINGS (there is at least one) may be overridden. */
gboolean            ferry_assign_check_can_override (GPtrArray                *findings);

G_END_DECLS
