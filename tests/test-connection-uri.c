/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-connection-uri.h"
#include "ferry-error.h"

/* The connect dialog's URI: built from parts, read back into them, and every part checked
 * with a reason the dialog can show. */

static void
test_hosts (void)
{
  const char *good[] = {
    "server", "server.example.org", "a-b.example", "host1", "1host", "x",
    "192.168.1.10", "10.0.0.1", "::1", "[::1]", "fe80::1", "2001:db8::42", "[2001:db8::42]",
    "a.b.c.d.e.f.g", "xn--bcher-kva.example",
  };
  const char *bad[] = {
    "", "-server", "server-", "a..b", ".server", "server.", "under_score.example",
    "bad host", "user@server", "server:22", "999.1.1.1", "1.2.3", "[::1", "[server]",
    "[fe80::1%eth0]", "fe80::1%eth0", "bücher.example", "tab\there", "a/b", "a;b",
    "-oProxyCommand=evil",
  };
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *max_label = g_strnfill (63, 'a');
  g_autofree char *long_name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ferry_connection_check_host (good[i], &error))
        g_error ("“%s” refused: %s", good[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (ferry_connection_check_host (bad[i], &error))
        g_error ("“%s” accepted", bad[i]);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, !=, "");
    }
  g_assert_false (ferry_connection_check_host (NULL, NULL));

  g_assert_true (ferry_connection_check_host (max_label, NULL));
  g_assert_false (ferry_connection_check_host (long_label, NULL));
  /* 4 × 63 + 3 dots = 255 > 253. */
  long_name = g_strjoin (".", max_label, max_label, max_label, max_label, NULL);
  g_assert_false (ferry_connection_check_host (long_name, NULL));
}

static void
test_host_reasons (void)
{
  g_autoptr(GError) at = NULL;
  g_autoptr(GError) colon = NULL;
  g_autoptr(GError) character = NULL;
  g_autoptr(GError) hyphen = NULL;

  /* The reasons point to the field that was meant. */
  g_assert_false (ferry_connection_check_host ("root@server", &at));
  g_assert_nonnull (strstr (at->message, "User"));
  g_assert_false (ferry_connection_check_host ("server:2222", &colon));
  g_assert_nonnull (strstr (colon->message, "Port"));
  g_assert_false (ferry_connection_check_host ("my_host", &character));
  g_assert_nonnull (strstr (character->message, "“_”"));
  g_assert_false (ferry_connection_check_host ("server-", &hyphen));
  g_assert_nonnull (strstr (hyphen->message, "hyphen"));
}

static void
test_users (void)
{
  const char *good[] = { NULL, "", "root", "jane.doe", "user_1", "José", "DOMAIN\\jane" };
  const char *bad[] = { "jane doe", "a@b", "a:b", "a/b", "a?b", "a#b", "-l", "tab\tuser",
                        "nl\nuser", " " };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ferry_connection_check_user (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (ferry_connection_check_user (bad[i], &error))
        g_error ("“%s” accepted", bad[i]);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
    }

  /* A character beyond ASCII whose low byte is '@' is not '@'. */
  g_assert_true (ferry_connection_check_user ("\xc5\x80", NULL));
}

