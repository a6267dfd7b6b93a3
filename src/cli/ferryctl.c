/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "ferry-assign-plan.h"
#include "ferry-assigned-device.h"
#include "ferry-device-assign.h"
#include "ferry-device-change.h"
#include "ferry-guest-device.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-pool-check.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-xml.h"
#include "ferry-readiness-check.h"
#include "ferry-session.h"

/* ferryctl: Ferry's core from the command line, for scripts and remote shells. */

static guint
count_where (GListModel *model,
             gboolean  (*predicate) (gpointer item))
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      count += predicate (item) ? 1 : 0;
    }

  return count;
}

static gboolean
device_is_bridge (gpointer item)
{
  return ferry_host_device_is_bridge (item);
}

static gboolean
guest_is_active (gpointer item)
{
  return ferry_guest_is_active (item);
}

static gboolean
network_is_pool (gpointer item)
{
  return ferry_network_is_hostdev_pool (item);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
command_host (FerrySession *session,
              gboolean      json)
{
  GListModel *devices = ferry_session_get_devices (session);
  GListModel *guests = ferry_session_get_guests (session);
  GListModel *networks = ferry_session_get_networks (session);
  const char * const *problems = ferry_session_get_problems (session);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, ferry_session_get_uri (session));
      json_builder_set_member_name (builder, "hostname");
      json_builder_add_string_value (builder, ferry_session_get_hostname (session));
      json_builder_set_member_name (builder, "hypervisor");
      json_builder_add_string_value (builder, ferry_session_get_hypervisor (session));
      json_builder_set_member_name (builder, "libvirt_version");
      json_builder_add_string_value (builder, ferry_session_get_libvirt_version (session));
      json_builder_set_member_name (builder, "pci_functions");
      json_builder_add_int_value (builder, g_list_model_get_n_items (devices));
      json_builder_set_member_name (builder, "bridges");
      json_builder_add_int_value (builder, count_where (devices, device_is_bridge));
      json_builder_set_member_name (builder, "guests");
      json_builder_add_int_value (builder, g_list_model_get_n_items (guests));
      json_builder_set_member_name (builder, "guests_running");
      json_builder_add_int_value (builder, count_where (guests, guest_is_active));
      json_builder_set_member_name (builder, "networks");
      json_builder_add_int_value (builder, g_list_model_get_n_items (networks));
      json_builder_set_member_name (builder, "sriov_pools");
      json_builder_add_int_value (builder, count_where (networks, network_is_pool));
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; problems[i] != NULL; i++)
        json_builder_add_string_value (builder, problems[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }

  /* Translators: ferryctl output; %s is a host name */
  g_print (_("Host: %s\n"), ferry_session_get_hostname (session));
  /* Translators: ferryctl output; %s is a libvirt connection URI */
  g_print (_("URI: %s\n"), ferry_session_get_uri (session));
  /* Translators: ferryctl output; first %s is the hypervisor, second libvirt's version */
  g_print (_("Hypervisor: %s, libvirt %s\n"), ferry_session_get_hypervisor (session),
           ferry_session_get_libvirt_version (session));
  /* Translators: ferryctl output; counts */
  g_print (_("PCI functions: %u (bridges and ports: %u)\n"),
           g_list_model_get_n_items (devices), count_where (devices, device_is_bridge));
  /* Translators: ferryctl output; counts */
  g_print (_("Guests: %u (running: %u)\n"),
           g_list_model_get_n_items (guests), count_where (guests, guest_is_active));
  /* Translators: ferryctl output; counts */
  g_print (_("Networks: %u (SR-IOV pools: %u)\n"),
           g_list_model_get_n_items (networks), count_where (networks, network_is_pool));
  for (guint i = 0; problems[i] != NULL; i++)
    /* Translators: ferryctl output; %s says what could not be read and why */
    g_printerr (_("Could not read: %s\n"), problems[i]);
  return 0;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_address_array (JsonBuilder           *builder,
                   const char            *member,
                   const FerryPciAddress *addresses,
                   guint                  n_addresses)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_addresses; i++)
    {
      g_autofree char *text = ferry_pci_address_to_string (&addresses[i]);
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_array (builder);
}

