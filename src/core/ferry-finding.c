/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-finding"

#include "config.h"

#include "ferry-finding.h"

/* One thing the assignment check has to say about a request: a stable code for scripts, a
 * severity, a sentence for people, the host functions and other guests it is about, and the
 * one-click fixes a dialog can offer. */

#define MAX_FIXES 2

typedef struct
{
  FerryFixKind  kind;
  char         *label;
  GArray       *devices;   /* FerryPciAddress */
} Fix;

struct _FerryFinding
{
  GObject        parent_instance;

  char          *code;
  FerrySeverity  severity;
  char          *message;
  gboolean       overridable;
  GArray        *devices;  /* FerryPciAddress, in address order, each once */
  GPtrArray     *guests;   /* NULL-terminated */
  Fix            fixes[MAX_FIXES];
  guint          n_fixes;
};

G_DEFINE_FINAL_TYPE (FerryFinding, ferry_finding, G_TYPE_OBJECT)

static void
ferry_finding_finalize (GObject *object)
{
  FerryFinding *self = (FerryFinding *) object;

  g_free (self->code);
  g_free (self->message);
  g_array_unref (self->devices);
  g_ptr_array_unref (self->guests);
  for (guint i = 0; i < self->n_fixes; i++)
    {
      g_free (self->fixes[i].label);
      g_array_unref (self->fixes[i].devices);
    }

  G_OBJECT_CLASS (ferry_finding_parent_class)->finalize (object);
}

static void
ferry_finding_class_init (FerryFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_finding_finalize;
}

static void
ferry_finding_init (FerryFinding *self)
{
  self->devices = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  /* One slot reserved: an empty null-terminated array may have no pdata at all. */
  self->guests = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

FerryFinding *
ferry_finding_new (const char    *code,
                   FerrySeverity  severity,
                   const char    *message)
{
  FerryFinding *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (severity <= FERRY_SEVERITY_ERROR, NULL);

  self = g_object_new (FERRY_TYPE_FINDING, NULL);
  self->code = g_strdup (code);
  self->severity = severity;
  self->message = g_strdup (message);
  return self;
}

const char *
ferry_finding_get_code (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  return self->code;
}

FerrySeverity
ferry_finding_get_severity (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), FERRY_SEVERITY_INFO);
  return self->severity;
}

/* The stable names ferryctl's JSON uses. */
const char *
ferry_finding_get_severity_name (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);

  switch (self->severity)
    {
    case FERRY_SEVERITY_ERROR:
      return "error";
    case FERRY_SEVERITY_WARNING:
      return "warning";
    case FERRY_SEVERITY_INFO:
    default:
      return "info";
    }
}

const char *
ferry_finding_get_message (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  return self->message;
}

void
ferry_finding_set_overridable (FerryFinding *self,
                               gboolean      overridable)
{
  g_return_if_fail (FERRY_IS_FINDING (self));

  self->overridable = !!overridable;
}

gboolean
ferry_finding_get_overridable (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), FALSE);

  return self->overridable;
}

/* Kept sorted so that a finding reads the same whichever rule order found its devices. */
void
ferry_finding_add_device (FerryFinding          *self,
                          const FerryPciAddress *address)
{
  guint i;

  g_return_if_fail (FERRY_IS_FINDING (self));
  g_return_if_fail (address != NULL);

  for (i = 0; i < self->devices->len; i++)
    {
      int order = ferry_pci_address_compare (&g_array_index (self->devices, FerryPciAddress, i),
                                             address);

      if (order == 0)
        return;
      if (order > 0)
        break;
    }

  g_array_insert_val (self->devices, i, *address);
}

const FerryPciAddress *
ferry_finding_get_devices (FerryFinding *self,
                           guint        *n_devices)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  g_return_val_if_fail (n_devices != NULL, NULL);

  *n_devices = self->devices->len;
  return (const FerryPciAddress *) (gpointer) self->devices->data;
}

/* Each guest once, in the order the rule named them. */
void
ferry_finding_add_guest (FerryFinding *self,
                         const char   *guest)
{
  g_return_if_fail (FERRY_IS_FINDING (self));
  g_return_if_fail (guest != NULL);

  for (guint i = 0; i < self->guests->len; i++)
    if (g_str_equal (self->guests->pdata[i], guest))
      return;

  g_ptr_array_add (self->guests, g_strdup (guest));
}

/* NULL-terminated, never NULL. */
const char * const *
ferry_finding_get_guests (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  return (const char * const *) self->guests->pdata;
}

void
ferry_finding_add_fix (FerryFinding          *self,
                       FerryFixKind           kind,
                       const char            *label,
                       const FerryPciAddress *devices,
                       guint                  n_devices)
{
  Fix *fix;

  g_return_if_fail (FERRY_IS_FINDING (self));
  g_return_if_fail (kind != FERRY_FIX_NONE);
  g_return_if_fail (label != NULL);
  g_return_if_fail (devices != NULL || n_devices == 0);
  /* A dialog has room for two buttons next to a finding; more would be a menu. */
  g_return_if_fail (self->n_fixes < MAX_FIXES);

  fix = &self->fixes[self->n_fixes++];
  fix->kind = kind;
  fix->label = g_strdup (label);
  fix->devices = g_array_sized_new (FALSE, FALSE, sizeof (FerryPciAddress), n_devices);
  g_array_append_vals (fix->devices, devices, n_devices);
}

guint
ferry_finding_get_n_fixes (FerryFinding *self)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), 0);
  return self->n_fixes;
}

FerryFixKind
ferry_finding_get_fix_kind (FerryFinding *self,
                            guint         index)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), FERRY_FIX_NONE);
  g_return_val_if_fail (index < self->n_fixes, FERRY_FIX_NONE);

  return self->fixes[index].kind;
}

const char *
ferry_finding_get_fix_label (FerryFinding *self,
                             guint         index)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->n_fixes, NULL);

  return self->fixes[index].label;
}

const FerryPciAddress *
ferry_finding_get_fix_devices (FerryFinding *self,
                               guint         index,
                               guint        *n_devices)
{
  g_return_val_if_fail (FERRY_IS_FINDING (self), NULL);
  g_return_val_if_fail (index < self->n_fixes, NULL);
  g_return_val_if_fail (n_devices != NULL, NULL);

  *n_devices = self->fixes[index].devices->len;
  return (const FerryPciAddress *) (gpointer) self->fixes[index].devices->data;
}
