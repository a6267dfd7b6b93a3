/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pci-names"

#include "config.h"

#include <stdarg.h>
#include <pci/pci.h>

#include "ferry-pci-names.h"

/* Names from this machine's pci.ids, for devices whose node device XML carries only ids.
 * libpci's lookup state is not thread-safe, and lookups come from worker threads. */
static GMutex lock;
static struct pci_access *access_handle;

/* A missing or unreadable pci.ids is a warning to libpci; to Ferry it only means "no name". */
static void G_GNUC_PRINTF (1, 2)
ignore_pci_message (char *format, ...)
{
}

/* libpci calls this only when it cannot go on (out of memory); without pci_init() nobody
 * else would have set it. */
static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
fail_pci (char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_error ("libpci: %s", message);
}

static struct pci_access *
get_access (void)
{
  if (access_handle == NULL)
    {
      access_handle = pci_alloc ();
      access_handle->error = fail_pci;
      access_handle->warning = ignore_pci_message;
      access_handle->debug = ignore_pci_message;
    }

  return access_handle;
}

gboolean
ferry_pci_names_lookup (guint   vendor_id,
                        guint   product_id,
                        char  **vendor_name,
                        char  **product_name)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  struct pci_access *pacc = get_access ();
  char vendor[256];
  char product[256];
  const char *found_vendor;
  const char *found_product;

  g_return_val_if_fail (vendor_name != NULL && product_name != NULL, FALSE);

  found_vendor = pci_lookup_name (pacc, vendor, sizeof vendor,
                                  PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB, vendor_id);
  found_product = pci_lookup_name (pacc, product, sizeof product,
                                   PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB,
                                   vendor_id, product_id);

  *vendor_name = found_vendor ? g_strdup (found_vendor) : NULL;
  *product_name = found_product ? g_strdup (found_product) : NULL;
  return found_vendor != NULL || found_product != NULL;
}
