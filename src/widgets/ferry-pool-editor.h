/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ferry-network.h"
#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_POOL_EDITOR (ferry_pool_editor_get_type ())

G_DECLARE_FINAL_TYPE (FerryPoolEditor, ferry_pool_editor, FERRY, POOL_EDITOR, AdwWindow)

FerryPoolEditor *ferry_pool_editor_new          (GtkWindow    *parent,
                                                 FerrySession *session);
FerryPoolEditor *ferry_pool_editor_new_for_pool (GtkWindow    *parent,
                                                 FerrySession *session,
                                                 FerryNetwork *pool);

G_END_DECLS