static void
add_device_json (JsonBuilder     *builder,
                 FerryInventory  *inventory,
                 FerryHostDevice *device)
{
  const FerryPciAddress *address = ferry_host_device_get_address (device);
  g_autofree char *text = ferry_pci_address_to_string (address);
  g_autofree char *class_code = g_strdup_printf ("0x%06x", ferry_host_device_get_class_code (device));
  g_autofree char *vendor_id = g_strdup_printf ("0x%04x", ferry_host_device_get_vendor_id (device));
  g_autofree char *product_id = g_strdup_printf ("0x%04x",
                                                 ferry_host_device_get_product_id (device));
  const char * const *netdevs = ferry_host_device_get_netdevs (device);
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);
  const char * const *pools = ferry_inventory_get_pools (inventory, address);
  const FerryPciAddress *vfs;
  guint n_vfs;
  g_autofree char *pf = NULL;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "address", text);
  add_string_or_null (builder, "name", ferry_host_device_get_name (device));
  add_string_or_null (builder, "class", class_code);
  add_string_or_null (builder, "class_name", ferry_host_device_get_class_name (device));
  add_string_or_null (builder, "vendor_id", vendor_id);
  add_string_or_null (builder, "product_id", product_id);
  add_string_or_null (builder, "vendor", ferry_host_device_get_vendor_name (device));
  add_string_or_null (builder, "product", ferry_host_device_get_product_name (device));
  add_string_or_null (builder, "driver", ferry_host_device_get_driver (device));
  json_builder_set_member_name (builder, "iommu_group");
  if (ferry_host_device_get_iommu_group (device) == FERRY_NO_IOMMU_GROUP)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, ferry_host_device_get_iommu_group (device));
  json_builder_set_member_name (builder, "is_bridge");
  json_builder_add_boolean_value (builder, ferry_host_device_is_bridge (device));
  json_builder_set_member_name (builder, "netdevs");
  json_builder_begin_array (builder);
  for (guint i = 0; netdevs[i] != NULL; i++)
    json_builder_add_string_value (builder, netdevs[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "numa_node");
  if (ferry_host_device_get_numa_node (device) < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, ferry_host_device_get_numa_node (device));

  json_builder_set_member_name (builder, "sriov");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "role", ferry_host_device_is_pf (device) ? "pf"
                                       : ferry_host_device_is_vf (device) ? "vf" : NULL);
  if (ferry_host_device_get_pf (device) != NULL)
    pf = ferry_pci_address_to_string (ferry_host_device_get_pf (device));
  add_string_or_null (builder, "pf", pf);
  vfs = ferry_host_device_get_vfs (device, &n_vfs);
  add_address_array (builder, "vfs", vfs, n_vfs);
  json_builder_set_member_name (builder, "max_vfs");
  json_builder_add_int_value (builder, ferry_host_device_get_max_vfs (device));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "pools");
  json_builder_begin_array (builder);
  for (guint i = 0; pools != NULL && pools[i] != NULL; i++)
    json_builder_add_string_value (builder, pools[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "used_by");
  json_builder_begin_array (builder);
  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      FerryDeviceUse *use = uses->pdata[i];

      json_builder_begin_object (builder);
      add_string_or_null (builder, "guest", ferry_device_use_get_guest (use));
      add_string_or_null (builder, "via", ferry_device_use_get_via_name (use));
      add_string_or_null (builder, "pool", ferry_device_use_get_pool (use));
      json_builder_set_member_name (builder, "live");
      json_builder_add_boolean_value (builder, ferry_device_use_get_live (use));
      json_builder_set_member_name (builder, "config");
      json_builder_add_boolean_value (builder, ferry_device_use_get_config (use));
      json_builder_set_member_name (builder, "potential");
      json_builder_add_boolean_value (builder, ferry_device_use_is_potential (use));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
command_devices (FerrySession *session,
                 gboolean      json)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  GListModel *devices = ferry_inventory_get_devices (inventory);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  if (!json)
    /* Translators: column headings of ferryctl devices; keep the widths */
    g_print ("%-13s %5s  %-16s %s\n", _("ADDRESS"), _("GROUP"), _("DRIVER"), _("DEVICE"));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      if (json)
        add_device_json (builder, inventory, device);
      else
        {
          g_autofree char *address = ferry_pci_address_to_string (
            ferry_host_device_get_address (device));
          g_autofree char *group = ferry_host_device_get_iommu_group (device) ==
                                   FERRY_NO_IOMMU_GROUP
                                   ? g_strdup ("-")
                                   : g_strdup_printf ("%d",
                                                      ferry_host_device_get_iommu_group (device));
          g_autofree char *title = ferry_host_device_dup_title (device);
          GPtrArray *uses = ferry_inventory_get_uses (inventory,
                                                      ferry_host_device_get_address (device));
          g_autoptr(GString) flags = g_string_new (NULL);

          if (ferry_host_device_is_bridge (device))
            g_string_append (flags, _(" [bridge]"));
          if (ferry_host_device_is_pf (device))
            g_string_append (flags, _(" [SR-IOV PF]"));
          if (ferry_host_device_is_vf (device))
            g_string_append (flags, _(" [SR-IOV VF]"));
          for (guint u = 0; uses != NULL && u < uses->len; u++)
            if (!ferry_device_use_is_potential (uses->pdata[u]))
              /* Translators: ferryctl devices; %s is a guest name */
              g_string_append_printf (flags, _(" [used by %s]"),
                                      ferry_device_use_get_guest (uses->pdata[u]));

          g_print ("%-13s %5s  %-16s %s%s\n", address, group,
                   ferry_host_device_get_driver (device) ? ferry_host_device_get_driver (device)
                                                         : "-",
                   title, flags->str);
        }
    }
  json_builder_end_array (builder);

  if (json)
    print_json (builder);
  return 0;
}

