/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pools-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-change.h"
#include "ferry-domain-edit.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-pool-editor.h"
#include "ferry-pool-ops.h"
#include "ferry-pools-page.h"
#include "ferry-rows.h"

/* The host's networks: SR-IOV VF pools (forward mode='hostdev') first, the rest below. */
struct _FerryPoolsPage
{
  AdwBin        parent_instance;

  FerrySession *session;

  GtkListBox   *pools_list;
  GtkListBox   *networks_list;
};

G_DEFINE_FINAL_TYPE (FerryPoolsPage, ferry_pools_page, ADW_TYPE_BIN)

static gboolean
is_pool (gpointer item,
         gpointer user_data)
{
  return ferry_network_is_hostdev_pool (item) == GPOINTER_TO_INT (user_data);
}

static char *
describe_source (FerryNetwork *network)
{
  guint n_vfs = 0;

  ferry_network_get_vfs (network, &n_vfs);

  if (ferry_network_get_pf_device (network) != NULL)
    /* Translators: %s is a network interface name such as eth3 */
    return g_strdup_printf (_("All VFs of %s"), ferry_network_get_pf_device (network));

  /* Translators: %u is a number of SR-IOV virtual functions */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected VF", "%u selected VFs",
                                       n_vfs),
                          n_vfs);
}

static char *
describe_mode (FerryNetwork *network)
{
  const char *mode = ferry_network_get_forward_mode (network);
  const char *bridge = ferry_network_get_bridge (network);

  if (bridge != NULL)
    /* Translators: first %s is a libvirt forward mode (nat, route, bridge…), second a bridge */
    return g_strdup_printf (_("Forward mode %s, bridge %s"), mode, bridge);

  /* Translators: %s is a libvirt forward mode (nat, route, bridge…) */
  return g_strdup_printf (_("Forward mode %s"), mode);
}

static void
show_message (FerryPoolsPage *self,
              const char     *heading,
              const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pool_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryPoolsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_pool_finish (FERRY_SESSION (object), result, &error))
    show_message (self, _("The Pool Did Not Change"), error->message);
}

/* Guests whose definition uses POOL (ACTIVE_ONLY: those running now). */
static GPtrArray *
dup_pool_guests (FerryPoolsPage *self,
                 const char     *pool,
                 gboolean        active_only)
{
  GListModel *guests = ferry_session_get_guests (self->session);
  GPtrArray *names = g_ptr_array_new_null_terminated (1, g_free, TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      if ((!active_only || ferry_guest_is_active (guest)) && ferry_guest_uses_network (guest, pool))
        g_ptr_array_add (names, g_strdup (ferry_guest_get_name (guest)));
    }
  return names;
}

static gboolean
running_set_cb (GtkSwitch      *toggle,
                gboolean        state,
                FerryPoolsPage *self)
{
  const char *pool = g_object_get_data (G_OBJECT (toggle), "pool");

  if (!state)
    {
      g_autoptr(GPtrArray) users = dup_pool_guests (self, pool, TRUE);

      /* Stopping takes the VFs from running guests: refuse, and say who. */
      if (users->len > 0)
        {
          g_autofree char *names = g_strjoinv (", ", (char **) users->pdata);
          /* Translators: %s lists guest names */
          g_autofree char *body = g_strdup_printf (_("Running guests use its VFs: %s. Stop them "
                                                     "first."), names);

          show_message (self, _("The Pool Is in Use"), body);
          return TRUE;
        }
    }

  ferry_session_pool_async (self->session, state ? FERRY_POOL_START : FERRY_POOL_STOP, pool,
                            NULL, FALSE, FALSE, NULL, pool_done_cb, g_object_ref (self));
  return FALSE;
}

static gboolean
autostart_set_cb (GtkSwitch      *toggle,
                  gboolean        state,
                  FerryPoolsPage *self)
{
  ferry_session_pool_async (self->session, FERRY_POOL_SET_AUTOSTART,
                            g_object_get_data (G_OBJECT (toggle), "pool"), NULL, state, FALSE,
                            NULL, pool_done_cb, g_object_ref (self));
  return FALSE;
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FerryPoolsPage   *self)
{
  if (g_str_equal (response, "delete"))
    ferry_session_pool_async (self->session, FERRY_POOL_DELETE,
                              g_object_get_data (G_OBJECT (dialog), "pool"), NULL, FALSE, FALSE,
                              NULL, pool_done_cb, g_object_ref (self));
}

