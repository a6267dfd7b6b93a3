/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-readiness-check"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-readiness-check.h"

/* One verdict on what PCI passthrough needs from a host, with the fix in plain words and the
 * commands a person would run (Ferry never runs them). */
struct _FerryReadinessCheck
{
  GObject           parent_instance;

  char             *id;
  FerryCheckStatus  status;
  char             *title;
  char             *summary;
  char             *remedy;
  GStrv             commands;
  char             *fix_uri;
};

G_DEFINE_FINAL_TYPE (FerryReadinessCheck, ferry_readiness_check, G_TYPE_OBJECT)

static void
ferry_readiness_check_finalize (GObject *object)
{
  FerryReadinessCheck *self = (FerryReadinessCheck *) object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->remedy);
  g_strfreev (self->commands);
  g_free (self->fix_uri);

  G_OBJECT_CLASS (ferry_readiness_check_parent_class)->finalize (object);
}

static void
ferry_readiness_check_class_init (FerryReadinessCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_readiness_check_finalize;
}

static void
ferry_readiness_check_init (FerryReadinessCheck *self)
{
}

static FerryReadinessCheck *
add_check (GPtrArray        *checks,
           const char       *id,
           FerryCheckStatus  status,
           const char       *title,
           const char       *summary,
           const char       *remedy,
           GStrv             commands)
{
  FerryReadinessCheck *self = g_object_new (FERRY_TYPE_READINESS_CHECK, NULL);

  self->id = g_strdup (id);
  self->status = status;
  self->title = g_strdup (title);
  self->summary = g_strdup (summary);
  self->remedy = g_strdup (remedy);
  self->commands = commands ? commands : g_new0 (char *, 1);
  g_ptr_array_add (checks, self);
  return self;
}

/* The RHEL procedure for a kernel parameter: add it to GRUB_CMDLINE_LINUX, regenerate the
 * boot configuration, reboot. */
static GStrv
grub_commands (const FerryHostFacts *facts,
               const char           *parameter)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) commands = ferry_host_facts_grub_commands (facts, parameter, FALSE);

  g_strv_builder_addv (builder, (const char **) commands);
  g_strv_builder_add (builder, "sudo reboot");
  return g_strv_builder_end (builder);
}

static GStrv
strv_of (const char *first,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *item = first; item != NULL; item = va_arg (args, const char *))
    g_strv_builder_add (builder, item);
  va_end (args);

  return g_strv_builder_end (builder);
}

static void
check_libvirt (const FerryHostFacts *facts,
               GPtrArray            *checks)
{
  const char *title = _("libvirt sees an IOMMU");

  if (!facts->libvirt_known || facts->libvirt_iommu == FERRY_TRISTATE_UNKNOWN)
    add_check (checks, "libvirt-iommu", FERRY_CHECK_UNKNOWN, title,
               _("This connection’s driver does not report IOMMU support."), NULL, NULL);
  else if (facts->libvirt_iommu == FERRY_TRISTATE_YES)
    add_check (checks, "libvirt-iommu", FERRY_CHECK_PASS, title,
               _("libvirt reports IOMMU support on this host."), NULL, NULL);
  else
    add_check (checks, "libvirt-iommu", FERRY_CHECK_FAIL, title,
               _("libvirt reports no IOMMU support: no PCI device can be assigned."),
               _("Turn on VT-d (Intel) or AMD-Vi / IOMMU (AMD) in the firmware setup, make sure "
                 "the kernel enables it (see the kernel command line check), and restart."),
               NULL);

  title = _("Passthrough back end");
  if (!facts->libvirt_known || facts->pci_backends == NULL)
    add_check (checks, "hostdev-backend", FERRY_CHECK_UNKNOWN, title,
               _("This connection’s driver does not report how it assigns PCI devices."),
               NULL, NULL);
  else if (g_strv_contains ((const char * const *) facts->pci_backends, "vfio"))
    add_check (checks, "hostdev-backend", FERRY_CHECK_PASS, title,
               _("The hypervisor can assign PCI devices through VFIO."), NULL, NULL);
  else
    add_check (checks, "hostdev-backend", FERRY_CHECK_FAIL, title,
               _("The hypervisor offers no VFIO back end for PCI devices."),
               _("Load the vfio-pci module and check that /dev/vfio exists; without an IOMMU "
                 "VFIO cannot work."),
               strv_of ("sudo modprobe vfio-pci", NULL));
}

static const char *
iommu_parameter (const FerryHostFacts *facts)
{
  return facts->cpu_vendor == FERRY_CPU_AMD ? "amd_iommu=on" : "intel_iommu=on";
}

