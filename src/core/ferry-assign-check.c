/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assign-check"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assign-check.h"

/* What Ferry has to say before host PCI functions go to a guest: the conflicts that make
 * libvirt fail (a split IOMMU group, a device another running guest holds), the traps that
 * only show later (a second guest that cannot start, a host NIC gone), and what the user
 * must do by hand. Each rule reads only the inventory and the request, so the window, the
 * wizard and ferryctl judge a request the same way, for a remote host too. */

/* Helpers shared by the rules. */

static FerryFinding *
add_finding (GPtrArray     *findings,
             const char    *code,
             FerrySeverity  severity,
             const char    *message)
{
  FerryFinding *finding = ferry_finding_new (code, severity, message);

  g_ptr_array_add (findings, finding);
  return finding;
}

/* An error the user may still choose to accept: see ferry_finding_set_overridable(). */
static FerryFinding *
add_overridable_error (GPtrArray  *findings,
                       const char *code,
                       const char *message)
{
  FerryFinding *finding = add_finding (findings, code, FERRY_SEVERITY_ERROR, message);

  ferry_finding_set_overridable (finding, TRUE);
  return finding;
}

static void
add_guests (FerryFinding *finding,
            GPtrArray    *names)
{
  for (guint i = 0; i < names->len; i++)
    ferry_finding_add_guest (finding, names->pdata[i]);
}

static void
add_devices (FerryFinding *finding,
             GArray       *addresses)
{
  for (guint i = 0; i < addresses->len; i++)
    ferry_finding_add_device (finding, &g_array_index (addresses, FerryPciAddress, i));
}

/* "TU104 HD Audio Controller (0000:01:00.1)", or "function 0000:07:00.0" for one the host
 * does not list: messages put "the" in front of either. */
static char *
describe_device (FerryInventory        *inventory,
                 const FerryPciAddress *address)
{
  FerryHostDevice *device = ferry_inventory_lookup (inventory, address);
  g_autofree char *text = ferry_pci_address_to_string (address);
  g_autofree char *title = NULL;

  if (device == NULL)
    /* Translators: a PCI function the host does not list; %s is its address */
    return g_strdup_printf (_("function %s"), text);

  title = ferry_host_device_dup_title (device);
  /* Translators: a device's name and its PCI address, e.g. "HD Audio Controller (0000:01:00.1)" */
  return g_strdup_printf (_("%s (%s)"), title, text);
}

static char *
describe_devices (FerryInventory *inventory,
                  GArray         *addresses)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      g_autofree char *one = describe_device (inventory,
                                              &g_array_index (addresses, FerryPciAddress, i));

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, one);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, names->pdata[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_name_once (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], name))
      return;

  g_ptr_array_add (names, (gpointer) name);
}

typedef enum
{
  CLAIM_ANY,          /* live or at next boot */
  CLAIM_LIVE,         /* held now */
  CLAIM_CONFIG_ONLY,  /* in the persistent definition, not held now */
} Claim;

/* The guests other than EXCEPT (NULL: none) with a CLAIM on ADDRESS, each once. A pool
 * interface without a VF yet is no claim on any one VF: the pool picks at guest start. The
 * names belong to the inventory. */
static GPtrArray *
dup_claimants (FerryInventory        *inventory,
               const FerryPciAddress *address,
               const char            *except,
               Claim                  claim)
{
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      FerryDeviceUse *use = uses->pdata[i];
      const char *guest = ferry_device_use_get_guest (use);
      gboolean live = ferry_device_use_get_live (use);
      gboolean config = ferry_device_use_get_config (use);

      if (ferry_device_use_is_potential (use) || g_strcmp0 (guest, except) == 0)
        continue;
      if ((claim == CLAIM_LIVE && !live) || (claim == CLAIM_CONFIG_ONLY && (live || !config)))
        continue;
      add_name_once (names, guest);
    }
  return names;
}

static gboolean
claimed_by (FerryInventory        *inventory,
            const FerryPciAddress *address,
            const char            *guest)
{
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    if (!ferry_device_use_is_potential (uses->pdata[i]) &&
        g_strcmp0 (ferry_device_use_get_guest (uses->pdata[i]), guest) == 0)
      return TRUE;
  return FALSE;
}

/* A picked function the host lists and that could be assigned at all: the group and slot
 * rules have nothing to say about bridges (the `bridge` rule does). */
static FerryHostDevice *
lookup_endpoint (const FerryAssignRequest *request,
                 const FerryPciAddress    *address)
{
  FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);

  return device != NULL && !ferry_host_device_is_bridge (device) ? device : NULL;
}

/* The IOMMU group of one or more picked functions, looked at once however many are picked. */
typedef struct
{
  int              number;
  FerryPciAddress  first;    /* the first picked function in it, the one messages name */
  GArray          *picked;   /* its picked functions */
  GArray          *members;  /* all its functions, in address order */
} PickedGroup;

static void
picked_group_free (PickedGroup *group)
{
  g_array_unref (group->picked);
  g_array_unref (group->members);
  g_free (group);
}

/* Both the inventory's group and the members DEVICE's own XML lists: a root port's XML may
 * name no group while its endpoints' XML lists it in theirs. */
