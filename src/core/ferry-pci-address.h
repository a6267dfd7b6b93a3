/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A PCI function, domain:bus:slot.function. A plain value type: copy it freely. */
typedef struct
{
  guint domain;
  guint bus;
  guint slot;
  guint function;
} FerryPciAddress;

#define FERRY_TYPE_PCI_ADDRESS (ferry_pci_address_get_type ())

GType            ferry_pci_address_get_type      (void) G_GNUC_CONST;
FerryPciAddress *ferry_pci_address_copy          (const FerryPciAddress *self);
void             ferry_pci_address_free          (FerryPciAddress       *self);
gboolean         ferry_pci_address_parse         (const char            *text,
                                                  FerryPciAddress       *out);
gboolean         ferry_pci_address_parse_nodedev (const char            *name,
                                                  FerryPciAddress       *out);
gboolean         ferry_pci_address_from_parts    (const char            *domain,
                                                  const char            *bus,
                                                  const char            *slot,
                                                  const char            *function,
                                                  FerryPciAddress       *out);
char            *ferry_pci_address_to_string     (const FerryPciAddress *self);
char            *ferry_pci_address_to_nodedev    (const FerryPciAddress *self);
gboolean         ferry_pci_address_equal         (const FerryPciAddress *a,
                                                  const FerryPciAddress *b);
gboolean         ferry_pci_address_same_slot     (const FerryPciAddress *a,
                                                  const FerryPciAddress *b);
guint            ferry_pci_address_hash          (const FerryPciAddress *self);
int              ferry_pci_address_compare       (const FerryPciAddress *a,
                                                  const FerryPciAddress *b);
int              ferry_pci_address_array_find    (GArray                *addresses,
                                                  const FerryPciAddress *address);
gboolean         ferry_pci_address_array_contains (GArray               *addresses,
                                                   const FerryPciAddress *address);
void             ferry_pci_address_array_append_once (GArray            *addresses,
                                                      const FerryPciAddress *address);
gboolean         ferry_pci_address_array_equal   (GArray                *a,
                                                  GArray                *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPciAddress, ferry_pci_address_free)

G_END_DECLS
