/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-message.h"
#include "ferry-pool-check.h"
#include "ferry-pool-connect-dialog.h"
#include "ferry-pool-editor.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-page.h"
#include "ferry-pool-toast.h"
#include "ferry-rows.h"
#include "ferry-text.h"

/* One SR-IOV VF pool: its state and settings, the guests on it (each a way to its page), its
 * VFs with who holds each, and delete. Rebuilt whenever it is shown (the pools page shows it
 * again after every reload), like the device page. */
struct _FerryPoolPage
{
  AdwBin              parent_instance;

  FerrySession       *session;
  FerryNetwork       *pool;
  GPtrArray          *groups;

  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (FerryPoolPage, ferry_pool_page, ADW_TYPE_BIN)

static GtkWindow *
get_window (FerryPoolPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

/* A refusal leaves the pool as it was: so does the page, switches included. */
static void
show_refusal (FerryPoolPage *self,
              GError        *error)
{
  ferry_message_show_error (get_window (self), _("The Pool Did Not Change"), error);
  if (self->pool != NULL)
    ferry_pool_page_show (self, self->session, self->pool);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryPoolPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_start_pool_finish (FERRY_SESSION (object), result, &error))
    show_refusal (self, error);
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryPoolPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_stop_pool_finish (FERRY_SESSION (object), result, &error))
    show_refusal (self, error);
}

static void
autostart_changed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FerryPoolPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_set_pool_autostart_finish (FERRY_SESSION (object), result, &error))
    show_refusal (self, error);
}

/* What a deleted pool was, for the toast's Undo. */
typedef struct
{
  FerryPoolPage *page;
  char          *name;
  char          *xml;
  gboolean       autostart;
  gboolean       active;
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_object_unref (deleted->page);
  g_free (deleted->name);
  g_free (deleted->xml);
  g_free (deleted);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Deleted, deleted_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Deleted) deleted = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!ferry_session_delete_pool_finish (FERRY_SESSION (object), result, &error))
    {
      show_refusal (deleted->page, error);
      return;
    }

  /* Translators: %s is a pool (network) name */
  title = g_strdup_printf (_("“%s” deleted"), deleted->name);
  ferry_pool_toast_add (get_window (deleted->page), FERRY_SESSION (object), title, deleted->xml,
                        deleted->autostart, deleted->active);
}

static gboolean
running_set_cb (GtkSwitch     *toggle,
                gboolean       state,
                FerryPoolPage *self)
{
  const char *name = ferry_network_get_name (self->pool);
  g_autoptr(GError) error = NULL;

  /* Stopping takes the VFs from running guests: the session's rule refuses, saying who. */
  if (!state && !ferry_session_check_pool_change (self->session, name, TRUE, &error))
    {
      ferry_message_show_error (get_window (self), _("The Pool Is in Use"), error);
      /* The switch moved already: back to on, without asking to start the pool. */
      g_signal_handlers_block_by_func (toggle, running_set_cb, self);
      gtk_switch_set_active (toggle, TRUE);
      g_signal_handlers_unblock_by_func (toggle, running_set_cb, self);
      return TRUE;
    }

  if (state)
    ferry_session_start_pool_async (self->session, name, NULL, started_cb, g_object_ref (self));
  else
    ferry_session_stop_pool_async (self->session, name, NULL, stopped_cb, g_object_ref (self));
  return FALSE;
}

static gboolean
autostart_set_cb (GtkSwitch     *toggle,
                  gboolean       state,
                  FerryPoolPage *self)
{
  ferry_session_set_pool_autostart_async (self->session, ferry_network_get_name (self->pool),
                                          state, NULL, autostart_changed_cb, g_object_ref (self));
  return FALSE;
}

static GtkWidget *
add_switch (AdwPreferencesGroup *group,
            FerryPoolPage       *self,
            const char          *title,
            const char          *subtitle,
            gboolean             active,
            GCallback            handler)
{
  AdwActionRow *row = ferry_rows_add_row (group, title, subtitle);
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, toggle);
  adw_action_row_set_activatable_widget (row, toggle);
  g_signal_connect_object (toggle, "state-set", handler, self, 0);
  return toggle;
}

/* What stands in the pool's way (its PF gone, down or without VFs, every VF taken), first. */
static void
show_problems (FerryPoolPage *self)
{
  g_autoptr(GPtrArray) findings = ferry_pool_check (ferry_session_get_inventory (self->session),
                                                    self->pool);
  AdwPreferencesGroup *group;
  GtkWidget *list;

  if (findings->len == 0)
    return;

  group = ferry_rows_add_group (self->page, self->groups, NULL, NULL);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < findings->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), ferry_rows_new_finding (findings->pdata[i]));
  adw_preferences_group_add (group, list);
}

