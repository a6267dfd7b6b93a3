/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device.h"
#include "ferry-guest-page.h"

/* One guest: its state and the host PCI functions its XML hands to it. */
struct _FerryGuestPage
{
  AdwBin        parent_instance;

  FerrySession *session;
  FerryGuest   *guest;

  AdwActionRow *state_row;
  GtkImage     *state_icon;
  GtkListBox   *devices_list;
};

G_DEFINE_FINAL_TYPE (FerryGuestPage, ferry_guest_page, ADW_TYPE_BIN)

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

static char *
dup_title (FerryAssignedDevice *device,
           FerryHostDevice     *host_device)
{
  if (ferry_assigned_device_get_address (device) == NULL)
    /* Translators: %s is a network name; the pool picks a VF when the guest starts */
    return g_strdup_printf (_("A VF from pool “%s”"), ferry_assigned_device_get_network (device));

  if (host_device == NULL)
    return g_strdup (_("Not present on this host"));

  return ferry_host_device_dup_title (host_device);
}

static GtkWidget *
create_device_row (gpointer item,
                   gpointer user_data)
{
  FerryGuestPage *self = user_data;
  FerryAssignedDevice *device = item;
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  FerryHostDevice *host_device = address ? ferry_session_lookup_device (self->session, address)
                                         : NULL;
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = dup_title (device, host_device);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

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
  g_ptr_array_add (details, g_strdup (ferry_assigned_device_get_managed (device)
                                      ? _("managed by libvirt")
                                      : _("detached by hand (managed='no')")));
  g_ptr_array_add (details, NULL);
  subtitle = g_strjoinv (" · ", (char **) details->pdata);

  icon = gtk_image_new_from_icon_name (host_device ? ferry_host_device_get_icon_name (host_device)
                                                   : "network-wired-symbolic");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
update_state (FerryGuestPage *self)
{
  adw_action_row_set_subtitle (self->state_row, ferry_guest_get_state_label (self->guest));
  gtk_image_set_from_icon_name (self->state_icon, ferry_guest_get_state_icon (self->guest));
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
    g_signal_handlers_disconnect_by_data (self->guest, self);

  g_set_object (&self->session, session);
  g_set_object (&self->guest, guest);

  g_signal_connect_object (guest, "notify::state", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  gtk_list_box_bind_model (self->devices_list, ferry_guest_get_assigned (guest),
                           create_device_row, self, NULL);
}

static void
ferry_guest_page_dispose (GObject *object)
{
  FerryGuestPage *self = (FerryGuestPage *) object;

  if (self->devices_list != NULL)
    gtk_list_box_bind_model (self->devices_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->guest);
  g_clear_object (&self->session);
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
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, devices_list);
}

static void
ferry_guest_page_init (FerryGuestPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No PCI devices are assigned to this guest"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->devices_list, placeholder);
}