static void
check_local (const FerryHostFacts *facts,
             GPtrArray            *checks)
{
  gboolean iommu_on = facts->n_iommu_groups > 0;
  const char *parameter = iommu_parameter (facts);
  gboolean has_parameter = ferry_host_facts_cmdline_has (facts, parameter);
  const char *cmdline_title = _("Kernel command line");
  g_autofree char *groups = NULL;
  g_autofree char *remedy = NULL;
  const char *title;

  title = _("IOMMU enabled");
  /* The kernel parameter's fix belongs to the command line check alone: given here too, it
   * would add the parameter twice to whoever ran both. */
  if (iommu_on)
    {
      groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The IOMMU is on: the kernel made %u IOMMU group.",
                                             "The IOMMU is on: the kernel made %u IOMMU groups.",
                                             facts->n_iommu_groups),
                                facts->n_iommu_groups);
      add_check (checks, "iommu-active", FERRY_CHECK_PASS, title, groups, NULL, NULL);
    }
  else
    {
      if (has_parameter)
        remedy = g_strdup (_("The kernel is already told to use the IOMMU, so the firmware "
                             "has it off: turn on VT-d (Intel) or AMD-Vi / IOMMU (AMD) in the "
                             "firmware setup and restart."));
      else if (facts->iommu_units)
        /* Translators: %s is the title of another readiness check, "Kernel command line" */
        remedy = g_strdup_printf (_("The kernel has not turned the IOMMU on. The fix under "
                                    "“%s” turns it on."), cmdline_title);
      else
        /* Translators: %s is the title of another readiness check, "Kernel command line" */
        remedy = g_strdup_printf (_("Turn on VT-d (Intel) or AMD-Vi / IOMMU (AMD) in the "
                                    "firmware setup, then run the fix under “%s”."),
                                  cmdline_title);

      add_check (checks, "iommu-active", FERRY_CHECK_FAIL, title,
                 facts->iommu_units
                 ? _("The firmware describes an IOMMU, but the kernel made no IOMMU groups.")
                 : facts->cpu_vendor == FERRY_CPU_AMD
                 ? _("No IOMMU is active. AMD-Vi is off in the firmware or in the kernel.")
                 : _("No IOMMU is active. VT-d is off in the firmware or in the kernel."),
                 remedy, NULL);
    }

  title = cmdline_title;
  if (has_parameter)
    add_check (checks, "kernel-cmdline", FERRY_CHECK_PASS, title,
               ferry_host_facts_cmdline_has (facts, "iommu=pt")
               ? _("The kernel is told to use the IOMMU, in passthrough mode for host devices.")
               : _("The kernel is told to use the IOMMU."),
               NULL, NULL);
  else if (iommu_on)
    /* Recent kernels (and AMD by default) turn the IOMMU on without a parameter. */
    add_check (checks, "kernel-cmdline", FERRY_CHECK_PASS, title,
               _("No IOMMU parameter, but the kernel turned the IOMMU on by default."),
               NULL, NULL);
  else
    {
      /* Translators: %s is a kernel parameter such as intel_iommu=on */
      g_autofree char *summary = g_strdup_printf (_("The kernel command line lacks %s."),
                                                  parameter);
      add_check (checks, "kernel-cmdline", FERRY_CHECK_FAIL, title, summary,
                 _("Add the parameter to GRUB_CMDLINE_LINUX in the GRUB settings, regenerate "
                   "the boot configuration and restart."),
                 grub_commands (facts, parameter));
    }

  title = _("VFIO driver");
  if (facts->vfio_loaded)
    add_check (checks, "vfio", FERRY_CHECK_PASS, title,
               _("The vfio-pci module is loaded."), NULL, NULL);
  else
    add_check (checks, "vfio", FERRY_CHECK_WARN, title,
               _("The vfio-pci module is not loaded yet."),
               _("libvirt loads it when it starts a guest with a managed device; load it now to "
                 "detach devices by hand."),
               strv_of ("sudo modprobe vfio-pci", NULL));

  title = _("Interrupt remapping");
  if (facts->interrupt_remapping == FERRY_TRISTATE_YES)
    add_check (checks, "interrupt-remapping", FERRY_CHECK_PASS, title,
               _("The IOMMU remaps interrupts: assigned devices cannot inject interrupts into "
                 "the host."),
               NULL, NULL);
  else if (facts->unsafe_interrupts_runtime == FERRY_TRISTATE_YES ||
           facts->unsafe_interrupts_file != NULL)
    add_check (checks, "interrupt-remapping", FERRY_CHECK_WARN, title,
               _("No interrupt remapping; unsafe interrupts are allowed, so assignment works "
                 "but a guest could disturb the host."),
               _("Prefer a host whose IOMMU remaps interrupts for guests you do not trust."),
               NULL);
  else if (facts->interrupt_remapping == FERRY_TRISTATE_NO)
    add_check (checks, "interrupt-remapping", FERRY_CHECK_FAIL, title,
               _("The IOMMU cannot remap interrupts, so VFIO refuses to assign devices."),
               _("Allow unsafe interrupts for the vfio_iommu_type1 module, then reload it or "
                 "restart. Only do this for guests you trust."),
               strv_of ("echo 'options vfio_iommu_type1 allow_unsafe_interrupts=1' | "
                        "sudo tee /etc/modprobe.d/vfio-unsafe-interrupts.conf",
                        "sudo reboot", NULL));
  else
    add_check (checks, "interrupt-remapping", FERRY_CHECK_UNKNOWN, title,
               _("Ferry cannot tell whether the IOMMU remaps interrupts."), NULL, NULL);

  title = _("Trustworthy IOMMU groups");
  if (ferry_host_facts_cmdline_has (facts, "pcie_acs_override"))
    add_check (checks, "acs-override", FERRY_CHECK_WARN, title,
               _("pcie_acs_override is on the kernel command line: the groups may claim an "
                 "isolation the hardware does not have."),
               _("Devices the override separated can still reach each other’s memory. Remove "
                 "the parameter where you can, or assign only devices you would put in one "
                 "guest anyway."),
               NULL);
  else
    add_check (checks, "acs-override", FERRY_CHECK_PASS, title,
               _("The IOMMU groups come from the hardware, not from an override."), NULL, NULL);
}

