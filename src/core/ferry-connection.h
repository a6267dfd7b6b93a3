/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a libvirt connection is, which decides what it can do with host devices. */
typedef enum
{
  FERRY_CONNECTION_SYSTEM,   /* this computer's privileged daemon (qemu:///system) */
  FERRY_CONNECTION_SESSION,  /* a per-user daemon (qemu:///session): cannot detach devices */
  FERRY_CONNECTION_REMOTE,   /* another host, over a network transport */
  FERRY_CONNECTION_DEMO,     /* Ferry's built-in demo host */
  FERRY_CONNECTION_TEST,     /* a libvirt test-driver file (test:///…) */
  FERRY_CONNECTION_LOCAL,    /* this computer, another driver (lxc:///, xen:///…) */
} FerryConnectionKind;

typedef struct
{
  FerryConnectionKind  kind;
  gboolean             per_user;   /* a /session daemon, here or on a remote host */
  char                *driver;     /* "qemu", "test"…; the URI's scheme without transport */
  char                *transport;  /* "ssh", "tcp", "tls", "libssh", "libssh2", "ext"; or NULL */
  char                *host;       /* the remote host's name, or NULL */
  char                *system_uri; /* on a per-user connection, the same host's system one */
} FerryConnection;

FerryConnection *ferry_connection_classify (const char            *uri,
                                            const char            *driver,
                                            gboolean               demo);
void             ferry_connection_free     (FerryConnection       *connection);
char            *ferry_connection_describe (const FerryConnection *connection);
const char      *ferry_connection_kind_to_string (FerryConnectionKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryConnection, ferry_connection_free)

G_END_DECLS
