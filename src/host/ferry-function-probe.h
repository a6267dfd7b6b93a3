/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-function-state.h"

G_BEGIN_DECLS

/* What the kernel of the host under ROOT ("/" for this machine, a fixture tree in tests)
 * says of each PCI function: ferry_pci_address_to_string (address) → FerryFunctionState, for
 * every function sysfs lists. */
GHashTable *ferry_host_probe_functions (const char *root);

G_END_DECLS
