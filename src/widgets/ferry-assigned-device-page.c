/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assigned-device-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device-page.h"
#include "ferry-device-change.h"
#include "ferry-device-row.h"
#include "ferry-guest-repair.h"
#include "ferry-message.h"
#include "ferry-rows.h"
#include "ferry-text.h"
#include "ferry-window.h"

/* The details of one device a guest has assigned: the guest's side (with what can be changed
 * in place), the host's side and its IOMMU group, and Detach, which the guest page carries
 * out (the "detach" signal). */
struct _FerryAssignedDevicePage
{
  AdwBin                parent_instance;

  FerrySession         *session;
  FerryGuest           *guest;
  FerryAssignedDevice  *device;
  GCancellable         *cancellable;
  /* Set while the switches are being set from the device, not by the user. */
  gboolean              loading;
  /* A change was written while the guest ran: the running guest still has the old setting. */
  gboolean              boot_pending;
  /* The "Saved" toast on screen or waiting, until dismissed: the next save replaces it rather
   * than queue the same words again. */
  AdwToast             *saved_toast;

  /* What the page shows, for the pane's header. */
  char                 *title;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *guest_group;
  AdwActionRow         *host_address_row;
  AdwActionRow         *pool_row;
  AdwActionRow         *presence_row;
  AdwActionRow         *guest_address_row;
  AdwActionRow         *rom_file_row;
  AdwActionRow         *profile_row;
  AdwActionRow         *detached_by_row;
  AdwActionRow         *record_row;
  GtkButton            *remember_button;
  AdwActionRow         *managed_row;
  GtkSwitch            *managed_switch;
  AdwActionRow         *rom_bar_row;
  GtkSwitch            *rom_bar_switch;
  AdwEntryRow          *mac_row;
  GtkLabel             *mac_problem;
  AdwEntryRow          *vlan_row;
  GtkLabel             *vlan_problem;
  AdwPreferencesGroup  *host_group;
  AdwActionRow         *ids_row;
  AdwActionRow         *class_row;
  AdwActionRow         *driver_row;
  AdwActionRow         *pf_row;
  AdwActionRow         *numa_row;
  AdwPreferencesGroup  *iommu_group;
  GtkListBox           *members_list;
  AdwPreferencesGroup  *missing_group;
};

G_DEFINE_FINAL_TYPE (FerryAssignedDevicePage, ferry_assigned_device_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DEVICE,
  N_PROPS
};

enum {
  DETACH,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A property row shows VALUE, or is hidden when there is none. */
static void
set_property_row (AdwActionRow *row,
                  const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL);
}

static void
clear_problem (AdwEntryRow *row,
               GtkLabel    *problem)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_visible (GTK_WIDGET (problem), FALSE);
}

/* An IOMMU group member: its address, and the guest that holds it, or that it stays with the
 * host. */
