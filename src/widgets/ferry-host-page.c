/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-page.h"
#include "ferry-device-query.h"
#include "ferry-device-row.h"
#include "ferry-group-rows.h"
#include "ferry-guest.h"
#include "ferry-host-page.h"
#include "ferry-readiness-check.h"
#include "ferry-readiness-page.h"
#include "ferry-subpage.h"
#include "ferry-text.h"

/* The host's PCI functions grouped by IOMMU group, searchable and filterable, with a page
 * for each device and the host readiness view; a banner says when something blocks
 * passthrough. */
struct _FerryHostPage
{
  AdwBin           parent_instance;

  FerrySession    *session;
  GtkCustomFilter *row_filter;
  GtkFilterListModel *rows;     /* groups and their members, as the search and filter leave */
  /* The session on show, and its list of groups. */
  GSignalGroup    *session_signals;
  GSignalGroup    *groups_signals;

  GtkStack        *stack;
  GtkRevealer     *banner_revealer;
  GtkWidget       *banner;
  GtkLabel        *banner_label;
  GtkSearchEntry  *search_entry;
  GtkDropDown     *category_dropdown;
  GtkLabel        *summary_label;
  GtkStack        *list_stack;
  GtkListView     *list_view;
  FerryDevicePage *device_page;
  FerryReadinessPage *readiness_page;
};

static void ferry_host_page_subpage_init (FerrySubpageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryHostPage, ferry_host_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_SUBPAGE,
                                                      ferry_host_page_subpage_init))

/* A device's page (titled with the device's name) and Host Readiness are the sub-pages of
 * the device list. */
static const char *
compute_subpage_title (FerrySubpage *subpage)
{
  FerryHostPage *self = FERRY_HOST_PAGE (subpage);
  const char *shown;

  /* The template's children go first when the page is disposed. */
  if (self->stack == NULL || self->device_page == NULL)
    return NULL;

  shown = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (shown, "device") == 0)
    return ferry_device_page_get_title (self->device_page);
  if (g_strcmp0 (shown, "readiness") == 0)
    return _("Host Readiness");
  return NULL;
}

static void
leave_subpage (FerrySubpage *subpage)
{
  gtk_stack_set_visible_child_name (FERRY_HOST_PAGE (subpage)->stack, "devices");
}

static void
ferry_host_page_subpage_init (FerrySubpageInterface *iface)
{
  iface->compute_title = compute_subpage_title;
  iface->leave = leave_subpage;
}

static gboolean
device_visible (gpointer item,
                gpointer user_data)
{
  FerryHostPage *self = user_data;

  return ferry_device_query_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                     gtk_drop_down_get_selected (self->category_dropdown));
}

static gboolean
group_visible (gpointer item,
               gpointer user_data)
{
  GListModel *members = ferry_iommu_group_get_members (item);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, i);

      if (device_visible (device, user_data))
        return TRUE;
    }

  return FALSE;
}

/* A group shows while one of its members does. */
static gboolean
row_visible (gpointer item,
             gpointer user_data)
{
  return FERRY_IS_IOMMU_GROUP (item) ? group_visible (item, user_data)
                                     : device_visible (item, user_data);
}

static void
update_summary (FerryHostPage *self)
{
  GListModel *all_groups = ferry_session_get_groups (self->session);
  GListModel *guests = ferry_session_get_guests (self->session);
  guint n_devices = g_list_model_get_n_items (ferry_session_get_devices (self->session));
  guint n_groups = 0, shown = 0, running = 0;
  g_autofree char *devices_text = NULL;
  g_autofree char *guests_text = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (all_groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (all_groups, i);
      GListModel *members = ferry_iommu_group_get_members (group);

      n_groups += ferry_iommu_group_get_number (group) != FERRY_NO_IOMMU_GROUP;
      for (guint m = 0; m < g_list_model_get_n_items (members); m++)
        {
          g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, m);
          shown += device_visible (device, self);
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      running += ferry_guest_is_active (guest);
    }

  /* Translators: first %u is a number of PCI functions, second of IOMMU groups */
  devices_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u PCI function in %u IOMMU groups",
                                               "%u PCI functions in %u IOMMU groups", n_devices),
                                  n_devices, n_groups);
  /* Translators: first %u is running guests, second all guests */
  guests_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u guest running",
                                              "%u of %u guests running",
                                              g_list_model_get_n_items (guests)),
                                 running, g_list_model_get_n_items (guests));
  if (shown != n_devices)
    /* Translators: the host page's summary line; the last %u is how many devices show */
    text = g_strdup_printf (_("%s · %s · %u shown"), devices_text, guests_text, shown);
  else
    text = g_strdup_printf ("%s · %s", devices_text, guests_text);

  gtk_label_set_label (self->summary_label, text);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0
                                    ? "list" : "empty");
}

