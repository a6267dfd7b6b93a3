/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assign-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assign-plan.h"
#include "ferry-assign-wizard.h"
#include "ferry-device-assign.h"
#include "ferry-device-query.h"
#include "ferry-device-row.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-message.h"
#include "ferry-rows.h"
#include "ferry-window.h"

/* Giving host functions to a guest, in one window: guest, devices, what stands in the way
 * (with one-click fixes), options, and the exact XML before Apply. The rules run on every
 * change of the pick, so the review always tells the truth about what Apply would do. */

typedef enum
{
  STEP_GUEST,
  STEP_DEVICES,
  STEP_REVIEW,
  STEP_OPTIONS,
  STEP_SUMMARY,
  N_STEPS
} Step;

static const char *step_names[N_STEPS] = { "guest", "devices", "review", "options", "summary" };

struct _FerryAssignWizard
{
  AdwWindow           parent_instance;

  FerrySession       *session;
  FerryAssignRequest *request;
  GPtrArray          *findings;
  FerryAssignPlan    *plan;
  GCancellable       *cancellable;
  GtkFilter          *filter;
  GHashTable         *bound_checks; /* the device list's checks bound to a device now */
  GtkCheckButton     *guest_group;  /* the first guest's radio; the others join it */
  Step                step;
  Step                first_step;
  char               *mac;          /* generated once, so Back and Next keep it */
  FerryPciAddress    *initial_device;
  gboolean            applying;

  AdwWindowTitle     *window_title;
  GtkButton          *back_button;
  GtkButton          *next_button;
  GtkStack           *stack;
  GtkListBox         *guest_list;
  GtkSearchEntry     *search_entry;
  GtkCheckButton     *show_all_check;
  GtkLabel           *picked_label;
  GtkListView        *device_list;
  AdwPreferencesGroup *review_group;
  GtkListBox         *findings_list;
  GtkWidget          *first_fix;    /* in findings_list, rebuilt with it; or NULL */
  GtkWidget          *override_group;
  AdwActionRow       *override_row;
  GtkCheckButton     *override_check;
  GtkSwitch          *managed_switch;
  AdwComboRow        *rom_bar_row;
  AdwEntryRow        *rom_file_row;
  GtkWidget          *interface_group;
  GtkSwitch          *interface_switch;
  AdwEntryRow        *mac_row;
  AdwEntryRow        *vlan_row;
  AdwEntryRow        *profile_row;
  GtkWidget          *when_group;
  AdwComboRow        *when_row;
  GtkLabel           *options_problem;
  GtkLabel           *summary_label;
  GtkTextView        *xml_view;
  GtkLabel           *apply_problem;
};

G_DEFINE_FINAL_TYPE (FerryAssignWizard, ferry_assign_wizard, ADW_TYPE_WINDOW)

static void update_buttons (FerryAssignWizard *self);
static void focus_step     (FerryAssignWizard *self);

static gboolean
guest_runs (FerryAssignWizard *self)
{
  return self->request != NULL && ferry_guest_is_active (self->request->guest);
}

/* Every picked function is an SR-IOV VF: only then can they join as network interfaces. */
static gboolean
picked_all_vfs (FerryAssignWizard *self)
{
  GArray *picked = self->request->picked;

  for (guint i = 0; i < picked->len; i++)
    {
      FerryHostDevice *device = ferry_inventory_lookup (
        self->request->inventory, &g_array_index (picked, FerryPciAddress, i));

      if (device == NULL || !ferry_host_device_is_vf (device))
        return FALSE;
    }
  return picked->len > 0;
}

/* --- Step 1: the guest ------------------------------------------------------------------ */

static void
set_guest (FerryAssignWizard *self,
           FerryGuest        *guest)
{
  g_autoptr(FerryAssignRequest) request = ferry_session_new_assign_request (self->session,
                                                                            guest);

  /* A different guest keeps the pick: only the rules' answer changes. The device the wizard
   * was opened on is the first pick. */
  if (self->request == NULL && self->initial_device != NULL)
    ferry_assign_request_set_picked (request, self->initial_device, TRUE);
  if (self->request != NULL)
    for (guint i = 0; i < self->request->picked->len; i++)
      ferry_assign_request_set_picked (request,
                                       &g_array_index (self->request->picked,
                                                       FerryPciAddress, i), TRUE);
  g_clear_pointer (&self->request, ferry_assign_request_free);
  self->request = g_steal_pointer (&request);
  update_buttons (self);
}