static void
delete_clicked_cb (GtkButton      *button,
                   FerryPoolsPage *self)
{
  const char *pool = g_object_get_data (G_OBJECT (button), "pool");
  g_autoptr(GPtrArray) users = dup_pool_guests (self, pool, FALSE);
  /* Translators: %s is a pool (network) name */
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), pool);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (users->len > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) users->pdata);
      /* Translators: %s lists guest names */
      body = g_strdup_printf (_("The pool is stopped and removed. These guests use it and will "
                                "not start until they are given another network: %s."), names);
    }
  else
    body = g_strdup (_("The pool is stopped and removed. No guest uses it."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (pool), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pool_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  FerryPoolsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  g_autofree char *title = NULL;

  if (!ferry_session_connect_pool_finish (FERRY_SESSION (object), result, &error))
    {
      show_message (self, _("The Guest Was Not Connected"), error->message);
      return;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  /* Translators: first %s is a guest, second a pool (network) name */
  title = g_strdup_printf (_("%s now has an interface on %s"),
                           (const char *) g_object_get_data (G_OBJECT (dialog), "guest"),
                           (const char *) g_object_get_data (G_OBJECT (dialog), "pool"));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
connect_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FerryPoolsPage   *self)
{
  AdwComboRow *guest_row = g_object_get_data (G_OBJECT (dialog), "guest-row");
  GtkEditable *mac_row = g_object_get_data (G_OBJECT (dialog), "mac-row");
  GtkStringObject *guest = adw_combo_row_get_selected_item (guest_row);

  if (!g_str_equal (response, "connect") || guest == NULL)
    return;

  g_object_set_data_full (G_OBJECT (dialog), "guest",
                          g_strdup (gtk_string_object_get_string (guest)), g_free);
  /* The toast or error goes to the page: kept alive until libvirt answers. */
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  ferry_session_connect_pool_async (self->session, gtk_string_object_get_string (guest),
                                    g_object_get_data (G_OBJECT (dialog), "pool"),
                                    gtk_editable_get_text (mac_row), NULL, pool_connected_cb,
                                    g_object_ref (dialog));
}

/* An optional MAC: checked as typed, so Connect is only offered for one libvirt accepts. */
static void
mac_changed_cb (GtkEditable      *mac_row,
                AdwMessageDialog *dialog)
{
  GtkWidget *error_label = g_object_get_data (G_OBJECT (dialog), "error-label");
  const char *mac = gtk_editable_get_text (mac_row);
  g_autoptr(GError) error = NULL;
  gboolean valid = *mac == '\0' || ferry_domain_edit_check_mac (mac, &error);

  gtk_label_set_text (GTK_LABEL (error_label), valid ? "" : error->message);
  gtk_widget_set_visible (error_label, !valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (mac_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (mac_row), "error");
  adw_message_dialog_set_response_enabled (dialog, "connect",
                                           valid && adw_combo_row_get_selected_item (
                                             g_object_get_data (G_OBJECT (dialog),
                                                                "guest-row")) != NULL);
}

/* Which guest, and optionally its MAC: the new interface takes a free VF of POOL whenever the
 * guest starts. Guests already on the pool are not offered again. */
static void
connect_clicked_cb (GtkButton      *button,
                    FerryPoolsPage *self)
{
  const char *pool = g_object_get_data (G_OBJECT (button), "pool");
  g_autoptr(GPtrArray) users = dup_pool_guests (self, pool, FALSE);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GListModel *guests = ferry_session_get_guests (self->session);
  /* Translators: %s is a pool (network) name */
  g_autofree char *heading = g_strdup_printf (_("Connect a Guest to “%s”"), pool);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *guest_row = adw_combo_row_new ();
  GtkWidget *mac_row = adw_entry_row_new ();
  GtkWidget *error_label = gtk_label_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);
      const char *name = ferry_guest_get_name (guest);

      if (!g_ptr_array_find_with_equal_func (users, name, g_str_equal, NULL))
        gtk_string_list_append (choices, name);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading,
                                   _("The guest gets a new network interface that takes a free "
                                     "VF of the pool each time it starts; a running guest gets "
                                     "it now as well. Without a MAC address, libvirt picks "
                                     "one."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (guest_row), _("Guest"));
  adw_combo_row_set_model (ADW_COMBO_ROW (guest_row), G_LIST_MODEL (choices));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (mac_row),
                                 _("MAC Address (Optional)"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), guest_row);
  gtk_list_box_append (GTK_LIST_BOX (list), mac_row);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "connect", _("C_onnect"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect",
                                           g_list_model_get_n_items (G_LIST_MODEL (choices)) > 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "pool", g_strdup (pool), g_free);
  g_object_set_data (G_OBJECT (dialog), "guest-row", guest_row);
  g_object_set_data (G_OBJECT (dialog), "mac-row", mac_row);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_signal_connect (mac_row, "changed", G_CALLBACK (mac_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (connect_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
switch_row (const char *title,
            gboolean    active,
            const char *pool,
            GCallback   handler,
            gpointer    self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data_full (G_OBJECT (toggle), "pool", g_strdup (pool), g_free);
  g_signal_connect_object (toggle, "state-set", handler, self, 0);
  return row;
}

static void
edit_clicked_cb (GtkButton      *button,
                 FerryPoolsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "pool");
  GListModel *networks = ferry_session_get_networks (self->session);

  /* The pool as the session has it now, not as it was when the row was made. */
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) pool = g_list_model_get_item (networks, i);

      if (g_strcmp0 (ferry_network_get_name (pool), name) == 0 &&
          ferry_network_get_definition (pool) != NULL)
        {
          FerryPoolEditor *editor =
            ferry_pool_editor_new_for_pool (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                            self->session, pool);

          gtk_window_present (GTK_WINDOW (editor));
          return;
        }
    }
}

/* What an edit changes: managed and the VLAN tag (the VFs are in the row's subtitle). */
static GtkWidget *
settings_row (FerryPoolsPage *self,
              FerryNetwork   *pool)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_with_mnemonic (_("_Edit…"));
  const char *managed = ferry_network_get_managed (pool) ? _("Managed by libvirt")
                                                         : _("Not managed by libvirt");
  /* Translators: %s says whether libvirt manages the VFs, %u is a VLAN tag */
  g_autofree char *subtitle = ferry_network_get_vlan (pool) > 0
                              ? g_strdup_printf (_("%s · VLAN %u"), managed,
                                                 ferry_network_get_vlan (pool))
                              : g_strdup (managed);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Settings"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  /* A transient pool has no definition to edit. */
  gtk_widget_set_sensitive (edit, ferry_network_get_definition (pool) != NULL);
  g_object_set_data_full (G_OBJECT (edit), "pool", g_strdup (ferry_network_get_name (pool)),
                          g_free);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  return row;
}

/* One VF of a pool: its interface and the running guest holding it, kept current. */
static void
update_vf_row (AdwActionRow *row)
{
  FerryPoolsPage *self = g_object_get_data (G_OBJECT (row), "page");
  const FerryPciAddress *address = g_object_get_data (G_OBJECT (row), "address");
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  FerryHostDevice *device = ferry_inventory_lookup (inventory, address);
  const char * const *netdevs = device ? ferry_host_device_get_netdevs (device) : NULL;
  const char *holder = ferry_inventory_get_holder (inventory, address);
  /* Translators: %s is the guest that holds a VF now */
  g_autofree char *state = holder ? g_strdup_printf (_("In use by %s"), holder)
                                  : g_strdup (_("Free"));
  g_autoptr(GString) subtitle = g_string_new (NULL);

  /* Interface, IOMMU group (a VF alone in its group can go to a guest by itself), holder. */
  if (netdevs != NULL && netdevs[0] != NULL)
    g_string_append_printf (subtitle, "%s · ", netdevs[0]);
  if (device != NULL && ferry_host_device_get_iommu_group (device) != FERRY_NO_IOMMU_GROUP)
    {
      g_string_append_printf (subtitle, _("IOMMU Group %d"),
                              ferry_host_device_get_iommu_group (device));
      g_string_append (subtitle, " · ");
    }
  g_string_append (subtitle, state);

  adw_action_row_set_subtitle (row, subtitle->str);
}

static GtkWidget *
vf_row (FerryPoolsPage        *self,
        const FerryPciAddress *address)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = ferry_pci_address_to_string (address);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("network-wired-symbolic"));
  g_object_set_data (G_OBJECT (row), "page", self);
  g_object_set_data_full (G_OBJECT (row), "address", g_memdup2 (address, sizeof *address),
                          g_free);
  update_vf_row (ADW_ACTION_ROW (row));
  g_signal_connect_object (self->session, "reloaded", G_CALLBACK (update_vf_row), row,
                           G_CONNECT_SWAPPED);
  return row;
}

