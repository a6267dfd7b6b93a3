/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-use"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-host-use.h"

/* What the host uses its PCI functions for, as far as libvirt tells over any connection: a
 * network interface that is up. The local probes (src/host) see more on this computer; the
 * two merge into one table of address → sentence, as the host-critical rule reads it. */

/* ADDRESS's sentence gets SENTENCE, "; "-joined, unless it already says it. */
static void
add_use (GHashTable *uses,
         const char *address,
         const char *sentence,
         const char *mention)
{
  const char *known = g_hash_table_lookup (uses, address);

  if (known == NULL)
    g_hash_table_insert (uses, g_strdup (address), g_strdup (sentence));
  else if (strstr (known, mention) == NULL)
    /* Translators: joins two things the host uses a device for, e.g. two sentences */
    g_hash_table_insert (uses, g_strdup (address), g_strdup_printf (_("%s; %s"), known, sentence));
}

/* From libvirt's view of the host in INVENTORY: address string → a sentence without its full
 * stop, for each function with an interface that is up. REMOTE: Ferry reaches the host over
 * a network, which may be that interface. */
GHashTable *
ferry_host_uses_from_inventory (FerryInventory *inventory,
                                gboolean        remote)
{
  GHashTable *uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GListModel *devices;

  g_return_val_if_fail (FERRY_IS_INVENTORY (inventory), uses);

  devices = ferry_inventory_get_devices (inventory);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      const char * const *netdevs = ferry_host_device_get_netdevs (device);
      g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (device));

      for (guint n = 0; netdevs != NULL && netdevs[n] != NULL; n++)
        {
          g_autofree char *sentence = NULL;

          if (ferry_host_device_get_netdev_link (device, netdevs[n]) != FERRY_LINK_STATE_UP)
            continue;

          if (remote)
            /* Translators: %s is a network interface, e.g. eth0; a sentence without its
               full stop */
            sentence = g_strdup_printf (_("Network interface %s is up, and Ferry’s connection "
                                          "to the host may run over it"), netdevs[n]);
          else
            /* Translators: %s is a network interface, e.g. eth0; a sentence without its
               full stop */
            sentence = g_strdup_printf (_("Network interface %s is up"), netdevs[n]);
          add_use (uses, address, sentence, netdevs[n]);
        }
    }

  return uses;
}

/* Adds MORE's sentences to USES, one per thing: a sentence naming an interface USES already
 * names for that function is left out. */
void
ferry_host_uses_merge (GHashTable *uses,
                       GHashTable *more)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (uses != NULL && more != NULL);

  g_hash_table_iter_init (&iter, more);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *known = g_hash_table_lookup (uses, key);

      if (known == NULL)
        g_hash_table_insert (uses, g_strdup (key), g_strdup (value));
      else if (strstr (known, value) == NULL)
        add_use (uses, key, value, value);
    }
}