/* The guest of the list row CHECK sits in. */
static void
guest_toggled_cb (GtkCheckButton    *check,
                  FerryAssignWizard *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);
  g_autoptr(FerryGuest) guest = NULL;

  if (!gtk_check_button_get_active (check) || row == NULL)
    return;
  guest = g_list_model_get_item (ferry_session_get_guests (self->session),
                                 gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));
  if (guest != NULL)
    set_guest (self, guest);
}

static GtkWidget *
create_guest_row (gpointer item,
                  gpointer user_data)
{
  FerryAssignWizard *self = user_data;
  FerryGuest *guest = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *state = gtk_image_new_from_icon_name (ferry_guest_get_state_icon (guest));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_guest_get_display_name (guest));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ferry_guest_get_state_label (guest));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (self->guest_group == NULL)
    self->guest_group = GTK_CHECK_BUTTON (check);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->guest_group);
  if (self->request != NULL && self->request->guest == guest)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_connect_object (check, "toggled", G_CALLBACK (guest_toggled_cb), self, 0);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (state), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ferry_guest_get_state_label (guest), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

/* --- Step 2: the devices ---------------------------------------------------------------- */

static void
update_picked_label (FerryAssignWizard *self)
{
  guint n = self->request ? self->request->picked->len : 0;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Pick one or more devices"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u is a number of devices */
                                         "%u device picked", "%u devices picked", n), n);
  gtk_label_set_label (self->picked_label, text);
}

/* The address of the function whose row is CHECK's child; NULL before a bind. */
static const FerryPciAddress *
check_address (GtkCheckButton *check)
{
  FerryHostDevice *device = ferry_device_row_get_device (
    FERRY_DEVICE_ROW (gtk_check_button_get_child (check)));

  return device ? ferry_host_device_get_address (device) : NULL;
}

static void
pick_toggled_cb (GtkCheckButton    *check,
                 FerryAssignWizard *self)
{
  const FerryPciAddress *address = check_address (check);
  gboolean active = gtk_check_button_get_active (check);

  /* Binding a recycled row sets its check too: that is not the user picking. */
  if (address == NULL || self->request == NULL ||
      ferry_assign_request_is_picked (self->request, address) == active)
    return;

  ferry_assign_request_set_picked (self->request, address, active);
  update_picked_label (self);
  update_buttons (self);
}

/* Down in the search: the first device found gets the focus, so arrows and Enter go on.
 * GTK 4.8 has no call that focuses a list item: the list's children are its items in order,
 * each taking the focus through its check. */
static void
focus_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryAssignWizard *self = FERRY_ASSIGN_WIZARD (widget);
  GtkWidget *item;

  gtk_widget_activate_action (GTK_WIDGET (self->device_list), "list.scroll-to-item", "u", 0);
  item = gtk_widget_get_first_child (GTK_WIDGET (self->device_list));
  if (item != NULL)
    gtk_widget_grab_focus (item);
}

static void
setup_device_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 FerryAssignWizard        *self)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *row = ferry_device_row_new ();

  GtkEventController *keys = gtk_shortcut_controller_new ();

  ferry_device_row_set_picking (FERRY_DEVICE_ROW (row), TRUE);
  gtk_widget_set_margin_start (check, 12);
  /* Enter picks the device the focus is on, as Space does: the list's own Enter activates
   * items, which these are not (a click on the row toggles its check). */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0)),
                                                          gtk_signal_action_new ("activate")));
  gtk_widget_add_controller (check, keys);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), row);
  g_signal_connect_object (check, "toggled", G_CALLBACK (pick_toggled_cb), self, 0);
  gtk_list_item_set_child (item, check);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_device_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                FerryAssignWizard        *self)
{
  FerryHostDevice *device = gtk_list_item_get_item (item);
  GtkWidget *check = gtk_list_item_get_child (item);
  const FerryPciAddress *address = ferry_host_device_get_address (device);

  ferry_device_row_bind (FERRY_DEVICE_ROW (gtk_check_button_get_child (GTK_CHECK_BUTTON (check))),
                         device, ferry_session_get_inventory (self->session),
                         ferry_session_get_host_uses (self->session));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               self->request != NULL &&
                               ferry_assign_request_is_picked (self->request, address));
  g_hash_table_add (self->bound_checks, check);
}