static GArray *
dup_group_members (FerryInventory  *inventory,
                   FerryHostDevice *device)
{
  GArray *members = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  FerryIommuGroup *group = ferry_inventory_get_group (inventory,
                                                      ferry_host_device_get_iommu_group (device));
  const FerryPciAddress *listed;
  guint n_listed;

  if (group != NULL)
    {
      GListModel *model = ferry_iommu_group_get_members (group);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FerryHostDevice) member = g_list_model_get_item (model, i);

          ferry_pci_address_array_append_once (members, ferry_host_device_get_address (member));
        }
    }

  listed = ferry_host_device_get_group_members (device, &n_listed);
  for (guint i = 0; i < n_listed; i++)
    ferry_pci_address_array_append_once (members, &listed[i]);

  g_array_sort (members, (GCompareFunc) ferry_pci_address_compare);
  return members;
}

/* The groups of the picked endpoints, in pick order; functions outside every group have none
 * (the `no-iommu` rule speaks for them). */
static GPtrArray *
dup_picked_groups (const FerryAssignRequest *request)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) picked_group_free);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = lookup_endpoint (request, address);
      int number = device ? ferry_host_device_get_iommu_group (device) : FERRY_NO_IOMMU_GROUP;
      PickedGroup *group = NULL;

      if (number == FERRY_NO_IOMMU_GROUP)
        continue;

      for (guint g = 0; g < groups->len && group == NULL; g++)
        if (((PickedGroup *) groups->pdata[g])->number == number)
          group = groups->pdata[g];

      if (group == NULL)
        {
          group = g_new0 (PickedGroup, 1);
          group->number = number;
          group->first = *address;
          group->picked = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
          group->members = dup_group_members (request->inventory, device);
          g_ptr_array_add (groups, group);
        }
      g_array_append_val (group->picked, *address);
    }

  return groups;
}

static gboolean
is_host_driver (const char *driver)
{
  /* vfio-pci holds a device for guests; pci-stub (legacy KVM assignment) keeps the host off
   * it. An unreported driver may be anything, the host's own included. */
  return g_strcmp0 (driver, "vfio-pci") != 0 && g_strcmp0 (driver, "pci-stub") != 0;
}

/* The rules, each on its own. */

static void
check_not_found (const FerryAssignRequest *request,
                 GPtrArray                *findings)
{
  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      g_autofree char *text = NULL;
      g_autofree char *message = NULL;

      if (ferry_inventory_lookup (request->inventory, address) != NULL)
        continue;

      text = ferry_pci_address_to_string (address);
      /* Translators: %s is a PCI address such as 0000:01:00.0 */
      message = g_strdup_printf (_("There is no PCI function %s on this host."), text);
      ferry_finding_add_device (add_finding (findings, "not-found", FERRY_SEVERITY_ERROR, message),
                                address);
    }
}

static void
check_bridge (const FerryAssignRequest *request,
              GPtrArray                *findings)
{
  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      /* is_bridge goes by class (host bridges, 0x0600xx, among them; see ferry-pci-class) and
       * by libvirt's pci-bridge capability. */
      if (device == NULL || !ferry_host_device_is_bridge (device))
        continue;

      name = describe_device (request->inventory, address);
      /* Translators: %s is a device, e.g. "PCIe Controller (0000:00:01.0)" */
      message = g_strdup_printf (_("The %s is a bridge, root port or host bridge. Bridges carry "
                                   "the host’s own PCI traffic and cannot be assigned: pick the "
                                   "device behind it instead."),
                                 name);
      ferry_finding_add_device (add_finding (findings, "bridge", FERRY_SEVERITY_ERROR, message),
                                address);
    }
}

static void
check_no_iommu (const FerryAssignRequest *request,
                GPtrArray                *findings)
{
  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = lookup_endpoint (request, address);
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (device == NULL || ferry_host_device_get_iommu_group (device) != FERRY_NO_IOMMU_GROUP)
        continue;

      name = describe_device (request->inventory, address);
      /* Translators: %s is a device, e.g. "HD Audio Controller (0000:01:00.1)" */
      message = g_strdup_printf (_("The %s is in no IOMMU group: the host’s IOMMU is off, or the "
                                   "device sits outside every group, and VFIO cannot assign it. "
                                   "See the host readiness check."),
                                 name);
      ferry_finding_add_device (add_finding (findings, "no-iommu", FERRY_SEVERITY_ERROR, message),
                                address);
    }
}

static void
check_already_assigned (const FerryAssignRequest *request,
                        GPtrArray                *findings)
{
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (!claimed_by (request->inventory, address, target))
        continue;

      name = describe_device (request->inventory, address);
      /* Translators: first %s is a device, second a guest name */
      message = g_strdup_printf (_("The %s is already assigned to %s."), name, target);
      ferry_finding_add_device (add_finding (findings, "already-assigned", FERRY_SEVERITY_ERROR,
                                             message),
                                address);
    }
}

static void
check_in_use_running (const FerryAssignRequest *request,
                      GPtrArray                *findings)
{
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      g_autoptr(GPtrArray) holders = dup_claimants (request->inventory, address, target,
                                                    CLAIM_LIVE);
      g_autofree char *name = NULL;
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;
      FerryFinding *finding;

      if (holders->len == 0)
        continue;

      name = describe_device (request->inventory, address);
      names = join_names (holders);
      /* Translators: first %s is a device, then a guest name twice */
      message = g_strdup_printf (_("The %s is in use by %s, which is running. A device serves one "
                                   "guest at a time: detach it from %s first."),
                                 name, names, names);
      finding = add_finding (findings, "in-use-running", FERRY_SEVERITY_ERROR, message);
      ferry_finding_add_device (finding, address);
      add_guests (finding, holders);
    }
}

