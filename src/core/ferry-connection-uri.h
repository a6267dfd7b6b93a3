/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ways the connect dialog offers to reach a QEMU/KVM host; CUSTOM is any other URI. The
 * order is the dialog's. */
typedef enum
{
  FERRY_TRANSPORT_LOCAL_SYSTEM,
  FERRY_TRANSPORT_LOCAL_SESSION,
  FERRY_TRANSPORT_SSH,
  FERRY_TRANSPORT_TLS,
  FERRY_TRANSPORT_CUSTOM,
} FerryTransport;

/* The parts of a connection URI the dialog edits: PORT 0 is the transport's default. */
typedef struct
{
  FerryTransport  transport;
  char           *user;
  char           *host;
  guint           port;
} FerryConnectionFields;

void      ferry_connection_fields_clear (FerryConnectionFields       *fields);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryConnectionFields, ferry_connection_fields_clear)

gboolean  ferry_transport_is_remote     (FerryTransport               transport);

/* Each check fails with FERRY_ERROR_INVALID_INPUT and a message for the user that says what
 * is wrong with the text. */
gboolean  ferry_connection_check_user   (const char                  *user,
                                         GError                     **error);
gboolean  ferry_connection_check_host   (const char                  *host,
                                         GError                     **error);
gboolean  ferry_connection_parse_port   (const char                  *text,
                                         guint                       *port,
                                         GError                     **error);
gboolean  ferry_connection_check_uri    (const char                  *uri,
                                         GError                     **error);

char     *ferry_connection_uri_build    (const FerryConnectionFields *fields,
                                         GError                     **error);
gboolean  ferry_connection_uri_parse    (const char                  *uri,
                                         FerryConnectionFields       *fields);

/* How many connections the connect dialog offers again. */
#define FERRY_RECENT_CONNECTIONS_MAX 8

/* The recent-connections list: URI first, no duplicates, at most MAX entries. */
GStrv     ferry_connection_recent_add   (const char * const          *recent,
                                         const char                  *uri,
                                         guint                        max);
GStrv     ferry_connection_recent_remove (const char * const         *recent,
                                          const char                 *uri);

G_END_DECLS