static void
unbind_device_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  FerryAssignWizard        *self)
{
  g_hash_table_remove (self->bound_checks, gtk_list_item_get_child (item));
}

static gboolean
device_visible (gpointer item,
                gpointer user_data)
{
  FerryAssignWizard *self = user_data;
  FerryHostDevice *device = item;
  gboolean show_all = gtk_check_button_get_active (self->show_all_check);

  /* A picked function stays in view whatever the search, so it can be unpicked. */
  if (self->request != NULL &&
      ferry_assign_request_is_picked (self->request, ferry_host_device_get_address (device)))
    return TRUE;
  return ferry_device_query_matches (device, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                     show_all ? FERRY_DEVICE_SHOW_ALL
                                              : FERRY_DEVICE_SHOW_ASSIGNABLE);
}

static void
filter_changed_cb (FerryAssignWizard *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The device list in step with a pick changed by a fix rather than by its checks: rows that
 * stay on screen are not bound again, so their checks are set here (pick_toggled_cb ignores
 * a check that agrees with the pick). */
static void
refresh_device_list (FerryAssignWizard *self)
{
  GHashTableIter iter;
  gpointer check;

  filter_changed_cb (self);
  g_hash_table_iter_init (&iter, self->bound_checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    {
      const FerryPciAddress *address = check_address (check);

      if (address != NULL)
        gtk_check_button_set_active (check,
                                     ferry_assign_request_is_picked (self->request, address));
    }
  update_picked_label (self);
}

/* --- Step 3: the review ----------------------------------------------------------------- */

static void show_findings (FerryAssignWizard *self);

/* What a fix button applies. */
typedef struct
{
  FerryAssignWizard *self;     /* not owned: the button dies with the wizard */
  FerryFinding      *finding;
  guint              index;
} Fix;

static void
fix_free (gpointer  data,
          GClosure *closure)
{
  Fix *fix = data;

  g_object_unref (fix->finding);
  g_free (fix);
}

static void
fix_clicked_cb (GtkButton *button,
                Fix       *fix)
{
  FerryAssignWizard *self = fix->self;

  ferry_assign_request_apply_fix (self->request, fix->finding, fix->index);
  refresh_device_list (self);
  show_findings (self);
  /* The button went with the old list: the keys go on from the next fix, or Next. */
  focus_step (self);
}

static GtkWidget *
create_finding_row (FerryAssignWizard *self,
                    FerryFinding      *finding)
{
  GtkWidget *row = ferry_rows_new_finding (finding);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  guint n_fixes = ferry_finding_get_n_fixes (finding);

  if (n_fixes > 0)
    {
      GtkWidget *fixes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_halign (fixes, GTK_ALIGN_END);
      for (guint i = 0; i < n_fixes; i++)
        {
          GtkWidget *button = gtk_button_new_with_label (ferry_finding_get_fix_label (finding, i));
          Fix *fix = g_new0 (Fix, 1);

          gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
          ferry_rows_keep_tokens_whole (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))));
          fix->self = self;
          fix->finding = g_object_ref (finding);
          fix->index = i;
          g_signal_connect_data (button, "clicked", G_CALLBACK (fix_clicked_cb), fix, fix_free,
                                 0);
          /* A fix is the way on only where the finding blocks. */
          if (i == 0 && ferry_finding_get_severity (finding) == FERRY_SEVERITY_ERROR)
            gtk_widget_add_css_class (button, "suggested-action");
          if (self->first_fix == NULL)
            self->first_fix = button;
          gtk_box_append (GTK_BOX (fixes), button);
        }
      gtk_box_append (GTK_BOX (box), fixes);
    }

  return row;
}

static void
override_toggled_cb (FerryAssignWizard *self)
{
  update_buttons (self);
}

/* What taking the overridable errors on means, one sentence per kind, for the override's
 * subtitle: the user ticks a consequence, not a vague "ignore". */
