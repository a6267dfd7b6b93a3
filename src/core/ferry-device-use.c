/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-use"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-use.h"
#include "ferry-text.h"

/* One guest's claim on one host PCI function: as a hostdev, as a hostdev interface, or
 * through a VF pool. A "potential" use is a pool interface that has no VF yet: any of the
 * pool's VFs may go to it when the guest starts. */
struct _FerryDeviceUse
{
  GObject              parent_instance;

  char                *guest;
  FerryAssignmentKind  via;
  char                *pool;
  gboolean             live;
  gboolean             config;
  gboolean             potential;
};

G_DEFINE_FINAL_TYPE (FerryDeviceUse, ferry_device_use, G_TYPE_OBJECT)

static void
ferry_device_use_finalize (GObject *object)
{
  FerryDeviceUse *self = (FerryDeviceUse *) object;

  g_free (self->guest);
  g_free (self->pool);

  G_OBJECT_CLASS (ferry_device_use_parent_class)->finalize (object);
}

static void
ferry_device_use_class_init (FerryDeviceUseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_device_use_finalize;
}

static void
ferry_device_use_init (FerryDeviceUse *self)
{
}

FerryDeviceUse *
ferry_device_use_new (const char          *guest,
                      FerryAssignedDevice *assignment,
                      gboolean             potential)
{
  FerryDeviceUse *self;

  g_return_val_if_fail (guest != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (assignment), NULL);

  self = g_object_new (FERRY_TYPE_DEVICE_USE, NULL);
  self->guest = g_strdup (guest);
  self->via = ferry_assigned_device_get_kind (assignment);
  self->pool = g_strdup (ferry_assigned_device_get_network (assignment));
  self->live = ferry_assigned_device_get_live (assignment);
  self->config = ferry_assigned_device_get_config (assignment);
  self->potential = potential;
  return self;
}

const char *
ferry_device_use_get_guest (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), NULL);
  return self->guest;
}

FerryAssignmentKind
ferry_device_use_get_via (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), FERRY_ASSIGNMENT_HOSTDEV);
  return self->via;
}

/* The stable names ferryctl's JSON uses. */
const char *
ferry_device_use_get_via_name (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), NULL);

  switch (self->via)
    {
    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      return "interface";
    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      return "pool";
    case FERRY_ASSIGNMENT_HOSTDEV:
    default:
      return "hostdev";
    }
}

const char *
ferry_device_use_get_pool (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), NULL);
  return self->pool;
}

gboolean
ferry_device_use_get_live (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), FALSE);
  return self->live;
}

gboolean
ferry_device_use_get_config (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), FALSE);
  return self->config;
}

gboolean
ferry_device_use_is_potential (FerryDeviceUse *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), FALSE);
  return self->potential;
}

static char *
describe (FerryDeviceUse *self)
{
  const char *when;

  if (self->potential)
    /* Translators: first %s is a guest, second an SR-IOV pool (network) name */
    return g_strdup_printf (_("%s may take it from pool %s"), self->guest, self->pool);

  if (self->live && self->config)
    when = _("now and at next boot");
  else if (self->live)
    when = _("now, until it stops");
  else
    when = _("at next boot");

  switch (self->via)
    {
    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      /* Translators: first %s is a guest name, second says when (e.g. "now and at next boot") */
      return g_strdup_printf (_("%s, as a network interface, %s"), self->guest, when);
    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      /* Translators: %s are a guest name, a pool name and when (e.g. "now and at next boot") */
      return g_strdup_printf (_("%s, from pool %s, %s"), self->guest, self->pool, when);
    case FERRY_ASSIGNMENT_HOSTDEV:
    default:
      /* Translators: first %s is a guest name, second says when (e.g. "now and at next boot") */
      return g_strdup_printf (_("%s, %s"), self->guest, when);
    }
}

/* One line for people: who, how, and when; the host's names in it made safe for a label. */
char *
ferry_device_use_describe (FerryDeviceUse *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FERRY_IS_DEVICE_USE (self), NULL);

  text = describe (self);
  return ferry_text_dup_safe (text, 0);
}

/* Whether A and B are the same claim, so would be described alike: what a reload's merge
 * asks of every use of every function, far more often than a use is shown. */
gboolean
ferry_device_use_equal (FerryDeviceUse *a,
                        FerryDeviceUse *b)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (a), FALSE);
  g_return_val_if_fail (FERRY_IS_DEVICE_USE (b), FALSE);

  return g_str_equal (a->guest, b->guest) && a->via == b->via &&
         g_strcmp0 (a->pool, b->pool) == 0 && a->live == b->live && a->config == b->config &&
         a->potential == b->potential;
}
