/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device.h"
#include "ferry-device-change.h"
#include "ferry-device-row.h"
#include "ferry-guest-device.h"
#include "ferry-guest-page.h"
#include "ferry-message.h"
#include "ferry-rows.h"

/* The reference limit of assigned devices per guest. */
#define MAX_ASSIGNED 32

/* One guest's hardware: assigned PCI devices (each with its details, and Detach with Undo),
 * then its VirtIO and emulated devices, read-only. */
struct _FerryGuestPage
{
  AdwBin               parent_instance;

  FerrySession        *session;
  FerryGuest          *guest;
  FerryAssignedDevice *shown;
  GPtrArray           *device_groups;
  GCancellable        *cancellable;

  GtkStack            *stack;
  AdwActionRow        *state_row;
  GtkImage            *state_icon;
  AdwActionRow        *limit_row;
  GtkListBox          *devices_list;
  GtkWidget           *add_button;
  AdwPreferencesGroup *virtio_group;
  GtkListBox          *virtio_list;
  AdwPreferencesGroup *emulated_group;
  GtkListBox          *emulated_list;
  GtkLabel            *device_heading;
  AdwPreferencesPage  *device_page;
};

G_DEFINE_FINAL_TYPE (FerryGuestPage, ferry_guest_page, ADW_TYPE_BIN)

static void detach_device (FerryGuestPage *self, FerryAssignedDevice *device);
static void show_device (FerryGuestPage *self, FerryAssignedDevice *device);
static void show_error (FerryGuestPage *self, const char *heading, const char *message);

static FerryHostDevice *
host_device_of (FerryGuestPage      *self,
                FerryAssignedDevice *device)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);

  return address ? ferry_session_lookup_device (self->session, address) : NULL;
}

static const char *
describe_kind (FerryAssignedDevice *device)
{
  switch (ferry_assigned_device_get_kind (device))
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

static const char *
describe_presence (FerryAssignedDevice *device)
{
  gboolean live = ferry_assigned_device_get_live (device);
  gboolean config = ferry_assigned_device_get_config (device);

  if (live && config)
    return _("now and at next boot");
  if (live)
    return _("now, until it stops");
  return _("at next boot");
}

static char *
dup_title (FerryGuestPage      *self,
           FerryAssignedDevice *device)
{
  FerryHostDevice *host_device = host_device_of (self, device);

  if (ferry_assigned_device_get_address (device) == NULL)
    /* Translators: %s is a network name; the pool picks a VF when the guest starts */
    return g_strdup_printf (_("A VF from pool “%s”"), ferry_assigned_device_get_network (device));

  if (host_device == NULL)
    return g_strdup (_("Not present on this host"));

  return ferry_host_device_dup_title (host_device);
}

static char *
dup_subtitle (FerryAssignedDevice *device)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  if (address != NULL)
    g_ptr_array_add (details, ferry_pci_address_to_string (address));
  g_ptr_array_add (details, g_strdup (describe_kind (device)));
  if (ferry_assigned_device_get_network (device) != NULL && address != NULL)
    /* Translators: %s is a network name */
    g_ptr_array_add (details, g_strdup_printf (_("pool %s"),
                                               ferry_assigned_device_get_network (device)));
  if (ferry_assigned_device_get_mac (device) != NULL)
    g_ptr_array_add (details, g_strdup (ferry_assigned_device_get_mac (device)));
  if (ferry_assigned_device_get_vlan (device) != 0)
    /* Translators: %u is a VLAN tag */
    g_ptr_array_add (details, g_strdup_printf (_("VLAN %u"),
                                               ferry_assigned_device_get_vlan (device)));
  g_ptr_array_add (details, g_strdup (describe_presence (device)));
  g_ptr_array_add (details, NULL);
  return g_strjoinv (" · ", (char **) details->pdata);
}

static void
detach_clicked_cb (GtkButton      *button,
                   FerryGuestPage *self)
{
  detach_device (self, g_object_get_data (G_OBJECT (button), "assignment"));
}

