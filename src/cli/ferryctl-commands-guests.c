/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assign-plan.h"
#include "ferry-device-assign.h"
#include "ferry-device-change.h"
#include "ferry-guest-check.h"
#include "ferry-guest-device.h"
#include "ferry-guest-repair.h"
#include "ferry-wait.h"
#include "ferryctl-private.h"

/* ferryctl guests, guest, detach, check, assign, repair: guests and the devices they are given. */

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
                                     ferryctl_kind_name (ferry_assigned_device_get_kind (device)));
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

int
ferryctl_guests_json (FerrySession       *session,
                      const FerryctlCall *call)
{
  GListModel *guests = ferry_session_get_guests (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      add_guest_json (builder, guest);
    }
  json_builder_end_array (builder);
  ferryctl_print_json (builder);
  return 0;
}

int
ferryctl_guests_text (FerrySession       *session,
                      const FerryctlCall *call)
{
  GListModel *guests = ferry_session_get_guests (session);

  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      GListModel *assigned = ferry_guest_get_assigned (guest);

      /* Translators: ferryctl output; guest name, its state, a count of PCI devices */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s\t%s\t%u assigned PCI device\n",
                            "%s\t%s\t%u assigned PCI devices\n",
                            g_list_model_get_n_items (assigned)),
               ferryctl_safe (ferry_guest_get_name (guest)),
               ferry_guest_get_state_label (guest), g_list_model_get_n_items (assigned));
    }
  return 0;
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
      ferryctl_add_string_or_null (builder, "kind", ferry_guest_device_get_kind (device));
      ferryctl_add_string_or_null (builder, "model", ferry_guest_device_get_model (device));
      ferryctl_add_string_or_null (builder, "target", ferry_guest_device_get_target (device));
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

      const char *model = ferry_guest_device_get_model (device);
      const char *target = ferry_guest_device_get_target (device);

      g_print ("  %-24s %s  %s\n", ferryctl_safe (ferry_guest_device_get_title (device)),
               model ? ferryctl_safe (model) : "", target ? ferryctl_safe (target) : "");
    }
}

/* What the guest page shows: the assigned devices with their host side, then the rest. */
int
ferryctl_guest_text (FerrySession       *session,
                     const FerryctlCall *call)
{
  FerryGuest *guest = ferryctl_find_guest (session, call->args[0]);
  g_autoptr(GPtrArray) problems = NULL;
  GListModel *assigned;

  if (guest == NULL)
    return 1;
  assigned = ferry_guest_get_assigned (guest);
  problems = ferry_guest_check (guest, ferry_session_get_inventory (session),
                              ferry_session_get_host_uses (session));

  g_print ("%s (%s)\n", ferryctl_safe (ferry_guest_get_name (guest)),
           ferry_guest_get_state_label (guest));
  for (guint i = 0; i < problems->len; i++)
    g_print ("  %-7s  %-15s  %s\n", ferry_finding_get_severity_name (problems->pdata[i]),
             ferry_finding_get_code (problems->pdata[i]),
             ferryctl_safe (ferry_finding_get_message (problems->pdata[i])));
  g_print ("\n%s\n", _("Assigned PCI devices:"));
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      FerryHostDevice *host = address ? ferry_session_lookup_device (session, address) : NULL;
      g_autofree char *text = address ? ferry_pci_address_to_string (address) : g_strdup ("-");
      g_autofree char *title = host ? ferry_host_device_dup_title (host)
                                    : g_strdup (address ? _("not present on this host")
                                                        : ferry_assigned_device_get_network (
                                                            device));

      g_print ("  %-13s %-18s %s%s%s\n", text,
               ferryctl_kind_name (ferry_assigned_device_get_kind (device)),
               ferryctl_safe (title),
               ferry_assigned_device_get_live (device) ? _(" [live]") : "",
               ferry_assigned_device_get_config (device) ? _(" [next boot]") : "");
    }
  print_other_devices (_("VirtIO devices:"), ferry_guest_get_virtio (guest));
  print_other_devices (_("Emulated devices:"), ferry_guest_get_emulated (guest));
  return 0;
}