/* Who uses the pool: kept current as guests are connected or change. */
static void
update_guests_row (AdwActionRow *row)
{
  FerryPoolsPage *self = g_object_get_data (G_OBJECT (row), "page");
  g_autoptr(GPtrArray) users = dup_pool_guests (self, g_object_get_data (G_OBJECT (row), "pool"),
                                                FALSE);
  g_autofree char *names = users->len > 0 ? g_strjoinv (", ", (char **) users->pdata) : NULL;

  adw_action_row_set_subtitle (row, names != NULL ? names : _("None yet"));
}

/* Who uses the pool, and a way to connect one more guest. */
static GtkWidget *
guests_row (FerryPoolsPage *self,
            const char     *pool)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *connect = gtk_button_new_with_mnemonic (_("_Connect a Guest…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Guests"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "page", self);
  g_object_set_data_full (G_OBJECT (row), "pool", g_strdup (pool), g_free);
  update_guests_row (ADW_ACTION_ROW (row));
  g_signal_connect_object (self->session, "reloaded", G_CALLBACK (update_guests_row), row,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_valign (connect, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (connect), "pool", g_strdup (pool), g_free);
  g_signal_connect_object (connect, "clicked", G_CALLBACK (connect_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), connect);
  return row;
}

/* A pool: what it is at a glance, and when opened, run / autostart / delete. */
static GtkWidget *
create_pool_row (gpointer item,
                 gpointer user_data)
{
  FerryPoolsPage *self = user_data;
  FerryNetwork *pool = item;
  const char *name = ferry_network_get_name (pool);
  g_autofree char *source = describe_source (pool);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", source,
                                               ferry_network_get_active (pool)
                                               ? _("active") : _("inactive"));
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *delete_row = adw_action_row_new ();
  GtkWidget *delete = gtk_button_new_with_mnemonic (_("_Delete…"));
  g_autoptr(GArray) vfs = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                               gtk_image_new_from_icon_name ("network-workgroup-symbolic"));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            switch_row (_("Running"), ferry_network_get_active (pool), name,
                                        G_CALLBACK (running_set_cb), self));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            switch_row (_("Start With the Host"),
                                        ferry_network_get_autostart (pool), name,
                                        G_CALLBACK (autostart_set_cb), self));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), settings_row (self, pool));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), guests_row (self, name));
  vfs = ferry_inventory_dup_pool_vfs (ferry_session_get_inventory (self->session), pool);
  for (guint i = 0; i < vfs->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              vf_row (self, &g_array_index (vfs, FerryPciAddress, i)));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (delete_row), _("Delete the Pool"));
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "destructive-action");
  g_object_set_data_full (G_OBJECT (delete), "pool", g_strdup (name), g_free);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (delete_row), delete);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), delete_row);
  return row;
}