/* Running and autostart, where the VFs come from, how it hands them out, how many are taken. */
static void
show_state (FerryPoolPage *self)
{
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  const char *pf_device = ferry_network_get_pf_device (self->pool);
  FerryHostDevice *pf = pf_device ? ferry_inventory_find_netdev (inventory, pf_device) : NULL;
  AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups, NULL, NULL);
  g_autofree char *source = ferry_network_describe_source (self->pool);
  g_autofree char *pf_address = pf ? ferry_pci_address_to_string (ferry_host_device_get_address (pf))
                                   : NULL;
  const char *managed = ferry_network_get_managed (self->pool) ? _("Managed by libvirt")
                                                               : _("Not managed by libvirt");
  g_autofree char *settings = NULL;
  g_autofree char *usage = NULL;
  guint n_vfs = 0;
  guint held = ferry_inventory_count_pool_in_use (inventory, self->pool, &n_vfs);
  guint unplaced = ferry_session_count_pool_unplaced (self->session, self->pool);
  AdwActionRow *row;
  GtkWidget *edit;
  GtkWidget *autostart;

  add_switch (group, self, _("Running"),
              _("A stopped pool hands out no VFs: guests on it do not start."),
              ferry_network_get_active (self->pool), G_CALLBACK (running_set_cb));
  autostart = add_switch (group, self, _("Start With the Host"), NULL,
                          ferry_network_get_autostart (self->pool), G_CALLBACK (autostart_set_cb));
  /* A transient pool (no definition) cannot start with the host. */
  gtk_widget_set_sensitive (autostart, ferry_network_get_persistent (self->pool));

  if (pf_address != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s · %s", source, pf_address);

      ferry_rows_add_property (group, _("Source"), text);
    }
  else
    ferry_rows_add_property (group, _("Source"), source);

  settings = ferry_network_get_vlan_label (self->pool) != NULL
             ? g_strdup_printf ("%s · %s", managed, ferry_network_get_vlan_label (self->pool))
             : g_strdup (managed);
  row = ferry_rows_add_property (group, _("Settings"), settings);
  edit = gtk_button_new_with_mnemonic (_("_Edit…"));
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "pool.edit");
  adw_action_row_add_suffix (row, edit);

  if (unplaced > 0)
    /* A count of 0 in use beside a running guest would be wrong: say what is known. */
    usage = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: %u is a number of running guests */
                                          "This host does not say which VFs running guests "
                                          "hold; %u running guest uses this pool",
                                          "This host does not say which VFs running guests "
                                          "hold; %u running guests use this pool", unplaced),
                             unplaced);
  else
    usage = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: first %u is how many VFs are in use,
                                           * second how many the pool has */
                                          "%u of %u VF in use",
                                          "%u of %u VFs in use", n_vfs),
                             held, n_vfs);
  ferry_rows_add_property (group, _("Virtual Functions"), usage);
}

static void
guest_activated_cb (AdwActionRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (row), "win.show-guest", "s",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

/* The VF a running guest holds from this pool, or NULL. */
static char *
dup_held_vf (FerryPoolPage *self,
             const char    *guest)
{
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  g_autoptr(GArray) vfs = ferry_inventory_dup_pool_vfs (inventory, self->pool);

  for (guint i = 0; i < vfs->len; i++)
    {
      const FerryPciAddress *vf = &g_array_index (vfs, FerryPciAddress, i);

      if (g_strcmp0 (ferry_inventory_get_holder (inventory, vf), guest) == 0)
        return ferry_pci_address_to_string (vf);
    }
  return NULL;
}

/* Guests whose definition has an interface on the pool, running or not, each opening its page. */
static void
show_guests (FerryPoolPage *self)
{
  g_autoptr(GPtrArray) users = ferry_session_dup_pool_guests (self->session,
                                                              ferry_network_get_name (self->pool),
                                                              FALSE);
  AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups, _("Guests"),
                                                     _("Each takes a free VF when it starts."));
  GtkWidget *connect = gtk_button_new_with_mnemonic (_("_Connect a Guest…"));

  gtk_widget_set_valign (connect, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (connect), "pool.connect");
  adw_preferences_group_set_header_suffix (group, connect);

  if (users->len == 0)
    ferry_rows_add_row (group, _("No guest uses the pool yet"), NULL);

  for (guint i = 0; i < users->len; i++)
    {
      const char *name = users->pdata[i];
      FerryGuest *guest = ferry_session_lookup_guest (self->session, name);
      g_autofree char *vf = dup_held_vf (self, name);
      /* Translators: first %s is a guest state (Running…), second a VF's PCI address */
      g_autofree char *subtitle = vf ? g_strdup_printf (_("%s · holds %s"),
                                                        ferry_guest_get_state_label (guest), vf)
                                     : g_strdup (ferry_guest_get_state_label (guest));
      AdwActionRow *row = ferry_rows_add_row (group, name, subtitle);

      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("computer-symbolic"));
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (guest_activated_cb), NULL);
    }
}

