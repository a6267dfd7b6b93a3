/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-query"

#include "config.h"

#include <string.h>

#include "ferry-device-query.h"

static gboolean
shows (FerryHostDevice *device,
       FerryDeviceShow  show)
{
  switch (show)
    {
    case FERRY_DEVICE_SHOW_ASSIGNABLE:
      return !ferry_host_device_is_bridge (device) &&
             ferry_host_device_get_iommu_group (device) != FERRY_NO_IOMMU_GROUP;
    case FERRY_DEVICE_SHOW_GPUS:
      return ferry_host_device_get_category (device) == FERRY_DEVICE_CATEGORY_GPU;
    case FERRY_DEVICE_SHOW_NETWORK:
      return ferry_host_device_get_category (device) == FERRY_DEVICE_CATEGORY_NETWORK;
    case FERRY_DEVICE_SHOW_STORAGE:
      return ferry_host_device_get_category (device) == FERRY_DEVICE_CATEGORY_STORAGE;
    case FERRY_DEVICE_SHOW_USB:
      return ferry_host_device_get_category (device) == FERRY_DEVICE_CATEGORY_USB;
    case FERRY_DEVICE_SHOW_SRIOV:
      return ferry_host_device_is_pf (device) || ferry_host_device_is_vf (device);
    case FERRY_DEVICE_SHOW_ALL:
    default:
      return TRUE;
    }
}

/* Everything a person might type to find a device, lower-cased in one string. */
static char *
dup_haystack (FerryHostDevice *device)
{
  const char * const *netdevs = ferry_host_device_get_netdevs (device);
  g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (device));
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s %s %s %04x:%04x %s group %d %s",
                          address, ferry_host_device_get_name (device),
                          ferry_host_device_get_product_name (device)
                          ? ferry_host_device_get_product_name (device) : "",
                          ferry_host_device_get_vendor_name (device)
                          ? ferry_host_device_get_vendor_name (device) : "",
                          ferry_host_device_get_vendor_id (device),
                          ferry_host_device_get_product_id (device),
                          ferry_host_device_get_driver (device)
                          ? ferry_host_device_get_driver (device) : "",
                          ferry_host_device_get_iommu_group (device),
                          ferry_host_device_get_class_name (device));
  for (guint i = 0; netdevs[i] != NULL; i++)
    g_string_append_printf (text, " %s", netdevs[i]);

  {
    char *folded = g_utf8_casefold (text->str, -1);
    g_string_free (text, TRUE);
    return folded;
  }
}

/* Whether DEVICE is in SHOW and every word of QUERY appears somewhere in its address, ids,
 * names, driver, class, "group N" or interface names (case-insensitive). */
gboolean
ferry_device_query_matches (FerryHostDevice *device,
                            const char      *query,
                            FerryDeviceShow  show)
{
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (device), FALSE);

  if (!shows (device, show))
    return FALSE;
  if (query == NULL || *query == '\0')
    return TRUE;

  haystack = dup_haystack (device);
  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (haystack, words[i]) == NULL)
      return FALSE;

  return TRUE;
}