static GtkWidget *
create_device_row (gpointer item,
                   gpointer user_data)
{
  FerryGuestPage *self = user_data;
  FerryAssignedDevice *device = item;
  FerryHostDevice *host_device = host_device_of (self, device);
  g_autofree char *title = dup_title (self, device);
  g_autofree char *subtitle = dup_subtitle (device);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *detach = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
    host_device ? ferry_host_device_get_icon_name (host_device) : "network-wired-symbolic"));

  gtk_widget_set_valign (detach, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (detach, "flat");
  gtk_widget_set_tooltip_text (detach, _("Detach…"));
  g_object_set_data_full (G_OBJECT (detach), "assignment", g_object_ref (device), g_object_unref);
  g_signal_connect_object (detach, "clicked", G_CALLBACK (detach_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), detach);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
    "go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static GtkWidget *
create_other_row (gpointer item,
                  gpointer user_data)
{
  FerryGuestDevice *device = item;
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (ferry_guest_device_get_model (device) != NULL && *ferry_guest_device_get_model (device))
    g_ptr_array_add (details, (gpointer) ferry_guest_device_get_model (device));
  if (ferry_guest_device_get_target (device) != NULL && *ferry_guest_device_get_target (device))
    g_ptr_array_add (details, (gpointer) ferry_guest_device_get_target (device));
  g_ptr_array_add (details, NULL);
  subtitle = g_strjoinv (" · ", (char **) details->pdata);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_guest_device_get_title (device));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (ferry_guest_device_get_icon_name (device)));
  return row;
}

/* ---- Details of one assigned device --------------------------------------------------- */

static void
show_host_side (FerryGuestPage  *self,
                FerryHostDevice *host_device)
{
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  AdwPreferencesGroup *group;
  g_autofree char *driver = ferry_device_dup_driver_text (host_device);
  g_autofree char *ids = g_strdup_printf ("%04x:%04x",
                                          ferry_host_device_get_vendor_id (host_device),
                                          ferry_host_device_get_product_id (host_device));
  int number = ferry_host_device_get_iommu_group (host_device);
  FerryIommuGroup *iommu_group = ferry_inventory_get_group (inventory, number);

  group = ferry_rows_add_group (self->device_page, self->device_groups, _("On the Host"), ferry_host_device_get_vendor_name (host_device));
  ferry_rows_add_property (group, _("Vendor and Product IDs"), ids);
  ferry_rows_add_property (group, _("Class"), ferry_host_device_get_class_name (host_device));
  ferry_rows_add_property (group, _("Driver"), driver);
  if (ferry_host_device_get_pf (host_device) != NULL)
    {
      g_autofree char *pf = ferry_pci_address_to_string (ferry_host_device_get_pf (host_device));
      ferry_rows_add_property (group, _("Physical Function"), pf);
    }
  if (ferry_host_device_get_numa_node (host_device) >= 0)
    {
      g_autofree char *numa = g_strdup_printf ("%d", ferry_host_device_get_numa_node (host_device));
      ferry_rows_add_property (group, _("NUMA Node"), numa);
    }

  if (iommu_group != NULL && number != FERRY_NO_IOMMU_GROUP)
    {
      GListModel *members = ferry_iommu_group_get_members (iommu_group);
      /* Translators: %d is an IOMMU group number */
      g_autofree char *title = g_strdup_printf (_("IOMMU Group %d"), number);

      group = ferry_rows_add_group (self->device_page, self->device_groups, title, ferry_iommu_group_describe_isolation (iommu_group));
      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(FerryHostDevice) member = g_list_model_get_item (members, i);
          GPtrArray *uses = ferry_inventory_get_uses (inventory,
                                                      ferry_host_device_get_address (member));
          g_autofree char *name = ferry_host_device_dup_title (member);
          g_autofree char *address = ferry_pci_address_to_string (
            ferry_host_device_get_address (member));
          g_autofree char *owner = NULL;
          g_autofree char *subtitle = NULL;

          for (guint u = 0; uses != NULL && u < uses->len && owner == NULL; u++)
            if (!ferry_device_use_is_potential (uses->pdata[u]))
              owner = ferry_device_use_describe (uses->pdata[u]);
          subtitle = g_strdup_printf ("%s · %s", address,
                                      ferry_host_device_is_bridge (member)
                                      ? _("bridge or port: stays with the host")
                                      : owner ? owner : _("not assigned"));
          ferry_rows_add_property (group, name, subtitle);
        }
    }
}

