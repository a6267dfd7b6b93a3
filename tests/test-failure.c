/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-failure.h"

/* libvirt's and QEMU's words as seen on real hosts (design.md's lab notes), each mapped to a
 * cause and a remedy; libvirt's text always stays as the details. */
static const struct
{
  const char *message;
  const char *cause_has;
} seen[] = {
  { "internal error: qemu unexpectedly closed the monitor: vfio 0000:06:01.0: group 15 is not "
    "viable. Please ensure all devices within the iommu_group are bound to their vfio bus "
    "driver.", "IOMMU group" },
  { "Failed to add driver 'vfio-pci' to driver_override interface of PCI device "
    "'0000:01:00.0': Permission denied", "your own rights" },
  { "unsupported configuration: VFIO device assignment is currently not supported on this "
    "system", "VFIO is not available" },
  { "unsupported configuration: host doesn't support passthrough of host PCI devices",
    "VFIO is not available" },
  { "internal error: No usable Vf's present on SRIOV PF eth3", "virtual functions" },
  { "internal error: network 'vf-pool' uses a PF eth3 that is not up", "down" },
  { "Cannot get interface MTU on 'eth9': No such device", "gone" },
  { "internal error: network 'vf-pool' requires exclusive access to interfaces, but none are "
    "available", "Every virtual function" },
  { "Requested operation is not valid: PCI device 0000:01:00.0 is in use by driver QEMU, "
    "domain win11", "busy" },
  { "operation failed: device detach timed out", "let go" },
  { "Cannot recv data: Connection reset by peer", "connection" },
  { "internal error: client socket is closed", "connection" },
  { "this function is not supported by the connection driver: virDomainDetachDeviceFlags",
    "cannot do that" },
  /* Connecting: libvirt's words with ssh's inside, as ferryctl and the window got them. */
  { "Cannot recv data: Host key verification failed.: Connection reset by peer",
    "does not know the host’s SSH key" },
  { "Cannot recv data: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n"
    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\n"
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n"
    "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\n"
    "Host key for lab.example has changed and you have requested strict checking.\r\n"
    "Host key verification failed.: Connection reset by peer", "impersonating" },
  { "Cannot recv data: Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of "
    "known hosts.\r\nPermission denied, please try again.\r\nPermission denied, please try "
    "again.\r\nuser@127.0.0.1: Permission denied (publickey,password).: Connection reset by "
    "peer", "refused the login" },
  { "Cannot recv data: user@server.example: Permission denied (publickey).: Connection reset "
    "by peer", "refused the login" },
  { "unable to connect to server at '127.0.0.1:1': Connection refused", "cannot be reached" },
  { "Cannot recv data: ssh: connect to host 10.0.0.9 port 22: No route to host: Connection "
    "reset by peer", "cannot be reached" },
  { "Cannot recv data: ssh: Could not resolve hostname nosuch.example: Name or service not "
    "known: Connection reset by peer", "cannot be reached" },
  { "unable to connect to server at 'nosuch.example:16509': Name or service not known",
    "cannot be reached" },
  { "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
    "not running" },
  { "Cannot recv data: nc: unix connect failed: No such file or directory\nnc: "
    "/var/run/libvirt/libvirt-sock: No such file or directory: Connection reset by peer",
    "not running" },
  { "Cannot recv data: sh: 1: virt-ssh-helper: not found: Connection reset by peer",
    "not installed" },
  { "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied",
    "libvirt group" },
  { "authentication unavailable: no polkit agent available to authenticate action "
    "'org.libvirt.unix.manage'", "polkit" },
  { "access denied: access denied by policy", "polkit" },
  { "unknown procedure: 422", "older" },
  { "unsupported flags (0x4) in function virConnectListAllNodeDevices", "older" },
};

static void
test_explain_seen (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    {
      const char *cause = NULL;
      const char *remedy = NULL;

      g_test_message ("%s", seen[i].message);
      g_assert_true (ferry_failure_explain (seen[i].message, NULL, &cause, &remedy));
      g_assert_nonnull (strstr (cause, seen[i].cause_has));
      g_assert_cmpuint (strlen (remedy), >, 0);
      /* Plain words: never an API function name. */
      g_assert_false (g_regex_match_simple ("vir[A-Z]", cause, 0, 0));
      g_assert_false (g_regex_match_simple ("vir[A-Z]", remedy, 0, 0));
    }
}

static void
test_explain_unknown (void)
{
  const char *cause = NULL;
  const char *remedy = NULL;

  g_assert_false (ferry_failure_explain ("operation failed: something new", NULL, &cause, &remedy));
  g_assert_false (ferry_failure_explain (NULL, NULL, &cause, &remedy));
  g_assert_null (cause);
}

/* What the lab recorded (tests/data/lab-failures.txt): Ferry must explain each. */
static void
test_explain_lab (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lab-failures.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint explained = 0;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *cause = NULL;
      const char *remedy = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      g_test_message ("%s", lines[i]);
      g_assert_true (ferry_failure_explain (lines[i], NULL, &cause, &remedy));
      g_assert_nonnull (strstr (cause, "IOMMU group"));
      explained++;
    }
  g_assert_cmpuint (explained, >, 0);
}

