/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_POOL_CONNECT_DIALOG (ferry_pool_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryPoolConnectDialog, ferry_pool_connect_dialog, FERRY,
                      POOL_CONNECT_DIALOG, AdwMessageDialog)

FerryPoolConnectDialog *ferry_pool_connect_dialog_new (GtkWindow    *parent,
                                                       FerrySession *session,
                                                       const char   *pool);

G_END_DECLS