static char *
dup_override_consequence (GPtrArray *findings)
{
  static const struct { const char *code; const char *consequence; } consequences[] = {
    { "host-critical", N_("The host loses what it uses the device for, at once.") },
    { "group-host-driver", N_("The guest will not start until the rest of the group has left "
                              "the host.") },
    { "host-not-ready", N_("The guest will not start until the host is ready for "
                           "passthrough.") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint c = 0; c < G_N_ELEMENTS (consequences); c++)
    for (guint i = 0; i < findings->len; i++)
      if (ferry_finding_get_overridable (findings->pdata[i]) &&
          g_str_equal (ferry_finding_get_code (findings->pdata[i]), consequences[c].code))
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, _(consequences[c].consequence));
          break;
        }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_findings (FerryAssignWizard *self)
{
  GtkWidget *child;
  guint errors = 0;
  guint warnings = 0;
  gboolean can_override;

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = ferry_assign_check (self->request);

  self->first_fix = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))))
    gtk_list_box_remove (self->findings_list, child);

  for (guint i = 0; i < self->findings->len; i++)
    {
      FerryFinding *finding = self->findings->pdata[i];

      errors += ferry_finding_get_severity (finding) == FERRY_SEVERITY_ERROR;
      warnings += ferry_finding_get_severity (finding) == FERRY_SEVERITY_WARNING;
      gtk_list_box_append (self->findings_list, create_finding_row (self, finding));
    }

  if (self->findings->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing stands in the way"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_list_box_append (self->findings_list, row);
    }

  /* A changed pick is a new question: the user confirms it again. */
  can_override = ferry_assign_check_can_override (self->findings);
  gtk_check_button_set_active (self->override_check, FALSE);
  gtk_widget_set_visible (self->override_group, can_override);
  if (can_override)
    {
      g_autofree char *consequence = dup_override_consequence (self->findings);

      adw_action_row_set_subtitle (self->override_row, consequence);
    }

  if (errors == 0 && warnings == 0)
    adw_preferences_group_set_description (self->review_group, NULL);
  else if (can_override)
    adw_preferences_group_set_description (self->review_group,
                                           _("Fix what is listed, change the pick, or confirm "
                                             "below that you accept what it costs."));
  else if (errors > 0)
    {
      g_autofree char *text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     /* Translators: %u is a number of problems */
                     "%u problem must be fixed, or the pick changed, before the device can be "
                     "added.",
                     "%u problems must be fixed, or the pick changed, before the devices can "
                     "be added.", errors), errors);
      adw_preferences_group_set_description (self->review_group, text);
    }
  else
    adw_preferences_group_set_description (self->review_group,
                                           _("Nothing blocks this assignment. Read the "
                                             "warnings: each says what could go wrong."));
  update_buttons (self);
}

/* --- Step 4: the options ---------------------------------------------------------------- */