/* The fix names the host the user tried: "ssh-keyscan lab.example", "ssh admin@lab.example". */
static void
test_name_host (void)
{
  const char *cause = NULL;
  const char *remedy = NULL;
  g_autofree char *named = NULL;
  g_autofree char *anonymous = NULL;
  g_autofree char *local = NULL;

  g_assert_true (ferry_failure_explain ("Cannot recv data: Host key verification failed.: "
                                        "Connection reset by peer", NULL, &cause, &remedy));
  named = ferry_failure_name_host (remedy, "qemu+ssh://admin@lab.example:2222/system");
  g_assert_nonnull (strstr (named, "ssh admin@lab.example"));
  g_assert_nonnull (strstr (named, "ssh-keyscan lab.example >> ~/.ssh/known_hosts"));
  g_assert_null (strstr (named, "HOST"));

  anonymous = ferry_failure_name_host (remedy, "qemu+ssh://lab.example/system");
  g_assert_nonnull (strstr (anonymous, "ssh user@lab.example"));

  /* Nothing to name on this computer. */
  local = ferry_failure_name_host (remedy, "qemu:///system");
  g_assert_cmpstr (local, ==, remedy);
}

/* A refused login gets advice that fits the way the login went: ssh keys over ssh (or when
 * the way is not known), the daemon's own logins for SASL over TCP or TLS and the test
 * driver's users, where ssh plays no part. */
static void
test_explain_login (void)
{
  static const struct
  {
    const char *uri;
    gboolean    ssh;
  } ways[] = {
    { NULL, TRUE },
    { "qemu+ssh://admin@lab.example/system", TRUE },
    { "qemu+libssh2://lab.example/system", TRUE },
    { "qemu+ext:///system?command=/usr/local/bin/tunnel", TRUE },
    { "qemu+tls://lab.example/system", FALSE },
    { "qemu+tcp://lab.example/system", FALSE },
    { "qemu:///system", FALSE },
    { "test:///tmp/host.xml", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      const char *cause = NULL;
      const char *remedy = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", ways[i].uri ? ways[i].uri : "(no URI)");
      g_assert_true (ferry_failure_explain ("authentication failed: authentication failed",
                                            ways[i].uri, &cause, &remedy));
      g_assert_cmpint (strstr (remedy, "ssh-copy-id") != NULL, ==, ways[i].ssh);
      g_assert_cmpint (strstr (cause, "SSH keys") != NULL, ==, ways[i].ssh);
      if (!ways[i].ssh)
        g_assert_nonnull (strstr (remedy, "saslpasswd2"));

      if (ways[i].uri == NULL)
        continue;
      ferry_set_connection_error (&error, "Cannot open it", "authentication failed: "
                                  "authentication failed", ways[i].uri);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_LIBVIRT);
      g_assert_cmpint (strstr (error->message, "ssh-copy-id") != NULL, ==, ways[i].ssh);
      g_assert_cmpstr (ferry_error_get_details (error), ==,
                       "authentication failed: authentication failed");
    }

  /* ssh's own words mean ssh, whatever the URI says. */
  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      const char *cause = NULL;
      const char *remedy = NULL;

      g_assert_true (ferry_failure_explain ("Cannot recv data: user@server.example: Permission "
                                            "denied (publickey).: Connection reset by peer",
                                            ways[i].uri, &cause, &remedy));
      g_assert_nonnull (strstr (remedy, "ssh-copy-id"));
    }
}

/* A connection's error names its host in the fix. */
static void
test_connection_error (void)
{
  g_autoptr(GError) error = NULL;

  ferry_set_connection_error (&error, "Cannot open it", "Cannot recv data: Permission denied, "
                              "please try again.: Connection reset by peer",
                              "qemu+ssh://admin@lab.example/system");
  g_assert_nonnull (strstr (error->message, "ssh-copy-id admin@lab.example"));
  g_assert_null (strstr (error->message, "HOST"));
}

static void
test_libvirt_error (void)
{
  g_autoptr(GError) known = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) copy = NULL;
  const char *api = "this function is not supported by the connection driver: "
                    "virDomainDetachDeviceFlags";

  ferry_set_libvirt_error (&known, FERRY_ERROR_LIBVIRT, "Cannot detach the device", api);
  g_assert_error (known, FERRY_ERROR, FERRY_ERROR_LIBVIRT);
  g_assert_true (g_str_has_prefix (known->message, "Cannot detach the device. "));
  g_assert_null (strstr (known->message, "virDomain"));
  g_assert_cmpstr (ferry_error_get_details (known), ==, api);

  /* A copy keeps the details. */
  copy = g_error_copy (known);
  g_assert_cmpstr (ferry_error_get_details (copy), ==, api);

  ferry_set_libvirt_error (&unknown, FERRY_ERROR_LIBVIRT, "Cannot start the guest", "operation failed: new");
  g_assert_cmpstr (unknown->message, ==, "Cannot start the guest.");
  g_assert_cmpstr (ferry_error_get_details (unknown), ==, "operation failed: new");

  /* Other domains have no details. */
  g_assert_null (ferry_error_get_details (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/failure/explain/seen", test_explain_seen);
  g_test_add_func ("/failure/explain/lab", test_explain_lab);
  g_test_add_func ("/failure/explain/unknown", test_explain_unknown);
  g_test_add_func ("/failure/explain/login", test_explain_login);
  g_test_add_func ("/failure/name-host", test_name_host);
  g_test_add_func ("/failure/connection-error", test_connection_error);
  g_test_add_func ("/failure/libvirt-error", test_libvirt_error);
  return g_test_run ();
}