static void
check_in_use_defined (const FerryAssignRequest *request,
                      GPtrArray                *findings)
{
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      g_autoptr(GPtrArray) owners = dup_claimants (request->inventory, address, target,
                                                   CLAIM_CONFIG_ONLY);
      g_autofree char *name = NULL;
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;
      FerryFinding *finding;

      if (owners->len == 0)
        continue;

      name = describe_device (request->inventory, address);
      names = join_names (owners);
      /* Translators: first %s is a device, second and third guest names */
      message = g_strdup_printf (_("The %s is also in the definition of %s. Both guests keep it, "
                                   "but they cannot run at the same time: whichever of %s and "
                                   "%s starts second will fail."),
                                 name, names, names, target);
      finding = add_finding (findings, "in-use-defined", FERRY_SEVERITY_WARNING, message);
      ferry_finding_add_device (finding, address);
      add_guests (finding, owners);
    }
}

static void
check_vf_in_pool (const FerryAssignRequest *request,
                  GPtrArray                *findings)
{
  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      const char * const *pools = ferry_inventory_get_pools (request->inventory, address);
      g_autofree char *name = NULL;
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;

      if (pools == NULL || pools[0] == NULL)
        continue;

      name = describe_device (request->inventory, address);
      names = g_strjoinv (", ", (char **) pools);
      /* Translators: first %s is a device, second VF pool (network) names */
      message = g_strdup_printf (_("The %s belongs to the VF pool %s, which may hand it to another "
                                   "guest when that guest starts. Then one of the two guests "
                                   "fails to start."),
                                 name, names);
      ferry_finding_add_device (add_finding (findings, "vf-in-pool", FERRY_SEVERITY_WARNING,
                                             message),
                                address);
    }
}

static void
check_pf_with_vfs (const FerryAssignRequest *request,
                   GPtrArray                *findings)
{
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = lookup_endpoint (request, address);
      g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      g_autoptr(GPtrArray) guests = g_ptr_array_new ();
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;
      const FerryPciAddress *vfs;
      guint n_vfs;
      FerryFinding *finding;

      if (device == NULL || !ferry_host_device_is_pf (device))
        continue;

      vfs = ferry_host_device_get_vfs (device, &n_vfs);
      for (guint v = 0; v < n_vfs; v++)
        {
          g_autoptr(GPtrArray) users = dup_claimants (request->inventory, &vfs[v], NULL,
                                                      CLAIM_ANY);
          const char * const *pools = ferry_inventory_get_pools (request->inventory, &vfs[v]);
          gboolean pooled = pools != NULL && pools[0] != NULL;
          g_autofree char *vf = NULL;
          g_autofree char *who = NULL;
          g_autofree char *where = NULL;
          g_autofree char *entry = NULL;

          if (users->len == 0 && !pooled)
            continue;

          g_array_append_val (taken, vfs[v]);
          for (guint u = 0; u < users->len; u++)
            if (g_strcmp0 (users->pdata[u], target) != 0)
              add_name_once (guests, users->pdata[u]);

          vf = ferry_pci_address_to_string (&vfs[v]);
          who = join_names (users);
          where = pooled ? g_strjoinv (", ", (char **) pools) : NULL;
          if (users->len > 0 && pooled)
            /* Translators: a VF's address, the guests using it and the pools that hold it */
            entry = g_strdup_printf (_("%s, used by %s and in pool %s"), vf, who, where);
          else if (users->len > 0)
            /* Translators: a VF's address and the guests using it */
            entry = g_strdup_printf (_("%s, used by %s"), vf, who);
          else
            /* Translators: a VF's address and the pools that hold it */
            entry = g_strdup_printf (_("%s, in pool %s"), vf, where);

          if (list->len > 0)
            g_string_append (list, "; ");
          g_string_append (list, entry);
        }

      if (taken->len == 0)
        continue;

      name = describe_device (request->inventory, address);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: a device, a count of VFs and
                                                 a list of VFs with their users */
                                              "The %s is the physical function of %u VF that is "
                                              "in use or pooled (%s). Assigning the physical "
                                              "function takes all its VFs away from the host, "
                                              "and from the guests and pools using them.",
                                              "The %s is the physical function of %u VFs that "
                                              "are in use or pooled (%s). Assigning the physical "
                                              "function takes all its VFs away from the host, "
                                              "and from the guests and pools using them.",
                                              taken->len),
                                 name, taken->len, list->str);
      finding = add_finding (findings, "pf-with-vfs", FERRY_SEVERITY_WARNING, message);
      ferry_finding_add_device (finding, address);
      add_devices (finding, taken);
      add_guests (finding, guests);
    }
}

/* The functions the request takes from the host: detaching takes one as surely as
 * assigning does. */
static GArray *
dup_leaving (const FerryAssignRequest *request)
{
  GArray *leaving = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));

  for (guint i = 0; i < request->picked->len; i++)
    ferry_pci_address_array_append_once (leaving, &g_array_index (request->picked, FerryPciAddress, i));
  for (guint i = 0; i < request->detach_first->len; i++)
    ferry_pci_address_array_append_once (leaving, &g_array_index (request->detach_first, FerryPciAddress, i));
  return leaving;
}

