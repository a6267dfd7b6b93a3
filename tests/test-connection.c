/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-connection.h"

/* What each kind of libvirt URI is, and how Ferry says it. */
static const struct
{
  const char          *uri;
  const char          *driver;
  gboolean             demo;
  FerryConnectionKind  kind;
  gboolean             per_user;
  const char          *transport;
  const char          *host;
  const char          *system_uri;
  const char          *described;
} uris[] = {
  { "qemu:///system", NULL, FALSE, FERRY_CONNECTION_SYSTEM, FALSE, NULL, NULL, NULL,
    "This computer’s system connection" },
  { "qemu+unix:///system?socket=/run/ferry/sock", NULL, FALSE, FERRY_CONNECTION_SYSTEM, FALSE,
    "unix", NULL, NULL, "system connection" },
  { "qemu:///session", NULL, FALSE, FERRY_CONNECTION_SESSION, TRUE, NULL, NULL,
    "qemu:///system", "Your user session" },
  { "QEMU+UNIX:///session?socket=/run/user/1000/libvirt/virtqemud-sock", NULL, FALSE,
    FERRY_CONNECTION_SESSION, TRUE, "unix", NULL, "qemu+unix:///system", "Your user session" },
  { "qemu+ssh://root@server.example/system", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE,
    "ssh", "server.example", NULL, "Remote host server.example over SSH" },
  { "qemu+ssh://admin@server.example:2222/system?keyfile=/k", NULL, FALSE,
    FERRY_CONNECTION_REMOTE, FALSE, "ssh", "server.example", NULL,
    "Remote host server.example over SSH" },
  { "qemu+libssh2://lab/system?known_hosts=/k", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE,
    "libssh2", "lab", NULL, "Remote host lab over SSH" },
  { "qemu+libssh://lab/system", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE, "libssh", "lab",
    NULL, "over SSH" },
  { "qemu+tcp://127.0.0.1:16509/system", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE, "tcp",
    "127.0.0.1", NULL, "Remote host 127.0.0.1 over unencrypted TCP" },
  { "qemu+tls://lab.example/system", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE, "tls",
    "lab.example", NULL, "over TLS" },
  /* No transport with a host: libvirt's default is TLS. */
  { "qemu://lab.example/system", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE, NULL,
    "lab.example", NULL, "Remote host lab.example over TLS" },
  { "qemu+ext:///system?command=/opt/reach-lab", NULL, FALSE, FERRY_CONNECTION_REMOTE, FALSE,
    "ext", NULL, NULL, "over an external command" },
  /* Someone else's session on a remote host: per-user too. */
  { "qemu+ssh://me@desk.example/session", NULL, FALSE, FERRY_CONNECTION_REMOTE, TRUE, "ssh",
    "desk.example", "qemu+ssh://me@desk.example/system",
    "Your user session on desk.example over SSH" },
  { "test:///default", NULL, FALSE, FERRY_CONNECTION_TEST, FALSE, NULL, NULL, NULL,
    "Test host described by a file" },
  { "test:///srv/hosts/session", NULL, FALSE, FERRY_CONNECTION_TEST, FALSE, NULL, NULL, NULL,
    "Test host" },
  { "test+unix:///srv/host.xml?socket=/tmp/s", NULL, FALSE, FERRY_CONNECTION_TEST, FALSE,
    "unix", NULL, NULL, "Test host" },
  { "test:///usr/share/ferry/demo-host.xml", NULL, TRUE, FERRY_CONNECTION_DEMO, FALSE, NULL,
    NULL, NULL, "Demo host" },
  { "lxc:///", NULL, FALSE, FERRY_CONNECTION_LOCAL, FALSE, NULL, NULL, NULL, "This computer" },
  /* No URI: libvirt chose, and the driver says which. */
  { NULL, "Test", FALSE, FERRY_CONNECTION_TEST, FALSE, NULL, NULL, NULL, "Test host" },
  { "", "QEMU", FALSE, FERRY_CONNECTION_LOCAL, FALSE, NULL, NULL, NULL, "This computer" },
};

static void
test_classify (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(FerryConnection) connection = ferry_connection_classify (uris[i].uri,
                                                                         uris[i].driver,
                                                                         uris[i].demo);
      g_autofree char *described = ferry_connection_describe (connection);

      g_test_message ("%s → %s, %s", uris[i].uri, ferry_connection_kind_to_string (connection->kind),
                      described);
      g_assert_cmpint (connection->kind, ==, uris[i].kind);
      g_assert_cmpint (connection->per_user, ==, uris[i].per_user);
      g_assert_cmpstr (connection->transport, ==, uris[i].transport);
      g_assert_cmpstr (connection->host, ==, uris[i].host);
      g_assert_cmpstr (connection->system_uri, ==, uris[i].system_uri);
      g_assert_nonnull (strstr (described, uris[i].described));
    }
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_SYSTEM), ==, "system");
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_SESSION), ==, "session");
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_REMOTE), ==, "remote");
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_DEMO), ==, "demo");
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_TEST), ==, "test");
  g_assert_cmpstr (ferry_connection_kind_to_string (FERRY_CONNECTION_LOCAL), ==, "local");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection/classify", test_classify);
  g_test_add_func ("/connection/kind-names", test_kind_names);
  return g_test_run ();
}