static void
settings_applied_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FerryGuestPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_update_device_finish (FERRY_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_error (self, _("Cannot Change the Device"), error->message);
      /* Back to what the guest really has. */
      if (self->shown != NULL)
        show_device (self, self->shown);
    }
}

static void
apply_settings (FerryGuestPage            *self,
                const FerryDeviceSettings *settings)
{
  ferry_session_update_device_async (self->session, ferry_guest_get_name (self->guest),
                                     self->shown, settings, self->cancellable,
                                     settings_applied_cb, g_object_ref (self));
}

/* Checks what was typed; says what is wrong under the row and writes nothing, or applies. */
static void
entry_applied_cb (AdwEntryRow    *row,
                  FerryGuestPage *self)
{
  GtkLabel *problem = g_object_get_data (G_OBJECT (row), "problem");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  if (g_object_get_data (G_OBJECT (row), "is-vlan"))
    valid = ferry_domain_edit_check_vlan (text, &settings.vlan, &error);
  else
    {
      settings.mac = text;
      valid = ferry_domain_edit_check_mac (text, &error);
    }

  gtk_widget_set_visible (GTK_WIDGET (problem), !valid);
  if (!valid)
    {
      gtk_label_set_label (problem, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  apply_settings (self, &settings);
}

static gboolean
switch_set_cb (GtkSwitch      *widget,
               gboolean        state,
               FerryGuestPage *self)
{
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  FerryTristate value = state ? FERRY_TRISTATE_YES : FERRY_TRISTATE_NO;

  if (g_object_get_data (G_OBJECT (widget), "is-rom-bar"))
    settings.rom_bar = value;
  else
    settings.managed = value;
  apply_settings (self, &settings);
  return FALSE;
}

static GtkWidget *
add_entry (AdwPreferencesGroup *group,
           FerryGuestPage      *self,
           const char          *title,
           const char          *value,
           gboolean             is_vlan)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *problem = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  adw_preferences_group_add (group, row);

  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_set_margin_top (problem, 6);
  gtk_widget_set_visible (problem, FALSE);
  adw_preferences_group_add (group, problem);

  g_object_set_data (G_OBJECT (row), "problem", problem);
  g_object_set_data (G_OBJECT (row), "is-vlan", GINT_TO_POINTER (is_vlan));
  g_signal_connect_object (row, "apply", G_CALLBACK (entry_applied_cb), self, 0);
  return row;
}

static void
add_switch (AdwPreferencesGroup *group,
            FerryGuestPage      *self,
            const char          *title,
            const char          *subtitle,
            gboolean             active,
            gboolean             is_rom_bar)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);

  g_object_set_data (G_OBJECT (toggle), "is-rom-bar", GINT_TO_POINTER (is_rom_bar));
  g_signal_connect_object (toggle, "state-set", G_CALLBACK (switch_set_cb), self, 0);
}

/* What can be changed in place: written to the persistent definition, so a running guest
 * gets it at its next boot. */
static void
add_settings (FerryGuestPage      *self,
              FerryAssignedDevice *device,
              AdwPreferencesGroup *group)
{
  add_switch (group, self, _("Managed by libvirt"),
              _("libvirt detaches it from the host driver when the guest starts and gives it "
                "back when it stops; otherwise you do that by hand"),
              ferry_assigned_device_get_managed (device), FALSE);

  if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_HOSTDEV)
    add_switch (group, self, _("Option ROM"),
                _("Show the device’s ROM to the guest (ROM BAR); some GPUs need it off"),
                ferry_assigned_device_get_rom_bar (device), TRUE);

  if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV)
    {
      g_autofree char *vlan = ferry_assigned_device_get_vlan (device)
                              ? g_strdup_printf ("%u", ferry_assigned_device_get_vlan (device))
                              : NULL;

      add_entry (group, self, _("MAC Address"), ferry_assigned_device_get_mac (device), FALSE);
      add_entry (group, self, _("VLAN Tag (empty for none)"), vlan, TRUE);
    }
}

