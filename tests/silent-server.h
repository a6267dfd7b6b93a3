/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP listener on 127.0.0.1 that accepts connections and never says a word: the worst a
 * remote libvirt host can do to a client. Returns a qemu+tcp URI pointing at it. */
char *silent_server_start (GSocketListener **listener);

G_END_DECLS