static void
test_ports (void)
{
  const char *bad[] = { "0", "65536", "99999999999999999999", "-1", "+22", " 22", "22 ",
                        "2x", "0x16", "１２" };
  guint port = 7;

  g_assert_true (ferry_connection_parse_port ("", &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (ferry_connection_parse_port (NULL, &port, NULL));
  g_assert_cmpuint (port, ==, 0);
  g_assert_true (ferry_connection_parse_port ("1", &port, NULL));
  g_assert_cmpuint (port, ==, 1);
  g_assert_true (ferry_connection_parse_port ("65535", &port, NULL));
  g_assert_cmpuint (port, ==, 65535);
  g_assert_true (ferry_connection_parse_port ("2222", &port, NULL));
  g_assert_cmpuint (port, ==, 2222);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      port = 7;
      if (ferry_connection_parse_port (bad[i], &port, &error))
        g_error ("port “%s” accepted", bad[i]);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
      g_assert_cmpuint (port, ==, 7);
    }
}

static char *
build (FerryTransport  transport,
       const char     *user,
       const char     *host,
       guint           port)
{
  FerryConnectionFields fields = { transport, (char *) user, (char *) host, port };

  return ferry_connection_uri_build (&fields, NULL);
}

static void
test_build (void)
{
  struct { FerryTransport transport; const char *user, *host; guint port; const char *uri; } cases[] = {
    { FERRY_TRANSPORT_LOCAL_SYSTEM, "ignored", "ignored", 22, "qemu:///system" },
    { FERRY_TRANSPORT_LOCAL_SESSION, NULL, NULL, 0, "qemu:///session" },
    { FERRY_TRANSPORT_SSH, NULL, "server.example", 0, "qemu+ssh://server.example/system" },
    { FERRY_TRANSPORT_SSH, "", "server.example", 0, "qemu+ssh://server.example/system" },
    { FERRY_TRANSPORT_SSH, "root", "server.example", 2222, "qemu+ssh://root@server.example:2222/system" },
    { FERRY_TRANSPORT_TLS, "admin", "10.0.0.1", 16514, "qemu+tls://admin@10.0.0.1:16514/system" },
    { FERRY_TRANSPORT_SSH, NULL, "::1", 0, "qemu+ssh://[::1]/system" },
    { FERRY_TRANSPORT_SSH, "root", "[2001:db8::42]", 22, "qemu+ssh://root@[2001:db8::42]:22/system" },
    /* Escaped by GUri, not by hand. */
    { FERRY_TRANSPORT_SSH, "José", "server", 0, "qemu+ssh://Jos%C3%A9@server/system" },
    { FERRY_TRANSPORT_SSH, "a%b", "server", 0, "qemu+ssh://a%25b@server/system" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = build (cases[i].transport, cases[i].user, cases[i].host,
                                    cases[i].port);

      g_assert_cmpstr (uri, ==, cases[i].uri);
    }
}

static void
test_build_refuses (void)
{
  FerryConnectionFields fields = { FERRY_TRANSPORT_SSH, (char *) "jane doe", (char *) "server", 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) host_error = NULL;

  g_assert_null (ferry_connection_uri_build (&fields, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);

  fields.user = NULL;
  fields.host = (char *) "";
  g_assert_null (ferry_connection_uri_build (&fields, &host_error));
  g_assert_error (host_error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
}

static void
test_parse (void)
{
  g_auto(FerryConnectionFields) fields = { 0 };

  g_assert_true (ferry_connection_uri_parse ("qemu:///system", &fields));
  g_assert_cmpint (fields.transport, ==, FERRY_TRANSPORT_LOCAL_SYSTEM);
  g_assert_true (ferry_connection_uri_parse ("qemu:///session", &fields));
  g_assert_cmpint (fields.transport, ==, FERRY_TRANSPORT_LOCAL_SESSION);

  g_assert_true (ferry_connection_uri_parse ("qemu+ssh://root@[fe80::2]:2222/system", &fields));
  g_assert_cmpint (fields.transport, ==, FERRY_TRANSPORT_SSH);
  g_assert_cmpstr (fields.user, ==, "root");
  g_assert_cmpstr (fields.host, ==, "fe80::2");
  g_assert_cmpuint (fields.port, ==, 2222);

  g_assert_true (ferry_connection_uri_parse ("qemu+tls://server.example/system", &fields));
  g_assert_cmpint (fields.transport, ==, FERRY_TRANSPORT_TLS);
  g_assert_null (fields.user);
  g_assert_cmpstr (fields.host, ==, "server.example");
  g_assert_cmpuint (fields.port, ==, 0);

  g_assert_true (ferry_connection_uri_parse ("qemu+ssh://Jos%C3%A9@server/system", &fields));
  g_assert_cmpstr (fields.user, ==, "José");

  /* Parts that do not pass still fill the fields, which then say what is wrong. */
  g_assert_true (ferry_connection_uri_parse ("qemu+ssh://-oProxyCommand=x/system", &fields));
  g_assert_cmpstr (fields.host, ==, "-oProxyCommand=x");
  g_assert_false (ferry_connection_check_host (fields.host, NULL));
}

static void
test_parse_custom (void)
{
  const char *custom[] = {
    NULL, "", "not a uri", "qemu:system", "test:///default", "test:///tmp/host.xml",
    "qemu:///embed?root=/tmp/x", "qemu+ssh://server/session", "qemu+ssh:///system",
    "qemu+ssh://server/system?keyfile=/home/me/.ssh/id", "qemu+ssh://server/system#x",
    "qemu+tcp://server/system", "qemu+unix:///system", "qemu://server/system",
    "xen:///system", "lxc:///", "qemu+ext:///system?command=/bin/true",
  };

  for (guint i = 0; i < G_N_ELEMENTS (custom); i++)
    {
      g_auto(FerryConnectionFields) fields = { 0 };

      if (ferry_connection_uri_parse (custom[i], &fields))
        g_error ("“%s” read as fields", custom[i]);
      g_assert_cmpint (fields.transport, ==, FERRY_TRANSPORT_CUSTOM);
      g_assert_null (fields.host);
    }
}

static void
test_round_trip (void)
{
  const char *uris[] = {
    "qemu:///system", "qemu:///session", "qemu+ssh://server/system",
    "qemu+ssh://root@server.example:2222/system", "qemu+tls://admin@10.0.0.1/system",
    "qemu+ssh://[::1]:22/system", "qemu+tls://[2001:db8::42]/system",
    "qemu+ssh://Jos%C3%A9@server/system",
  };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_auto(FerryConnectionFields) fields = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *again = NULL;

      g_assert_true (ferry_connection_uri_parse (uris[i], &fields));
      again = ferry_connection_uri_build (&fields, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, uris[i]);
    }
}

static void
test_check_uri (void)
{
  const char *good[] = { "qemu:///system", "test:///default", "qemu+ssh://root@server/system",
                         "qemu+ssh://server/system?keyfile=/k", "qemu+tcp://[::1]/system" };
  const char *bad[] = { "", "not a uri", "qemu:system", "/system", "qemu+ssh://bad_host/system",
                        "qemu+ssh://-oProxyCommand=x/system" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ferry_connection_check_uri (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (ferry_connection_check_uri (bad[i], &error))
        g_error ("“%s” accepted", bad[i]);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
    }
  g_assert_false (ferry_connection_check_uri (NULL, NULL));
}

static void
test_recent (void)
{
  const char *start[] = { "qemu:///system", "qemu+ssh://a/system", "qemu+ssh://b/system", NULL };
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) moved = NULL;
  g_auto(GStrv) capped = NULL;
  g_auto(GStrv) removed = NULL;
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) absent = NULL;

  first = ferry_connection_recent_add (NULL, "qemu:///system", 8);
  g_assert_cmpstrv (first, ((const char *[]) { "qemu:///system", NULL }));

  added = ferry_connection_recent_add (start, "qemu+tls://c/system", 8);
  g_assert_cmpstrv (added, ((const char *[]) { "qemu+tls://c/system", "qemu:///system",
                                               "qemu+ssh://a/system", "qemu+ssh://b/system",
                                               NULL }));
  /* Most recent first, never twice. */
  moved = ferry_connection_recent_add (start, "qemu+ssh://b/system", 8);
  g_assert_cmpstrv (moved, ((const char *[]) { "qemu+ssh://b/system", "qemu:///system",
                                               "qemu+ssh://a/system", NULL }));
  capped = ferry_connection_recent_add (start, "qemu+tls://c/system", 2);
  g_assert_cmpstrv (capped, ((const char *[]) { "qemu+tls://c/system", "qemu:///system", NULL }));

  removed = ferry_connection_recent_remove (start, "qemu+ssh://a/system");
  g_assert_cmpstrv (removed, ((const char *[]) { "qemu:///system", "qemu+ssh://b/system", NULL }));
  absent = ferry_connection_recent_remove (start, "qemu:///session");
  g_assert_cmpstrv (absent, start);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection-uri/hosts", test_hosts);
  g_test_add_func ("/connection-uri/host-reasons", test_host_reasons);
  g_test_add_func ("/connection-uri/users", test_users);
  g_test_add_func ("/connection-uri/ports", test_ports);
  g_test_add_func ("/connection-uri/build", test_build);
  g_test_add_func ("/connection-uri/build-refuses", test_build_refuses);
  g_test_add_func ("/connection-uri/parse", test_parse);
  g_test_add_func ("/connection-uri/parse-custom", test_parse_custom);
  g_test_add_func ("/connection-uri/round-trip", test_round_trip);
  g_test_add_func ("/connection-uri/check-uri", test_check_uri);
  g_test_add_func ("/connection-uri/recent", test_recent);

  return g_test_run ();
}