static void
new_pool_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FerryPoolsPage *self = FERRY_POOLS_PAGE (widget);
  FerryPoolEditor *editor;

  if (self->session == NULL)
    return;

  editor = ferry_pool_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session);
  gtk_window_present (GTK_WINDOW (editor));
}

static GtkWidget *
create_network_row (gpointer item,
                    gpointer user_data)
{
  FerryNetwork *network = item;
  g_autofree char *source = ferry_network_is_hostdev_pool (network)
                            ? describe_source (network)
                            : describe_mode (network);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (ferry_network_get_active (network) ? _("Active")
                                                                       : _("Inactive"));

  subtitle = g_strdup_printf ("%s · %s", source,
                              ferry_network_get_autostart (network)
                              ? _("starts with the host")
                              : _("started by hand"));
  gtk_widget_add_css_class (state, ferry_network_get_active (network) ? "success"
                                                                      : "dim-label");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_network_get_name (network));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  return row;
}

static void
bind_filtered (FerryPoolsPage *self,
               GtkListBox     *list,
               GListModel     *networks,
               gboolean        pools)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GtkCustomFilter *filter = gtk_custom_filter_new (is_pool, GINT_TO_POINTER (pools), NULL);

  filtered = gtk_filter_list_model_new (g_object_ref (networks), GTK_FILTER (filter));
  gtk_list_box_bind_model (list, G_LIST_MODEL (filtered),
                           pools ? create_pool_row : create_network_row, self, NULL);
}

void
ferry_pools_page_set_session (FerryPoolsPage *self,
                              FerrySession   *session)
{
  g_return_if_fail (FERRY_IS_POOLS_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  g_set_object (&self->session, session);
  bind_filtered (self, self->pools_list, ferry_session_get_networks (session), TRUE);
  bind_filtered (self, self->networks_list, ferry_session_get_networks (session), FALSE);
}

static void
ferry_pools_page_dispose (GObject *object)
{
  FerryPoolsPage *self = FERRY_POOLS_PAGE (object);

  if (self->pools_list != NULL)
    {
      gtk_list_box_bind_model (self->pools_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->networks_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), FERRY_TYPE_POOLS_PAGE);

  G_OBJECT_CLASS (ferry_pools_page_parent_class)->dispose (object);
}

static void
ferry_pools_page_class_init (FerryPoolsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_pools_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-pools-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, pools_list);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, networks_list);

  gtk_widget_class_install_action (widget_class, "pools.new", NULL, new_pool_action);
}

static void
ferry_pools_page_init (FerryPoolsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->pools_list,
                                ferry_rows_new_placeholder (_("This host has no SR-IOV pools")));
  gtk_list_box_set_placeholder (self->networks_list,
                                ferry_rows_new_placeholder (_("This host has no other networks")));
}
