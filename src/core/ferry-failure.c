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

typedef struct
{
  const char *fragments[4];   /* any of them, lower case */
  const char *cause;
  const char *remedy;
} Failure;

static const Failure failures[] = {
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
  /* Before the unknown key: ssh's warning about a changed key ends in the same "Host key
   * verification failed". No way around it is offered: it is what an impersonator causes. */
  { { "remote host identification has changed", "host key for", NULL },
    N_("Warning: the host’s identity has changed. Its ssh key is not the one this computer "
       "knows, so someone may be posing as the host to read what you send (a "
       "man-in-the-middle attack) — or the host was reinstalled."),
    N_("Do not connect until the host’s administrator confirms the new key’s fingerprint. Only "
       "then remove the old key (ssh-keygen -R HOST) and connect again.") },
  { { "host key verification failed", NULL },
    N_("This computer does not know the host’s ssh key yet, and the key was not accepted (no "
       "terminal to ask on, or the question was cancelled)."),
    N_("Connect once with ssh in a terminal (ssh USER@HOST) and accept the key after comparing "
       "its fingerprint with the host’s, or add it with ssh-keyscan -p PORT HOST >> "
       "~/.ssh/known_hosts and check it with ssh-keygen -lf ~/.ssh/known_hosts.") },
  { { "failed to connect socket", "authentication unavailable", "authentication failed",
      "polkit" },
    N_("The libvirt daemon is not running on the host, or you may not use it."),
    N_("Start it (sudo systemctl start libvirtd, or virtqemud on hosts with one daemon per "
       "driver); if it runs, join the libvirt group (sudo usermod -aG libvirt $USER, then log "
       "in again) or ask for a polkit rule that lets you manage virtual machines.") },
  { { "end of file while reading data", "cannot recv data", "keepalive timeout",
      "client socket is closed" },
    N_("The connection to the host was lost."),
    N_("Reconnect: Ferry reads the host again and shows what is true now.") },
  { { "not supported by the connection driver", "operation is not supported", NULL },
    N_("This connection cannot do that (its libvirt driver does not offer it)."),
    N_("Change the guest’s definition to take effect at next boot instead, or use a host "
       "whose driver supports it.") },
};

/* Looks MESSAGE (libvirt's or QEMU's text) up; on a match sets CAUSE and REMEDY to
 * translated sentences and returns TRUE. */
gboolean
ferry_failure_explain (const char  *message,
                       const char **cause,
                       const char **remedy)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (cause != NULL && remedy != NULL, FALSE);

  if (message == NULL)
    return FALSE;

  lower = g_utf8_strdown (message, -1);
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    for (guint f = 0; f < G_N_ELEMENTS (failures[i].fragments) && failures[i].fragments[f]; f++)
      if (strstr (lower, failures[i].fragments[f]) != NULL)
        {
          *cause = _(failures[i].cause);
          *remedy = _(failures[i].remedy);
          return TRUE;
        }
  return FALSE;
}