static void
filters_changed_cb (FerryHostPage *self)
{
  if (self->session == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->row_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_summary (self);
}

/* Failures of the readiness check first, then parts of the host that could not be read. */
static void
update_banner (FerryHostPage *self)
{
  GListModel *checks = ferry_session_get_readiness (self->session);
  g_autofree char *text = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (checks) && text == NULL; i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);

      if (ferry_readiness_check_get_status (check) == FERRY_CHECK_FAIL)
        /* Translators: %s is what a readiness check found, a sentence such as "No IOMMU
         * is active." */
        text = g_strdup_printf (_("Devices cannot be passed to guests on this host yet. %s"),
                                ferry_readiness_check_get_summary (check));
    }

  if (text != NULL)
    gtk_widget_add_css_class (self->banner, "error");
  else
    gtk_widget_remove_css_class (self->banner, "error");

  if (text == NULL && ferry_session_get_problems (self->session)[0] != NULL)
    text = g_strdup (_("Some parts of the host could not be read."));

  if (text != NULL)
    gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
}

static void
show_heading (FerryDeviceRow  *row,
              FerryIommuGroup *group)
{
  int number = ferry_iommu_group_get_number (group);
  guint n_members = g_list_model_get_n_items (ferry_iommu_group_get_members (group));
  const char * const *guests = ferry_iommu_group_get_guests (group);
  g_autofree char *title_text = NULL;
  g_autoptr(GString) detail_text = g_string_new (NULL);

  /* One line, like the device rows, but for the one heading that is a sentence. */
  if (number == FERRY_NO_IOMMU_GROUP)
    {
      ferry_device_row_show_heading (row, _("No IOMMU group"),
                                     _("The IOMMU is off, or these functions sit "
                                       "outside every group: none can be assigned."), TRUE);
      return;
    }

  /* Translators: %d is an IOMMU group number */
  title_text = g_strdup_printf (_("IOMMU group %d"), number);

  g_string_append_printf (detail_text,
                          /* Translators: %u is a number of PCI functions in an IOMMU group */
                          g_dngettext (GETTEXT_PACKAGE, "%u function", "%u functions", n_members),
                          n_members);
  g_string_append (detail_text, " · ");
  g_string_append (detail_text, ferry_iommu_group_describe_isolation (group));
  if (guests[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) guests);
      g_autofree char *names = ferry_text_dup_safe (joined, FERRY_TEXT_LABEL_MAX);

      g_string_append (detail_text, " · ");
      /* Translators: %s is a comma-separated list of guest names */
      g_string_append_printf (detail_text, _("used by %s"), names);
    }
  ferry_device_row_show_heading (row, title_text, detail_text->str, FALSE);
}

/* Each item is one row, which shows a group's heading or a device (ferry-device-row.c). */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *row = ferry_device_row_new ();

  /* GTK 4.8's list items take the focus only through focusable content: the row is, with a
   * focus ring, heading or not, so arrows walk the list and no stop is invisible. */
  gtk_widget_set_focusable (row, TRUE);
  gtk_widget_add_css_class (row, "ferry-device-row");
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             FerryHostPage            *self)
{
  FerryDeviceRow *row = FERRY_DEVICE_ROW (gtk_list_item_get_child (list_item));
  gpointer item = gtk_list_item_get_item (list_item);
  gboolean is_group = FERRY_IS_IOMMU_GROUP (item);

  gtk_list_item_set_activatable (list_item, !is_group);
  gtk_list_item_set_selectable (list_item, FALSE);

  if (is_group)
    show_heading (row, item);
  else
    ferry_device_row_bind (row, item, ferry_session_get_inventory (self->session),
                           ferry_session_get_host_uses (self->session));
}

static void
show_device (FerryHostPage   *self,
             FerryHostDevice *device)
{
  ferry_device_page_show (self->device_page, self->session, device);
  gtk_stack_set_visible_child_name (self->stack, "device");
  /* From one device's page to another's, the stack stays on "device": the title changes. */
  ferry_subpage_update_title (FERRY_SUBPAGE (self));
}

