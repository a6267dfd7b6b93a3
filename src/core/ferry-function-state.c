/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-function-state"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-function-state.h"
#include "ferry-text.h"

FerryDeviceHolder *
ferry_device_holder_new (guint       pid,
                         const char *command,
                         const char *node)
{
  FerryDeviceHolder *holder = g_new0 (FerryDeviceHolder, 1);

  g_return_val_if_fail (command != NULL, holder);
  g_return_val_if_fail (node != NULL, holder);

  holder->pid = pid;
  holder->command = g_utf8_make_valid (command, -1);
  holder->node = g_utf8_make_valid (node, -1);
  return holder;
}

void
ferry_device_holder_free (FerryDeviceHolder *holder)
{
  if (holder == NULL)
    return;
  g_free (holder->command);
  g_free (holder->node);
  g_free (holder);
}

char *
ferry_device_holder_describe (const FerryDeviceHolder *holder)
{
  g_autofree char *command = NULL;
  g_autofree char *node = NULL;

  g_return_val_if_fail (holder != NULL, NULL);

  /* Any user may name a process anything, control and bidi characters included. */
  command = ferry_text_dup_safe (holder->command, FERRY_TEXT_LABEL_MAX);
  node = ferry_text_dup_safe (holder->node, FERRY_TEXT_LABEL_MAX);
  /* Translators: a process holding a device open: a command name, its process id and a device
     node, e.g. "gnome-shell (pid 1234) has /dev/dri/card1 open" */
  return g_strdup_printf (_("%s (pid %u) has %s open"), command, holder->pid, node);
}

FerryFunctionState *
ferry_function_state_new (void)
{
  FerryFunctionState *state = g_new0 (FerryFunctionState, 1);

  state->nodes = g_ptr_array_new_with_free_func (g_free);
  state->holders = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_device_holder_free);
  return state;
}

void
ferry_function_state_free (FerryFunctionState *state)
{
  if (state == NULL)
    return;
  g_ptr_array_unref (state->nodes);
  g_ptr_array_unref (state->holders);
  g_strfreev (state->reset_methods);
  g_free (state);
}

/* The other functions on DEVICE's bus, bridges aside: a secondary bus reset hits them all. */
static GPtrArray *
dup_bus_mates (FerryInventory  *inventory,
               FerryHostDevice *device)
{
  GListModel *devices = ferry_inventory_get_devices (inventory);
  const FerryPciAddress *address = ferry_host_device_get_address (device);
  GPtrArray *mates = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) other = g_list_model_get_item (devices, i);
      const FerryPciAddress *where = ferry_host_device_get_address (other);

      if (where->domain == address->domain && where->bus == address->bus &&
          !ferry_pci_address_equal (where, address) && !ferry_host_device_is_bridge (other))
        g_ptr_array_add (mates, other);
    }
  return mates;
}

FerryResetRisk
ferry_reset_risk_of (const FerryFunctionState *state,
                     FerryInventory           *inventory,
                     FerryHostDevice          *device,
                     GPtrArray               **bus_mates)
{
  g_autoptr(GPtrArray) mates = NULL;

  g_return_val_if_fail (FERRY_IS_INVENTORY (inventory), FERRY_RESET_RISK_NONE);
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (device), FERRY_RESET_RISK_NONE);

  /* Bridges stay with the host; reset_method lists nothing a guest would need. */
  if (state == NULL || state->reset_methods == NULL || ferry_host_device_is_bridge (device))
    return FERRY_RESET_RISK_NONE;
  if (state->reset_methods[0] == NULL)
    return FERRY_RESET_RISK_NO_METHOD;

  /* A bus reset takes every function on the bus with it, and graphics cards are the ones
   * known to come back broken from anything less than their own reset. */
  if ((ferry_host_device_get_class_code (device) >> 16) != 0x03 ||
      g_strv_length (state->reset_methods) != 1 || !g_str_equal (state->reset_methods[0], "bus"))
    return FERRY_RESET_RISK_NONE;

  mates = dup_bus_mates (inventory, device);
  if (mates->len == 0)
    return FERRY_RESET_RISK_NONE;
  if (bus_mates != NULL)
    *bus_mates = g_steal_pointer (&mates);
  return FERRY_RESET_RISK_SHARED_BUS;
}

const char *
ferry_reset_risk_get_advice (void)
{
  return _("After the guest stops, the device may stay unusable until the host restarts. "
           "What helps: a slot of its own, or giving every function on its bus to the same "
           "guest; for affected AMD graphics cards (Polaris, Vega, Navi), the vendor-reset "
           "kernel module.");
}