static int
command_groups (FerrySession *session,
                gboolean      json)
{
  GListModel *groups = ferry_inventory_get_groups (ferry_session_get_inventory (session));
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = ferry_iommu_group_get_members (group);
      const char * const *guests = ferry_iommu_group_get_guests (group);
      int number = ferry_iommu_group_get_number (group);

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "group");
          if (number == FERRY_NO_IOMMU_GROUP)
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, number);
          json_builder_set_member_name (builder, "devices");
          json_builder_begin_array (builder);
          for (guint m = 0; m < g_list_model_get_n_items (members); m++)
            {
              g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, m);
              g_autofree char *text = ferry_pci_address_to_string (
                ferry_host_device_get_address (device));
              json_builder_add_string_value (builder, text);
            }
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "endpoints");
          json_builder_add_int_value (builder, ferry_iommu_group_get_n_endpoints (group));
          json_builder_set_member_name (builder, "bridges");
          json_builder_add_int_value (builder, ferry_iommu_group_get_n_bridges (group));
          json_builder_set_member_name (builder, "guests");
          json_builder_begin_array (builder);
          for (guint g = 0; guests[g] != NULL; g++)
            json_builder_add_string_value (builder, guests[g]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          continue;
        }

      if (number == FERRY_NO_IOMMU_GROUP)
        g_print ("%s\n", _("No IOMMU group:"));
      else
        {
          g_autofree char *names = g_strjoinv (", ", (char **) guests);
          /* Translators: ferryctl groups; %d is a group number, %s says isolated or shared */
          g_print (_("Group %d (%s)"), number, ferry_iommu_group_describe_isolation (group));
          if (guests[0] != NULL)
            /* Translators: ferryctl groups; %s lists guest names */
            g_print (_(", used by %s"), names);
          g_print (":\n");
        }
      for (guint m = 0; m < g_list_model_get_n_items (members); m++)
        {
          g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, m);
          g_autofree char *text = ferry_pci_address_to_string (
            ferry_host_device_get_address (device));
          g_autofree char *title = ferry_host_device_dup_title (device);

          g_print ("  %s  %s%s\n", text, title,
                   ferry_host_device_is_bridge (device) ? _(" [bridge]") : "");
        }
    }
  json_builder_end_array (builder);

  if (json)
    print_json (builder);
  return 0;
}

static int
command_readiness (FerrySession *session,
                   gboolean      json)
{
  GListModel *checks = ferry_session_get_readiness (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);
      const char * const *commands = ferry_readiness_check_get_commands (check);

      if (json)
        {
          json_builder_begin_object (builder);
          add_string_or_null (builder, "id", ferry_readiness_check_get_id (check));
          add_string_or_null (builder, "status", ferry_readiness_check_get_status_name (check));
          add_string_or_null (builder, "summary", ferry_readiness_check_get_summary (check));
          add_string_or_null (builder, "remedy", ferry_readiness_check_get_remedy (check));
          json_builder_set_member_name (builder, "commands");
          json_builder_begin_array (builder);
          for (guint c = 0; commands[c] != NULL; c++)
            json_builder_add_string_value (builder, commands[c]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          continue;
        }

      g_print ("[%-7s] %s: %s\n", ferry_readiness_check_get_status_name (check),
               ferry_readiness_check_get_title (check), ferry_readiness_check_get_summary (check));
      if (ferry_readiness_check_get_remedy (check) != NULL)
        g_print ("          %s\n", ferry_readiness_check_get_remedy (check));
      for (guint c = 0; commands[c] != NULL; c++)
        g_print ("          $ %s\n", commands[c]);
    }
  json_builder_end_array (builder);

  if (json)
    print_json (builder);
  return 0;
}

static const char *
kind_name (FerryAssignmentKind kind)
{
  switch (kind)
    {
    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      return "interface-hostdev";
    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      return "interface-pool";
    case FERRY_ASSIGNMENT_HOSTDEV:
    default:
      return "hostdev";
    }
}

static void
add_guest_json (JsonBuilder *builder,
                FerryGuest  *guest)
{
  GListModel *assigned = ferry_guest_get_assigned (guest);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, ferry_guest_get_name (guest));
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, ferry_guest_is_active (guest));
  json_builder_set_member_name (builder, "assigned");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      g_autofree char *text = address ? ferry_pci_address_to_string (address) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     kind_name (ferry_assigned_device_get_kind (device)));
      json_builder_set_member_name (builder, "address");
      if (text != NULL)
        json_builder_add_string_value (builder, text);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "pool");
      if (ferry_assigned_device_get_network (device) != NULL)
        json_builder_add_string_value (builder, ferry_assigned_device_get_network (device));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "managed");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_managed (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
command_guests (FerrySession *session,
                gboolean      json)
{
  GListModel *guests = ferry_session_get_guests (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      GListModel *assigned = ferry_guest_get_assigned (guest);

      if (json)
        add_guest_json (builder, guest);
      else
        /* Translators: ferryctl output; guest name, its state, a count of PCI devices */
        g_print (g_dngettext (GETTEXT_PACKAGE, "%s\t%s\t%u assigned PCI device\n",
                              "%s\t%s\t%u assigned PCI devices\n",
                              g_list_model_get_n_items (assigned)),
                 ferry_guest_get_name (guest), ferry_guest_get_state_label (guest),
                 g_list_model_get_n_items (assigned));
    }
  json_builder_end_array (builder);

  if (json)
    print_json (builder);
  return 0;
}

static FerryGuest *
find_guest (FerrySession *session,
            const char   *name)
{
  FerryGuest *guest = ferry_session_lookup_guest (session, name);

  if (guest != NULL)
    return guest;
  g_printerr ("ferryctl: %s\n", _("no such guest"));
  return NULL;
}

static void
add_other_devices_json (JsonBuilder *builder,
                        const char  *member,
                        GListModel  *devices)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryGuestDevice) device = g_list_model_get_item (devices, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "kind", ferry_guest_device_get_kind (device));
      add_string_or_null (builder, "model", ferry_guest_device_get_model (device));
      add_string_or_null (builder, "target", ferry_guest_device_get_target (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_other_devices (const char *heading,
                     GListModel *devices)
{
  g_print ("\n%s\n", heading);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryGuestDevice) device = g_list_model_get_item (devices, i);

      g_print ("  %-24s %s  %s\n", ferry_guest_device_get_title (device),
               ferry_guest_device_get_model (device) ? ferry_guest_device_get_model (device) : "",
               ferry_guest_device_get_target (device) ? ferry_guest_device_get_target (device)
                                                      : "");
    }
}

