/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assigned-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device.h"

/* A host PCI function a guest's XML hands to it, directly or through a VF pool. */
struct _FerryAssignedDevice
{
  GObject              parent_instance;

  FerryAssignmentKind  kind;
  gboolean             has_address;
  FerryPciAddress      address;
  char                *network;
  char                *mac;
  guint                vlan;
  gboolean             managed;
  gboolean             live;
  gboolean             config;
  gboolean             rom_bar;
  char                *guest_address;
  char                *rom_file;
  char                *profile_id;
};

G_DEFINE_FINAL_TYPE (FerryAssignedDevice, ferry_assigned_device, G_TYPE_OBJECT)

static void
ferry_assigned_device_finalize (GObject *object)
{
  FerryAssignedDevice *self = (FerryAssignedDevice *) object;

  g_free (self->network);
  g_free (self->mac);
  g_free (self->guest_address);
  g_free (self->rom_file);
  g_free (self->profile_id);

  G_OBJECT_CLASS (ferry_assigned_device_parent_class)->finalize (object);
}

static void
ferry_assigned_device_class_init (FerryAssignedDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_assigned_device_finalize;
}

static void
ferry_assigned_device_init (FerryAssignedDevice *self)
{
  /* libvirt's default: the guest sees the device's option ROM. */
  self->rom_bar = TRUE;
}

/* The guest side, as the XML has it: where the device sits in the guest's PCI topology, the
 * ROM image it gets instead of the device's own, an 802.1Qbh port profile. NULL when unset. */
void
ferry_assigned_device_set_guest_side (FerryAssignedDevice *self,
                                      const char          *guest_address,
                                      const char          *rom_file,
                                      const char          *profile_id)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));

  g_free (self->guest_address);
  self->guest_address = g_strdup (guest_address);
  g_free (self->rom_file);
  self->rom_file = g_strdup (rom_file);
  g_free (self->profile_id);
  self->profile_id = g_strdup (profile_id);
}

const char *
ferry_assigned_device_get_guest_address (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->guest_address;
}

const char *
ferry_assigned_device_get_rom_file (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->rom_file;
}

const char *
ferry_assigned_device_get_profile_id (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->profile_id;
}

gboolean
ferry_assigned_device_get_rom_bar (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), TRUE);
  return self->rom_bar;
}

void
ferry_assigned_device_set_rom_bar (FerryAssignedDevice *self,
                                   gboolean             rom_bar)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));
  self->rom_bar = !!rom_bar;
}

FerryAssignedDevice *
ferry_assigned_device_new (FerryAssignmentKind kind)
{
  FerryAssignedDevice *self = g_object_new (FERRY_TYPE_ASSIGNED_DEVICE, NULL);

  self->kind = kind;
  return self;
}

FerryAssignmentKind
ferry_assigned_device_get_kind (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), FERRY_ASSIGNMENT_HOSTDEV);
  return self->kind;
}

/* NULL for a pool interface whose VF is picked only when the guest starts. */
const FerryPciAddress *
ferry_assigned_device_get_address (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->has_address ? &self->address : NULL;
}

void
ferry_assigned_device_set_address (FerryAssignedDevice   *self,
                                   const FerryPciAddress *address)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));

  self->has_address = address != NULL;
  if (address != NULL)
    self->address = *address;
}

const char *
ferry_assigned_device_get_network (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->network;
}

void
ferry_assigned_device_set_network (FerryAssignedDevice *self,
                                   const char          *network)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));
  g_free (self->network);
  self->network = g_strdup (network);
}

const char *
ferry_assigned_device_get_mac (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);
  return self->mac;
}

void
ferry_assigned_device_set_mac (FerryAssignedDevice *self,
                               const char          *mac)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));
  g_free (self->mac);
  self->mac = g_strdup (mac);
}

/* 0 when the XML sets no VLAN tag (valid tags are 1–4094). */
guint
ferry_assigned_device_get_vlan (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), 0);
  return self->vlan;
}

void
ferry_assigned_device_set_vlan (FerryAssignedDevice *self,
                                guint                vlan)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));
  self->vlan = vlan;
}

