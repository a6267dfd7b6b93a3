/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-failure"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-failure.h"

/* What libvirt and QEMU say when passthrough goes wrong, in plain words: the cause and what
 * to do. Matched on fragments of their messages (English: libvirt's daemon side is rarely
 * translated, and a match that fails only loses the explanation, never libvirt's text).
 * The fragments are the ones seen on real hosts; see design.md's lab notes. */

/* How the connection reached the daemon, as far as advice depends on it: over ssh, by some
 * other way (TLS, TCP with SASL, a local socket, the test driver), or not known (an open
 * connection's operations, or libvirt's ext transport, which runs a command of the URI's). */
typedef enum
{
  REACH_ANY,       /* whatever the transport, known or not */
  REACH_OTHER,     /* known, and not ssh */
} Reach;

typedef struct
{
  const char *fragments[6];   /* any of them, lower case; "a*b": a, then b later on */
  const char *cause;
  const char *remedy;
  Reach       reach;
} Failure;

static const Failure failures[] = {
  /* Connecting: ssh's and libvirt's words, most specific first ("Cannot recv data: Host key
   * verification failed.: Connection reset by peer" is not a lost connection). HOST and
   * user@HOST become the connection's own (ferry_failure_name_host). */
  { { "remote host identification has changed", "host key for*has changed", NULL },
    N_("The host’s SSH key has changed since this computer last connected to it. Someone may "
       "be impersonating the host, or it was reinstalled."),
    /* Translators: keep HOST and user@HOST as they are: Ferry puts the host's name there */
    N_("Do not connect until you have checked the new key with the host’s administrator. "
       "Then remove the old key (ssh-keygen -R HOST) and connect once with ssh user@HOST to "
       "trust the new one.") },
  { { "host key verification failed", NULL },
    N_("This computer does not know the host’s SSH key yet, and nothing could ask you whether "
       "to trust it."),
    /* Translators: keep HOST and user@HOST as they are: Ferry puts the host's name there */
    N_("Connect once in a terminal with ssh user@HOST and accept the key after checking its "
       "fingerprint, or add it with ssh-keyscan HOST >> ~/.ssh/known_hosts once you have "
       "checked the fingerprint; then connect again.") },
  { { "libvirt-sock*permission denied", "authentication unavailable",
      "access denied by policy", "polkit", NULL },
    N_("You may not use the libvirt daemon on that host: you are not in the libvirt group, "
       "or polkit refused."),
    N_("Join the libvirt group on the host (sudo usermod -aG libvirt $USER, then log in "
       "again), or ask for a polkit rule that lets you manage virtual machines.") },
  /* Refused logins: ssh's own words mean ssh whatever the URI; libvirt's "authentication
   * failed" is about ssh keys only when the login went through ssh, not for SASL over TCP or
   * TLS or the test driver's users (after polkit's entry: its refusals say "authentication"
   * too). */
  { { "authentication failed", NULL },
    N_("The libvirt daemon refused the login: the user name or the password is wrong."),
    /* Translators: a command: translate NAME (the login to add), keep the rest */
    N_("Check the user name (in the address, or the one you typed) and the password. They are "
       "the daemon’s own logins, not the host’s accounts: its administrator adds them with "
       "sudo saslpasswd2 -a libvirt NAME on the host."), REACH_OTHER },
  { { "permission denied (publickey", "permission denied, please try again",
      "too many authentication failures", "authentication failed", NULL },
    N_("The host refused the login: the password is wrong, or none of your SSH keys is "
       "accepted there."),
    /* Translators: keep user@HOST as it is: Ferry puts the host's name there */
    N_("Check the user name (in the address, or the one you typed) and the password, or add "
       "your public key to the host (ssh-copy-id user@HOST).") },
  { { "failed to connect socket", "nc: unix connect failed", "virt-ssh-helper*not found",
      "nc: command not found", NULL },
    N_("The libvirt daemon is not running on the host, or libvirt is not installed there."),
    N_("Install libvirt on the host and start it (sudo systemctl start libvirtd, or "
       "virtqemud on hosts with one daemon per driver).") },
  { { "connection refused", "no route to host", "name or service not known",
      "could not resolve hostname", "network is unreachable", "connection timed out" },
    N_("The host cannot be reached: it is off or unreachable from here, its name is wrong, "
       "or it refuses connections on that port."),
    /* Translators: keep HOST as it is: Ferry puts the host's name there */
    N_("Check the host’s name and port, that the host is on and reachable (ping HOST), and "
       "that its SSH server, or libvirt’s TCP or TLS listener, runs.") },
  { { "unknown procedure", "unsupported flags", NULL },
    N_("The host’s libvirt is older than this one and does not know what Ferry asked."),
    N_("Update libvirt on the host.") },
  { { "is not viable", "bound to their vfio bus driver", NULL },
    N_("Another device in the same IOMMU group is still used by the host, and a group can only "
       "leave the host whole."),
    N_("Give the guest every device of the group, or detach the others from the host first.") },
  { { "driver_override", NULL },
    N_("This libvirt cannot take the device from its host driver: it runs with your own "
       "rights (a per-user session connection)."),
    N_("Open the system connection (qemu:///system), or have an administrator bind the device "
       "to vfio-pci and give you its /dev/vfio group.") },
  { { "vfio device assignment is currently not supported", "doesn't support passthrough",
      "does not support passthrough", NULL },
    N_("This host cannot hand PCI devices to guests: VFIO is not available."),
    N_("Load the vfio-pci module (sudo modprobe vfio-pci) and make sure the IOMMU is on: Host "
       "Readiness shows what is missing.") },
  { { "iommu group", "no iommu", "iommu not found", NULL },
    N_("The host’s IOMMU is off or the device is outside every IOMMU group."),
    N_("Turn on VT-d or AMD-Vi in the firmware and the IOMMU on the kernel command line, then "
       "restart the host: Host Readiness gives the commands.") },
  { { "no usable vf", NULL },
    N_("The pool’s network card has no virtual functions (VFs) yet."),
    N_("Create VFs on the card (its page shows the sriov_numvfs command), then start the pool "
       "again.") },
  { { "requires exclusive access to interfaces, but none are available",
      "no more free", "pool exhausted", NULL },
    N_("Every virtual function of the pool is taken by a running guest."),
    N_("Stop a guest that uses the pool, or give the pool more VFs.") },
  { { "is not up", "link is down", NULL },
    N_("The pool’s physical function is down."),
    N_("Bring its network interface up (ip link set INTERFACE up) and start the pool "
       "again.") },
  { { "cannot get interface", "no such device", NULL },
    N_("The pool’s physical function is gone from the host (renamed, removed, or its driver "
       "unloaded)."),
    N_("Edit the pool to pick another one.") },
  { { "device or resource busy", "is in use by", "already in use", "in use by driver" },
    N_("The device is busy: the host or another guest is using it."),
    N_("Stop what uses it — another guest or a program on the host — and try again.") },
  { { "unplug", "detach timed out", "did not respond", NULL },
    N_("The guest did not let go of the device in time (it may have no operating system "
       "running, or it refused)."),
    N_("Shut the guest down and detach it then, or detach it at next boot only.") },
  { { "end of file while reading data", "cannot recv data", "keepalive timeout",
      "client socket is closed" },
    N_("The connection to the host was lost."),
    N_("Reconnect: Ferry reads the host again and shows what is true now.") },
  { { "not supported by the connection driver", "operation is not supported", NULL },
    N_("This connection cannot do that (its libvirt driver does not offer it)."),
    N_("Change the guest’s definition to take effect at next boot instead, or use a host "
       "whose driver supports it.") },
};