/* What the guest page shows: the assigned devices with their host side, then the rest. */
static int
command_guest (FerrySession *session,
               const char   *name,
               gboolean      json)
{
  FerryGuest *guest = find_guest (session, name);
  GListModel *assigned;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (guest == NULL)
    return 1;
  assigned = ferry_guest_get_assigned (guest);

  if (!json)
    {
      g_print ("%s (%s)\n\n%s\n", ferry_guest_get_name (guest),
               ferry_guest_get_state_label (guest), _("Assigned PCI devices:"));
      for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
        {
          g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
          const FerryPciAddress *address = ferry_assigned_device_get_address (device);
          FerryHostDevice *host = address ? ferry_session_lookup_device (session, address) : NULL;
          g_autofree char *text = address ? ferry_pci_address_to_string (address)
                                          : g_strdup ("-");
          g_autofree char *title = host ? ferry_host_device_dup_title (host)
                                        : g_strdup (address ? _("not present on this host")
                                                            : ferry_assigned_device_get_network (
                                                                device));

          g_print ("  %-13s %-18s %s%s%s\n", text,
                   kind_name (ferry_assigned_device_get_kind (device)), title,
                   ferry_assigned_device_get_live (device) ? _(" [live]") : "",
                   ferry_assigned_device_get_config (device) ? _(" [next boot]") : "");
        }
      print_other_devices (_("VirtIO devices:"), ferry_guest_get_virtio (guest));
      print_other_devices (_("Emulated devices:"), ferry_guest_get_emulated (guest));
      return 0;
    }

  json_builder_begin_object (builder);
  add_string_or_null (builder, "name", ferry_guest_get_name (guest));
  add_string_or_null (builder, "state", ferry_guest_get_state_name (guest));
  json_builder_set_member_name (builder, "assigned");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      g_autofree char *text = address ? ferry_pci_address_to_string (address) : NULL;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "kind", kind_name (ferry_assigned_device_get_kind (device)));
      add_string_or_null (builder, "address", text);
      add_string_or_null (builder, "pool", ferry_assigned_device_get_network (device));
      add_string_or_null (builder, "mac", ferry_assigned_device_get_mac (device));
      json_builder_set_member_name (builder, "vlan");
      if (ferry_assigned_device_get_vlan (device) != 0)
        json_builder_add_int_value (builder, ferry_assigned_device_get_vlan (device));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "managed");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_managed (device));
      json_builder_set_member_name (builder, "present_on_host");
      json_builder_add_boolean_value (builder, address == NULL ||
                                               ferry_session_lookup_device (session, address));
      json_builder_set_member_name (builder, "live");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_live (device));
      json_builder_set_member_name (builder, "config");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_config (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_other_devices_json (builder, "virtio", ferry_guest_get_virtio (guest));
  add_other_devices_json (builder, "emulated", ferry_guest_get_emulated (guest));
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main loop until an operation started with store_result_cb and SLOT is done:
 * every operation here is the app's own async one, waited for. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
print_error (GError *error)
{
  g_printerr ("ferryctl: %s\n", error->message);
  return 1;
}

/* ferryctl detach ADDRESS --guest NAME: the same all-or-nothing detach as the guest page.
 * Without --live or --config, both. */
static int
command_detach (FerrySession *session,
                const char   *text,
                const char   *guest_name,
                gboolean      live,
                gboolean      config,
                gboolean      give_back)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FerryDeviceChange) change = NULL;
  g_autoptr(GError) error = NULL;
  FerryPciAddress address;
  FerryDetachFlags flags = 0;
  FerryGuest *guest;
  GListModel *assigned;

  if (!ferry_pci_address_parse (text, &address))
    {
      g_printerr ("ferryctl: %s\n", _("not a PCI address (expected 0000:01:00.0)"));
      return 2;
    }
  if (guest_name == NULL)
    {
      g_printerr ("ferryctl: %s\n", _("detach needs --guest NAME"));
      return 2;
    }
  if (!(guest = find_guest (session, guest_name)))
    return 1;

  assigned = ferry_guest_get_assigned (guest);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *found = ferry_assigned_device_get_address (device);

      if (found != NULL && ferry_pci_address_equal (found, &address))
        g_ptr_array_add (devices, g_object_ref (device));
    }
  if (devices->len == 0)
    {
      g_printerr ("ferryctl: %s\n", _("the guest has no such assigned device"));
      return 1;
    }

  if (live || !config)
    flags |= FERRY_DETACH_LIVE;
  if (config || !live)
    flags |= FERRY_DETACH_CONFIG;
  if (give_back)
    flags |= FERRY_DETACH_GIVE_BACK;

  ferry_session_detach_async (session, guest_name, devices, flags, NULL, store_result_cb,
                              &result);
  change = ferry_session_detach_finish (session, wait_result (&result), &error);
  if (change == NULL)
    return print_error (error);

  if (ferry_device_change_get_warning (change) != NULL)
    g_printerr ("ferryctl: %s\n", ferry_device_change_get_warning (change));
  g_print ("%s\n", ferry_device_change_get_live (change) &&
                    ferry_device_change_get_config (change)
                    ? _("Detached now and from the next boot.")
                    : ferry_device_change_get_live (change)
                    ? _("Detached from the running guest; it comes back at the next boot.")
                    : _("Detached from the next boot."));
  return 0;
}

