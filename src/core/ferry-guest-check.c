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

/* The one device of INVENTORY, at another address than RECORD's, that matches it: where the
 * recorded device went when bus numbers shifted. NULL when none or several match (two
 * identical cards cannot be told apart by their ids). */
static FerryHostDevice *
find_moved (FerryInventory           *inventory,
            const FerryHostdevRecord *record)
{
  GListModel *devices;
  FerryHostDevice *found = NULL;

  devices = ferry_inventory_get_devices (inventory);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      if (!ferry_hostdev_record_matches (record, device) ||
          ferry_pci_address_equal (ferry_host_device_get_address (device), &record->address))
        continue;
      if (found != NULL)
        return NULL;
      found = device;
    }
  return found;
}

/* What the host uses TO for (HOST_USES, address string → sentence, as the host-use rules
 * give it; may be NULL), when it does: a guest's device is never moved onto such a function,
 * by the page's Move, ferryctl repair or anything else that repairs. NULL: the move may go. */
const char *
ferry_guest_check_move_target (GHashTable            *host_uses,
                               const FerryPciAddress *to)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (to != NULL, NULL);

  if (host_uses == NULL)
    return NULL;
  key = ferry_pci_address_to_string (to);
  return g_hash_table_lookup (host_uses, key);
}

/* An address Ferry assigned that now holds another device, or none: starting the guest
 * would hand it the wrong device (the host's NIC, say) or fail. */
static void
check_hardware (FerryGuest     *guest,
                FerryInventory *inventory,
                GHashTable     *host_uses,
                GPtrArray      *findings)
{
  GListModel *assigned = ferry_guest_get_assigned (guest);

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      const FerryHostdevRecord *record;
      FerryHostDevice *now;
      FerryHostDevice *moved;
      const char *use = NULL;
      g_autofree char *where = NULL;
      g_autofree char *was = NULL;
      g_autoptr(GString) message = g_string_new (NULL);
      FerryFinding *finding;

      if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_INTERFACE_POOL ||
          address == NULL || !(record = ferry_guest_lookup_record (guest, address)))
        continue;
      now = ferry_inventory_lookup (inventory, address);
      if (ferry_hostdev_record_matches (record, now))
        continue;

      where = ferry_pci_address_to_string (address);
      moved = find_moved (inventory, record);
      was = ferry_hostdev_record_describe (record);
      if (moved != NULL)
        {
          g_autofree char *title = ferry_host_device_dup_title (moved);
          g_autofree char *ids = g_steal_pointer (&was);

          /* Translators: a device's name, then its ids like "10de:1b80, class 030000" */
          was = g_strdup_printf (_("%s (%s)"), title, ids);
        }
      if (now == NULL)
        g_string_append_printf (message,
                                /* Translators: a PCI address, then ids like "10de:1b80, class 030000" */
                                _("The host has no device at %s any more: Ferry assigned the "
                                  "device there (%s), and the guest will not start with it."),
                                where, was);
      else
        {
          FerryHostdevRecord seen;
          g_autofree char *title = ferry_host_device_dup_title (now);
          g_autofree char *is = NULL;

          ferry_hostdev_record_init_from_device (&seen, now);
          is = ferry_hostdev_record_describe (&seen);
          g_string_append_printf (message,
                                  /* Translators: a PCI address, recorded ids, then the name and
                                   * ids of the device there now */
                                  _("The device at %s changed: Ferry assigned %s, and the "
                                    "address now holds %s (%s). Starting the guest would hand "
                                    "it that device."), where, was, title, is);
        }

      if (moved != NULL)
        {
          g_autofree char *there = ferry_pci_address_to_string (
            ferry_host_device_get_address (moved));

          use = ferry_guest_check_move_target (host_uses, ferry_host_device_get_address (moved));
          g_string_append_c (message, ' ');
          if (use != NULL)
            g_string_append_printf (message,
                                    /* Translators: first %s is a PCI address, second what the
                                       host uses it for, a sentence without its full stop
                                       ("Network interface eth0 is up") */
                                    _("The recorded device is now at %s, but the host uses it "
                                      "(%s), so Ferry does not move the guest’s device there: "
                                      "free it on the host first."), there, use);
          else
            /* Translators: %s is a PCI address */
            g_string_append_printf (message, _("The recorded device is now at %s."), there);
        }

      finding = ferry_finding_new ("hardware-changed", FERRY_SEVERITY_ERROR, message->str);
      ferry_finding_add_device (finding, address);
      /* No one-click move onto a function the host stands on: it would lose it at the
       * guest's next start. */
      if (moved != NULL && use == NULL)
        {
          FerryPciAddress move[2] = { *address, *ferry_host_device_get_address (moved) };
          g_autofree char *there = ferry_pci_address_to_string (&move[1]);
          /* Translators: a button; %s is a PCI address */
          g_autofree char *label = g_strdup_printf (_("Move to %s"), there);

          ferry_finding_add_fix (finding, FERRY_FIX_MOVE_DEVICE, label, move, 2);
        }
      g_ptr_array_add (findings, finding);
    }
}

/* Returns FerryFinding, errors first. INVENTORY, the host's devices, may be NULL (the host
 * is not read yet): then the assigned addresses are not checked. HOST_USES (see
 * ferry_guest_check_move_target) may be NULL: then every move is offered. */
GPtrArray *
ferry_guest_check (FerryGuest     *guest,
                   FerryInventory *inventory,
                   GHashTable     *host_uses)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FERRY_IS_GUEST (guest), findings);
  g_return_val_if_fail (inventory == NULL || FERRY_IS_INVENTORY (inventory), findings);

  if (inventory != NULL)
    check_hardware (guest, inventory, host_uses, findings);
  check_missing_networks (guest, findings);
  return findings;
}
