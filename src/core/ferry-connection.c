/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-connection.h"

/* Transports that reach another host; "unix" (and none) stay on this computer. */
static const char * const remote_transports[] = {
  "ssh", "tcp", "tls", "libssh", "libssh2", "ext", NULL
};

/* Classifies URI, as the user gave it (libvirt's URI syntax: driver[+transport]://[user@]
 * [host][:port]/path[?query]). DRIVER, the connection's driver as libvirt names it
 * (virConnectGetType: "QEMU", "Test"), decides when the URI names none (an empty URI lets
 * libvirt choose). DEMO: the URI is Ferry's own demo host. */
FerryConnection *
ferry_connection_classify (const char *uri,
                           const char *driver,
                           gboolean    demo)
{
  g_autoptr(FerryConnection) connection = g_new0 (FerryConnection, 1);
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *scheme = NULL;
  const char *plus;
  const char *host = NULL;
  const char *path = "";

  if (uri != NULL && *uri != '\0')
    parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, NULL);
  if (parsed != NULL)
    {
      scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
      host = g_uri_get_host (parsed);
      path = g_uri_get_path (parsed);
    }
  else if (driver != NULL)
    scheme = g_ascii_strdown (driver, -1);
  else
    scheme = g_strdup ("");

  plus = strchr (scheme, '+');
  connection->driver = g_strndup (scheme, plus ? (gsize) (plus - scheme) : strlen (scheme));
  if (plus != NULL)
    connection->transport = g_strdup (plus + 1);
  if (host != NULL && *host != '\0')
    connection->host = g_strdup (host);
  connection->per_user = g_str_equal (path, "/session");

  if (demo)
    connection->kind = FERRY_CONNECTION_DEMO;
  else if (g_str_equal (connection->driver, "test"))
    connection->kind = FERRY_CONNECTION_TEST;
  else if (connection->host != NULL ||
           (connection->transport != NULL &&
            g_strv_contains (remote_transports, connection->transport)))
    connection->kind = FERRY_CONNECTION_REMOTE;
  else if (connection->per_user)
    connection->kind = FERRY_CONNECTION_SESSION;
  else if (g_str_equal (path, "/system"))
    connection->kind = FERRY_CONNECTION_SYSTEM;
  else
    connection->kind = FERRY_CONNECTION_LOCAL;

  /* A test file or the demo has no daemon of its own, per-user or not. */
  if (connection->kind == FERRY_CONNECTION_DEMO || connection->kind == FERRY_CONNECTION_TEST)
    connection->per_user = FALSE;

  /* The query (a session socket's path, say) belongs to the per-user daemon: dropped. */
  if (connection->per_user && parsed != NULL)
    connection->system_uri = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (parsed),
                                         g_uri_get_userinfo (parsed), g_uri_get_host (parsed),
                                         g_uri_get_port (parsed), "/system", NULL, NULL);

  return g_steal_pointer (&connection);
}

void
ferry_connection_free (FerryConnection *connection)
{
  if (connection == NULL)
    return;
  g_free (connection->driver);
  g_free (connection->transport);
  g_free (connection->host);
  g_free (connection->system_uri);
  g_free (connection);
}

/* The transport in words, for "Remote host %s over …". */
static const char *
describe_transport (const char *transport)
{
  if (transport == NULL)
    /* Translators: how Ferry reaches a remote host when the URI names no transport */
    return _("TLS");
  if (g_str_equal (transport, "ssh") || g_str_equal (transport, "libssh") ||
      g_str_equal (transport, "libssh2"))
    return _("SSH");
  if (g_str_equal (transport, "tcp"))
    /* Translators: libvirt's plain TCP transport: nothing is encrypted */
    return _("unencrypted TCP");
  if (g_str_equal (transport, "tls"))
    return _("TLS");
  if (g_str_equal (transport, "ext"))
    /* Translators: libvirt's ext transport runs a command of the user's to reach the host */
    return _("an external command");
  return transport;
}

/* CONNECTION in plain words, for the header and the host page ("Your user session"). */
char *
ferry_connection_describe (const FerryConnection *connection)
{
  g_return_val_if_fail (connection != NULL, NULL);

  switch (connection->kind)
    {
    case FERRY_CONNECTION_SYSTEM:
      return g_strdup (_("This computer’s system connection"));
    case FERRY_CONNECTION_SESSION:
      return g_strdup (_("Your user session"));
    case FERRY_CONNECTION_REMOTE:
      if (connection->per_user)
        /* Translators: first %s is a host name, second a transport ("SSH") */
        return g_strdup_printf (_("Your user session on %s over %s"),
                                connection->host ? connection->host : "localhost",
                                describe_transport (connection->transport));
      /* Translators: first %s is a host name, second a transport ("SSH") */
      return g_strdup_printf (_("Remote host %s over %s"),
                              connection->host ? connection->host : "localhost",
                              describe_transport (connection->transport));
    case FERRY_CONNECTION_DEMO:
      return g_strdup (_("Demo host, not a real computer"));
    case FERRY_CONNECTION_TEST:
      return g_strdup (_("Test host described by a file"));
    case FERRY_CONNECTION_LOCAL:
    default:
      return g_strdup (_("This computer"));
    }
}

/* The stable names ferryctl's JSON uses. */
const char *
ferry_connection_kind_to_string (FerryConnectionKind kind)
{
  static const char * const names[] = {
    [FERRY_CONNECTION_SYSTEM] = "system",
    [FERRY_CONNECTION_SESSION] = "session",
    [FERRY_CONNECTION_REMOTE] = "remote",
    [FERRY_CONNECTION_DEMO] = "demo",
    [FERRY_CONNECTION_TEST] = "test",
    [FERRY_CONNECTION_LOCAL] = "local",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}
