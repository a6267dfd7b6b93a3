/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-host-driver.h"
#include "ferry-inventory.h"
#include "ferry-readiness-check.h"
#include "ferry-wait.h"
#include "ferryctl-private.h"

/* ferryctl host, devices, groups, readiness: what the host has, as text or JSON. */

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

int
ferryctl_host_json (FerrySession       *session,
                    const FerryctlCall *call)
{
  GListModel *devices = ferry_session_get_devices (session);
  GListModel *guests = ferry_session_get_guests (session);
  GListModel *networks = ferry_session_get_networks (session);
  const char * const *problems = ferry_session_get_problems (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, ferry_session_get_uri (session));
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, ferry_session_get_hostname (session));
  {
    const FerryConnection *connection = ferry_session_get_connection (session);
    g_autofree char *description = ferry_session_dup_connection_description (session);

    json_builder_set_member_name (builder, "connection");
    json_builder_begin_object (builder);
    ferryctl_add_string_or_null (builder, "kind",
                                 ferry_connection_kind_to_string (connection->kind));
    json_builder_set_member_name (builder, "per_user");
    json_builder_add_boolean_value (builder, connection->per_user);
    ferryctl_add_string_or_null (builder, "transport", connection->transport);
    ferryctl_add_string_or_null (builder, "host", connection->host);
    ferryctl_add_string_or_null (builder, "description", description);
    json_builder_end_object (builder);
  }
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
  ferryctl_add_string_array (builder, "problems", problems);
  json_builder_end_object (builder);
  ferryctl_print_json (builder);
  return 0;
}

int
ferryctl_host_text (FerrySession       *session,
                    const FerryctlCall *call)
{
  GListModel *devices = ferry_session_get_devices (session);
  GListModel *guests = ferry_session_get_guests (session);
  GListModel *networks = ferry_session_get_networks (session);
  const char * const *problems = ferry_session_get_problems (session);
  g_autofree char *connection = ferry_session_dup_connection_description (session);

  /* Translators: ferryctl output; %s is a host name */
  g_print (_("Host: %s\n"), ferryctl_safe (ferry_session_get_hostname (session)));
  /* Translators: ferryctl output; %s is the kind of connection, e.g. "Your user session" */
  g_print (_("Connection: %s\n"), ferryctl_safe (connection));
  /* Translators: ferryctl output; %s is a libvirt connection URI */
  g_print (_("URI: %s\n"), ferryctl_safe (ferry_session_get_uri (session)));
  /* Translators: ferryctl output; first %s is the hypervisor, second libvirt's version */
  g_print (_("Hypervisor: %s, libvirt %s\n"),
           ferryctl_safe (ferry_session_get_hypervisor (session)),
           ferryctl_safe (ferry_session_get_libvirt_version (session)));
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
    g_printerr (_("Could not read: %s\n"), ferryctl_safe (problems[i]));
  return 0;
}

/* held_by and reset_methods: null where Ferry cannot look (a remote host), so that "none"
 * ([]) and "not known" stay apart. */
static void
add_function_state_json (JsonBuilder              *builder,
                         const FerryFunctionState *state)
{
  json_builder_set_member_name (builder, "held_by");
  if (state == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < state->holders->len; i++)
        {
          FerryDeviceHolder *holder = state->holders->pdata[i];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "pid");
          json_builder_add_int_value (builder, holder->pid);
          ferryctl_add_string_or_null (builder, "command", holder->command);
          ferryctl_add_string_or_null (builder, "node", holder->node);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  /* Processes whose open files Ferry could not read: any of them may hold the device. */
  json_builder_set_member_name (builder, "held_by_unchecked");
  if (state == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, state->unchecked);

  if (state == NULL || state->reset_methods == NULL)
    {
      json_builder_set_member_name (builder, "reset_methods");
      json_builder_add_null_value (builder);
    }
  else
    ferryctl_add_string_array (builder, "reset_methods",
                               (const char * const *) state->reset_methods);
}