static const FerryFunctionState *
lookup_state (const FerryAssignRequest *request,
              const FerryPciAddress    *address)
{
  g_autofree char *key = NULL;

  if (request->function_states == NULL)
    return NULL;
  key = ferry_pci_address_to_string (address);
  return g_hash_table_lookup (request->function_states, key);
}

static void
check_host_critical (const FerryAssignRequest *request,
                     GPtrArray                *findings)
{
  g_autoptr(GArray) leaving = NULL;

  if (request->host_uses == NULL && !request->host_uses_partial)
    return;

  leaving = dup_leaving (request);

  for (guint i = 0; i < leaving->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (leaving, FerryPciAddress, i);
      g_autofree char *key = ferry_pci_address_to_string (address);
      const char *use = request->host_uses ? g_hash_table_lookup (request->host_uses, key) : NULL;
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      name = describe_device (request->inventory, address);
      if (use != NULL)
        {
          /* Translators: first %s is a device, second what the host uses it for, a sentence
             without its full stop, e.g. "Network interface eth0 is up" */
          message = g_strdup_printf (_("The host uses the %s now. %s. Giving it to a guest "
                                       "takes it from the host at once, which can stop the "
                                       "host’s own system, display or network."),
                                     name, use);
          ferry_finding_add_device (add_overridable_error (findings, "host-critical", message),
                                    address);
        }
      else if (request->host_uses_partial)
        {
          FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);
          const char * const *blocks = device ? ferry_host_device_get_blocks (device) : NULL;

          if (blocks != NULL && blocks[0] != NULL)
            {
              g_autofree char *disks = g_strjoinv (", ", (char **) blocks);

              /* Translators: first %s is a device, second the disks on it ("sda, sdb") */
              message = g_strdup_printf (_("The %s holds the host’s disks %s. Ferry cannot tell "
                                           "over a remote connection whether the host uses "
                                           "them: its mounts are not visible from here. Make "
                                           "sure the host does not stand on them before you "
                                           "give the device to a guest."),
                                         name, disks);
            }
          else
            /* Translators: %s is a device */
            message = g_strdup_printf (_("Ferry cannot tell over a remote connection whether "
                                         "the host uses the %s: its mounts, boot display and "
                                         "programs are not visible from here. Make sure the "
                                         "host can do without it before you give it to a "
                                         "guest."),
                                       name);
          ferry_finding_add_device (add_finding (findings, "host-use-unknown",
                                                 FERRY_SEVERITY_WARNING, message),
                                    address);
        }
    }
}

/* A per-user session's libvirt runs with the user's rights: it cannot unbind a device from
 * its host driver (a managed device fails at guest start), and only a device already bound
 * to vfio-pci whose /dev/vfio/GROUP the user may open works, unmanaged. */
static void
check_session (const FerryAssignRequest *request,
               GPtrArray                *findings)
{
  if (!request->per_user)
    return;

  if (request->managed)
    {
      g_autofree char *names = describe_devices (request->inventory, request->picked);
      g_autofree char *message = NULL;

      /* Translators: %s names the devices; keep managed='no' and /dev/vfio as they are */
      message = g_strdup_printf (_("This is a per-user session connection: its libvirt runs "
                                   "with your own rights and cannot take the %s from the "
                                   "host’s driver, so the guest would fail to start. Use the "
                                   "system connection, or have an administrator bind the "
                                   "device to vfio-pci and give you its /dev/vfio group, then "
                                   "assign it with managed='no'."),
                                 names);

      add_devices (add_finding (findings, "session-managed", FERRY_SEVERITY_ERROR, message),
                   request->picked);
      return;
    }

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);
      g_autofree char *name = describe_device (request->inventory, address);
      g_autofree char *message = NULL;
      int group;

      if (device == NULL)
        continue;

      group = ferry_host_device_get_iommu_group (device);
      if (g_strcmp0 (ferry_host_device_get_driver (device), "vfio-pci") != 0)
        {
          /* Translators: %s is a device */
          message = g_strdup_printf (_("The %s is not bound to vfio-pci, and a per-user "
                                       "session cannot bind it. Have an administrator bind it "
                                       "to vfio-pci and give you its /dev/vfio group, or use "
                                       "the system connection."),
                                     name);
          ferry_finding_add_device (add_finding (findings, "session-not-vfio",
                                                 FERRY_SEVERITY_ERROR, message),
                                    address);
        }
      else if (request->vfio_groups == NULL)
        {
          /* Translators: %s is a device, %d its IOMMU group */
          message = g_strdup_printf (_("The %s is bound to vfio-pci. Ferry cannot tell from "
                                       "here whether you may open /dev/vfio/%d: the guest "
                                       "starts only if you may."),
                                     name, group);
          ferry_finding_add_device (add_finding (findings, "session-vfio-unknown",
                                                 FERRY_SEVERITY_WARNING, message),
                                    address);
        }
      else if (!g_hash_table_contains (request->vfio_groups, GINT_TO_POINTER (group)))
        {
          /* Translators: %d is an IOMMU group, %s a device; keep /dev/vfio as it is */
          message = g_strdup_printf (_("You may not open /dev/vfio/%d, the group of the %s, so "
                                       "the guest would fail to start. Have an administrator "
                                       "give it to you (sudo chown $USER /dev/vfio/%d), or use "
                                       "the system connection."),
                                     group, name, group);
          ferry_finding_add_device (add_finding (findings, "session-vfio-denied",
                                                 FERRY_SEVERITY_ERROR, message),
                                    address);
        }
      else
        {
          /* Translators: %s is a device, %d its IOMMU group */
          message = g_strdup_printf (_("The %s is bound to vfio-pci and you may open "
                                       "/dev/vfio/%d: this session connection can give it to "
                                       "the guest unmanaged."),
                                     name, group);
          ferry_finding_add_device (add_finding (findings, "session-vfio-ready",
                                                 FERRY_SEVERITY_INFO, message),
                                    address);
        }
    }
}