int
ferryctl_guest_json (FerrySession       *session,
                     const FerryctlCall *call)
{
  FerryGuest *guest = ferryctl_find_guest (session, call->args[0]);
  GListModel *assigned;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) problems = NULL;

  if (guest == NULL)
    return 1;
  assigned = ferry_guest_get_assigned (guest);

  json_builder_begin_object (builder);
  ferryctl_add_string_or_null (builder, "name", ferry_guest_get_name (guest));
  ferryctl_add_string_or_null (builder, "state", ferry_guest_get_state_name (guest));
  json_builder_set_member_name (builder, "assigned");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (device);
      g_autofree char *text = address ? ferry_pci_address_to_string (address) : NULL;

      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "kind",
                                   ferryctl_kind_name (ferry_assigned_device_get_kind (device)));
      ferryctl_add_string_or_null (builder, "address", text);
      ferryctl_add_string_or_null (builder, "pool", ferry_assigned_device_get_network (device));
      ferryctl_add_string_or_null (builder, "mac", ferry_assigned_device_get_mac (device));
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
      /* Whether the hardware-change guard has a record of what was at the address. */
      json_builder_set_member_name (builder, "remembered");
      json_builder_add_boolean_value (builder, address != NULL &&
                                               ferry_guest_lookup_record (guest, address));
      json_builder_set_member_name (builder, "live");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_live (device));
      json_builder_set_member_name (builder, "config");
      json_builder_add_boolean_value (builder, ferry_assigned_device_get_config (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_other_devices_json (builder, "virtio", ferry_guest_get_virtio (guest));
  add_other_devices_json (builder, "emulated", ferry_guest_get_emulated (guest));
  problems = ferry_guest_check (guest, ferry_session_get_inventory (session),
                              ferry_session_get_host_uses (session));
  ferryctl_add_findings_array (builder, "problems", problems);
  json_builder_end_object (builder);
  ferryctl_print_json (builder);
  return 0;
}

/* ferryctl detach ADDRESS --guest NAME: the same all-or-nothing detach as the guest page.
 * Without --live or --config, both. */
int
ferryctl_detach (FerrySession       *session,
                 const FerryctlCall *call)
{
  const char *guest_name = call->values[FERRYCTL_OPT_GUEST];
  const FerryPciAddress *address = &g_array_index (call->addresses, FerryPciAddress, 0);
  gboolean live = ferryctl_call_has (call, FERRYCTL_OPT_LIVE);
  gboolean config = ferryctl_call_has (call, FERRYCTL_OPT_CONFIG);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FerryDeviceChange) change = NULL;
  g_autoptr(GError) error = NULL;
  FerryDetachFlags flags = 0;
  FerryGuest *guest;
  GListModel *assigned;

  if (!(guest = ferryctl_find_guest (session, guest_name)))
    return 1;

  assigned = ferry_guest_get_assigned (guest);
  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *found = ferry_assigned_device_get_address (device);

      if (found != NULL && ferry_pci_address_equal (found, address))
        g_ptr_array_add (devices, g_object_ref (device));
    }
  if (devices->len == 0)
    {
      g_printerr ("ferryctl: %s\n", _("the guest has no such assigned device"));
      return 1;
    }

  if (live && !ferry_session_can_change_live (session))
    {
      g_printerr ("ferryctl: %s\n", _("--live: this connection cannot change a running "
                                      "guest’s devices; use --config (at next boot)"));
      return 1;
    }
  /* Without --live or --config: both, where the connection can change a running guest. */
  if (live || (!config && ferry_session_can_change_live (session)))
    flags |= FERRY_DETACH_LIVE;
  if (config || !live)
    flags |= FERRY_DETACH_CONFIG;
  if (ferryctl_call_has (call, FERRYCTL_OPT_REATTACH))
    flags |= FERRY_DETACH_GIVE_BACK;

  ferry_session_detach_async (session, guest_name, devices, flags, NULL,
                              ferry_wait_store_result, &result);
  change = ferry_session_detach_finish (session, ferry_wait_for_result (&result, 0), &error);
  if (change == NULL)
    return ferryctl_print_error (error);

  if (ferry_device_change_get_warning (change) != NULL)
    g_printerr ("ferryctl: %s\n", ferryctl_safe (ferry_device_change_get_warning (change)));
  g_print ("%s\n", ferry_device_change_get_live (change) &&
                    ferry_device_change_get_config (change)
                    ? _("Detached now and from the next boot.")
                    : ferry_device_change_get_live (change)
                    ? _("Detached from the running guest; it comes back at the next boot.")
                    : _("Detached from the next boot."));
  return 0;
}