/* Marks ROW as holding bad input when ERROR is set; returns whether it was good. */
static gboolean
mark_row (AdwEntryRow *row,
          GError      *error,
          GString     *problems)
{
  if (error == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      return TRUE;
    }

  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "", error->message);
  return FALSE;
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The plan for the current options, or NULL with every bad input marked and explained. */
static FerryAssignPlan *
build_plan (FerryAssignWizard *self)
{
  FerryAssignOptions options = FERRY_ASSIGN_OPTIONS_INIT;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) rom_error = NULL;
  g_autoptr(GError) mac_error = NULL;
  g_autoptr(GError) vlan_error = NULL;
  g_autoptr(GError) profile_error = NULL;
  g_autoptr(GError) error = NULL;
  gboolean as_interface = gtk_widget_get_visible (self->interface_group) &&
                          gtk_switch_get_active (self->interface_switch);
  gboolean ok = TRUE;
  gboolean live;
  FerryAssignPlan *plan;

  options.managed = gtk_switch_get_active (self->managed_switch);
  options.rom_bar = (FerryTristate[]) { FERRY_TRISTATE_UNKNOWN, FERRY_TRISTATE_YES,
                                        FERRY_TRISTATE_NO }[adw_combo_row_get_selected (
                                          self->rom_bar_row) % 3];
  options.rom_file = row_text (self->rom_file_row);
  ferry_assign_options_check_rom_file (options.rom_file, &rom_error);
  ok &= mark_row (self->rom_file_row, rom_error, problems);

  gtk_widget_set_sensitive (GTK_WIDGET (self->mac_row), as_interface &&
                            self->request->picked->len == 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->vlan_row), as_interface);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_row), as_interface);
  if (as_interface)
    {
      options.as_interface = TRUE;
      /* An empty MAC lets libvirt choose one. */
      options.mac = self->request->picked->len == 1 ? row_text (self->mac_row) : NULL;
      if (options.mac != NULL && *options.mac != '\0')
        ferry_domain_edit_check_mac (options.mac, &mac_error);
      ferry_domain_edit_check_vlan (row_text (self->vlan_row), &options.vlan, &vlan_error);
      options.profile_id = row_text (self->profile_row);
      ferry_assign_options_check_profile_id (options.profile_id, &profile_error);
    }
  ok &= mark_row (self->mac_row, mac_error, problems);
  ok &= mark_row (self->vlan_row, vlan_error, problems);
  ok &= mark_row (self->profile_row, profile_error, problems);

  live = guest_runs (self) && ferry_session_can_change_live (self->session) &&
         adw_combo_row_get_selected (self->when_row) == 0;
  plan = ok ? ferry_assign_plan_new (self->request, &options, live, TRUE, &error) : NULL;
  if (ok && plan == NULL)
    g_string_append (problems, error->message);

  gtk_label_set_label (self->options_problem, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->options_problem), problems->len > 0);
  return plan;
}

static void
options_changed_cb (FerryAssignWizard *self)
{
  if (self->request == NULL)
    return;
  g_clear_pointer (&self->plan, ferry_assign_plan_free);
  self->plan = build_plan (self);
  update_buttons (self);
}

static void
show_options (FerryAssignWizard *self)
{
  gboolean vfs = picked_all_vfs (self);

  gtk_widget_set_visible (self->interface_group, vfs);
  if (self->mac == NULL)
    self->mac = ferry_assign_options_generate_mac ();
  if (*row_text (self->mac_row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->mac_row), self->mac);
  gtk_widget_set_visible (self->when_group, guest_runs (self));
  /* Said before Apply, not learnt from a refusal: the demo's test driver, for one, keeps
   * definitions only. */
  if (!ferry_session_can_change_live (self->session))
    {
      adw_combo_row_set_selected (self->when_row, 1);
      gtk_widget_set_sensitive (GTK_WIDGET (self->when_row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->when_row),
                                   _("The guest is running, and this connection cannot change "
                                     "a running guest’s devices"));
    }
  options_changed_cb (self);
}

/* --- Step 5: the summary ---------------------------------------------------------------- */

static void
append_devices (GString *text,
                GArray  *addresses,
                FerryInventory *inventory)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (addresses, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (inventory, address);
      g_autofree char *title = device ? ferry_host_device_dup_title (device) : NULL;
      g_autofree char *where = ferry_pci_address_to_string (address);

      g_string_append_printf (text, "\n• %s (%s)", title ? title : where, where);
    }
}

static void
show_summary (FerryAssignWizard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *xml = ferry_assign_plan_dup_xml (self->plan);
  FerryInventory *inventory = self->request->inventory;
  const char *guest = self->plan->guest;

  if (self->plan->detach_first->len > 0)
    {
      g_string_append (text, _("First, taken from their host drivers (bound to vfio-pci):"));
      append_devices (text, self->plan->detach_first, inventory);
      g_string_append (text, "\n\n");
    }

  if (self->plan->live)
    /* Translators: %s is a guest name */
    g_string_append_printf (text, _("Given to %s now, and at every boot from now on:"), guest);
  else if (guest_runs (self))
    /* Translators: %s is a guest name */
    g_string_append_printf (text, _("Given to %s when it next starts; it keeps running "
                                    "without them until then:"), guest);
  else
    /* Translators: %s is a guest name */
    g_string_append_printf (text, _("Given to %s when it next starts:"), guest);
  append_devices (text, self->plan->addresses, inventory);

  gtk_label_set_label (self->summary_label, text->str);
  ferry_rows_set_text_keeping_tokens (self->xml_view, xml);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_problem), FALSE);
}