static void
pool_activated_cb (AdwActionRow *row)
{
  /* The property row's subtitle is the pool's name. */
  gtk_widget_activate_action (GTK_WIDGET (row), "win.show-pool", "s",
                              adw_action_row_get_subtitle (row));
}

static void
show_device (FerryGuestPage      *self,
             FerryAssignedDevice *device)
{
  FerryHostDevice *host_device = host_device_of (self, device);
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  g_autofree char *title = dup_title (self, device);
  AdwPreferencesGroup *group;
  GtkWidget *detach;

  ferry_rows_clear (self->device_page, self->device_groups);
  g_set_object (&self->shown, device);

  gtk_label_set_label (self->device_heading, title);

  group = ferry_rows_add_group (self->device_page, self->device_groups, _("In This Guest"), describe_kind (device));
  if (address != NULL)
    {
      g_autofree char *text = ferry_pci_address_to_string (address);
      ferry_rows_add_property (group, _("Host PCI Address"), text);
    }
  else
    ferry_rows_add_property (group, _("Host PCI Address"),
                  _("Picked from the pool when the guest starts"));
  if (ferry_assigned_device_get_network (device) != NULL)
    {
      AdwActionRow *row = ferry_rows_add_property (group, _("SR-IOV Pool"),
                                                   ferry_assigned_device_get_network (device));

      /* The pool's page: which VF it holds, the pool's state and problems. */
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (pool_activated_cb), NULL);
    }
  ferry_rows_add_property (group, _("Configured"), describe_presence (device));
  ferry_rows_add_property (group, _("Guest PCI Address"),
                ferry_assigned_device_get_guest_address (device)
                ? ferry_assigned_device_get_guest_address (device)
                : _("Chosen by libvirt when the guest starts"));
  if (ferry_assigned_device_get_rom_file (device) != NULL)
    ferry_rows_add_property (group, _("ROM File"), ferry_assigned_device_get_rom_file (device));
  if (ferry_assigned_device_get_profile_id (device) != NULL)
    ferry_rows_add_property (group, _("802.1Qbh Port Profile"), ferry_assigned_device_get_profile_id (device));
  if (ferry_assigned_device_get_kind (device) == FERRY_ASSIGNMENT_INTERFACE_POOL)
    ferry_rows_add_property (group, _("Detached From the Host"),
                  ferry_assigned_device_get_managed (device)
                  ? _("By libvirt, when the guest starts (managed)")
                  : _("By hand, before the guest starts (managed='no')"));
  else
    add_settings (self, device, group);

  if (host_device != NULL)
    show_host_side (self, host_device);
  else if (address != NULL)
    ferry_rows_add_group (self->device_page, self->device_groups, _("Not Present on This Host"),
               _("The guest names a host PCI address this host does not have. The guest will "
                 "not start until it is detached or the device is back."));

  group = ferry_rows_add_group (self->device_page, self->device_groups, NULL, NULL);
  detach = gtk_button_new_with_mnemonic (_("_Detach…"));
  gtk_widget_set_halign (detach, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (detach, "pill");
  gtk_widget_add_css_class (detach, "destructive-action");
  g_object_set_data_full (G_OBJECT (detach), "assignment", g_object_ref (device), g_object_unref);
  g_signal_connect_object (detach, "clicked", G_CALLBACK (detach_clicked_cb), self, 0);
  adw_preferences_group_add (group, detach);

  gtk_stack_set_visible_child_name (self->stack, "device");
}

static void
device_activated_cb (FerryGuestPage *self,
                     GtkListBoxRow  *row)
{
  g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (
    ferry_guest_get_assigned (self->guest), gtk_list_box_row_get_index (row));

  if (device != NULL)
    show_device (self, device);
}

/* ---- Detach, and Undo -------------------------------------------------------------------- */

