/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reading a host's /proc and /sys under ROOT, for the probes of libferry-host; see
 * ferry-host-root.c. Paths are relative to ROOT. */
char      *ferry_root_resolve              (const char *root,
                                            const char *path);
char      *ferry_root_read                 (const char *root,
                                            const char *path);
GPtrArray *ferry_root_list                 (const char *root,
                                            const char *path);
char      *ferry_root_parse_pci_function   (const char *name);
char      *ferry_root_nearest_pci_function (const char *resolved);

G_END_DECLS
