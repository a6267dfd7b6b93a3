/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-check"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-guest-check.h"

/* What stands in a guest's own way, said on its page and by ferryctl guest: the same
 * findings (code, severity, message) as the assignment check and the pool check. */

/* An interface on a network the host no longer has (a pool deleted while the guest still
 * names it): libvirt refuses to start the guest. */
static void
check_missing_networks (FerryGuest *guest,
                        GPtrArray  *findings)
{
  const char * const *missing = ferry_guest_get_missing_networks (guest);

  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autofree char *message =
        /* Translators: first %s is a network name, second a guest name */
        g_strdup_printf (_("The network “%s” no longer exists: %s will not start until its "
                           "interface is given another network, or the network is defined "
                           "again."), missing[i], ferry_guest_get_name (guest));

      g_ptr_array_add (findings, ferry_finding_new ("network-missing", FERRY_SEVERITY_ERROR,
                                                    message));
    }
}

/* Returns FerryFinding, errors first. */
GPtrArray *
ferry_guest_check (FerryGuest *guest)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FERRY_IS_GUEST (guest), findings);

  check_missing_networks (guest, findings);
  return findings;
}