static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  FerryAssignedDevicePage *self = user_data;
  FerryHostDevice *member = item;
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  GPtrArray *uses = ferry_inventory_get_uses (inventory, ferry_host_device_get_address (member));
  g_autofree char *name = ferry_host_device_dup_title (member);
  g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (member));
  g_autofree char *owner = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  for (guint u = 0; uses != NULL && u < uses->len && owner == NULL; u++)
    if (!ferry_device_use_is_potential (uses->pdata[u]))
      owner = ferry_device_use_describe (uses->pdata[u]);
  subtitle = g_strdup_printf ("%s · %s", address,
                              ferry_host_device_is_bridge (member)
                              ? _("bridge or port: stays with the host")
                              : owner ? owner : _("not assigned"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
show_host_side (FerryAssignedDevicePage *self,
                FerryHostDevice         *host_device)
{
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  g_autofree char *driver = ferry_device_dup_driver_text (host_device);
  g_autofree char *ids = g_strdup_printf ("%04x:%04x",
                                          ferry_host_device_get_vendor_id (host_device),
                                          ferry_host_device_get_product_id (host_device));
  g_autofree char *pf = NULL;
  g_autofree char *numa = NULL;
  g_autofree char *vendor = NULL;
  int number = ferry_host_device_get_iommu_group (host_device);
  FerryIommuGroup *iommu_group = ferry_inventory_get_group (inventory, number);

  if (ferry_host_device_get_pf (host_device) != NULL)
    pf = ferry_pci_address_to_string (ferry_host_device_get_pf (host_device));
  if (ferry_host_device_get_numa_node (host_device) >= 0)
    numa = g_strdup_printf ("%d", ferry_host_device_get_numa_node (host_device));

  vendor = ferry_text_dup_safe (ferry_host_device_get_vendor_name (host_device),
                                FERRY_TEXT_LABEL_MAX);
  adw_preferences_group_set_description (self->host_group, vendor);
  set_property_row (self->ids_row, ids);
  set_property_row (self->class_row, ferry_host_device_get_class_name (host_device));
  set_property_row (self->driver_row, driver);
  set_property_row (self->pf_row, pf);
  set_property_row (self->numa_row, numa);

  if (iommu_group != NULL && number != FERRY_NO_IOMMU_GROUP)
    {
      /* Translators: %d is an IOMMU group number */
      g_autofree char *title = g_strdup_printf (_("IOMMU group %d"), number);

      adw_preferences_group_set_title (self->iommu_group, title);
      adw_preferences_group_set_description (self->iommu_group,
                                             ferry_iommu_group_describe_isolation (iommu_group));
      gtk_list_box_bind_model (self->members_list, ferry_iommu_group_get_members (iommu_group),
                               create_member_row, self, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->iommu_group),
                          iommu_group != NULL && number != FERRY_NO_IOMMU_GROUP);
}

static void
show_guest_side (FerryAssignedDevicePage *self)
{
  FerryAssignedDevice *device = self->device;
  FerryAssignmentKind kind = ferry_assigned_device_get_kind (device);
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  g_autofree char *host_address = address ? ferry_pci_address_to_string (address) : NULL;
  g_autofree char *vlan = ferry_assigned_device_get_vlan (device)
                          ? g_strdup_printf ("%u", ferry_assigned_device_get_vlan (device))
                          : NULL;
  const char *mac = ferry_assigned_device_get_mac (device);

  adw_preferences_group_set_description (self->guest_group,
                                         ferry_assigned_device_describe_kind (device));
  set_property_row (self->host_address_row,
                    host_address ? host_address : _("Picked from the pool when the guest starts"));
  set_property_row (self->pool_row, ferry_assigned_device_get_network (device));
  set_property_row (self->presence_row,
                    self->boot_pending ? _("now as before; your change at next boot")
                                       : ferry_assigned_device_describe_presence (device));
  set_property_row (self->guest_address_row,
                    ferry_assigned_device_get_guest_address (device)
                    ? ferry_assigned_device_get_guest_address (device)
                    : _("Chosen by libvirt when the guest starts"));
  set_property_row (self->rom_file_row, ferry_assigned_device_get_rom_file (device));
  set_property_row (self->profile_row, ferry_assigned_device_get_profile_id (device));

  /* A pool interface is only read here; the others can be changed in place. */
  set_property_row (self->detached_by_row,
                    kind != FERRY_ASSIGNMENT_INTERFACE_POOL ? NULL
                    : ferry_assigned_device_get_managed (device)
                    ? _("By libvirt, when the guest starts (managed)")
                    : _("By hand, before the guest starts (managed='no')"));

  self->loading = TRUE;
  gtk_switch_set_active (self->managed_switch, ferry_assigned_device_get_managed (device));
  gtk_switch_set_active (self->rom_bar_switch, ferry_assigned_device_get_rom_bar (device));
  self->loading = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->managed_row), kind != FERRY_ASSIGNMENT_INTERFACE_POOL);
  gtk_widget_set_visible (GTK_WIDGET (self->rom_bar_row), kind == FERRY_ASSIGNMENT_HOSTDEV);

  gtk_editable_set_text (GTK_EDITABLE (self->mac_row), mac ? mac : "");
  gtk_editable_set_text (GTK_EDITABLE (self->vlan_row), vlan ? vlan : "");
  clear_problem (self->mac_row, self->mac_problem);
  clear_problem (self->vlan_row, self->vlan_problem);
  gtk_widget_set_visible (GTK_WIDGET (self->mac_row), kind == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
  gtk_widget_set_visible (GTK_WIDGET (self->vlan_row), kind == FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
}

/* What the hardware-change guard knows of the host address: remembered (and whether the
 * device is still there), or not, with the button that remembers it. */
static void
show_record (FerryAssignedDevicePage *self,
             FerryHostDevice         *host_device)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (self->device);
  const FerryHostdevRecord *record = address ? ferry_guest_lookup_record (self->guest, address)
                                             : NULL;
  gboolean shown = address != NULL &&
                   ferry_assigned_device_get_kind (self->device) != FERRY_ASSIGNMENT_INTERFACE_POOL;
  g_autofree char *text = NULL;
  gboolean changed = record != NULL && !ferry_hostdev_record_matches (record, host_device);

  if (record != NULL)
    {
      g_autofree char *ids = ferry_hostdev_record_describe (record);

      text = g_strdup_printf (changed
                              /* Translators: %s is ids like "10de:1b80, class 030000" */
                              ? _("Changed: Ferry assigned %s, and other hardware is at this "
                                  "address now (see the guest’s problems)")
                              /* Translators: %s is ids like "10de:1b80, class 030000" */
                              : _("Remembered: %s, checked on every read"), ids);
    }
  else
    text = g_strdup (_("Not remembered: Ferry cannot tell when other hardware takes this "
                       "address"));

  adw_action_row_set_subtitle (self->record_row, text);
  if (changed)
    gtk_widget_add_css_class (GTK_WIDGET (self->record_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->record_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->remember_button),
                          record == NULL && host_device != NULL &&
                          ferry_assigned_device_get_config (self->device));
  gtk_widget_set_visible (GTK_WIDGET (self->record_row), shown);
}

static void
reload (FerryAssignedDevicePage *self)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (self->device);
  FerryHostDevice *host_device = address ? ferry_session_lookup_device (self->session, address)
                                         : NULL;

  g_free (self->title);
  self->title = ferry_assigned_device_dup_title (self->device, host_device);
  show_guest_side (self);
  show_record (self, host_device);

  gtk_list_box_bind_model (self->members_list, NULL, NULL, NULL, NULL);
  if (host_device != NULL)
    show_host_side (self, host_device);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->iommu_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->host_group), host_device != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->missing_group),
                          host_device == NULL && address != NULL);
}