static void
row_activated_cb (FerryHostPage *self,
                  guint          position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  if (FERRY_IS_HOST_DEVICE (item))
    show_device (self, FERRY_HOST_DEVICE (item));
}

/* Down in the search: the first device found gets the focus, so arrows and Enter go on. */
static void
focus_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryHostPage *self = FERRY_HOST_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  /* GTK 4.8 has no call that focuses an item: the list's children are its items in order,
   * and the first whose row shows a device (not a group heading) is the first result. An
   * item takes the focus through its focusable content (setup_row_cb). */
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (FERRY_IS_DEVICE_ROW (row) && ferry_device_row_get_device (FERRY_DEVICE_ROW (row)))
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
}

/* A reload may have replaced the device on show: follow it by address, or go back. */
static void
devices_changed_cb (FerryHostPage *self)
{
  FerryHostDevice *shown = ferry_device_page_get_device (self->device_page);
  FerryHostDevice *current;

  update_summary (self);
  if (shown == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "device") != 0)
    return;

  current = ferry_session_lookup_device (self->session, ferry_host_device_get_address (shown));
  if (current != NULL)
    show_device (self, current);
  else
    gtk_stack_set_visible_child_name (self->stack, "devices");
}

static void
show_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FerryHostPage *self = FERRY_HOST_PAGE (widget);
  FerryPciAddress address;
  FerryHostDevice *device;

  if (self->session != NULL &&
      ferry_pci_address_parse (g_variant_get_string (parameter, NULL), &address) &&
      (device = ferry_session_lookup_device (self->session, &address)))
    show_device (self, device);
}

static void
show_devices_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ferry_subpage_leave (FERRY_SUBPAGE (widget));
}

static void
show_readiness_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (FERRY_HOST_PAGE (widget)->stack, "readiness");
}

static void
reloaded_cb (FerryHostPage *self)
{
  update_summary (self);
  update_banner (self);
}

/* Back to the device list with the search entry focused. */
void
ferry_host_page_focus_search (FerryHostPage *self)
{
  g_return_if_fail (FERRY_IS_HOST_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, "devices");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
ferry_host_page_set_session (FerryHostPage *self,
                             FerrySession  *session)
{
  g_autoptr(FerryGroupRows) rows = NULL;

  g_return_if_fail (FERRY_IS_HOST_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->groups_signals, ferry_session_get_groups (session));

  g_clear_object (&self->rows);
  rows = ferry_group_rows_new (ferry_session_get_groups (session));
  self->rows = gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&rows)),
                                          g_object_ref (GTK_FILTER (self->row_filter)));
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (
                             G_LIST_MODEL (self->rows)))));

  ferry_readiness_page_set_session (self->readiness_page, session);
  gtk_stack_set_visible_child_name (self->stack, "devices");
  update_summary (self);
  update_banner (self);
}

static void
ferry_host_page_dispose (GObject *object)
{
  FerryHostPage *self = (FerryHostPage *) object;

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->rows);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->groups_signals);
  g_clear_object (&self->session);
  /* The template's root (the stack) is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_HOST_PAGE);
  g_clear_object (&self->row_filter);

  G_OBJECT_CLASS (ferry_host_page_parent_class)->dispose (object);
}

static void
ferry_host_page_class_init (FerryHostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_host_page_dispose;
  ferry_subpage_class_install_title (object_class);

  g_type_ensure (FERRY_TYPE_DEVICE_PAGE);
  g_type_ensure (FERRY_TYPE_READINESS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-host-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, banner);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, device_page);
  gtk_widget_class_bind_template_child (widget_class, FerryHostPage, readiness_page);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "host.show-device", "s", show_device_action);
  gtk_widget_class_install_action (widget_class, "host.show-devices", NULL, show_devices_action);
  gtk_widget_class_install_action (widget_class, "host.focus-results", NULL,
                                   focus_results_action);
  gtk_widget_class_install_action (widget_class, "host.show-readiness", NULL,
                                   show_readiness_action);

}

static void
ferry_host_page_init (FerryHostPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (ferry_subpage_update_title), self, G_CONNECT_SWAPPED);

  self->row_filter = gtk_custom_filter_new (row_visible, self, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);

  self->groups_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->groups_signals, "items-changed",
                                 G_CALLBACK (devices_changed_cb), self, G_CONNECT_SWAPPED);
  /* Guests that only change state, and problems, show after a whole read. */
  self->session_signals = g_signal_group_new (FERRY_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "reloaded", G_CALLBACK (reloaded_cb),
                                 self, G_CONNECT_SWAPPED);
}