/* The request for the call's addresses given to its --guest; NULL (and a message) when there
 * is no such guest. */
static FerryAssignRequest *
new_request (FerrySession       *session,
             const FerryctlCall *call)
{
  g_autoptr(FerryAssignRequest) request = NULL;
  FerryGuest *guest = ferryctl_find_guest (session, call->values[FERRYCTL_OPT_GUEST]);

  if (guest == NULL)
    return NULL;
  request = ferry_session_new_assign_request (session, guest);
  for (guint i = 0; i < call->addresses->len; i++)
    ferry_assign_request_set_picked (request,
                                     &g_array_index (call->addresses, FerryPciAddress, i), TRUE);
  return g_steal_pointer (&request);
}

/* ferryctl check ADDRESS[,…] --guest NAME: what the wizard's review would say. Exit 3 when an
 * error finding would block the assignment. */
int
ferryctl_check_text (FerrySession       *session,
                     const FerryctlCall *call)
{
  g_autoptr(FerryAssignRequest) request = new_request (session, call);
  g_autoptr(GPtrArray) findings = NULL;

  if (request == NULL)
    return 1;
  findings = ferry_assign_check (request);
  ferryctl_print_findings (findings, g_print);
  return ferry_assign_check_has_error (findings) ? 3 : 0;
}

int
ferryctl_check_json (FerrySession       *session,
                     const FerryctlCall *call)
{
  g_autoptr(FerryAssignRequest) request = new_request (session, call);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (request == NULL)
    return 1;
  findings = ferry_assign_check (request);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "guest");
  json_builder_add_string_value (builder, ferry_guest_get_name (request->guest));
  ferryctl_add_address_array (builder, "devices", (const FerryPciAddress *) request->picked->data,
                              request->picked->len);
  ferryctl_add_findings_array (builder, "findings", findings);
  json_builder_end_object (builder);
  ferryctl_print_json (builder);
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

/* ferryctl assign ADDRESS[,…] --guest NAME: what the wizard's Apply does, refused on an error
 * finding unless --force. Without --live or --config, both (live only while it runs). */
