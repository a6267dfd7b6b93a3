/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-boot-binding.h"

G_BEGIN_DECLS

#define FERRY_TYPE_BOOT_BINDING_DIALOG (ferry_boot_binding_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryBootBindingDialog, ferry_boot_binding_dialog, FERRY,
                      BOOT_BINDING_DIALOG, AdwWindow)

FerryBootBindingDialog *ferry_boot_binding_dialog_new (GtkWindow              *parent,
                                                       const FerryBootBinding *binding,
                                                       const char             *os_name);

G_END_DECLS