/* Findings (assignment rules, pool checks) as MEMBER: [{code, severity, message, devices,
 * guests}]. */
static void
add_findings_array (JsonBuilder *builder,
                    const char  *member,
                    GPtrArray   *findings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      FerryFinding *finding = findings->pdata[i];
      const char * const *guests = ferry_finding_get_guests (finding);
      const FerryPciAddress *devices;
      guint n_devices;

      devices = ferry_finding_get_devices (finding, &n_devices);
      json_builder_begin_object (builder);
      add_string_or_null (builder, "code", ferry_finding_get_code (finding));
      add_string_or_null (builder, "severity", ferry_finding_get_severity_name (finding));
      add_string_or_null (builder, "message", ferry_finding_get_message (finding));
      add_address_array (builder, "devices", devices, n_devices);
      json_builder_set_member_name (builder, "guests");
      json_builder_begin_array (builder);
      for (guint g = 0; guests != NULL && guests[g] != NULL; g++)
        json_builder_add_string_value (builder, guests[g]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_findings (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      FerryFinding *finding = findings->pdata[i];

      g_print ("%-7s  %-17s  %s\n", ferry_finding_get_severity_name (finding),
               ferry_finding_get_code (finding), ferry_finding_get_message (finding));
    }
  if (findings->len == 0)
    g_print ("%s\n", _("Nothing stands in the way."));
}

static int
command_pools (FerrySession *session,
               gboolean      json)
{
  GListModel *networks = ferry_session_get_networks (session);
  FerryInventory *inventory = ferry_session_get_inventory (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) pool = g_list_model_get_item (networks, i);
      g_autoptr(GArray) vfs = NULL;
      g_autoptr(GPtrArray) users = NULL;
      FerryHostDevice *pf = NULL;
      g_autofree char *pf_address = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      guint in_use;

      if (!ferry_network_is_hostdev_pool (pool))
        continue;

      vfs = ferry_inventory_dup_pool_vfs (inventory, pool);
      in_use = ferry_inventory_count_pool_in_use (inventory, pool, NULL);
      problems = ferry_pool_check (inventory, pool);
      users = ferry_session_dup_pool_guests (session, ferry_network_get_name (pool), FALSE);
      if (ferry_network_get_pf_device (pool) != NULL &&
          (pf = ferry_inventory_find_netdev (inventory, ferry_network_get_pf_device (pool))))
        pf_address = ferry_pci_address_to_string (ferry_host_device_get_address (pf));

      if (!json)
        {
          g_autofree char *source = ferry_network_get_pf_device (pool)
                                    ? g_strdup (ferry_network_get_pf_device (pool))
                                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u selected VF",
                                                                    "%u selected VFs",
                                                                    vfs->len),
                                                       vfs->len);

          /* Translators: ferryctl pools: name, state, autostart, source, VFs in use/all */
          g_print (_("%-20s %-8s %-10s %-16s %u/%u VFs in use\n"), ferry_network_get_name (pool),
                   ferry_network_get_active (pool) ? _("active") : _("inactive"),
                   ferry_network_get_autostart (pool) ? _("autostart") : "-", source, in_use,
                   vfs->len);
          for (guint f = 0; f < problems->len; f++)
            g_print ("  %-7s  %-9s  %s\n", ferry_finding_get_severity_name (problems->pdata[f]),
                     ferry_finding_get_code (problems->pdata[f]),
                     ferry_finding_get_message (problems->pdata[f]));
          continue;
        }

      json_builder_begin_object (builder);
      add_string_or_null (builder, "name", ferry_network_get_name (pool));
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, ferry_network_get_active (pool));
      json_builder_set_member_name (builder, "autostart");
      json_builder_add_boolean_value (builder, ferry_network_get_autostart (pool));
      json_builder_set_member_name (builder, "persistent");
      json_builder_add_boolean_value (builder, ferry_network_get_persistent (pool));
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      add_string_or_null (builder, "pf", ferry_network_get_pf_device (pool));
      add_string_or_null (builder, "pf_address", pf_address);
      add_address_array (builder, "vfs", (const FerryPciAddress *) (gpointer) vfs->data,
                         vfs->len);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "vf_count");
      json_builder_add_int_value (builder, vfs->len);
      json_builder_set_member_name (builder, "in_use");
      json_builder_add_int_value (builder, in_use);
      json_builder_set_member_name (builder, "guests");
      json_builder_begin_array (builder);
      for (guint u = 0; u < users->len; u++)
        json_builder_add_string_value (builder, users->pdata[u]);
      json_builder_end_array (builder);
      add_findings_array (builder, "problems", problems);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (json)
    print_json (builder);
  return 0;
}

