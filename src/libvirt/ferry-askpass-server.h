/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_ASKPASS_SERVER (ferry_askpass_server_get_type ())
G_DECLARE_FINAL_TYPE (FerryAskpassServer, ferry_askpass_server, FERRY, ASKPASS_SERVER, GObject)

/* The name of the socket next to the helper's link in the server's private directory. */
#define FERRY_ASKPASS_SOCKET_NAME "socket"
/* Bounds the prompt a helper sends and the answer it gets back. */
#define FERRY_ASKPASS_MAX_BYTES 8192

FerryAskpassServer *ferry_askpass_server_new         (const char          *helper,
                                                      GError             **error);
const char         *ferry_askpass_server_get_program (FerryAskpassServer  *self);

G_END_DECLS
