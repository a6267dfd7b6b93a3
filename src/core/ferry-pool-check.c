/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-check"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-pool-check.h"

/* What stands between a VF pool and the guests on it, said before libvirt says it in its own
 * words at the next start: a physical function that is gone or down or has no VFs, listed
 * VFs missing from the host, every VF taken. Read from the inventory alone, so the pool page
 * and ferryctl judge a pool the same way, on a remote host too. */

/* A finding about the pool's physical function PF, which it names. */
static void
add_pf_finding (GPtrArray       *findings,
                const char      *code,
                FerrySeverity    severity,
                const char      *message,
                FerryHostDevice *pf)
{
  FerryFinding *finding = ferry_finding_new (code, severity, message);

  ferry_finding_add_device (finding, ferry_host_device_get_address (pf));
  g_ptr_array_add (findings, finding);
}

/* A pf-form pool whose PF is not on the host: renamed, removed, its driver unloaded. */
static void
check_pf_gone (const char      *pf_name,
               FerryHostDevice *pf,
               GPtrArray       *findings)
{
  g_autofree char *message = NULL;

  if (pf != NULL)
    return;

  /* Translators: %s is a network interface name such as eth3 */
  message = g_strdup_printf (_("%s is not on this host (renamed, removed, or its driver "
                               "unloaded): the pool has no VFs to hand out. Edit the pool to "
                               "pick another physical function."), pf_name);
  g_ptr_array_add (findings, ferry_finding_new ("pf-gone", FERRY_SEVERITY_ERROR, message));
}

/* libvirt's "No usable Vf's present on SRIOV PF": VFs exist only once someone creates them. */
static void
check_pf_without_vfs (const char      *pf_name,
                      FerryHostDevice *pf,
                      GPtrArray       *findings)
{
  g_autofree char *message = NULL;
  guint n_vfs = 0;

  if (pf == NULL)
    return;
  ferry_host_device_get_vfs (pf, &n_vfs);
  if (n_vfs > 0)
    return;

  if (ferry_host_device_get_max_vfs (pf) > 0)
    {
      g_autofree char *command = ferry_host_device_dup_create_vfs_command (pf);

      /* Translators: first %s is an interface, second the command (for the user) creating VFs */
      message = g_strdup_printf (_("%s has no VFs yet: the pool has none to hand out. Create "
                                   "them: %s"), pf_name, command);
    }
  else
    /* Translators: %s is a network interface name such as eth3 */
    message = g_strdup_printf (_("%s does not offer SR-IOV virtual functions (its card or "
                                 "driver has none): the pool has none to hand out. Edit the "
                                 "pool to pick an SR-IOV physical function."), pf_name);
  add_pf_finding (findings, "pf-no-vfs", FERRY_SEVERITY_ERROR, message, pf);
}

/* A PF whose XML lists VFs the host has no node device for (VFs being created or torn
 * down, a driver that lost them): the pool counts only those present, and with none it has
 * nothing to hand out. */
static void
check_pf_vfs_gone (FerryInventory  *inventory,
                   const char      *pf_name,
                   FerryHostDevice *pf,
                   GPtrArray       *findings)
{
  g_autoptr(FerryFinding) finding = NULL;
  g_autofree char *message = NULL;
  const FerryPciAddress *vfs;
  guint n_vfs = 0;
  guint n_gone = 0;

  if (pf == NULL)
    return;

  vfs = ferry_host_device_get_vfs (pf, &n_vfs);
  for (guint i = 0; i < n_vfs; i++)
    n_gone += ferry_inventory_lookup (inventory, &vfs[i]) == NULL;
  if (n_gone == 0)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: first %u is how many of a PF's VFs
                                           * are missing, second how many it lists, %s the
                                           * PF's interface such as eth3 */
                                          "%u of the %u VFs %s lists is not on this host: the "
                                          "pool cannot hand it out.",
                                          "%u of the %u VFs %s lists are not on this host: the "
                                          "pool cannot hand them out.",
                                          n_gone),
                             n_gone, n_vfs, pf_name);
  finding = ferry_finding_new ("pf-vfs-gone",
                               n_gone == n_vfs ? FERRY_SEVERITY_ERROR : FERRY_SEVERITY_WARNING,
                               message);
  ferry_finding_add_device (finding, ferry_host_device_get_address (pf));
  for (guint i = 0; i < n_vfs; i++)
    if (ferry_inventory_lookup (inventory, &vfs[i]) == NULL)
      ferry_finding_add_device (finding, &vfs[i]);
  g_ptr_array_add (findings, g_steal_pointer (&finding));
}