static int
command_pool_delete (FerrySession *session,
                     const char   *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_session_delete_pool_async (session, name, NULL, store_result_cb, &result);
  if (!ferry_session_delete_pool_finish (session, wait_result (&result), &error))
    return print_error (error);
  return 0;
}

/* ferryctl connect POOL --guest NAME [--mac MAC]: a new guest NIC that takes a VF from POOL. */
static int
command_connect (FerrySession *session,
                 const char   *pool,
                 const char   *guest,
                 const char   *mac)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (guest == NULL)
    {
      g_printerr ("ferryctl: %s\n", _("connect needs --guest NAME"));
      return 2;
    }
  if (ferry_session_lookup_network (session, pool) == NULL)
    {
      g_printerr ("ferryctl: %s: %s\n", pool, _("no such network on this connection"));
      return 1;
    }

  ferry_session_connect_pool_async (session, guest, pool, mac, NULL, store_result_cb, &result);
  if (!ferry_session_connect_pool_finish (session, wait_result (&result), &error))
    return print_error (error);
  return 0;
}

/* The request for "ADDRESS,ADDRESS…" given to GUEST; NULL (and a message) on a bad address. */
static FerryAssignRequest *
new_request (FerrySession *session,
             const char   *list,
             FerryGuest   *guest)
{
  g_autoptr(FerryAssignRequest) request = ferry_session_new_assign_request (session, guest);
  g_auto(GStrv) texts = g_strsplit (list, ",", -1);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      FerryPciAddress address;

      if (!ferry_pci_address_parse (g_strstrip (texts[i]), &address))
        {
          g_printerr ("ferryctl: %s: %s\n", texts[i],
                      _("not a PCI address (expected 0000:01:00.0)"));
          return NULL;
        }
      ferry_assign_request_set_picked (request, &address, TRUE);
    }
  return g_steal_pointer (&request);
}

static void
print_findings_json (FerryAssignRequest *request,
                     GPtrArray          *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "guest");
  json_builder_add_string_value (builder, ferry_guest_get_name (request->guest));
  add_address_array (builder, "devices", (const FerryPciAddress *) request->picked->data,
                     request->picked->len);
  add_findings_array (builder, "findings", findings);
  json_builder_end_object (builder);
  print_json (builder);
}

/* ferryctl check ADDRESS[,…] --guest NAME: what the wizard's review would say. Exit 3 when an
 * error finding would block the assignment. */
static int
command_check (FerrySession *session,
               const char   *list,
               const char   *guest_name,
               gboolean      json)
{
  g_autoptr(FerryAssignRequest) request = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  FerryGuest *guest;

  if (guest_name == NULL)
    {
      g_printerr ("ferryctl: %s\n", _("check needs --guest NAME"));
      return 2;
    }
  if (!(guest = find_guest (session, guest_name)))
    return 1;
  if (!(request = new_request (session, list, guest)))
    return 2;

  findings = ferry_assign_check (request);
  if (json)
    print_findings_json (request, findings);
  else
    print_findings (findings);
  return ferry_assign_check_has_error (findings) ? 3 : 0;
}

/* Takes every fix of the findings whose code is CODE that adds devices to the pick, until
 * none is left: --all-functions and --with-group. */
static void
take_add_fixes (FerryAssignRequest *request,
                const char         *code)
{
  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GPtrArray) findings = ferry_assign_check (request);
      gboolean took = FALSE;

      for (guint i = 0; i < findings->len; i++)
        {
          FerryFinding *finding = findings->pdata[i];

          for (guint f = 0; f < ferry_finding_get_n_fixes (finding); f++)
            if (g_str_equal (ferry_finding_get_code (finding), code) &&
                ferry_finding_get_fix_kind (finding, f) == FERRY_FIX_ADD_DEVICES)
              {
                ferry_assign_request_apply_fix (request, finding, f);
                took = TRUE;
                break;
              }
        }
      if (!took)
        return;
    }
}

typedef struct
{
  gboolean live;
  gboolean config;
  gboolean unmanaged;
  gboolean all_functions;
  gboolean with_group;
  gboolean force;
} AssignFlags;

/* ferryctl assign ADDRESS[,…] --guest NAME: what the wizard's Apply does, refused on an error
 * finding unless --force. Without --live or --config, both (live only while it runs). */
