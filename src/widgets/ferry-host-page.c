/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-guest.h"
#include "ferry-host-page.h"
#include "ferry-network.h"

/* What the connection says about its host, and how much of it there is. */
struct _FerryHostPage
{
  AdwBin                parent_instance;

  FerrySession         *session;

  AdwActionRow         *hostname_row;
  AdwActionRow         *uri_row;
  AdwActionRow         *hypervisor_row;
  AdwActionRow         *version_row;
  AdwActionRow         *devices_row;
  AdwActionRow         *guests_row;
  AdwActionRow         *networks_row;
  GtkLabel             *devices_label;
  GtkLabel             *guests_label;
  GtkLabel             *networks_label;
  AdwPreferencesGroup  *problems_group;
  GtkListBox           *problems_list;
};

G_DEFINE_FINAL_TYPE (FerryHostPage, ferry_host_page, ADW_TYPE_BIN)

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_label (label, text);
}

static void
update_counts (FerryHostPage *self)
{
  GListModel *devices = ferry_session_get_devices (self->session);
  GListModel *guests = ferry_session_get_guests (self->session);
  GListModel *networks = ferry_session_get_networks (self->session);
  guint n_devices = g_list_model_get_n_items (devices);
  guint n_guests = g_list_model_get_n_items (guests);
  guint n_networks = g_list_model_get_n_items (networks);
  guint bridges = 0, running = 0, pools = 0;
  g_autofree char *devices_text = NULL;
  g_autofree char *guests_text = NULL;
  g_autofree char *networks_text = NULL;

  for (guint i = 0; i < n_devices; i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      bridges += ferry_host_device_is_bridge (device);
    }
  for (guint i = 0; i < n_guests; i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      running += ferry_guest_is_active (guest);
    }
  for (guint i = 0; i < n_networks; i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);

      pools += ferry_network_is_hostdev_pool (network);
    }

  set_count (self->devices_label, n_devices);
  set_count (self->guests_label, n_guests);
  set_count (self->networks_label, n_networks);

  /* Translators: subtitle of the PCI functions count; %u is a number of bridges and ports */
  devices_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u of them a bridge or port",
                                               "%u of them bridges or ports", bridges),
                                  bridges);
  /* Translators: subtitle of the guests count */
  guests_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u running", "%u running",
                                              running),
                                 running);
  /* Translators: subtitle of the networks count */
  networks_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SR-IOV pool",
                                                "%u SR-IOV pools", pools),
                                   pools);
  adw_action_row_set_subtitle (self->devices_row, devices_text);
  adw_action_row_set_subtitle (self->guests_row, guests_text);
  adw_action_row_set_subtitle (self->networks_row, networks_text);
}

static void
update_problems (FerryHostPage *self)
{
  const char * const *problems = ferry_session_get_problems (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);

  for (guint i = 0; problems[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problems[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->problems_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems[0] != NULL);
}

static void
set_property_row (AdwActionRow *row,
                  const char   *value)
{
  adw_action_row_set_subtitle (row, value ? value : _("Not reported"));
}

void
ferry_host_page_set_session (FerryHostPage *self,
                             FerrySession  *session)
{
  g_autofree char *hypervisor = NULL;

  g_return_if_fail (FERRY_IS_HOST_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (ferry_session_get_devices (self->session), self);
      g_signal_handlers_disconnect_by_data (ferry_session_get_guests (self->session), self);
      g_signal_handlers_disconnect_by_data (ferry_session_get_networks (self->session), self);
    }
  g_set_object (&self->session, session);

  set_property_row (self->hostname_row, ferry_session_get_hostname (session));
  set_property_row (self->uri_row, ferry_session_get_uri (session));
  set_property_row (self->version_row, ferry_session_get_libvirt_version (session));
  if (ferry_session_is_demo (session))
    /* Translators: the demo host runs on libvirt's test driver */
    hypervisor = g_strdup (_("Demo host (libvirt test driver)"));
  else
    hypervisor = g_strdup (ferry_session_get_hypervisor (session));
  set_property_row (self->hypervisor_row, hypervisor);

  g_signal_connect_object (ferry_session_get_devices (session), "items-changed",
                           G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ferry_session_get_guests (session), "items-changed",
                           G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ferry_session_get_networks (session), "items-changed",
                           G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  update_counts (self);
  update_problems (self);
}

static void
ferry_host_page_dispose (GObject *object)
{
  FerryHostPage *self = (FerryHostPage *) object;

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_HOST_PAGE);

  G_OBJECT_CLASS (ferry_host_page_parent_class)->dispose (object);
}

static void
ferry_host_page_class_init (FerryHostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_host_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-host-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, hostname_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, uri_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, hypervisor_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, devices_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, guests_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, networks_row);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, devices_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, guests_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, networks_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, problems_list);
}

static void
ferry_host_page_init (FerryHostPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
