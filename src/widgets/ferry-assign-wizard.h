/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ASSIGN_WIZARD (ferry_assign_wizard_get_type ())
G_DECLARE_FINAL_TYPE (FerryAssignWizard, ferry_assign_wizard, FERRY, ASSIGN_WIZARD, AdwWindow)

FerryAssignWizard *ferry_assign_wizard_new (GtkWindow             *parent,
                                            FerrySession          *session,
                                            const char            *guest,
                                            const FerryPciAddress *device);

G_END_DECLS