static void
copy_clicked_cb (FerryAssignWizard *self)
{
  g_autofree char *xml = ferry_assign_plan_dup_xml (self->plan);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), xml);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryAssignWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *title = NULL;
  guint n;

  self->applying = FALSE;
  if (!ferry_session_assign_finish (FERRY_SESSION (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = ferry_message_dup_error_text (error);
      gtk_label_set_label (self->apply_problem, text);
      gtk_widget_set_visible (GTK_WIDGET (self->apply_problem), TRUE);
      update_buttons (self);
      return;
    }

  n = self->plan->addresses->len;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* Translators: %u is a number of devices, %s a guest */
                                        "Added %u device to %s", "Added %u devices to %s", n),
                           n, self->plan->guest);
  if (FERRY_IS_WINDOW (parent))
    ferry_window_add_toast (FERRY_WINDOW (parent), adw_toast_new (title));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* --- Navigation ------------------------------------------------------------------------- */

static gboolean
step_complete (FerryAssignWizard *self)
{
  switch (self->step)
    {
    case STEP_GUEST:
      return self->request != NULL;
    case STEP_DEVICES:
      return self->request != NULL && self->request->picked->len > 0;
    case STEP_REVIEW:
      return self->findings != NULL &&
             !ferry_assign_check_blocks (self->findings,
                                         gtk_check_button_get_active (self->override_check));
    case STEP_OPTIONS:
      return self->plan != NULL;
    case STEP_SUMMARY:
      return self->plan != NULL && !self->applying;
    case N_STEPS:
    default:
      return FALSE;
    }
}