/* A process with the function's device node open: detaching it from its host driver then
 * waits for the process to let go (virsh nodedev-detach hangs), or pulls the display or
 * the compute job out from under it. */
static void
check_host_held (const FerryAssignRequest *request,
                 GPtrArray                *findings)
{
  g_autoptr(GArray) leaving = dup_leaving (request);

  for (guint i = 0; i < leaving->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (leaving, FerryPciAddress, i);
      const FerryFunctionState *state = lookup_state (request, address);
      g_autoptr(GString) text = NULL;
      g_autofree char *name = NULL;

      if (state == NULL || state->holders->len == 0)
        continue;

      text = g_string_new (NULL);
      for (guint h = 0; h < state->holders->len; h++)
        {
          g_autofree char *holder = ferry_device_holder_describe (state->holders->pdata[h]);

          if (h > 0)
            g_string_append (text, "; ");
          g_string_append (text, holder);
        }

      name = describe_device (request->inventory, address);
      g_string_append (text, ". ");
      g_string_append_printf (text,
                              /* Translators: %s is a device, e.g. "UHD Graphics 630
                                 (0000:00:02.0)"; the sentence follows a list of processes
                                 that hold it open */
                              _("Taking the %s from the host while a program holds it can "
                                "hang the detach or freeze the desktop: quit those programs "
                                "first (for a desktop shell, log out of that session)."),
                              name);
      if (state->unchecked > 0)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %u is a count of processes */
                                               "%u process of another user could not be "
                                               "checked.",
                                               "%u processes of other users could not be "
                                               "checked.",
                                               state->unchecked),
                                  state->unchecked);
        }
      ferry_finding_add_device (add_overridable_error (findings, "host-held", text->str),
                                address);
    }
}

/* A function the kernel cannot reset on its own may come back from a guest unusable. */
static void
check_reset (const FerryAssignRequest *request,
             GPtrArray                *findings)
{
  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);
      g_autoptr(GPtrArray) mates = NULL;
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;
      FerryFinding *finding;

      if (device == NULL)
        continue;

      switch (ferry_reset_risk_of (lookup_state (request, address), request->inventory, device,
                                   &mates))
        {
        case FERRY_RESET_RISK_NONE:
          continue;

        case FERRY_RESET_RISK_NO_METHOD:
          name = describe_device (request->inventory, address);
          /* Translators: first %s is a device, second says what that means and what helps */
          message = g_strdup_printf (_("The kernel knows no way to reset the %s. %s"), name,
                                     ferry_reset_risk_get_advice ());
          break;

        case FERRY_RESET_RISK_SHARED_BUS:
          {
            g_autoptr(GArray) addresses = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
            g_autofree char *names = NULL;

            for (guint m = 0; m < mates->len; m++)
              g_array_append_val (addresses, *ferry_host_device_get_address (mates->pdata[m]));
            name = describe_device (request->inventory, address);
            names = describe_devices (request->inventory, addresses);
            /* Translators: first %s is a graphics card, second a list of devices, third says
               what that means and what helps */
            message = g_strdup_printf (_("The %s can only be reset with its whole bus, which "
                                         "it shares with %s. %s"), name, names,
                                       ferry_reset_risk_get_advice ());
            break;
          }
        }

      finding = add_finding (findings, "reset", FERRY_SEVERITY_WARNING, message);
      ferry_finding_add_device (finding, address);
    }
}

/* A host that cannot pass devices through at all (IOMMU off, no VFIO back end…): the guest
 * would not start with any of them. The readiness check already says why and what to do. */
static void
check_readiness (const FerryAssignRequest *request,
                 GPtrArray                *findings)
{
  if (request->readiness == NULL)
    return;

  for (guint i = 0; i < request->readiness->len; i++)
    {
      FerryReadinessCheck *check = request->readiness->pdata[i];
      g_autofree char *message = NULL;

      /* A session connection's failure is check_session's, in the request's own terms. */
      if (ferry_readiness_check_get_status (check) != FERRY_CHECK_FAIL ||
          ferry_readiness_check_get_fix_uri (check) != NULL)
        continue;

      /* Translators: %s is what a failed host readiness check found, a whole sentence such
         as "libvirt reports no IOMMU support: no PCI device can be assigned." */
      message = g_strdup_printf (_("%s The guest will not start with an assigned device until "
                                   "that is fixed: Host Readiness says how."),
                                 ferry_readiness_check_get_summary (check));
      add_overridable_error (findings, "host-not-ready", message);
    }
}

