/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-row.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-message.h"
#include "ferry-network.h"
#include "ferry-pool-editor.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-toast.h"
#include "ferry-pool-xml.h"
#include "ferry-rows.h"
#include "ferry-text.h"

/* A new VF pool, or an existing one edited: all VFs of one physical function, or VFs picked
 * across functions; managed, a VLAN tag (and for a new pool autostart, start now). The XML it
 * will define shows as it is typed, and nothing is defined until every field is valid. An
 * edit starts from the pool's definition, so what the editor does not own stays. */
struct _FerryPoolEditor
{
  AdwWindow            parent_instance;

  FerrySession        *session;
  FerryNetwork        *pool;            /* the pool being edited, or NULL for a new one */
  GPtrArray           *pf_interfaces;   /* the PF combo's interface names */
  GPtrArray           *vf_checks;       /* GtkCheckButton, one a VF */
  GArray              *vf_addresses;    /* FerryPciAddress, in vf_checks' order */
  char                *xml;

  AdwEntryRow         *name_row;
  AdwComboRow         *source_row;
  AdwComboRow         *pf_row;
  AdwPreferencesGroup *vfs_group;
  GtkSwitch           *managed_switch;
  AdwEntryRow         *vlan_row;
  GtkSwitch           *autostart_switch;
  GtkSwitch           *start_switch;
  GtkWidget           *autostart_row;
  GtkWidget           *start_row;
  GtkLabel            *problem_label;
  GtkTextView         *preview;
  GtkWidget           *create_button;
};

G_DEFINE_FINAL_TYPE (FerryPoolEditor, ferry_pool_editor, ADW_TYPE_WINDOW)

/* Names a new pool may not take; an edited pool keeps its own. */
static GStrv
dup_taken_names (FerryPoolEditor *self)
{
  GListModel *networks = ferry_session_get_networks (self->session);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);

      if (self->pool == NULL ||
          g_strcmp0 (ferry_network_get_name (network), ferry_network_get_name (self->pool)) != 0)
        g_strv_builder_add (names, ferry_network_get_name (network));
    }
  return g_strv_builder_end (names);
}

/* Builds the XML from the fields, or says what is wrong; only a full, valid pool can be
 * created. */
static void
changed_cb (FerryPoolEditor *self)
{
  g_autoptr(GArray) vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  g_auto(GStrv) taken = dup_taken_names (self);
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean selected_vfs = adw_combo_row_get_selected (self->source_row) == 1;
  guint pf = adw_combo_row_get_selected (self->pf_row);
  FerryPoolSpec spec = { name, NULL, NULL, 0, gtk_switch_get_active (self->managed_switch), 0 };
  int vlan = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->pf_row), !selected_vfs);
  gtk_widget_set_visible (GTK_WIDGET (self->vfs_group), selected_vfs);

  if (selected_vfs)
    {
      for (guint i = 0; i < self->vf_checks->len; i++)
        if (gtk_check_button_get_active (self->vf_checks->pdata[i]))
          g_array_append_val (vfs, g_array_index (self->vf_addresses, FerryPciAddress, i));
      spec.vfs = (const FerryPciAddress *) (gpointer) vfs->data;
      spec.n_vfs = vfs->len;
    }
  else if (pf < self->pf_interfaces->len)
    spec.pf_device = self->pf_interfaces->pdata[pf];

  g_clear_pointer (&self->xml, g_free);
  if (ferry_domain_edit_check_vlan (gtk_editable_get_text (GTK_EDITABLE (self->vlan_row)), &vlan,
                                    &error) &&
      ferry_pool_xml_check_name (name, (const char * const *) taken, &error))
    {
      spec.vlan = (guint) vlan;
      self->xml = ferry_pool_xml_build (self->pool ? ferry_network_get_definition (self->pool)
                                                   : NULL, &spec, &error);
    }

  if (self->pf_interfaces->len == 0 && !selected_vfs)
    {
      g_clear_error (&error);
      g_clear_pointer (&self->xml, g_free);
      g_set_error_literal (&error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("This host has no SR-IOV physical function with a network "
                             "interface."));
    }

  /* An empty name at the start is not yet a mistake. */
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), error != NULL && *name != '\0');
  if (error != NULL)
    gtk_label_set_label (self->problem_label, error->message);
  ferry_rows_set_text_keeping_tokens (self->preview, self->xml ? self->xml : "");
  gtk_widget_set_sensitive (self->create_button, self->xml != NULL);
}

static void
restarted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_restart_pool_finish (FERRY_SESSION (object), result, &error))
    ferry_message_show_error (parent, _("The Pool Was Not Restarted"), error);
}

/* What Restart Now restarts. */
typedef struct
{
  FerrySession *session;
  char         *pool;
} Restart;

static void
restart_free (gpointer  data,
              GClosure *closure)
{
  Restart *restart = data;

  g_object_unref (restart->session);
  g_free (restart->pool);
  g_free (restart);
}