static void
show_error (FerryGuestPage *self,
            const char     *heading,
            const char     *message)
{
  ferry_message_show (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, message);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryGuestPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_undo_finish (FERRY_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Cannot Undo"), error->message);
}

static void
undo_clicked_cb (AdwToast          *toast,
                 FerryDeviceChange *change)
{
  FerryGuestPage *self = g_object_get_data (G_OBJECT (toast), "page");

  ferry_session_undo_async (self->session, change, self->cancellable, undone_cb,
                            g_object_ref (self));
}

static void
detached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryGuestPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDeviceChange) change = NULL;
  GtkWidget *overlay;
  AdwToast *toast;
  g_autofree char *title = NULL;

  change = ferry_session_detach_finish (FERRY_SESSION (object), result, &error);
  if (change == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Cannot Detach"), error->message);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "overview");
  if (ferry_device_change_get_warning (change) != NULL)
    show_error (self, _("Detached, Not Given Back"), ferry_device_change_get_warning (change));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* Translators: %u is a number of devices, %s a guest */
                                        "Detached %u device from %s",
                                        "Detached %u devices from %s",
                                        ferry_device_change_get_count (change)),
                           ferry_device_change_get_count (change),
                           ferry_device_change_get_guest (change));
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb),
                         g_object_ref (change), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The guest's other assignments from DEVICE's IOMMU group: a group left half-assigned keeps
 * the guest from starting. */
static GPtrArray *
dup_group_mates (FerryGuestPage      *self,
                 FerryAssignedDevice *device)
{
  GPtrArray *mates = g_ptr_array_new_with_free_func (g_object_unref);
  FerryHostDevice *host_device = host_device_of (self, device);
  GListModel *assigned = ferry_guest_get_assigned (self->guest);
  int group;

  if (host_device == NULL ||
      (group = ferry_host_device_get_iommu_group (host_device)) == FERRY_NO_IOMMU_GROUP)
    return mates;

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) other = g_list_model_get_item (assigned, i);
      FerryHostDevice *other_host = host_device_of (self, other);

      if (other != device && other_host != NULL &&
          ferry_host_device_get_iommu_group (other_host) == group)
        g_ptr_array_add (mates, g_object_ref (other));
    }

  return mates;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FerryGuestPage   *self)
{
  FerryAssignedDevice *device = g_object_get_data (G_OBJECT (dialog), "assignment");
  GtkCheckButton *give_back = g_object_get_data (G_OBJECT (dialog), "give-back");
  g_autoptr(GPtrArray) devices = NULL;
  FerryDetachFlags flags = FERRY_DETACH_LIVE | FERRY_DETACH_CONFIG;

  if (g_str_equal (response, "detach"))
    devices = g_ptr_array_new_with_free_func (g_object_unref);
  else if (g_str_equal (response, "detach-group"))
    devices = dup_group_mates (self, device);
  else
    return;

  g_ptr_array_insert (devices, 0, g_object_ref (device));
  if (give_back != NULL && gtk_check_button_get_active (give_back))
    flags |= FERRY_DETACH_GIVE_BACK;

  ferry_session_detach_async (self->session, ferry_guest_get_name (self->guest), devices, flags,
                              self->cancellable, detached_cb, g_object_ref (self));
}