static void
check_group_split (const FerryAssignRequest *request,
                   GPtrArray                *findings)
{
  g_autoptr(GPtrArray) groups = dup_picked_groups (request);
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < groups->len; i++)
    {
      PickedGroup *group = groups->pdata[i];

      for (guint m = 0; m < group->members->len; m++)
        {
          const FerryPciAddress *member = &g_array_index (group->members, FerryPciAddress, m);
          FerryHostDevice *device = ferry_inventory_lookup (request->inventory, member);
          g_autoptr(GPtrArray) others = NULL;
          g_autofree char *picked_name = NULL;
          g_autofree char *member_name = NULL;
          g_autofree char *names = NULL;
          g_autofree char *message = NULL;
          FerryFinding *finding;

          /* Bridges stay with the host whoever has the endpoints; a member the host does not
           * list may be anything, so it counts as an endpoint. */
          if (ferry_pci_address_array_contains (group->picked, member) ||
              (device != NULL && ferry_host_device_is_bridge (device)))
            continue;

          others = dup_claimants (request->inventory, member, target, CLAIM_ANY);
          if (others->len == 0)
            continue;

          picked_name = describe_device (request->inventory, &group->first);
          member_name = describe_device (request->inventory, member);
          names = join_names (others);
          /* Translators: first %s is a device, %d an IOMMU group number, then a device, the
             guests that have it and the target guest */
          message = g_strdup_printf (_("The %s shares IOMMU group %d with the %s, which is "
                                       "assigned to %s. A group cannot be split between guests, "
                                       "so %s cannot have it."),
                                     picked_name, group->number, member_name, names, target);
          finding = add_finding (findings, "group-split", FERRY_SEVERITY_ERROR, message);
          add_devices (finding, group->picked);
          ferry_finding_add_device (finding, member);
          add_guests (finding, others);
        }
    }
}

static void
check_group_host_driver (const FerryAssignRequest *request,
                         GPtrArray                *findings)
{
  g_autoptr(GPtrArray) groups = dup_picked_groups (request);
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < groups->len; i++)
    {
      PickedGroup *group = groups->pdata[i];

      for (guint m = 0; m < group->members->len; m++)
        {
          const FerryPciAddress *member = &g_array_index (group->members, FerryPciAddress, m);
          FerryHostDevice *device = ferry_inventory_lookup (request->inventory, member);
          g_autoptr(GPtrArray) others = NULL;
          g_autofree char *picked_name = NULL;
          g_autofree char *member_name = NULL;
          g_autofree char *message = NULL;
          g_autofree char *add_label = NULL;
          const char *driver;
          FerryFinding *finding;

          /* Nothing is known of a member the host does not list; one a guest has is
           * group-split's, or already going where the pick goes. */
          if (device == NULL || ferry_host_device_is_bridge (device) ||
              ferry_pci_address_array_contains (group->picked, member) ||
              ferry_pci_address_array_contains (request->detach_first, member) ||
              claimed_by (request->inventory, member, target))
            continue;
          others = dup_claimants (request->inventory, member, target, CLAIM_ANY);
          driver = ferry_host_device_get_driver (device);
          if (others->len > 0 || !is_host_driver (driver))
            continue;

          picked_name = describe_device (request->inventory, &group->first);
          member_name = describe_device (request->inventory, member);
          /* VFIO starts a guest only when every endpoint of the group is off the host's
           * drivers ("group is not viable"). An unreported driver may be vfio-pci already:
           * only a known host driver is sure to stop the guest. */
          if (driver == NULL)
            {
              /* Translators: first %s is a device, %d an IOMMU group number, then a device and
                 a guest name */
              message = g_strdup_printf (_("The %s shares IOMMU group %d with the %s, and this "
                                           "host does not report its driver. If the host uses "
                                           "it, %s will not start: the whole group must leave "
                                           "the host. Assign it as well, or detach it from the "
                                           "host."),
                                         member_name, group->number, picked_name, target);
              finding = add_finding (findings, "group-host-driver", FERRY_SEVERITY_WARNING,
                                     message);
            }
          else
            {
              /* Translators: first %s is a device, %d an IOMMU group number, then a device, a
                 kernel driver and a guest name */
              message = g_strdup_printf (_("The %s shares IOMMU group %d with the %s and is "
                                           "bound to the host driver %s, so %s will not start: "
                                           "the whole group must leave the host. Assign it as "
                                           "well, or detach it from the host."),
                                         member_name, group->number, picked_name, driver, target);
              finding = add_overridable_error (findings, "group-host-driver", message);
            }
          add_devices (finding, group->picked);
          ferry_finding_add_device (finding, member);

          /* Translators: a button; %s is a guest name */
          add_label = g_strdup_printf (_("Also assign it to %s"), target);
          ferry_finding_add_fix (finding, FERRY_FIX_ADD_DEVICES, add_label, member, 1);
          if (request->can_detach)
            ferry_finding_add_fix (finding, FERRY_FIX_DETACH_FROM_HOST,
                                   _("Detach it from the host"), member, 1);
        }
    }
}

/* A member the group names but libvirt lists no node device for: present on the host, so it
 * leaves the host with the group, and nothing says whether the host uses it. */
