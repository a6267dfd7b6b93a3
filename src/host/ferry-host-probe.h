/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ferry-host-facts.h"

G_BEGIN_DECLS

void ferry_host_probe (const char     *root,
                       FerryHostFacts *facts);

/* What the host itself uses each PCI function for right now, for a local connection:
 * ferry_pci_address_to_string (address) → a sentence of what the host would lose
 * ("Network interface eno1 is up"). Functions the host does not visibly use have no entry. */
GHashTable *ferry_host_probe_device_uses (const char *root);

/* The IOMMU groups whose /dev/vfio/GROUP the user running Ferry may open, read and write
 * (GINT_TO_POINTER (group) keys): what a per-user session connection needs. */
GHashTable *ferry_host_probe_vfio_groups (const char *root);

G_END_DECLS