int
ferryctl_assign (FerrySession       *session,
                 const FerryctlCall *call)
{
  g_autoptr(FerryAssignRequest) request = new_request (session, call);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(FerryAssignPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  gboolean live = ferryctl_call_has (call, FERRYCTL_OPT_LIVE);
  gboolean config = ferryctl_call_has (call, FERRYCTL_OPT_CONFIG);

  if (request == NULL)
    return 1;

  request->managed = options.managed = !ferryctl_call_has (call, FERRYCTL_OPT_UNMANAGED);
  if (ferryctl_call_has (call, FERRYCTL_OPT_ALL_FUNCTIONS))
    take_add_fixes (request, "multifunction");
  if (ferryctl_call_has (call, FERRYCTL_OPT_WITH_GROUP))
    take_add_fixes (request, "group-host-driver");

  /* Every finding is said, warnings too: an assignment is never silent about its risks.
   * A dry run keeps its standard output for the definition alone. */
  findings = ferry_assign_check (request);
  ferryctl_print_findings (findings, ferryctl_call_has (call, FERRYCTL_OPT_DRY_RUN) ? g_printerr
                                                                                  : g_print);
  if (ferry_assign_check_has_error (findings) && !ferryctl_call_has (call, FERRYCTL_OPT_FORCE))
    {
      g_printerr ("ferryctl: %s\n", _("not assigned: fix the errors above, or use --force"));
      return 3;
    }

  if (live && !ferry_session_can_change_live (session))
    {
      g_printerr ("ferryctl: %s\n", _("--live: this connection cannot change a running "
                                      "guest’s devices; use --config (at next boot)"));
      return 1;
    }

  /* Without --live or --config: what the connection can do, and it says which below. */
  plan = ferry_assign_plan_new (request, &options,
                                (live || !config) && ferry_guest_is_active (request->guest) &&
                                ferry_session_can_change_live (session),
                                config || !live, &error);
  if (plan == NULL)
    return ferryctl_print_error (error);
  plan->roll_back_on_loss = ferryctl_call_has (call, FERRYCTL_OPT_ROLLBACK_ON_LOSS);

  /* The definition exactly as it would be written, records included; the running guest's
   * devices (live only) are the device XML it would take. */
  if (ferryctl_call_has (call, FERRYCTL_OPT_DRY_RUN))
    {
      g_autofree char *definition = NULL;

      if (!plan->config)
        definition = ferry_assign_plan_dup_xml (plan);
      else
        {
          ferry_session_preview_assign_async (session, plan, NULL, ferry_wait_store_result,
                                              &result);
          definition = ferry_session_preview_assign_finish (session,
                                                            ferry_wait_for_result (&result, 0),
                                                            &error);
          if (definition == NULL)
            return ferryctl_print_error (error);
        }
      g_print ("%s%s", definition, g_str_has_suffix (definition, "\n") ? "" : "\n");
      return 0;
    }

  /* A lost connection is reported (exit 1) with what the guest has now. */
  ferry_session_assign_async (session, plan, cancellable, ferry_wait_store_result, &result);
  if (!ferry_session_assign_finish (session, ferryctl_wait_for_change (cancellable, &result),
                                    &error))
    return ferryctl_print_error (error);

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        /* Translators: %u is a number of devices, %s a guest */
                        "Assigned %u device to %s", "Assigned %u devices to %s",
                        plan->addresses->len),
           plan->addresses->len, ferryctl_safe (ferry_guest_get_name (request->guest)));
  g_print (" (%s)\n", plan->live ? _("now and at next boot") : _("at next boot"));
  return 0;
}

/* ferryctl repair GUEST: every hardware-changed problem with a Move fix, taken in one
 * redefinition; exit 3 when a changed address is left that no unique match can fix. */
int
ferryctl_repair (FerrySession       *session,
                 const FerryctlCall *call)
{
  FerryGuest *guest = ferryctl_find_guest (session, call->args[0]);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint unfixable = 0;

  if (guest == NULL)
    return 1;

  problems = ferry_guest_check (guest, ferry_session_get_inventory (session),
                              ferry_session_get_host_uses (session));
  for (guint i = 0; i < problems->len; i++)
    {
      FerryFinding *finding = problems->pdata[i];
      gboolean fixed = FALSE;

      if (!g_str_equal (ferry_finding_get_code (finding), "hardware-changed"))
        continue;
      for (guint f = 0; f < ferry_finding_get_n_fixes (finding); f++)
        if (ferry_finding_get_fix_kind (finding, f) == FERRY_FIX_MOVE_DEVICE)
          {
            guint n;
            const FerryPciAddress *pair = ferry_finding_get_fix_devices (finding, f, &n);

            g_array_append_vals (moves, pair, 2);
            fixed = TRUE;
          }
      if (!fixed)
        {
          g_printerr ("ferryctl: %s\n", ferryctl_safe (ferry_finding_get_message (finding)));
          unfixable++;
        }
    }

  if (moves->len > 0)
    {
      ferry_session_repair_async (session, ferry_guest_get_name (guest),
                                  (const FerryPciAddress *) moves->data, moves->len / 2, NULL,
                                  ferry_wait_store_result, &result);
      if (!ferry_session_repair_finish (session, ferry_wait_for_result (&result, 0), &error))
        return ferryctl_print_error (error);
      for (guint i = 0; i < moves->len; i += 2)
        {
          g_autofree char *from = ferry_pci_address_to_string (
            &g_array_index (moves, FerryPciAddress, i));
          g_autofree char *to = ferry_pci_address_to_string (
            &g_array_index (moves, FerryPciAddress, i + 1));

          /* Translators: ferryctl output; two PCI addresses */
          g_print (_("Moved %s to %s (at next boot)\n"), from, to);
        }
    }
  else if (unfixable == 0)
    g_print ("%s\n", _("Nothing to repair: every recorded device is where it was."));

  return unfixable > 0 ? 3 : 0;
}