static void
add_device_json (JsonBuilder              *builder,
                 FerryInventory           *inventory,
                 FerryHostDevice          *device,
                 const FerryFunctionState *state)
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
  ferryctl_add_string_or_null (builder, "address", text);
  ferryctl_add_string_or_null (builder, "name", ferry_host_device_get_name (device));
  ferryctl_add_string_or_null (builder, "class", class_code);
  ferryctl_add_string_or_null (builder, "class_name", ferry_host_device_get_class_name (device));
  ferryctl_add_string_or_null (builder, "vendor_id", vendor_id);
  ferryctl_add_string_or_null (builder, "product_id", product_id);
  ferryctl_add_string_or_null (builder, "vendor", ferry_host_device_get_vendor_name (device));
  ferryctl_add_string_or_null (builder, "product", ferry_host_device_get_product_name (device));
  ferryctl_add_string_or_null (builder, "driver", ferry_host_device_get_driver (device));
  json_builder_set_member_name (builder, "iommu_group");
  if (ferry_host_device_get_iommu_group (device) == FERRY_NO_IOMMU_GROUP)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, ferry_host_device_get_iommu_group (device));
  json_builder_set_member_name (builder, "is_bridge");
  json_builder_add_boolean_value (builder, ferry_host_device_is_bridge (device));
  ferryctl_add_string_array (builder, "netdevs", netdevs);
  json_builder_set_member_name (builder, "numa_node");
  if (ferry_host_device_get_numa_node (device) < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, ferry_host_device_get_numa_node (device));

  json_builder_set_member_name (builder, "sriov");
  json_builder_begin_object (builder);
  ferryctl_add_string_or_null (builder, "role", ferry_host_device_is_pf (device) ? "pf"
                                       : ferry_host_device_is_vf (device) ? "vf" : NULL);
  if (ferry_host_device_get_pf (device) != NULL)
    pf = ferry_pci_address_to_string (ferry_host_device_get_pf (device));
  ferryctl_add_string_or_null (builder, "pf", pf);
  vfs = ferry_host_device_get_vfs (device, &n_vfs);
  ferryctl_add_address_array (builder, "vfs", vfs, n_vfs);
  json_builder_set_member_name (builder, "max_vfs");
  json_builder_add_int_value (builder, ferry_host_device_get_max_vfs (device));
  json_builder_end_object (builder);

  ferryctl_add_string_array (builder, "pools", pools);

  json_builder_set_member_name (builder, "used_by");
  json_builder_begin_array (builder);
  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      FerryDeviceUse *use = uses->pdata[i];

      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "guest", ferry_device_use_get_guest (use));
      ferryctl_add_string_or_null (builder, "via", ferry_device_use_get_via_name (use));
      ferryctl_add_string_or_null (builder, "pool", ferry_device_use_get_pool (use));
      json_builder_set_member_name (builder, "live");
      json_builder_add_boolean_value (builder, ferry_device_use_get_live (use));
      json_builder_set_member_name (builder, "config");
      json_builder_add_boolean_value (builder, ferry_device_use_get_config (use));
      json_builder_set_member_name (builder, "potential");
      json_builder_add_boolean_value (builder, ferry_device_use_is_potential (use));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_function_state_json (builder, state);
  json_builder_end_object (builder);
}

int
ferryctl_devices_json (FerrySession       *session,
                       const FerryctlCall *call)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  GListModel *devices = ferry_inventory_get_devices (inventory);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      add_device_json (builder, inventory, device,
                       ferry_session_get_function_state (session,
                                                         ferry_host_device_get_address (device)));
    }
  json_builder_end_array (builder);
  ferryctl_print_json (builder);
  return 0;
}

int
ferryctl_devices_text (FerrySession       *session,
                       const FerryctlCall *call)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  GListModel *devices = ferry_inventory_get_devices (inventory);

  /* Translators: column headings of ferryctl devices; keep the widths */
  g_print ("%-13s %5s  %-16s %s\n", _("ADDRESS"), _("GROUP"), _("DRIVER"), _("DEVICE"));
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *address = ferry_pci_address_to_string (
        ferry_host_device_get_address (device));
      g_autofree char *group = ferry_host_device_get_iommu_group (device) == FERRY_NO_IOMMU_GROUP
                               ? g_strdup ("-")
                               : g_strdup_printf ("%d",
                                                  ferry_host_device_get_iommu_group (device));
      g_autofree char *title = ferry_host_device_dup_title (device);
      GPtrArray *uses = ferry_inventory_get_uses (inventory,
                                                  ferry_host_device_get_address (device));
      const FerryFunctionState *state = ferry_session_get_function_state (
        session, ferry_host_device_get_address (device));
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
                                  ferryctl_safe (ferry_device_use_get_guest (uses->pdata[u])));

      for (guint h = 0; state != NULL && h < state->holders->len; h++)
        {
          FerryDeviceHolder *holder = state->holders->pdata[h];

          /* Translators: ferryctl devices; %s is a command, %u its process id */
          g_string_append_printf (flags, _(" [held by %s, pid %u]"),
                                  ferryctl_safe (holder->command), holder->pid);
        }
      if (ferry_reset_risk_of (state, inventory, device, NULL) != FERRY_RESET_RISK_NONE)
        g_string_append (flags, _(" [reset may fail]"));

      g_print ("%-13s %5s  %-16s %s%s\n", address, group,
               ferry_host_device_get_driver (device)
               ? ferryctl_safe (ferry_host_device_get_driver (device)) : "-",
               ferryctl_safe (title), flags->str);
    }
  return 0;
}

int
ferryctl_groups_json (FerrySession       *session,
                      const FerryctlCall *call)
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
      ferryctl_add_string_array (builder, "guests", guests);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  ferryctl_print_json (builder);
  return 0;
}