/* A VF's MAC: the one its guest's interface has while a guest holds it (it has no host
 * interface then), else its host interface's. */
static const char *
find_vf_mac (FerryPoolPage         *self,
             const FerryPciAddress *address,
             FerryHostDevice       *device,
             const char            *holder)
{
  FerryGuest *guest = holder ? ferry_session_lookup_guest (self->session, holder) : NULL;
  const char * const *netdevs = device ? ferry_host_device_get_netdevs (device) : NULL;

  if (guest != NULL)
    {
      GListModel *assigned = ferry_guest_get_assigned (guest);

      for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
        {
          g_autoptr(FerryAssignedDevice) interface = g_list_model_get_item (assigned, i);
          const FerryPciAddress *held = ferry_assigned_device_get_address (interface);

          if (held != NULL && ferry_pci_address_equal (held, address))
            return ferry_assigned_device_get_mac (interface);
        }
    }
  if (netdevs != NULL && netdevs[0] != NULL)
    return ferry_host_device_get_netdev_mac (device, netdevs[0]);
  return NULL;
}

/* Each VF: its interface, IOMMU group (a VF alone in its group can go to a guest by itself)
 * and the running guest holding it. */
static void
show_vfs (FerryPoolPage *self)
{
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  g_autoptr(GArray) vfs = ferry_inventory_dup_pool_vfs (inventory, self->pool);
  AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups,
                                                     _("Virtual Functions"), NULL);
  /* Without the host saying which VFs are held, none can be called free. */
  gboolean use_known = ferry_session_count_pool_unplaced (self->session, self->pool) == 0;

  if (vfs->len == 0)
    ferry_rows_add_row (group, _("The pool has no VFs on this host"), NULL);

  for (guint i = 0; i < vfs->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (vfs, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (inventory, address);
      const char * const *netdevs = device ? ferry_host_device_get_netdevs (device) : NULL;
      const char *holder = ferry_inventory_get_holder (inventory, address);
      g_autofree char *title = ferry_pci_address_to_string (address);
      const char *mac = find_vf_mac (self, address, device, holder);
      g_autofree char *group_text = NULL;
      g_autofree char *holder_text = NULL;
      g_autoptr(GPtrArray) parts = g_ptr_array_new_null_terminated (4, NULL, TRUE);
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (device == NULL)
        g_ptr_array_add (parts, (gpointer) _("Not present on this host"));
      if (netdevs != NULL && netdevs[0] != NULL)
        g_ptr_array_add (parts, (gpointer) netdevs[0]);
      if (mac != NULL)
        g_ptr_array_add (parts, (gpointer) mac);
      if (device != NULL && ferry_host_device_get_iommu_group (device) != FERRY_NO_IOMMU_GROUP)
        {
          group_text = g_strdup_printf (_("IOMMU group %d"),
                                        ferry_host_device_get_iommu_group (device));
          g_ptr_array_add (parts, group_text);
        }
      if (holder != NULL)
        {
          g_autofree char *name = ferry_text_dup_safe (holder, FERRY_TEXT_LABEL_MAX);

          /* Translators: %s is the guest that holds a VF now */
          g_ptr_array_add (parts, holder_text = g_strdup_printf (_("In use by %s"), name));
        }
      else if (device != NULL && use_known)
        g_ptr_array_add (parts, (gpointer) _("Free"));
      subtitle = g_strjoinv (" · ", (char **) parts->pdata);

      row = ferry_rows_add_row (group, title, subtitle);
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("network-wired-symbolic"));
    }
}

static void
show_delete (FerryPoolPage *self)
{
  AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups, NULL, NULL);
  AdwActionRow *row = ferry_rows_add_row (group, _("Delete the Pool"),
                                          _("Stops it and removes its definition"));
  GtkWidget *delete = gtk_button_new_with_mnemonic (_("_Delete…"));

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "pool.delete");
  adw_action_row_add_suffix (row, delete);
}