static int
command_assign (FerrySession      *session,
                const char        *list,
                const char        *guest_name,
                const AssignFlags *flags)
{
  g_autoptr(FerryAssignRequest) request = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  FerryGuest *guest;
  gboolean live, config;

  if (guest_name == NULL)
    {
      g_printerr ("ferryctl: %s\n", _("assign needs --guest NAME"));
      return 2;
    }
  if (!(guest = find_guest (session, guest_name)))
    return 1;
  if (!(request = new_request (session, list, guest)))
    return 2;

  request->managed = options.managed = !flags->unmanaged;
  if (flags->all_functions)
    take_add_fixes (request, "multifunction");
  if (flags->with_group)
    take_add_fixes (request, "group-host-driver");

  findings = ferry_assign_check (request);
  if (ferry_assign_check_has_error (findings) && !flags->force)
    {
      print_findings (findings);
      g_printerr ("ferryctl: %s\n", _("not assigned: fix the errors above, or use --force"));
      return 3;
    }

  live = flags->live || !flags->config;
  config = flags->config || !flags->live;
  plan = ferry_assign_plan_new (request, &options,
                                live && ferry_guest_is_active (guest), config, &error);
  if (plan == NULL)
    return print_error (error);

  ferry_session_assign_async (session, plan, NULL, store_result_cb, &result);
  if (!ferry_session_assign_finish (session, wait_result (&result), &error))
    return print_error (error);

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        /* Translators: %u is a number of devices, %s a guest */
                        "Assigned %u device to %s", "Assigned %u devices to %s",
                        plan->addresses->len),
           plan->addresses->len, guest_name);
  g_print (" (%s)\n", plan->live ? _("now and at next boot") : _("at next boot"));
  return 0;
}

/* ferryctl pool-create NAME (--pf IFNAME | --vf ADDRESS,…): the XML the editor would write;
 * --dry-run prints it instead of defining it. */
