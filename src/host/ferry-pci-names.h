/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ferry_pci_names_lookup (guint   vendor_id,
                                 guint   product_id,
                                 char  **vendor_name,
                                 char  **product_name);

G_END_DECLS
