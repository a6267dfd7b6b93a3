/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assign-request"

#include "config.h"

#include "ferry-assign-request.h"

/* What the user is about to do, as the wizard and ferryctl build it up: the target guest,
 * the picked functions in order, what to take from the host first, and what is known of the
 * host (its own uses, its readiness). The assignment check judges it; fixes change it. */

FerryAssignRequest *
ferry_assign_request_new (FerryInventory *inventory,
                          FerryGuest     *guest)
{
  FerryAssignRequest *request;

  g_return_val_if_fail (FERRY_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (FERRY_IS_GUEST (guest), NULL);

  request = g_new0 (FerryAssignRequest, 1);
  request->inventory = g_object_ref (inventory);
  request->guest = g_object_ref (guest);
  request->picked = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  request->detach_first = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  /* What virt-manager and virsh attach-device do by default. */
  request->managed = TRUE;
  return request;
}

/* Frees the request with what it holds, host_uses and function_states included: set those
 * with their own reference (g_hash_table_ref) when the caller keeps them too. */
void
ferry_assign_request_free (FerryAssignRequest *request)
{
  if (request == NULL)
    return;

  g_clear_object (&request->inventory);
  g_clear_object (&request->guest);
  g_clear_pointer (&request->picked, g_array_unref);
  g_clear_pointer (&request->detach_first, g_array_unref);
  g_clear_pointer (&request->host_uses, g_hash_table_unref);
  g_clear_pointer (&request->vfio_groups, g_hash_table_unref);
  g_clear_pointer (&request->function_states, g_hash_table_unref);
  g_clear_pointer (&request->readiness, g_ptr_array_unref);
  g_free (request);
}

gboolean
ferry_assign_request_is_picked (const FerryAssignRequest *request,
                                const FerryPciAddress    *address)
{
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return ferry_pci_address_array_contains (request->picked, address);
}

/* The pick keeps its order: it is the order the devices are attached in. */
void
ferry_assign_request_set_picked (FerryAssignRequest    *request,
                                 const FerryPciAddress *address,
                                 gboolean               picked)
{
  int index;

  g_return_if_fail (request != NULL);
  g_return_if_fail (address != NULL);

  index = ferry_pci_address_array_find (request->picked, address);
  if (picked && index < 0)
    g_array_append_val (request->picked, *address);
  else if (!picked && index >= 0)
    g_array_remove_index (request->picked, (guint) index);
}

void
ferry_assign_request_apply_fix (FerryAssignRequest *request,
                                FerryFinding       *finding,
                                guint               index)
{
  const FerryPciAddress *devices;
  guint n_devices;

  g_return_if_fail (request != NULL);
  g_return_if_fail (FERRY_IS_FINDING (finding));
  g_return_if_fail (index < ferry_finding_get_n_fixes (finding));

  devices = ferry_finding_get_fix_devices (finding, index, &n_devices);
  switch (ferry_finding_get_fix_kind (finding, index))
    {
    case FERRY_FIX_ADD_DEVICES:
      for (guint i = 0; i < n_devices; i++)
        ferry_assign_request_set_picked (request, &devices[i], TRUE);
      break;

    case FERRY_FIX_DETACH_FROM_HOST:
      for (guint i = 0; i < n_devices; i++)
        ferry_pci_address_array_append_once (request->detach_first, &devices[i]);
      break;

    case FERRY_FIX_MOVE_DEVICE:
    case FERRY_FIX_NONE:
    default:
      break;
    }
}