/* ---- Changes in place ------------------------------------------------------------------- */

static void
saved_toast_dismissed_cb (FerryAssignedDevicePage *self,
                          AdwToast                *toast)
{
  if (self->saved_toast == toast)
    g_clear_object (&self->saved_toast);
}

/* One "Saved" toast at a time: two quick changes would otherwise show the same words twice,
 * one after the other. The toast on screen (or waiting) takes the new words rather than being
 * dismissed for a new one: libadwaita 1.2 frees a toast dismissed while it still slides in
 * and then runs the rest of that animation on the freed toast (a crash the widget tests met
 * when two changes came within 300 ms). The new words stay for what is left of the toast's
 * time: libadwaita 1.2 cannot start it again. */
static void
show_saved_toast (FerryAssignedDevicePage *self,
                  FerryWindow             *window,
                  const char              *title)
{
  AdwToast *toast;

  if (self->saved_toast != NULL)
    {
      adw_toast_set_title (self->saved_toast, title);
      return;
    }

  toast = adw_toast_new (title);
  self->saved_toast = g_object_ref (toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (saved_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  ferry_window_add_toast (window, toast);
}

static void
settings_applied_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FerryAssignedDevicePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (ferry_session_update_device_finish (FERRY_SESSION (object), result, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      gboolean later = self->guest != NULL && ferry_guest_is_active (self->guest);

      /* The definition is written; a running guest keeps what it started with. */
      if (later && self->device != NULL)
        {
          self->boot_pending = TRUE;
          reload (self);
        }
      if (FERRY_IS_WINDOW (root))
        show_saved_toast (self, FERRY_WINDOW (root),
                          later ? _("Saved: takes effect at next boot") : _("Saved"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ferry_message_show_error (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                _("Cannot Change the Device"), error);
      /* Back to what the guest really has. */
      if (self->device != NULL)
        reload (self);
    }
}

static void
apply_settings (FerryAssignedDevicePage   *self,
                const FerryDeviceSettings *settings)
{
  ferry_session_update_device_async (self->session, ferry_guest_get_name (self->guest),
                                     self->device, settings, self->cancellable,
                                     settings_applied_cb, g_object_ref (self));
}

/* Says what is wrong under the row and writes nothing, or applies SETTINGS. */
static void
apply_checked (FerryAssignedDevicePage   *self,
               AdwEntryRow               *row,
               GtkLabel                  *problem,
               const FerryDeviceSettings *settings,
               const GError              *error)
{
  gtk_widget_set_visible (GTK_WIDGET (problem), error != NULL);
  if (error != NULL)
    {
      gtk_label_set_label (problem, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  apply_settings (self, settings);
}

static void
mac_applied_cb (FerryAssignedDevicePage *self)
{
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  g_autoptr(GError) error = NULL;

  settings.mac = gtk_editable_get_text (GTK_EDITABLE (self->mac_row));
  ferry_domain_edit_check_mac (settings.mac, &error);
  apply_checked (self, self->mac_row, self->mac_problem, &settings, error);
}

static void
vlan_applied_cb (FerryAssignedDevicePage *self)
{
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  g_autoptr(GError) error = NULL;

  ferry_domain_edit_check_vlan (gtk_editable_get_text (GTK_EDITABLE (self->vlan_row)),
                                &settings.vlan, &error);
  apply_checked (self, self->vlan_row, self->vlan_problem, &settings, error);
}

static gboolean
managed_set_cb (FerryAssignedDevicePage *self,
                gboolean                 state)
{
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;

  if (!self->loading)
    {
      settings.managed = state ? FERRY_TRISTATE_YES : FERRY_TRISTATE_NO;
      apply_settings (self, &settings);
    }
  return FALSE;
}

static gboolean
rom_bar_set_cb (FerryAssignedDevicePage *self,
                gboolean                 state)
{
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;

  if (!self->loading)
    {
      settings.rom_bar = state ? FERRY_TRISTATE_YES : FERRY_TRISTATE_NO;
      apply_settings (self, &settings);
    }
  return FALSE;
}

static void
pool_activated_cb (FerryAssignedDevicePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-pool", "s",
                              ferry_assigned_device_get_network (self->device));
}

static void
detach_clicked_cb (FerryAssignedDevicePage *self)
{
  g_signal_emit (self, signals[DETACH], 0);
}

/* ---- The page ------------------------------------------------------------------------------ */

/* Whether A and B are the same function (a re-read gives new objects for the same device). */
static void
remembered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryAssignedDevicePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ferry_session_remember_finish (FERRY_SESSION (object), result, &error))
    {
      if (FERRY_IS_WINDOW (root))
        ferry_window_add_toast (FERRY_WINDOW (root), adw_toast_new (_("Device remembered")));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_message_show_error (GTK_WINDOW (root), _("Cannot Remember the Device"), error);
}

static void
remember_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      FerryAssignedDevicePage *self)
{
  const FerryPciAddress *address;
  FerryHostDevice *host_device;
  FerryHostdevRecord record;

  if (!g_str_equal (response, "remember") || self->device == NULL ||
      !(address = ferry_assigned_device_get_address (self->device)) ||
      !(host_device = ferry_session_lookup_device (self->session, address)))
    return;

  ferry_hostdev_record_init_from_device (&record, host_device);
  ferry_session_remember_async (self->session, ferry_guest_get_name (self->guest), &record,
                                self->cancellable, remembered_cb, g_object_ref (self));
}

/* The user confirms that the device at the address now is the one the guest should have:
 * only then is it recorded. */
static void
remember_clicked_cb (FerryAssignedDevicePage *self)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (self->device);
  FerryHostDevice *host_device = address ? ferry_session_lookup_device (self->session, address)
                                         : NULL;
  g_autofree char *where = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (host_device == NULL)
    return;
  where = ferry_pci_address_to_string (address);
  title = ferry_host_device_dup_title (host_device);
  body = g_strdup_printf (
    /* Translators: a device name, a PCI address, then a guest name */
    _("Is %s at %s the device %s should have? Ferry then records it and warns when other "
      "hardware takes its address, for example after a firmware update or a new card."),
    title, where, ferry_guest_get_name (self->guest));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Remember This Device?"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remember", _("_Remember"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remember",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remember_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
same_address (FerryAssignedDevice *a,
              FerryAssignedDevice *b)
{
  const FerryPciAddress *x = ferry_assigned_device_get_address (a);
  const FerryPciAddress *y = ferry_assigned_device_get_address (b);

  return x == y || (x != NULL && y != NULL && ferry_pci_address_equal (x, y));
}

void
ferry_assigned_device_page_show (FerryAssignedDevicePage *self,
                                 FerrySession            *session,
                                 FerryGuest              *guest,
                                 FerryAssignedDevice     *device)
{
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_GUEST (guest));
  g_return_if_fail (FERRY_IS_ASSIGNED_DEVICE (device));

  /* Another guest or device: nothing of ours is waiting for its boot. */
  if (self->guest == NULL || self->device == NULL ||
      g_strcmp0 (ferry_guest_get_name (self->guest), ferry_guest_get_name (guest)) != 0 ||
      !same_address (self->device, device))
    {
      self->boot_pending = FALSE;
      ferry_rows_scroll_to_top (self->page);
    }
  g_set_object (&self->session, session);
  g_set_object (&self->guest, guest);
  if (g_set_object (&self->device, device))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
  reload (self);
}

FerryAssignedDevice *
ferry_assigned_device_page_get_device (FerryAssignedDevicePage *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE_PAGE (self), NULL);
  return self->device;
}

const char *
ferry_assigned_device_page_get_title (FerryAssignedDevicePage *self)
{
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE_PAGE (self), NULL);
  return self->title;
}

static void
ferry_assigned_device_page_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  FerryAssignedDevicePage *self = FERRY_ASSIGNED_DEVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_assigned_device_page_dispose (GObject *object)
{
  FerryAssignedDevicePage *self = (FerryAssignedDevicePage *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->members_list != NULL)
    gtk_list_box_bind_model (self->members_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->device);
  g_clear_object (&self->guest);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->saved_toast);
  g_clear_pointer (&self->title, g_free);
  /* The template's root is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ASSIGNED_DEVICE_PAGE);

  G_OBJECT_CLASS (ferry_assigned_device_page_parent_class)->dispose (object);
}

static void
ferry_assigned_device_page_class_init (FerryAssignedDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_assigned_device_page_dispose;
  object_class->get_property = ferry_assigned_device_page_get_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, FERRY_TYPE_ASSIGNED_DEVICE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Detach was pressed for the device on show. */
  signals[DETACH] = g_signal_new ("detach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/ferry/Ferry/ferry-assigned-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, page);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, guest_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, host_address_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, pool_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, presence_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, guest_address_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, rom_file_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, profile_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, detached_by_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, record_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, remember_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, managed_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, managed_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, rom_bar_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, rom_bar_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, mac_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, mac_problem);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, vlan_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, vlan_problem);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, host_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, ids_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, class_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, driver_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, pf_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, numa_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, iommu_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, members_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAssignedDevicePage, missing_group);
  gtk_widget_class_bind_template_callback (widget_class, pool_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, managed_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, rom_bar_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, mac_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, vlan_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, detach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remember_clicked_cb);
}

static void
ferry_assigned_device_page_init (FerryAssignedDevicePage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