/* A per-user daemon runs with the user's rights: it cannot unbind a device from its host
 * driver, so a managed device makes the guest fail at start (seen in the lab: "Failed to add
 * driver 'vfio-pci' to driver_override …: Permission denied"). */
static void
check_connection (const FerryHostFacts *facts,
                  GPtrArray            *checks)
{
  FerryReadinessCheck *check;

  if (facts->system_uri == NULL)
    return;

  check = add_check (checks, "session-connection", FERRY_CHECK_FAIL,
                     _("A connection that can detach devices"),
                     _("This is a per-user session connection: its libvirt runs with your own "
                       "rights and cannot take a device from its host driver, so a guest with "
                       "a managed device fails to start."),
                     _("Use the system connection to assign devices. Here only a device that an "
                       "administrator already bound to vfio-pci, with its /dev/vfio group "
                       "given to you, can be assigned, unmanaged."),
                     NULL);
  check->fix_uri = g_strdup (facts->system_uri);
}

/* Every readiness check for FACTS, in the order the page lists them. */
GPtrArray *
ferry_readiness_evaluate (const FerryHostFacts *facts)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (facts != NULL, checks);

  check_connection (facts, checks);

  check_libvirt (facts, checks);

  if (facts->local)
    check_local (facts, checks);
  else if (facts->test_driver)
    add_check (checks, "host-files", FERRY_CHECK_UNKNOWN, _("Kernel and firmware settings"),
               _("Not checked: this is a libvirt test-driver host, described by an XML file, "
                 "not this computer or another one."),
               NULL, NULL);
  else
    add_check (checks, "host-files", FERRY_CHECK_UNKNOWN, _("Kernel and firmware settings"),
               _("Not checked on a remote connection: only libvirt’s view of the host is "
                 "available. Run Ferry on the host itself to check them."),
               NULL, NULL);

  return checks;
}

const char *
ferry_readiness_check_get_id (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return self->id;
}

FerryCheckStatus
ferry_readiness_check_get_status (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), FERRY_CHECK_UNKNOWN);
  return self->status;
}

/* The stable names ferryctl's JSON uses. */
const char *
ferry_readiness_check_get_status_name (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);

  switch (self->status)
    {
    case FERRY_CHECK_PASS:
      return "pass";
    case FERRY_CHECK_WARN:
      return "warn";
    case FERRY_CHECK_FAIL:
      return "fail";
    case FERRY_CHECK_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
ferry_readiness_check_get_title (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return self->title;
}

const char *
ferry_readiness_check_get_summary (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return self->summary;
}

/* NULL when nothing needs doing. */
const char *
ferry_readiness_check_get_remedy (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return self->remedy;
}

const char * const *
ferry_readiness_check_get_commands (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return (const char * const *) self->commands;
}

/* The connection that fixes the check (the system connection when this one is a per-user
 * session), or NULL. */
const char *
ferry_readiness_check_get_fix_uri (FerryReadinessCheck *self)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (self), NULL);
  return self->fix_uri;
}

/* Whether A and B give the same verdict in the same words. */
gboolean
ferry_readiness_check_equal (FerryReadinessCheck *a,
                             FerryReadinessCheck *b)
{
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (a), FALSE);
  g_return_val_if_fail (FERRY_IS_READINESS_CHECK (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 &&
         a->status == b->status &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->summary, b->summary) == 0 &&
         g_strcmp0 (a->remedy, b->remedy) == 0 &&
         g_strcmp0 (a->fix_uri, b->fix_uri) == 0 &&
         g_strv_equal ((const char * const *) a->commands,
                       (const char * const *) b->commands);
}