static void
detach_device (FerryGuestPage      *self,
               FerryAssignedDevice *device)
{
  g_autoptr(GPtrArray) mates = dup_group_mates (self, device);
  g_autofree char *title = dup_title (self, device);
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;
  const char *guest = ferry_guest_get_name (self->guest);

  /* Translators: %s is a device name */
  heading = g_strdup_printf (_("Detach “%s”?"), title);
  if (ferry_guest_is_active (self->guest) && ferry_assigned_device_get_live (device))
    /* Translators: %s is a guest name */
    g_string_printf (body, _("%s loses the device now, and does not get it back at its next "
                             "boot."), guest);
  else
    /* Translators: %s is a guest name */
    g_string_printf (body, _("%s will not have the device at its next boot."), guest);

  if (mates->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The guest holds %u more device of the same IOMMU "
                                           "group. A group left half-assigned keeps the guest "
                                           "from starting.",
                                           "The guest holds %u more devices of the same IOMMU "
                                           "group. A group left half-assigned keeps the guest "
                                           "from starting.", mates->len),
                              mates->len);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (mates->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "detach-group",
                                       _("Detach the _Whole Group"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "detach-group",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "detach", _("_Detach"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "detach",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (!ferry_assigned_device_get_managed (device) && ferry_assigned_device_get_address (device))
    {
      GtkWidget *give_back = gtk_check_button_new_with_mnemonic (
        _("_Give the device back to the host driver"));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (give_back), TRUE);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), give_back);
      g_object_set_data (G_OBJECT (dialog), "give-back", give_back);
    }

  g_object_set_data_full (G_OBJECT (dialog), "assignment", g_object_ref (device), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The page ------------------------------------------------------------------------------ */

static void
update_header (FerryGuestPage *self)
{
  guint n_assigned = g_list_model_get_n_items (ferry_guest_get_assigned (self->guest));
  /* Translators: assigned devices of a guest against the reference limit, e.g. "2 of 32" */
  g_autofree char *limit = g_strdup_printf (_("%u of %u"), n_assigned, MAX_ASSIGNED);

  adw_action_row_set_subtitle (self->state_row, ferry_guest_get_state_label (self->guest));
  gtk_image_set_from_icon_name (self->state_icon, ferry_guest_get_state_icon (self->guest));
  adw_action_row_set_subtitle (self->limit_row, limit);
  gtk_widget_set_visible (GTK_WIDGET (self->virtio_group),
                          g_list_model_get_n_items (ferry_guest_get_virtio (self->guest)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->emulated_group),
                          g_list_model_get_n_items (ferry_guest_get_emulated (self->guest)) > 0);
}

/* A reload replaced the assignments: follow the one on show, or go back to the list. */
static void
assigned_changed_cb (FerryGuestPage *self)
{
  GListModel *assigned = ferry_guest_get_assigned (self->guest);

  update_header (self);
  if (self->shown == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                        "device") != 0)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);

      if (ferry_assigned_device_same (device, self->shown) ||
          ferry_assigned_device_same (self->shown, device))
        {
          show_device (self, device);
          return;
        }
    }
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

void
ferry_guest_page_show (FerryGuestPage *self,
                       FerrySession   *session,
                       FerryGuest     *guest)
{
  g_return_if_fail (FERRY_IS_GUEST_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_GUEST (guest));

  if (self->guest != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->guest, self);
      g_signal_handlers_disconnect_by_data (ferry_guest_get_assigned (self->guest), self);
    }

  g_set_object (&self->session, session);
  g_set_object (&self->guest, guest);
  g_clear_object (&self->shown);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_button), "(ss)",
                                    ferry_guest_get_name (guest), "");

  g_signal_connect_object (guest, "notify::state", G_CALLBACK (update_header), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ferry_guest_get_assigned (guest), "items-changed",
                           G_CALLBACK (assigned_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->devices_list, ferry_guest_get_assigned (guest),
                           create_device_row, self, NULL);
  gtk_list_box_bind_model (self->virtio_list, ferry_guest_get_virtio (guest),
                           create_other_row, NULL, NULL);
  gtk_list_box_bind_model (self->emulated_list, ferry_guest_get_emulated (guest),
                           create_other_row, NULL, NULL);
  update_header (self);
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

static void
show_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (FERRY_GUEST_PAGE (widget)->stack, "overview");
}

static void
ferry_guest_page_dispose (GObject *object)
{
  FerryGuestPage *self = (FerryGuestPage *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->devices_list != NULL)
    {
      gtk_list_box_bind_model (self->devices_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->virtio_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->emulated_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->shown);
  g_clear_object (&self->guest);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->device_groups, g_ptr_array_unref);
  /* The template's root (the stack) is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_GUEST_PAGE);

  G_OBJECT_CLASS (ferry_guest_page_parent_class)->dispose (object);
}

static void
ferry_guest_page_class_init (FerryGuestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_guest_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-guest-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, limit_row);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, devices_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, virtio_group);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, virtio_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, emulated_group);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, emulated_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, device_heading);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, device_page);
  gtk_widget_class_bind_template_callback (widget_class, device_activated_cb);

  gtk_widget_class_install_action (widget_class, "guest.show-overview", NULL,
                                   show_overview_action);
}

static void
ferry_guest_page_init (FerryGuestPage *self)
{
  self->device_groups = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->devices_list,
                                ferry_rows_new_placeholder (_("No PCI devices are assigned to this "
                                                      "guest")));
}