static void
restart_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Restart          *restart)
{
  if (g_str_equal (response, "restart"))
    ferry_session_restart_pool_async (restart->session, restart->pool, NULL, restarted_cb,
                                      g_object_ref (gtk_window_get_transient_for (
                                        GTK_WINDOW (dialog))));
}

/* A running pool keeps what it started with until it restarts; a restart takes the VFs away
 * from running guests, so it is offered only when none uses the pool. */
static void
tell_restart_needed (FerryPoolEditor *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  const char *name = ferry_network_get_name (self->pool);
  g_autoptr(GPtrArray) running = ferry_session_dup_pool_guests (self->session, name, TRUE);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Restart *restart;

  if (running->len > 0)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) running->pdata);
      /* Translators: first %s is a pool, second lists running guests */
      body = g_strdup_printf (_("“%s” keeps running with its old settings until it is "
                                "restarted, which these running guests prevent: %s."), name,
                              names);
    }
  else
    /* Translators: %s is a pool (network) name */
    body = g_strdup_printf (_("“%s” keeps running with its old settings until it is "
                              "restarted. No running guest uses it now."), name);

  dialog = adw_message_dialog_new (parent, _("Saved, Not Yet in Effect"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "later", _("_Later"));
  if (running->len == 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restart",
                                       _("_Restart Now"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restart",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  restart = g_new0 (Restart, 1);
  restart->session = g_object_ref (self->session);
  restart->pool = g_strdup (name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (restart_response_cb), restart,
                         restart_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryPoolEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_widget_set_sensitive (self->create_button, TRUE);
  if (ferry_session_define_pool_finish (FERRY_SESSION (object), result, &error))
    {
      g_autofree char *title = NULL;

      if (self->pool != NULL)
        {
          /* Translators: %s is a pool (network) name */
          title = g_strdup_printf (_("“%s” changed"), ferry_network_get_display_name (self->pool));
          /* Undo puts the definition back as it was before the edit. */
          ferry_pool_toast_add (parent, self->session, title,
                                ferry_network_get_definition (self->pool), FALSE, FALSE);
          if (ferry_network_get_active (self->pool))
            tell_restart_needed (self);
        }
      else
        {
          /* Translators: %s is a pool (network) name */
          title = g_strdup_printf (_("“%s” created"),
                                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
          ferry_pool_toast_add (parent, self->session, title, NULL, FALSE, FALSE);
        }
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  /* Defined, but not started or not set to autostart: the pool exists now. */
  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_NOT_STARTED))
    {
      ferry_message_show_error (gtk_window_get_transient_for (GTK_WINDOW (self)),
                                _("Pool Created, Not Started"), error);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  text = ferry_message_dup_error_text (error);
  gtk_label_set_label (self->problem_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
}

static void
create_clicked_cb (FerryPoolEditor *self)
{
  if (self->xml == NULL)
    return;

  gtk_widget_set_sensitive (self->create_button, FALSE);
  /* An edited pool keeps its running state and autostart: those are the Pools page's. */
  ferry_session_define_pool_async (self->session, self->xml,
                                   self->pool == NULL &&
                                   gtk_switch_get_active (self->autostart_switch),
                                   self->pool == NULL && gtk_switch_get_active (self->start_switch),
                                   NULL, created_cb, g_object_ref (self));
}

/* Who uses the VF at ADDRESS, as ferryctl devices says it: "Used by nas" (a guest holds it
 * through an <interface type='hostdev'> or a <hostdev>, now or from its next boot), else
 * "Free". A pool's own VFs a guest takes at start are the pool page's to show. */
static char *
dup_vf_use (FerryPoolEditor       *self,
            const FerryPciAddress *address)
{
  GPtrArray *uses = ferry_inventory_get_uses (ferry_session_get_inventory (self->session),
                                              address);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  g_autofree char *names = NULL;

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    if (!ferry_device_use_is_potential (uses->pdata[i]))
      g_ptr_array_add (guests, ferry_text_dup_safe (ferry_device_use_get_guest (uses->pdata[i]),
                                                    FERRY_TEXT_LABEL_MAX));
  if (guests->len == 0)
    return g_strdup (_("Free"));

  names = g_strjoinv (", ", (char **) guests->pdata);
  /* Translators: %s lists the guests that have a device in their definition */
  return g_strdup_printf (_("Used by %s"), names);
}

/* The host's SR-IOV functions: PFs (with an interface to name) for the combo, VFs for the
 * check list. */
static void
fill_sources (FerryPoolEditor *self)
{
  GListModel *devices = ferry_session_get_devices (self->session);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      const char * const *netdevs = ferry_host_device_get_netdevs (device);
      g_autofree char *address = ferry_pci_address_to_string (
        ferry_host_device_get_address (device));

      if (ferry_host_device_is_pf (device) && netdevs[0] != NULL)
        {
          guint n_vfs;
          g_autofree char *label = NULL;

          ferry_host_device_get_vfs (device, &n_vfs);
          /* Translators: a PF in the pool editor: interface, address, VFs now and at most */
          label = g_strdup_printf (_("%s — %s, %u of %u VFs"), netdevs[0], address, n_vfs,
                                   ferry_host_device_get_max_vfs (device));
          gtk_string_list_append (labels, label);
          g_ptr_array_add (self->pf_interfaces, g_strdup (netdevs[0]));
        }
      else if (ferry_host_device_is_vf (device))
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *pf = ferry_device_dup_short_address (ferry_host_device_get_pf (device));
          g_autofree char *use = dup_vf_use (self, ferry_host_device_get_address (device));
          /* Translators: first %s is the PCI address of the VF's physical function, second
           * who uses the VF ("Free", "Used by nas") */
          g_autofree char *subtitle = g_strdup_printf (_("VF of %s · %s"), pf, use);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), address);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          g_signal_connect_object (check, "toggled", G_CALLBACK (changed_cb), self,
                                   G_CONNECT_SWAPPED);
          g_ptr_array_add (self->vf_checks, check);
          g_array_append_vals (self->vf_addresses, ferry_host_device_get_address (device), 1);
          adw_preferences_group_add (self->vfs_group, row);
        }
    }

  adw_combo_row_set_model (self->pf_row, G_LIST_MODEL (labels));
}

static void
ferry_pool_editor_dispose (GObject *object)
{
  FerryPoolEditor *self = (FerryPoolEditor *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->pool);
  g_clear_pointer (&self->pf_interfaces, g_ptr_array_unref);
  g_clear_pointer (&self->vf_checks, g_ptr_array_unref);
  g_clear_pointer (&self->vf_addresses, g_array_unref);
  g_clear_pointer (&self->xml, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_POOL_EDITOR);

  G_OBJECT_CLASS (ferry_pool_editor_parent_class)->dispose (object);
}

static void
ferry_pool_editor_class_init (FerryPoolEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_pool_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-pool-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, pf_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, vfs_group);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, managed_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, vlan_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, start_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, autostart_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolEditor, create_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_pool_editor_init (FerryPoolEditor *self)
{
  self->pf_interfaces = g_ptr_array_new_with_free_func (g_free);
  self->vf_checks = g_ptr_array_new ();
  self->vf_addresses = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryPoolEditor *
ferry_pool_editor_new (GtkWindow    *parent,
                       FerrySession *session)
{
  FerryPoolEditor *self;

  g_return_val_if_fail (FERRY_IS_SESSION (session), NULL);

  self = g_object_new (FERRY_TYPE_POOL_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  fill_sources (self);
  changed_cb (self);
  return self;
}

/* The editor on POOL's definition: its name stays (libvirt cannot rename a network), and
 * running and autostart are the Pools page's switches. */
FerryPoolEditor *
ferry_pool_editor_new_for_pool (GtkWindow    *parent,
                                FerrySession *session,
                                FerryNetwork *pool)
{
  FerryPoolEditor *self;
  const char *pf_device = ferry_network_get_pf_device (pool);
  const FerryPciAddress *vfs;
  guint n_vfs;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (session), NULL);
  g_return_val_if_fail (ferry_network_get_definition (pool) != NULL, NULL);

  self = g_object_new (FERRY_TYPE_POOL_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->pool = g_object_ref (pool);
  fill_sources (self);

  /* Translators: %s is a pool (network) name */
  title = g_strdup_printf (_("Edit “%s”"), ferry_network_get_display_name (pool));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Save"));
  gtk_widget_set_visible (self->autostart_row, FALSE);
  gtk_widget_set_visible (self->start_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), ferry_network_get_name (pool));
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);

  gtk_switch_set_active (self->managed_switch, ferry_network_get_managed (pool));
  if (ferry_network_get_vlan (pool) > 0)
    {
      g_autofree char *vlan = g_strdup_printf ("%u", ferry_network_get_vlan (pool));

      gtk_editable_set_text (GTK_EDITABLE (self->vlan_row), vlan);
    }

  /* POOL was read from the live XML, which for a running pf-form pool lists its VFs too:
   * a pf pool is edited as one. */
  vfs = ferry_network_get_vfs (pool, &n_vfs);
  if (pf_device != NULL)
    {
      for (guint i = 0; i < self->pf_interfaces->len; i++)
        if (g_str_equal (self->pf_interfaces->pdata[i], pf_device))
          adw_combo_row_set_selected (self->pf_row, i);
      adw_combo_row_set_selected (self->source_row, 0);
    }
  else
    {
      for (guint i = 0; i < self->vf_checks->len; i++)
        for (guint v = 0; v < n_vfs; v++)
          if (ferry_pci_address_equal (&g_array_index (self->vf_addresses, FerryPciAddress, i),
                                       &vfs[v]))
            gtk_check_button_set_active (self->vf_checks->pdata[i], TRUE);
      adw_combo_row_set_selected (self->source_row, 1);
    }

  changed_cb (self);
  return self;
}