int
ferryctl_groups_text (FerrySession       *session,
                      const FerryctlCall *call)
{
  GListModel *groups = ferry_inventory_get_groups (ferry_session_get_inventory (session));

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = ferry_iommu_group_get_members (group);
      const char * const *guests = ferry_iommu_group_get_guests (group);
      int number = ferry_iommu_group_get_number (group);

      if (number == FERRY_NO_IOMMU_GROUP)
        g_print ("%s\n", _("No IOMMU group:"));
      else
        {
          g_autofree char *names = g_strjoinv (", ", (char **) guests);
          /* Translators: ferryctl groups; %d is a group number, %s says isolated or shared */
          g_print (_("Group %d (%s)"), number, ferry_iommu_group_describe_isolation (group));
          if (guests[0] != NULL)
            /* Translators: ferryctl groups; %s lists guest names */
            g_print (_(", used by %s"), ferryctl_safe (names));
          g_print (":\n");
        }
      for (guint m = 0; m < g_list_model_get_n_items (members); m++)
        {
          g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, m);
          g_autofree char *text = ferry_pci_address_to_string (
            ferry_host_device_get_address (device));
          g_autofree char *title = ferry_host_device_dup_title (device);

          g_print ("  %s  %s%s\n", text, ferryctl_safe (title),
                   ferry_host_device_is_bridge (device) ? _(" [bridge]") : "");
        }
    }
  return 0;
}

int
ferryctl_readiness_json (FerrySession       *session,
                         const FerryctlCall *call)
{
  GListModel *checks = ferry_session_get_readiness (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);
      const char * const *commands = ferry_readiness_check_get_commands (check);

      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "id", ferry_readiness_check_get_id (check));
      ferryctl_add_string_or_null (builder, "status",
                                   ferry_readiness_check_get_status_name (check));
      ferryctl_add_string_or_null (builder, "summary", ferry_readiness_check_get_summary (check));
      ferryctl_add_string_or_null (builder, "remedy", ferry_readiness_check_get_remedy (check));
      ferryctl_add_string_array (builder, "commands", commands);
      ferryctl_add_string_or_null (builder, "fix_uri", ferry_readiness_check_get_fix_uri (check));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  ferryctl_print_json (builder);
  return 0;
}

int
ferryctl_readiness_text (FerrySession       *session,
                         const FerryctlCall *call)
{
  GListModel *checks = ferry_session_get_readiness (session);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);
      const char * const *commands = ferry_readiness_check_get_commands (check);

      /* Summaries and commands quote what the host says: its kernel command line, file
       * names, interface names. */
      g_print ("[%-7s] %s: %s\n", ferry_readiness_check_get_status_name (check),
               ferry_readiness_check_get_title (check),
               ferryctl_safe (ferry_readiness_check_get_summary (check)));
      if (ferry_readiness_check_get_remedy (check) != NULL)
        g_print ("          %s\n", ferryctl_safe (ferry_readiness_check_get_remedy (check)));
      for (guint c = 0; commands[c] != NULL; c++)
        g_print ("          $ %s\n", ferryctl_safe (commands[c]));
      if (ferry_readiness_check_get_fix_uri (check) != NULL)
        /* Translators: ferryctl output; %s is a libvirt URI, keep -c as it is */
        g_print (_("          Run ferryctl with -c %s\n"),
                 ferryctl_safe (ferry_readiness_check_get_fix_uri (check)));
    }
  return 0;
}

/* ferryctl host-detach / host-reattach ADDRESS: the wizard's "Detach it from the host" on
 * its own (a group member that goes to no guest must still leave the host's drivers), and
 * the way back. */
static int
change_host_driver (FerrySession       *session,
                    const FerryctlCall *call,
                    gboolean            detach)
{
  const FerryPciAddress *address = &g_array_index (call->addresses, FerryPciAddress, 0);
  g_autofree char *text = ferry_pci_address_to_string (address);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (!ferry_session_can_detach_from_host (session))
    {
      g_printerr ("ferryctl: %s\n", _("This connection cannot detach devices from the host "
                                      "or give them back: it is not a system connection to "
                                      "a host that runs guests."));
      return 1;
    }
  if (ferry_session_lookup_device (session, address) == NULL)
    {
      /* Translators: %s is a PCI address */
      g_autofree char *message = g_strdup_printf (_("The host has no device %s"), text);

      g_printerr ("ferryctl: %s\n", message);
      return 1;
    }

  if (detach)
    {
      ferry_session_detach_from_host_async (session, address, NULL, ferry_wait_store_result,
                                            &result);
      done = ferry_session_detach_from_host_finish (session, ferry_wait_for_result (&result, 0),
                                                    &error);
    }
  else
    {
      ferry_session_give_back_to_host_async (session, address, NULL, ferry_wait_store_result,
                                             &result);
      done = ferry_session_give_back_to_host_finish (session,
                                                     ferry_wait_for_result (&result, 0),
                                                     &error);
    }
  if (!done)
    return ferryctl_print_error (error);

  g_print (detach
           /* Translators: %s is a PCI address */
           ? _("%s is detached from the host: its driver is vfio-pci now.\n")
           /* Translators: %s is a PCI address */
           : _("%s is given back to its host driver.\n"), text);
  return 0;
}

int
ferryctl_host_detach (FerrySession       *session,
                      const FerryctlCall *call)
{
  return change_host_driver (session, call, TRUE);
}

int
ferryctl_host_reattach (FerrySession       *session,
                        const FerryctlCall *call)
{
  return change_host_driver (session, call, FALSE);
}
