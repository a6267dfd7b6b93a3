/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CONNECT_DIALOG (ferry_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryConnectDialog, ferry_connect_dialog, FERRY, CONNECT_DIALOG,
                      AdwWindow)

FerryConnectDialog *ferry_connect_dialog_new     (GtkWindow          *parent,
                                                  const char         *uri);

G_END_DECLS
