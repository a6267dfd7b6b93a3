/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pci-address"

#include "config.h"

#include <string.h>

#include "ferry-pci-address.h"

G_DEFINE_BOXED_TYPE (FerryPciAddress, ferry_pci_address,
                     ferry_pci_address_copy, ferry_pci_address_free)

/* PCI limits: 16-bit domain, 8-bit bus, 5-bit slot, 3-bit function. */
#define MAX_DOMAIN   0xffff
#define MAX_BUS      0xff
#define MAX_SLOT     0x1f
#define MAX_FUNCTION 0x7

FerryPciAddress *
ferry_pci_address_copy (const FerryPciAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
ferry_pci_address_free (FerryPciAddress *self)
{
  g_free (self);
}

static gboolean
parse_hex (const char  *text,
           gsize        len,
           guint        max,
           guint       *out)
{
  guint value = 0;

  if (len == 0 || len > 4)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }

  if (value > max)
    return FALSE;

  *out = value;
  return TRUE;
}

/* Accepts "0000:01:00.0" and lspci's short "01:00.0" (domain 0). */
gboolean
ferry_pci_address_parse (const char      *text,
                         FerryPciAddress *out)
{
  g_auto(GStrv) parts = NULL;
  const char *dot;
  FerryPciAddress address = { 0 };
  guint n;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  dot = strrchr (text, '.');
  if (dot == NULL || !parse_hex (dot + 1, strlen (dot + 1), MAX_FUNCTION, &address.function))
    return FALSE;

  {
    g_autofree char *head = g_strndup (text, dot - text);
    parts = g_strsplit (head, ":", -1);
  }
  n = g_strv_length (parts);

  if (n == 3)
    {
      if (!parse_hex (parts[0], strlen (parts[0]), MAX_DOMAIN, &address.domain))
        return FALSE;
    }
  else if (n != 2)
    return FALSE;

  if (!parse_hex (parts[n - 2], strlen (parts[n - 2]), MAX_BUS, &address.bus) ||
      !parse_hex (parts[n - 1], strlen (parts[n - 1]), MAX_SLOT, &address.slot))
    return FALSE;

  *out = address;
  return TRUE;
}

/* libvirt names PCI node devices pci_DDDD_BB_SS_F. */
gboolean
ferry_pci_address_parse_nodedev (const char      *name,
                                 FerryPciAddress *out)
{
  g_auto(GStrv) parts = NULL;
  FerryPciAddress address = { 0 };

  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL || !g_str_has_prefix (name, "pci_"))
    return FALSE;

  parts = g_strsplit (name + 4, "_", -1);
  if (g_strv_length (parts) != 4 ||
      !parse_hex (parts[0], strlen (parts[0]), MAX_DOMAIN, &address.domain) ||
      !parse_hex (parts[1], strlen (parts[1]), MAX_BUS, &address.bus) ||
      !parse_hex (parts[2], strlen (parts[2]), MAX_SLOT, &address.slot) ||
      !parse_hex (parts[3], strlen (parts[3]), MAX_FUNCTION, &address.function))
    return FALSE;

  *out = address;
  return TRUE;
}

/* XML attributes come as "0x01" in domain XML and as "1" (decimal) in node device XML: hex
 * with a 0x/0X prefix, decimal otherwise. */
static gboolean
parse_number (const char *text,
              guint       max,
              guint      *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || *text == '\0' || *text == '-')
    return FALSE;

  /* Four of these per address, tens of thousands of addresses per read: no prefix search. */
  value = g_ascii_strtoull (text, &end,
                            text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? 16 : 10);
  if (end == NULL || *end != '\0' || value > max)
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

gboolean
ferry_pci_address_from_parts (const char      *domain,
                              const char      *bus,
                              const char      *slot,
                              const char      *function,
                              FerryPciAddress *out)
{
  FerryPciAddress address = { 0 };

  g_return_val_if_fail (out != NULL, FALSE);

  if (!parse_number (domain, MAX_DOMAIN, &address.domain) ||
      !parse_number (bus, MAX_BUS, &address.bus) ||
      !parse_number (slot, MAX_SLOT, &address.slot) ||
      !parse_number (function, MAX_FUNCTION, &address.function))
    return FALSE;

  *out = address;
  return TRUE;
}

char *
ferry_pci_address_to_string (const FerryPciAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%04x:%02x:%02x.%x",
                          self->domain, self->bus, self->slot, self->function);
}

char *
ferry_pci_address_to_nodedev (const FerryPciAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("pci_%04x_%02x_%02x_%x",
                          self->domain, self->bus, self->slot, self->function);
}

gboolean
ferry_pci_address_equal (const FerryPciAddress *a,
                         const FerryPciAddress *b)
{
  return ferry_pci_address_compare (a, b) == 0;
}

gboolean
ferry_pci_address_same_slot (const FerryPciAddress *a,
                             const FerryPciAddress *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->domain == b->domain && a->bus == b->bus && a->slot == b->slot;
}

guint
ferry_pci_address_hash (const FerryPciAddress *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (self->domain << 16) ^ (self->bus << 8) ^ (self->slot << 3) ^ self->function;
}

int
ferry_pci_address_compare (const FerryPciAddress *a,
                           const FerryPciAddress *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->domain != b->domain)
    return a->domain < b->domain ? -1 : 1;
  if (a->bus != b->bus)
    return a->bus < b->bus ? -1 : 1;
  if (a->slot != b->slot)
    return a->slot < b->slot ? -1 : 1;
  if (a->function != b->function)
    return a->function < b->function ? -1 : 1;
  return 0;
}

/* Whether two GArrays of FerryPciAddress list the same addresses in the same order. */
gboolean
ferry_pci_address_array_equal (GArray *a,
                               GArray *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!ferry_pci_address_equal (&g_array_index (a, FerryPciAddress, i),
                                  &g_array_index (b, FerryPciAddress, i)))
      return FALSE;
  return TRUE;
}

/* The index of ADDRESS in ADDRESSES (a GArray of FerryPciAddress), or -1. */
int
ferry_pci_address_array_find (GArray                *addresses,
                              const FerryPciAddress *address)
{
  for (guint i = 0; i < addresses->len; i++)
    if (ferry_pci_address_equal (&g_array_index (addresses, FerryPciAddress, i), address))
      return (int) i;

  return -1;
}

gboolean
ferry_pci_address_array_contains (GArray                *addresses,
                                  const FerryPciAddress *address)
{
  return ferry_pci_address_array_find (addresses, address) >= 0;
}

/* Appends ADDRESS to ADDRESSES unless it is there already. */
void
ferry_pci_address_array_append_once (GArray                *addresses,
                                     const FerryPciAddress *address)
{
  if (!ferry_pci_address_array_contains (addresses, address))
    g_array_append_val (addresses, *address);
}
