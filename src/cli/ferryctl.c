/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "ferry-assigned-device.h"
#include "ferry-guest.h"
#include "ferry-network.h"
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySession) session = NULL;
  g_autofree char *uri = NULL;
  gboolean demo = FALSE;
  gboolean json = FALSE;
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
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND — host | guests"));
  g_option_context_set_summary (context,
                                _("Ferry from the command line.\n\n"
                                  "  host     the connection and counts of its PCI functions, "
                                  "guests and networks\n"
                                  "  guests   every guest with its assigned PCI devices"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return 2;
    }

  if (argc != 2 || (g_strcmp0 (argv[1], "host") != 0 && g_strcmp0 (argv[1], "guests") != 0))
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

  if (g_strcmp0 (argv[1], "host") == 0)
    return command_host (session, json);
  return command_guests (session, json);
}