gboolean
ferry_assigned_device_get_managed (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), FALSE);
  return self->managed;
}

void
ferry_assigned_device_set_managed (FerryAssignedDevice *self,
                                   gboolean             managed)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));
  self->managed = !!managed;
}

/* Whether the running guest holds it now (live XML) and whether it comes back at the next
 * boot (persistent XML); a running guest may have either without the other. */
gboolean
ferry_assigned_device_get_live (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), FALSE);
  return self->live;
}

gboolean
ferry_assigned_device_get_config (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), FALSE);
  return self->config;
}

void
ferry_assigned_device_set_presence (FerryAssignedDevice *self,
                                    gboolean             live,
                                    gboolean             config)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (self));

  self->live = !!live;
  self->config = !!config;
}

static gboolean
same_mac (FerryAssignedDevice *a,
          FerryAssignedDevice *b)
{
  return a->mac != NULL && b->mac != NULL && g_ascii_strcasecmp (a->mac, b->mac) == 0;
}

/* The same assignment seen in the persistent (A) and the live (B) XML: same kind and host
 * function, or, for a pool interface (which has no VF until the guest starts), same pool and
 * MAC — live, libvirt may show it as the <interface type='hostdev'> the pool handed out. */
gboolean
ferry_assigned_device_same (FerryAssignedDevice *a,
                            FerryAssignedDevice *b)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (a) && FERRY_IS_ASSIGNED_DEVICE (b), FALSE);

  if (a->kind == FERRY_ASSIGNMENT_INTERFACE_POOL && b->kind == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV)
    return same_mac (a, b);

  if (a->kind != b->kind)
    return FALSE;

  if (a->kind == FERRY_ASSIGNMENT_INTERFACE_POOL)
    return g_strcmp0 (a->network, b->network) == 0 &&
           (same_mac (a, b) || (a->mac == NULL && b->mac == NULL));

  return a->has_address && b->has_address && ferry_pci_address_equal (&a->address, &b->address);
}

const char *
ferry_assigned_device_describe_kind (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);

  switch (self->kind)
    {
    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      return _("Network interface (hostdev)");
    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      return _("Network interface from an SR-IOV pool");
    case FERRY_ASSIGNMENT_HOSTDEV:
    default:
      return _("PCI host device");
    }
}

/* Where the guest has it: its running instance, its persistent definition, or both. */
const char *
ferry_assigned_device_describe_presence (FerryAssignedDevice *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);

  if (self->live && self->config)
    return _("now and at next boot");
  if (self->live)
    return _("now, until it stops");
  return _("at next boot");
}

/* Its name for people: the host function's (HOST_DEVICE, NULL when the host has none at its
 * address), or what stands in for one. */
char *
ferry_assigned_device_dup_title (FerryAssignedDevice *self,
                                 FerryHostDevice     *host_device)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);

  if (!self->has_address)
    /* Translators: %s is a network name; the pool picks a VF when the guest starts */
    return g_strdup_printf (_("A VF from pool “%s”"), self->network);

  if (host_device == NULL)
    return g_strdup (_("Not present on this host"));

  return ferry_host_device_dup_title (host_device);
}

/* One line of what sets it apart: address, kind, pool, MAC, VLAN, where it is configured. */
char *
ferry_assigned_device_dup_summary (FerryAssignedDevice *self)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (self), NULL);

  if (self->has_address)
    g_ptr_array_add (details, ferry_pci_address_to_string (&self->address));
  g_ptr_array_add (details, g_strdup (ferry_assigned_device_describe_kind (self)));
  if (self->network != NULL && self->has_address)
    /* Translators: %s is a network name */
    g_ptr_array_add (details, g_strdup_printf (_("pool %s"), self->network));
  if (self->mac != NULL)
    g_ptr_array_add (details, g_strdup (self->mac));
  if (self->vlan != 0)
    /* Translators: %u is a VLAN tag */
    g_ptr_array_add (details, g_strdup_printf (_("VLAN %u"), self->vlan));
  g_ptr_array_add (details, g_strdup (ferry_assigned_device_describe_presence (self)));
  g_ptr_array_add (details, NULL);
  return g_strjoinv (" · ", (char **) details->pdata);
}