static int
command_pool_create (FerrySession *session,
                     const char   *name,
                     const char   *pf,
                     const char   *vf_list,
                     int           vlan,
                     gboolean      autostart,
                     gboolean      start,
                     gboolean      dry_run)
{
  g_autoptr(GArray) vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autoptr(GStrvBuilder) taken_builder = g_strv_builder_new ();
  g_auto(GStrv) taken = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  GListModel *networks = ferry_session_get_networks (session);
  FerryPoolSpec spec = { name, pf, NULL, 0, TRUE, 0 };

  if ((pf == NULL) == (vf_list == NULL))
    {
      g_printerr ("ferryctl: %s\n", _("pool-create needs either --pf IFNAME or --vf ADDRESS,…"));
      return 2;
    }
  if (vlan < 0 || vlan > 4094)
    {
      g_printerr ("ferryctl: %s\n", _("A VLAN tag is a number from 1 to 4094 (0 and 4095 are "
                                        "reserved)"));
      return 2;
    }
  spec.vlan = (guint) vlan;

  if (vf_list != NULL)
    {
      g_auto(GStrv) items = g_strsplit (vf_list, ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        {
          FerryPciAddress address;

          if (!ferry_pci_address_parse (g_strstrip (items[i]), &address))
            {
              g_printerr ("ferryctl: %s: %s\n", items[i],
                          _("not a PCI address (expected 0000:01:00.0)"));
              return 2;
            }
          g_array_append_val (vfs, address);
        }
      spec.vfs = (const FerryPciAddress *) (gpointer) vfs->data;
      spec.n_vfs = vfs->len;
    }

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);
      g_strv_builder_add (taken_builder, ferry_network_get_name (network));
    }
  taken = g_strv_builder_end (taken_builder);

  if (!ferry_pool_xml_check_name (name, (const char * const *) taken, &error) ||
      !(xml = ferry_pool_xml_build (NULL, &spec, &error)))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return 2;
    }

  if (dry_run)
    {
      g_print ("%s\n", xml);
      return 0;
    }

  ferry_session_define_pool_async (session, xml, autostart, start, NULL, store_result_cb,
                                   &result);
  if (!ferry_session_define_pool_finish (session, wait_result (&result), &error))
    return print_error (error);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *uri = NULL;
  static const char * const commands[] = { "host", "guests", "devices", "groups", "readiness",
                                           "guest", "detach", "pools", "pool-create",
                                           "pool-delete", "connect", "check", "assign", NULL };
  gboolean demo = FALSE;
  gboolean json = FALSE;
  gboolean live = FALSE;
  gboolean config = FALSE;
  gboolean reattach = FALSE;
  AssignFlags assign = { FALSE, };
  g_autofree char *guest = NULL;
  g_autofree char *pf = NULL;
  g_autofree char *vf_list = NULL;
  g_autofree char *mac = NULL;
  gboolean autostart = FALSE;
  gboolean start = FALSE;
  gboolean dry_run = FALSE;
  int vlan = 0;
  int timeout = 30;
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &uri,
      N_("libvirt connection URI (default: $LIBVIRT_DEFAULT_URI, else qemu:///system)"),
      N_("URI") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Use the built-in demo host"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up on a host that does not answer within SECONDS (default 30, 0 never)"),
      N_("SECONDS") },
    { "guest", 'g', 0, G_OPTION_ARG_STRING, &guest,
      N_("detach, connect, check, assign: the guest"), N_("NAME") },
    { "mac", 0, 0, G_OPTION_ARG_STRING, &mac,
      N_("connect: the new interface’s MAC address (default: libvirt picks one)"), N_("MAC") },
    { "live", 0, 0, G_OPTION_ARG_NONE, &live,
      N_("detach, assign: the running guest only"), NULL },
    { "config", 0, 0, G_OPTION_ARG_NONE, &config,
      N_("detach, assign: the persistent definition only (next boot)"), NULL },
    { "unmanaged", 0, 0, G_OPTION_ARG_NONE, &assign.unmanaged,
      N_("assign: managed='no' (you detach and reattach the device yourself)"), NULL },
    { "all-functions", 0, 0, G_OPTION_ARG_NONE, &assign.all_functions,
      N_("assign: every function of a multifunction device"), NULL },
    { "with-group", 0, 0, G_OPTION_ARG_NONE, &assign.with_group,
      N_("assign: the rest of the IOMMU group too"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &assign.force,
      N_("assign: even when the check finds errors"), NULL },
    { "reattach", 0, 0, G_OPTION_ARG_NONE, &reattach,
      N_("detach: give a managed='no' device back to its host driver"), NULL },
    { "pf", 0, 0, G_OPTION_ARG_STRING, &pf,
      N_("pool-create: all VFs of the physical function with this interface"), N_("IFNAME") },
    { "vf", 0, 0, G_OPTION_ARG_STRING, &vf_list,
      N_("pool-create: these VFs, comma-separated"), N_("ADDRESS,…") },
    { "vlan", 0, 0, G_OPTION_ARG_INT, &vlan, N_("pool-create: a VLAN tag for the whole pool"),
      N_("N") },
    { "autostart", 0, 0, G_OPTION_ARG_NONE, &autostart,
      N_("pool-create: start the pool with the host"), NULL },
    { "start", 0, 0, G_OPTION_ARG_NONE, &start, N_("pool-create: start the pool now"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("pool-create: print the XML instead of defining it"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND — host | guests | guest NAME | devices | groups | "
                                    "readiness | detach ADDRESS --guest NAME | pools | "
                                    "pool-create NAME | pool-delete NAME | "
                                    "connect POOL --guest NAME | "
                                    "check ADDRESS,… --guest NAME | "
                                    "assign ADDRESS,… --guest NAME"));
  g_option_context_set_summary (context,
                                _("Ferry from the command line.\n\n"
                                  "  host       the connection and counts of its PCI functions, "
                                  "guests and networks\n"
                                  "  guests     every guest with its assigned PCI devices\n"
                                  "  devices    every PCI function: names, driver, IOMMU group, "
                                  "SR-IOV, owners\n"
                                  "  groups     IOMMU groups with their functions and guests\n"
                                  "  readiness  what PCI passthrough needs from the host, "
                                  "with fixes\n"
                                  "  guest      one guest's hardware: assigned, VirtIO, emulated\n"
                                  "  detach     take an assigned device away from a guest\n"
                                  "  pools      SR-IOV VF pools with their VFs and guests\n"
                                  "  pool-create  define a VF pool (--pf or --vf)\n"
                                  "  pool-delete  stop and undefine a VF pool\n"
                                  "  connect    give a guest a network interface from a VF "
                                  "pool\n"
                                  "  check      what stands in the way of giving devices to a "
                                  "guest (exit 3 on errors)\n"
                                  "  assign     give devices to a guest, all or nothing"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return 2;
    }

  if (argc < 2 || !g_strv_contains (commands, argv[1]) ||
      argc != ((g_str_equal (argv[1], "guest") || g_str_equal (argv[1], "detach") ||
                g_str_has_prefix (argv[1], "pool-") || g_str_equal (argv[1], "connect") ||
                g_str_equal (argv[1], "check") || g_str_equal (argv[1], "assign")) ? 3 : 2))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return 2;
    }

  if (demo)
    {
      g_free (uri);
      uri = ferry_session_dup_demo_uri ();
    }
  else if (uri == NULL)
    uri = g_strdup (g_getenv ("LIBVIRT_DEFAULT_URI") ? g_getenv ("LIBVIRT_DEFAULT_URI")
                                                     : "qemu:///system");

  session = ferry_session_new (uri);
  if (!ferry_session_connect_sync (session, (guint) MAX (timeout, 0), &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return 1;
    }

  if (g_str_equal (argv[1], "host"))
    return command_host (session, json);
  if (g_str_equal (argv[1], "devices"))
    return command_devices (session, json);
  if (g_str_equal (argv[1], "groups"))
    return command_groups (session, json);
  if (g_str_equal (argv[1], "readiness"))
    return command_readiness (session, json);
  if (g_str_equal (argv[1], "guest"))
    return command_guest (session, argv[2], json);
  if (g_str_equal (argv[1], "detach"))
    return command_detach (session, argv[2], guest, live, config, reattach);
  if (g_str_equal (argv[1], "pools"))
    return command_pools (session, json);
  if (g_str_equal (argv[1], "pool-create"))
    return command_pool_create (session, argv[2], pf, vf_list, vlan, autostart, start, dry_run);
  if (g_str_equal (argv[1], "pool-delete"))
    return command_pool_delete (session, argv[2]);
  if (g_str_equal (argv[1], "connect"))
    return command_connect (session, argv[2], guest, mac);
  if (g_str_equal (argv[1], "check"))
    return command_check (session, argv[2], guest, json);
  if (g_str_equal (argv[1], "assign"))
    {
      assign.live = live;
      assign.config = config;
      return command_assign (session, argv[2], guest, &assign);
    }
  return command_guests (session, json);
}