static void
update_buttons (FerryAssignWizard *self)
{
  g_autofree char *subtitle = NULL;
  guint shown = self->step - self->first_step + 1;
  guint total = N_STEPS - self->first_step;

  gtk_button_set_label (self->back_button, self->step == self->first_step ? _("_Cancel")
                                                                          : _("_Back"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !self->applying);
  gtk_button_set_label (self->next_button,
                        self->step == STEP_SUMMARY ? (self->applying ? _("Applying…")
                                                                     : _("_Apply"))
                                                   : _("_Next"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), step_complete (self));

  /* Translators: the wizard's progress, e.g. "Step 2 of 5" */
  subtitle = g_strdup_printf (_("Step %u of %u"), shown, total);
  adw_window_title_set_title (self->window_title,
                              gtk_stack_page_get_title (
                                gtk_stack_get_page (self->stack,
                                                    gtk_stack_get_visible_child (self->stack))));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Each step starts with the focus on its first control, so the keys go on where the eyes do:
 * the guests, the search, the first fix (not the findings' words: selectable, a focused
 * label shows all its text selected) or the override, the first option; on the summary,
 * Apply. Alt+N (Next) and Alt+B (Back) move between the steps from anywhere. */
static void
focus_step (FerryAssignWizard *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  /* The wizard's first step is set up before the window maps, when only a grab takes. */
  if (self->step == STEP_GUEST)
    {
      GListModel *guests = ferry_session_get_guests (self->session);
      guint chosen = 0;

      for (guint i = 0; self->request != NULL && i < g_list_model_get_n_items (guests); i++)
        {
          g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

          if (guest == self->request->guest)
            chosen = i;
        }
      if (gtk_list_box_get_row_at_index (self->guest_list, chosen) != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->guest_list,
                                                                          chosen)));
    }
  else if (self->step == STEP_DEVICES)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else if (self->step == STEP_REVIEW)
    {
      if ((self->first_fix == NULL || !gtk_widget_grab_focus (self->first_fix)) &&
          (!gtk_widget_get_visible (self->override_group) ||
           !gtk_widget_grab_focus (GTK_WIDGET (self->override_check))))
        gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
    }
  else if (self->step == STEP_SUMMARY)
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
  else if (!gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
go_to (FerryAssignWizard *self,
       Step               step)
{
  self->step = step;
  switch (step)
    {
    case STEP_DEVICES:
      refresh_device_list (self);
      break;
    case STEP_REVIEW:
      show_findings (self);
      break;
    case STEP_OPTIONS:
      show_options (self);
      break;
    case STEP_SUMMARY:
      show_summary (self);
      break;
    case STEP_GUEST:
    case N_STEPS:
    default:
      break;
    }
  /* With the focus in the old page, the stack would move it to the new page's first focusable
   * widget — on the summary its selectable text, which a focus grab selects whole (and which
   * then stays drawn selected after focus_step moves on). focus_step alone places it. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);
  update_buttons (self);
  focus_step (self);
}

static void
back_clicked_cb (FerryAssignWizard *self)
{
  if (self->step == self->first_step)
    gtk_window_close (GTK_WINDOW (self));
  else
    go_to (self, self->step - 1);
}

static void
next_clicked_cb (FerryAssignWizard *self)
{
  if (!step_complete (self))
    return;

  if (self->step != STEP_SUMMARY)
    {
      go_to (self, self->step + 1);
      return;
    }

  self->applying = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_problem), FALSE);
  update_buttons (self);
  ferry_session_assign_async (self->session, self->plan, self->cancellable, applied_cb,
                              g_object_ref (self));
}

/* --- The type --------------------------------------------------------------------------- */

static void
ferry_assign_wizard_dispose (GObject *object)
{
  FerryAssignWizard *self = (FerryAssignWizard *) object;

  g_cancellable_cancel (self->cancellable);
  /* The device list may outlive the wizard for a moment; the session's reloads keep
   * filtering it. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (self->filter), NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ASSIGN_WIZARD);

  G_OBJECT_CLASS (ferry_assign_wizard_parent_class)->dispose (object);
}

static void
ferry_assign_wizard_finalize (GObject *object)
{
  FerryAssignWizard *self = (FerryAssignWizard *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->request, ferry_assign_request_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->plan, ferry_assign_plan_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->bound_checks, g_hash_table_unref);
  g_free (self->mac);
  g_clear_pointer (&self->initial_device, ferry_pci_address_free);

  G_OBJECT_CLASS (ferry_assign_wizard_parent_class)->finalize (object);
}

static void
ferry_assign_wizard_class_init (FerryAssignWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_assign_wizard_dispose;
  object_class->finalize = ferry_assign_wizard_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-assign-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, guest_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, show_all_check);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, picked_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, device_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, review_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, findings_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, override_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, override_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, override_check);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, managed_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, rom_bar_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, rom_file_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, interface_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, interface_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, mac_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, vlan_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, profile_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, when_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, when_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, options_problem);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, xml_view);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignWizard, apply_problem);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_toggled_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "wizard.focus-results", NULL,
                                   focus_results_action);
}

static void
ferry_assign_wizard_init (FerryAssignWizard *self)
{
  self->bound_checks = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ferry_rows_keep_tokens_whole (self->summary_label);
  ferry_rows_keep_tokens_whole (self->apply_problem);
}

static void
set_up_device_list (FerryAssignWizard *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  self->filter = GTK_FILTER (gtk_custom_filter_new (device_visible, self, NULL));
  filtered = gtk_filter_list_model_new (g_object_ref (ferry_session_get_devices (self->session)),
                                        g_object_ref (self->filter));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_device_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_device_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_device_cb), self, 0);
  gtk_list_view_set_model (self->device_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (filtered))));
  gtk_list_view_set_factory (self->device_list, factory);
}

/* The wizard for SESSION; GUEST (a name) skips the first step, DEVICE starts the pick. */
FerryAssignWizard *
ferry_assign_wizard_new (GtkWindow             *parent,
                         FerrySession          *session,
                         const char            *guest,
                         const FerryPciAddress *device)
{
  FerryAssignWizard *self;
  FerryGuest *known;

  g_return_val_if_fail (FERRY_IS_SESSION (session), NULL);

  self = g_object_new (FERRY_TYPE_ASSIGN_WIZARD, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->initial_device = device ? ferry_pci_address_copy (device) : NULL;
  known = ferry_session_lookup_guest (session, guest);
  if (known != NULL)
    set_guest (self, known);

  gtk_list_box_bind_model (self->guest_list, ferry_session_get_guests (session),
                           create_guest_row, self, NULL);
  set_up_device_list (self);

  self->first_step = known != NULL ? STEP_DEVICES : STEP_GUEST;
  go_to (self, self->first_step);
  return self;
}