void
ferry_pool_page_show (FerryPoolPage *self,
                      FerrySession  *session,
                      FerryNetwork  *pool)
{
  g_return_if_fail (FERRY_IS_POOL_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_NETWORK (pool));

  ferry_rows_clear (self->page, self->groups);
  if (self->pool == NULL ||
      g_strcmp0 (ferry_network_get_name (self->pool), ferry_network_get_name (pool)) != 0)
    ferry_rows_scroll_to_top (self->page);
  g_set_object (&self->session, session);
  g_set_object (&self->pool, pool);

  /* A transient pool has no definition to edit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.edit",
                                 ferry_network_get_definition (pool) != NULL);

  show_problems (self);
  show_state (self);
  show_guests (self);
  show_vfs (self);
  show_delete (self);
}

FerryNetwork *
ferry_pool_page_get_pool (FerryPoolPage *self)
{
  g_return_val_if_fail (FERRY_IS_POOL_PAGE (self), NULL);
  return self->pool;
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryPoolPage *self = FERRY_POOL_PAGE (widget);

  if (self->pool != NULL && ferry_network_get_definition (self->pool) != NULL)
    gtk_window_present (GTK_WINDOW (ferry_pool_editor_new_for_pool (get_window (self),
                                                                    self->session, self->pool)));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryPoolPage *self = FERRY_POOL_PAGE (widget);

  if (self->pool != NULL)
    gtk_window_present (GTK_WINDOW (ferry_pool_connect_dialog_new (
      get_window (self), self->session, ferry_network_get_name (self->pool))));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FerryPoolPage    *self)
{
  Deleted *deleted;

  if (self->pool == NULL || g_str_equal (response, "cancel"))
    return;

  deleted = g_new0 (Deleted, 1);
  deleted->page = g_object_ref (self);
  deleted->name = g_strdup (ferry_network_get_name (self->pool));
  deleted->xml = g_strdup (ferry_network_get_definition (self->pool));
  deleted->autostart = ferry_network_get_autostart (self->pool);
  deleted->active = ferry_network_get_active (self->pool);
  /* "delete-anyway" is the user's explicit choice to leave running guests without it. */
  ferry_session_delete_pool_async (self->session, deleted->name,
                                   g_str_equal (response, "delete-anyway")
                                   ? FERRY_POOL_EVEN_IF_USED : FERRY_POOL_FLAGS_NONE,
                                   NULL, deleted_cb, deleted);
}

/* Deleting names the guests that reference the pool: running ones lose their network when
 * they stop, and none of them starts again without it. */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryPoolPage *self = FERRY_POOL_PAGE (widget);
  const char *name;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->pool == NULL)
    return;

  name = ferry_network_get_name (self->pool);
  users = ferry_session_dup_pool_guests (self->session, name, FALSE);
  running = ferry_session_dup_pool_guests (self->session, name, TRUE);
  /* Translators: %s is a pool (network) name */
  heading = g_strdup_printf (_("Delete “%s”?"), ferry_network_get_display_name (self->pool));
  if (running->len > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) running->pdata);
      /* Translators: %s lists guest names */
      body = g_strdup_printf (_("These guests are running with its VFs: %s. Shut them down "
                                "first, or delete the pool anyway: they keep their VF until "
                                "they stop, then will not start until they are given another "
                                "network."), names);
    }
  else if (users->len > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) users->pdata);
      /* Translators: %s lists guest names */
      body = g_strdup_printf (_("The pool is stopped and removed. These guests use it and will "
                                "not start until they are given another network: %s."), names);
    }
  else
    body = g_strdup (_("The pool is stopped and removed. No guest uses it."));

  dialog = adw_message_dialog_new (get_window (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (running->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete-anyway",
                                       _("Delete _Anyway"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete-anyway",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ferry_pool_page_dispose (GObject *object)
{
  FerryPoolPage *self = FERRY_POOL_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->pool);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_POOL_PAGE);

  G_OBJECT_CLASS (ferry_pool_page_parent_class)->dispose (object);
}

static void
ferry_pool_page_class_init (FerryPoolPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_pool_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-pool-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPoolPage, page);

  gtk_widget_class_install_action (widget_class, "pool.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "pool.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "pool.delete", NULL, delete_action);
}

static void
ferry_pool_page_init (FerryPoolPage *self)
{
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