static void
check_group_unlisted (const FerryAssignRequest *request,
                      GPtrArray                *findings)
{
  g_autoptr(GPtrArray) groups = dup_picked_groups (request);

  for (guint i = 0; i < groups->len; i++)
    {
      PickedGroup *group = groups->pdata[i];

      for (guint m = 0; m < group->members->len; m++)
        {
          const FerryPciAddress *member = &g_array_index (group->members, FerryPciAddress, m);
          g_autofree char *picked_name = NULL;
          g_autofree char *member_name = NULL;
          g_autofree char *message = NULL;
          FerryFinding *finding;

          if (ferry_inventory_lookup (request->inventory, member) != NULL ||
              ferry_pci_address_array_contains (group->picked, member) ||
              ferry_pci_address_array_contains (request->detach_first, member))
            continue;

          picked_name = describe_device (request->inventory, &group->first);
          member_name = describe_device (request->inventory, member);
          /* Translators: first %s is a device, %d an IOMMU group number, then a PCI function
             such as "function 0000:05:00.1" */
          message = g_strdup_printf (_("The %s shares IOMMU group %d with the %s, which the "
                                       "host has but libvirt does not list. All devices of a "
                                       "group leave the host together, and Ferry cannot tell "
                                       "whether the host uses that one: check on the host "
                                       "before the guest starts."),
                                     picked_name, group->number, member_name);
          finding = add_finding (findings, "group-unlisted", FERRY_SEVERITY_WARNING, message);
          add_devices (finding, group->picked);
          ferry_finding_add_device (finding, member);
        }
    }
}

static void
check_group_bridges (const FerryAssignRequest *request,
                     GPtrArray                *findings)
{
  g_autoptr(GPtrArray) groups = dup_picked_groups (request);

  for (guint i = 0; i < groups->len; i++)
    {
      PickedGroup *group = groups->pdata[i];
      g_autoptr(GArray) bridges = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;

      for (guint m = 0; m < group->members->len; m++)
        {
          const FerryPciAddress *member = &g_array_index (group->members, FerryPciAddress, m);
          FerryHostDevice *device = ferry_inventory_lookup (request->inventory, member);

          if (device != NULL && ferry_host_device_is_bridge (device))
            g_array_append_val (bridges, *member);
        }

      if (bridges->len == 0)
        continue;

      names = describe_devices (request->inventory, bridges);
      /* Translators: %d is an IOMMU group number, %s a list of bridges */
      message = g_strdup_printf (_("IOMMU group %d also holds %s. Bridges and ports stay with the "
                                   "host: they are left out of the assignment, as they must be."),
                                 group->number, names);
      add_devices (add_finding (findings, "group-bridges", FERRY_SEVERITY_INFO, message), bridges);
    }
}

static void
check_multifunction (const FerryAssignRequest *request,
                     GPtrArray                *findings)
{
  g_autoptr(GArray) slots_seen = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  const char *target = ferry_guest_get_name (request->guest);

  for (guint i = 0; i < request->picked->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (request->picked, FerryPciAddress, i);
      FerryHostDevice *device = lookup_endpoint (request, address);
      g_autoptr(GPtrArray) siblings = NULL;
      g_autoptr(GArray) left = NULL;
      g_autoptr(GArray) in_slot = NULL;
      g_autoptr(GArray) free_left = NULL;
      g_autoptr(GString) text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;
      gboolean seen = FALSE;
      FerryFinding *finding;

      /* VFs share slots by the dozen, yet each is a device of its own. */
      if (device == NULL || ferry_host_device_is_vf (device))
        continue;

      for (guint s = 0; s < slots_seen->len && !seen; s++)
        seen = ferry_pci_address_same_slot (&g_array_index (slots_seen, FerryPciAddress, s),
                                            address);
      if (seen)
        continue;
      g_array_append_val (slots_seen, *address);

      left = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      siblings = ferry_inventory_dup_slot_siblings (request->inventory, address);
      for (guint s = 0; s < siblings->len; s++)
        {
          FerryHostDevice *sibling = siblings->pdata[s];
          const FerryPciAddress *where = ferry_host_device_get_address (sibling);

          if (ferry_host_device_is_bridge (sibling) || ferry_host_device_is_vf (sibling) ||
              ferry_assign_request_is_picked (request, where) ||
              claimed_by (request->inventory, where, target))
            continue;
          g_array_append_val (left, *where);
        }

      if (left->len == 0)
        continue;

      in_slot = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      for (guint p = i; p < request->picked->len; p++)
        if (ferry_pci_address_same_slot (&g_array_index (request->picked, FerryPciAddress, p),
                                         address))
          g_array_append_val (in_slot, g_array_index (request->picked, FerryPciAddress, p));

      name = describe_device (request->inventory, address);
      names = describe_devices (request->inventory, left);
      /* Translators: first %s is a device, second a list of devices */
      message = g_strdup_printf (_("The %s is one function of a multifunction device, and %s in "
                                   "the same slot would be left out. The functions of one card, "
                                   "like a graphics card and its HDMI audio, usually work only "
                                   "when they go to the guest together."),
                                 name, names);
      /* The fix never takes a function from another guest (running or defined): such
       * functions are left out of it, their holders named. */
      free_left = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
      text = g_string_new (message);
      for (guint l = 0; l < left->len; l++)
        {
          const FerryPciAddress *where = &g_array_index (left, FerryPciAddress, l);
          g_autoptr(GPtrArray) holders = dup_claimants (request->inventory, where, target,
                                                        CLAIM_ANY);
          g_autofree char *held_name = NULL;
          g_autofree char *holder_names = NULL;

          if (holders->len == 0)
            {
              g_array_append_val (free_left, *where);
              continue;
            }
          held_name = describe_device (request->inventory, where);
          holder_names = join_names (holders);
          g_string_append_c (text, ' ');
          g_string_append_printf (text,
                                  /* Translators: first %s is a device, second one or more
                                   * guests */
                                  _("The %s belongs to %s: “Assign all functions” leaves it "
                                    "out."), held_name, holder_names);
        }

      finding = add_finding (findings, "multifunction", FERRY_SEVERITY_WARNING, text->str);
      add_devices (finding, in_slot);
      add_devices (finding, left);
      if (free_left->len > 0)
        ferry_finding_add_fix (finding, FERRY_FIX_ADD_DEVICES, _("Assign all functions"),
                               (const FerryPciAddress *) (gpointer) free_left->data,
                               free_left->len);
    }
}