/* VFs pass no traffic while their PF's link is down, whatever the guest does. */
static void
check_pf_down (const char      *pf_name,
               FerryHostDevice *pf,
               GPtrArray       *findings)
{
  g_autofree char *message = NULL;

  if (pf == NULL || ferry_host_device_get_netdev_link (pf, pf_name) != FERRY_LINK_STATE_DOWN)
    return;

  /* Translators: %s is a network interface name such as eth3 (twice) */
  message = g_strdup_printf (_("%s is down: guests get its VFs, but no traffic passes until "
                               "its link is up (check the cable, then: sudo ip link set %s "
                               "up)."), pf_name, pf_name);
  add_pf_finding (findings, "pf-down", FERRY_SEVERITY_WARNING, message, pf);
}

/* An address-form pool keeps listing VFs that are gone (fewer VFs created, a card moved).
 * (A running pf-form pool's live XML lists the VFs it took at start: not the user's list.) */
static void
check_vfs_gone (FerryInventory *inventory,
                FerryNetwork   *pool,
                GPtrArray      *findings)
{
  g_autoptr(FerryFinding) finding = NULL;
  const FerryPciAddress *listed;
  guint n_listed = 0;
  guint n_gone = 0;
  g_autofree char *message = NULL;

  if (ferry_network_get_pf_device (pool) != NULL)
    return;

  listed = ferry_network_get_vfs (pool, &n_listed);
  for (guint i = 0; i < n_listed; i++)
    n_gone += ferry_inventory_lookup (inventory, &listed[i]) == NULL;
  if (n_gone == 0)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: first %u is how many listed VFs are
                                           * missing, second how many are listed */
                                          "%u of the pool’s %u VFs is not on this host: a guest "
                                          "given it does not start. Edit the pool to drop it.",
                                          "%u of the pool’s %u VFs are not on this host: a guest "
                                          "given one does not start. Edit the pool to drop them.",
                                          n_gone),
                             n_gone, n_listed);
  finding = ferry_finding_new ("vfs-gone", FERRY_SEVERITY_WARNING, message);
  for (guint i = 0; i < n_listed; i++)
    if (ferry_inventory_lookup (inventory, &listed[i]) == NULL)
      ferry_finding_add_device (finding, &listed[i]);
  g_ptr_array_add (findings, g_steal_pointer (&finding));
}

/* libvirt's "requires exclusive access to interfaces, but none are available": say which
 * guests hold the VFs, the ones to stop. */
static void
check_exhausted (FerryInventory *inventory,
                 FerryNetwork   *pool,
                 GPtrArray      *findings)
{
  g_autoptr(FerryFinding) finding = NULL;
  g_autoptr(GArray) vfs = NULL;
  g_autoptr(GPtrArray) holders = g_ptr_array_new_null_terminated (1, NULL, TRUE);
  g_autofree char *message = NULL;
  guint n_vfs = 0;

  if (!ferry_network_get_active (pool) ||
      ferry_inventory_count_pool_in_use (inventory, pool, &n_vfs) < n_vfs || n_vfs == 0)
    return;

  vfs = ferry_inventory_dup_pool_vfs (inventory, pool);
  for (guint i = 0; i < vfs->len; i++)
    {
      const char *holder = ferry_inventory_get_holder (inventory,
                                                       &g_array_index (vfs, FerryPciAddress, i));

      if (holder != NULL && !g_ptr_array_find_with_equal_func (holders, holder, g_str_equal, NULL))
        g_ptr_array_add (holders, (gpointer) holder);
    }

  if (holders->len > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) holders->pdata);

      /* Translators: %s lists the running guests that hold the pool's VFs */
      message = g_strdup_printf (_("Every VF of the pool is in use (by %s): one more guest on it "
                                   "does not start until one of these stops."), names);
    }
  else
    message = g_strdup (_("Every VF of the pool is in use: one more guest on it does not start "
                          "until a guest holding one stops."));

  finding = ferry_finding_new ("exhausted", FERRY_SEVERITY_WARNING, message);
  for (guint i = 0; i < holders->len; i++)
    ferry_finding_add_guest (finding, holders->pdata[i]);
  g_ptr_array_add (findings, g_steal_pointer (&finding));
}

/* POOL's findings (FerryFinding), errors first: none for a pool that can hand out a VF. */
GPtrArray *
ferry_pool_check (FerryInventory *inventory,
                  FerryNetwork   *pool)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  const char *pf_name;

  g_return_val_if_fail (FERRY_IS_INVENTORY (inventory), findings);
  g_return_val_if_fail (FERRY_IS_NETWORK (pool), findings);

  pf_name = ferry_network_get_pf_device (pool);
  if (pf_name != NULL)
    {
      FerryHostDevice *pf = ferry_inventory_find_netdev (inventory, pf_name);

      check_pf_gone (pf_name, pf, findings);
      check_pf_without_vfs (pf_name, pf, findings);
      check_pf_vfs_gone (inventory, pf_name, pf, findings);
      check_pf_down (pf_name, pf, findings);
    }
  check_vfs_gone (inventory, pool, findings);
  check_exhausted (inventory, pool, findings);
  return findings;
}