/* Whether LOWER holds PATTERN's pieces ("a*b") in that order. */
static gboolean
matches (const char *lower,
         const char *pattern)
{
  g_auto(GStrv) pieces = g_strsplit (pattern, "*", -1);
  const char *from = lower;

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *found = strstr (from, pieces[i]);

      if (found == NULL)
        return FALSE;
      from = found + strlen (pieces[i]);
    }
  return TRUE;
}

/* Whether URI's transport is known and is not ssh: "qemu+tls://…", "qemu:///system",
 * "test:///…" are; "qemu+ssh://…", "qemu+libssh2://…", "qemu+ext://…" (its command may well
 * be ssh) and no URI are not. */
static gboolean
reaches_without_ssh (const char *uri)
{
  g_autofree char *scheme = uri != NULL ? g_uri_parse_scheme (uri) : NULL;
  const char *transport;

  if (scheme == NULL)
    return FALSE;
  transport = strchr (scheme, '+');
  return transport == NULL ||
         !(strstr (transport, "ssh") != NULL || g_str_equal (transport, "+ext"));
}

/* Looks MESSAGE (libvirt's or QEMU's text) up; on a match sets CAUSE and REMEDY to
 * translated sentences and returns TRUE. URI is the connection's when MESSAGE is why it did
 * not open (the advice on a refused login depends on its transport), else NULL. */
gboolean
ferry_failure_explain (const char  *message,
                       const char  *uri,
                       const char **cause,
                       const char **remedy)
{
  g_autofree char *lower = NULL;
  gboolean without_ssh;

  g_return_val_if_fail (cause != NULL && remedy != NULL, FALSE);

  if (message == NULL)
    return FALSE;

  lower = g_utf8_strdown (message, -1);
  without_ssh = reaches_without_ssh (uri);
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      if (failures[i].reach == REACH_OTHER && !without_ssh)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (failures[i].fragments) && failures[i].fragments[f]; f++)
        if (matches (lower, failures[i].fragments[f]))
          {
            *cause = _(failures[i].cause);
            *remedy = _(failures[i].remedy);
            return TRUE;
          }
    }
  return FALSE;
}

/* TEXT (an explained failure) with the placeholders of the connection remedies filled in
 * from URI: "user@HOST" and "HOST" become "admin@server.example" and "server.example". A
 * URI without a host leaves them for the reader to fill. */
char *
ferry_failure_name_host (const char *text,
                         const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GString) named = NULL;
  g_autofree char *login = NULL;
  const char *host;
  const char *user;

  g_return_val_if_fail (text != NULL, NULL);

  parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL) : NULL;
  host = parsed ? g_uri_get_host (parsed) : NULL;
  if (host == NULL || *host == '\0')
    return g_strdup (text);

  user = g_uri_get_user (parsed);
  named = g_string_new (text);
  if (user != NULL && *user != '\0')
    {
      login = g_strdup_printf ("%s@%s", user, host);
      g_string_replace (named, "user@HOST", login, 0);
    }
  g_string_replace (named, "HOST", host, 0);
  return g_string_free (g_steal_pointer (&named), FALSE);
}