static void
check_limit (const FerryAssignRequest *request,
             GPtrArray                *findings)
{
  GListModel *assigned = ferry_guest_get_assigned (request->guest);
  g_autoptr(GArray) existing = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autofree char *message = NULL;
  guint n_existing = 0;
  guint total;

  /* A pool interface counts only once the pool hands it a VF, which is not Ferry's doing. */
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      FerryAssignmentKind kind = ferry_assigned_device_get_kind (device);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);

      if (kind != FERRY_ASSIGNMENT_HOSTDEV && kind != FERRY_ASSIGNMENT_INTERFACE_HOSTDEV)
        continue;
      n_existing++;
      if (address != NULL)
        ferry_pci_address_array_append_once (existing, address);
    }

  /* A pick the guest already has is already-assigned's business, not one more device. */
  for (guint i = 0; i < request->picked->len; i++)
    if (!ferry_pci_address_array_contains (existing, &g_array_index (request->picked, FerryPciAddress, i)))
      g_array_append_val (added, g_array_index (request->picked, FerryPciAddress, i));

  total = n_existing + added->len;
  if (total <= FERRY_GUEST_MAX_ASSIGNED)
    return;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %s is a guest name, the first %u a
                                             count of devices, the second the limit (32) */
                                          "%s would have %u assigned device, more than the %u a "
                                          "guest can take.",
                                          "%s would have %u assigned devices, more than the %u a "
                                          "guest can take.",
                                          total),
                             ferry_guest_get_name (request->guest), total,
                             (guint) FERRY_GUEST_MAX_ASSIGNED);
  add_devices (add_finding (findings, "limit", FERRY_SEVERITY_WARNING, message), added);
}

static void
check_unmanaged (const FerryAssignRequest *request,
                 GPtrArray                *findings)
{
  g_autofree char *message = NULL;

  if (request->managed)
    return;

  /* Translators: %s is a guest name; keep managed='no', virsh nodedev-detach and
     nodedev-reattach as they are */
  message = g_strdup_printf (_("With managed='no', libvirt leaves the devices with their host "
                               "drivers: detach them (virsh nodedev-detach) before %s starts, and "
                               "give them back (virsh nodedev-reattach) after it stops."),
                             ferry_guest_get_name (request->guest));
  add_devices (add_finding (findings, "unmanaged", FERRY_SEVERITY_INFO, message),
               request->picked);
}

typedef void (*Rule) (const FerryAssignRequest *request,
                      GPtrArray                *findings);

/* Roughly per function first, then per group and slot, then per request; the severity sort
 * puts them in the order people read them. */
static const Rule rules[] = {
  check_not_found,
  check_bridge,
  check_no_iommu,
  check_already_assigned,
  check_in_use_running,
  check_in_use_defined,
  check_vf_in_pool,
  check_pf_with_vfs,
  check_host_critical,
  check_session,
  check_host_held,
  check_readiness,
  check_group_split,
  check_group_host_driver,
  check_group_unlisted,
  check_group_bridges,
  check_multifunction,
  check_reset,
  check_limit,
  check_unmanaged,
};

/* Errors, then warnings, then infos; within one severity in the order the rules found them
 * (bucketed rather than sorted, so that the order is stable whatever the sort routine). */
GPtrArray *
ferry_assign_check (const FerryAssignRequest *request)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (request != NULL, findings);
  g_return_val_if_fail (FERRY_IS_INVENTORY (request->inventory), findings);
  g_return_val_if_fail (FERRY_IS_GUEST (request->guest), findings);

  if (request->picked->len == 0)
    {
      add_finding (findings, "empty", FERRY_SEVERITY_ERROR, _("Pick at least one device."));
      return findings;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    rules[i] (request, found);

  for (int severity = FERRY_SEVERITY_ERROR; severity >= FERRY_SEVERITY_INFO; severity--)
    for (guint i = 0; i < found->len; i++)
      if ((int) ferry_finding_get_severity (found->pdata[i]) == severity)
        g_ptr_array_add (findings, g_object_ref (found->pdata[i]));

  return findings;
}

gboolean
ferry_assign_check_blocks (GPtrArray *findings,
                           gboolean   override)
{
  g_return_val_if_fail (findings != NULL, TRUE);

  for (guint i = 0; i < findings->len; i++)
    if (ferry_finding_get_severity (findings->pdata[i]) == FERRY_SEVERITY_ERROR &&
        (!override || !ferry_finding_get_overridable (findings->pdata[i])))
      return TRUE;
  return FALSE;
}

gboolean
ferry_assign_check_can_override (GPtrArray *findings)
{
  return ferry_assign_check_has_error (findings) && !ferry_assign_check_blocks (findings, TRUE);
}

gboolean
ferry_assign_check_has_error (GPtrArray *findings)
{
  g_return_val_if_fail (findings != NULL, FALSE);

  for (guint i = 0; i < findings->len; i++)
    if (ferry_finding_get_severity (findings->pdata[i]) == FERRY_SEVERITY_ERROR)
      return TRUE;
  return FALSE;
}
