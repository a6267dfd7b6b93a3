/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pools-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-pool-check.h"
#include "ferry-pool-editor.h"
#include "ferry-pool-page.h"
#include "ferry-pools-page.h"
#include "ferry-rows.h"
#include "ferry-subpage.h"

/* The host's networks: SR-IOV VF pools (forward mode='hostdev') first, each opening its own
 * page, the rest below for orientation. */
struct _FerryPoolsPage
{
  AdwBin         parent_instance;

  FerrySession  *session;
  GSignalGroup  *session_signals;

  GtkStack      *stack;
  GtkListBox    *pools_list;
  GtkLabel      *pools_placeholder;
  GtkListBox    *networks_list;
  FerryPoolPage *pool_page;
  /* The rows wait for the page to be on screen: built and measured while hidden (the
   * window's stack measures every page), a big host's 40 pools cost the first frame with
   * device rows ~0.75 G instructions. */
  gboolean       stale;
};

static void ferry_pools_page_subpage_init (FerrySubpageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryPoolsPage, ferry_pools_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_SUBPAGE,
                                                      ferry_pools_page_subpage_init))

/* A pool's page is the sub-page of the list, titled with the pool's name. */
static const char *
compute_subpage_title (FerrySubpage *subpage)
{
  FerryPoolsPage *self = FERRY_POOLS_PAGE (subpage);
  /* The template's children go first when the page is disposed. */
  FerryNetwork *pool = self->pool_page ? ferry_pool_page_get_pool (self->pool_page) : NULL;

  if (pool != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "pool") == 0)
    return ferry_network_get_display_name (pool);
  return NULL;
}

static void
leave_subpage (FerrySubpage *subpage)
{
  gtk_stack_set_visible_child_name (FERRY_POOLS_PAGE (subpage)->stack, "list");
}

static void
ferry_pools_page_subpage_init (FerrySubpageInterface *iface)
{
  iface->compute_title = compute_subpage_title;
  iface->leave = leave_subpage;
}

static gboolean
is_pool (gpointer item,
         gpointer user_data)
{
  return ferry_network_is_hostdev_pool (item) == GPOINTER_TO_INT (user_data);
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

static GtkWidget *
state_label (FerryNetwork *network)
{
  GtkWidget *state = gtk_label_new (ferry_network_get_active (network) ? _("Active")
                                                                       : _("Inactive"));

  gtk_widget_add_css_class (state, ferry_network_get_active (network) ? "success" : "dim-label");
  return state;
}

/* A pool: what it is at a glance; activated, its page. */
static GtkWidget *
create_pool_row (gpointer item,
                 gpointer user_data)
{
  FerryPoolsPage *self = user_data;
  FerryNetwork *pool = item;
  FerryInventory *inventory = ferry_session_get_inventory (self->session);
  g_autofree char *source = ferry_network_describe_source (pool);
  g_autoptr(GPtrArray) findings = ferry_pool_check (inventory, pool);
  guint n_vfs = 0;
  guint held = ferry_inventory_count_pool_in_use (inventory, pool, &n_vfs);
  guint unplaced = ferry_session_count_pool_unplaced (self->session, pool);
  /* The host may not say which VFs running guests hold: then not "0 in use", but how many
   * run on the pool. */
  g_autofree char *subtitle =
    unplaced > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    /* Translators: a pool's source (All VFs of eth3…), then
                                     * how many running guests use it */
                                    "%s · %u running guest on it",
                                    "%s · %u running guests on it", unplaced),
                       source, unplaced)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    /* Translators: a pool's source (All VFs of eth3…), then
                                     * VFs in use and in all */
                                    "%s · %u of %u VF in use",
                                    "%s · %u of %u VFs in use", n_vfs),
                       source, held, n_vfs);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_network_get_display_name (pool));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("network-workgroup-symbolic"));
  /* The first thing in its way, told in full on its page. */
  if (findings->len > 0)
    {
      FerryFinding *first = findings->pdata[0];
      GtkWidget *warning = gtk_image_new_from_icon_name (
        ferry_rows_severity_icon (ferry_finding_get_severity (first)));

      gtk_widget_set_tooltip_text (warning, ferry_finding_get_message (first));
      gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ferry_finding_get_message (first), -1);
      gtk_widget_add_css_class (warning, ferry_finding_get_severity_name (first));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label (pool));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "pools.show-pool");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", ferry_network_get_name (pool));
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
                            ? ferry_network_describe_source (network)
                            : describe_mode (network);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  subtitle = g_strdup_printf ("%s · %s", source,
                              ferry_network_get_autostart (network)
                              ? _("starts with the host")
                              : _("started by hand"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_network_get_display_name (network));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label (network));
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

/* With no pool yet: what a pool is, and what this host needs for one. Creating VFs is shown,
 * never run. */
static void
update_placeholder (FerryPoolsPage *self)
{
  GListModel *devices = ferry_session_get_devices (self->session);
  g_autoptr(GString) text = g_string_new (_("A pool hands each guest on it a free virtual "
                                            "function (VF) of an SR-IOV network card when the "
                                            "guest starts. New Pool… makes one."));
  gboolean any_pf = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);
      const char * const *netdevs = ferry_host_device_get_netdevs (device);
      guint n_vfs = 0;

      if (ferry_host_device_get_max_vfs (device) == 0)
        continue;
      any_pf = TRUE;
      ferry_host_device_get_vfs (device, &n_vfs);
      if (n_vfs == 0 && netdevs != NULL && netdevs[0] != NULL)
        {
          g_autofree char *command = ferry_host_device_dup_create_vfs_command (device);

          g_string_append (text, "\n\n");
          g_string_append_printf (text,
                                  /* Translators: first %s is an interface, second the command
                                   * that creates its VFs (shown, not run) */
                                  _("%s has no VFs yet. To create them: %s"), netdevs[0],
                                  command);
        }
    }

  if (!any_pf)
    {
      g_string_append (text, "\n\n");
      g_string_append (text, _("This host has no SR-IOV network card: a pool needs a card whose "
                               "driver offers virtual functions (echo N > "
                               "/sys/class/net/IF/device/sriov_numvfs creates them)."));
    }
  gtk_label_set_text (self->pools_placeholder, text->str);
}

/* The pool on show follows reloads by name; gone, the list comes back. Off screen, the
 * page is brought up to date when it is mapped again. */
static void
reloaded_cb (FerryPoolsPage *self)
{
  GListModel *networks = ferry_session_get_networks (self->session);
  FerryNetwork *shown = ferry_pool_page_get_pool (self->pool_page);
  FerryNetwork *current;

  self->stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->stale)
    return;

  /* The rows count VFs held by guests, which change without the networks changing. */
  bind_filtered (self, self->pools_list, networks, TRUE);
  bind_filtered (self, self->networks_list, networks, FALSE);
  update_placeholder (self);

  if (shown == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "pool") != 0)
    return;

  current = ferry_session_lookup_network (self->session, ferry_network_get_name (shown));
  if (current != NULL && ferry_network_is_hostdev_pool (current))
    {
      ferry_pool_page_show (self->pool_page, self->session, current);
      ferry_subpage_update_title (FERRY_SUBPAGE (self));
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
show_pool_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryPoolsPage *self = FERRY_POOLS_PAGE (widget);
  FerryNetwork *pool;

  if (self->session != NULL &&
      (pool = ferry_session_lookup_network (self->session,
                                            g_variant_get_string (parameter, NULL))) != NULL)
    {
      ferry_pool_page_show (self->pool_page, self->session, pool);
      gtk_stack_set_visible_child_name (self->stack, "pool");
      ferry_subpage_update_title (FERRY_SUBPAGE (self));
    }
}

void
ferry_pools_page_set_session (FerryPoolsPage *self,
                              FerrySession   *session)
{
  g_return_if_fail (FERRY_IS_POOLS_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  gtk_stack_set_visible_child_name (self->stack, "list");
  /* Hidden, it holds nothing of the previous host until it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      gtk_list_box_bind_model (self->pools_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->networks_list, NULL, NULL, NULL, NULL);
    }
  reloaded_cb (self);
}

static void
ferry_pools_page_map (GtkWidget *widget)
{
  FerryPoolsPage *self = FERRY_POOLS_PAGE (widget);

  GTK_WIDGET_CLASS (ferry_pools_page_parent_class)->map (widget);
  if (self->stale && self->session != NULL)
    reloaded_cb (self);
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
  g_clear_object (&self->session_signals);
  /* The template's root (the stack) is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), FERRY_TYPE_POOLS_PAGE);

  G_OBJECT_CLASS (ferry_pools_page_parent_class)->dispose (object);
}

static void
ferry_pools_page_class_init (FerryPoolsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_pools_page_dispose;
  widget_class->map = ferry_pools_page_map;
  ferry_subpage_class_install_title (object_class);

  g_type_ensure (FERRY_TYPE_POOL_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-pools-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, pools_list);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, networks_list);
  gtk_widget_class_bind_template_child (widget_class, FerryPoolsPage, pool_page);

  gtk_widget_class_install_action (widget_class, "pools.new", NULL, new_pool_action);
  gtk_widget_class_install_action (widget_class, "pools.show-pool", "s", show_pool_action);
}

static void
ferry_pools_page_init (FerryPoolsPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (ferry_subpage_update_title), self, G_CONNECT_SWAPPED);
  self->session_signals = g_signal_group_new (FERRY_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "reloaded", G_CALLBACK (reloaded_cb),
                                 self, G_CONNECT_SWAPPED);

  placeholder = ferry_rows_new_placeholder (NULL);
  gtk_label_set_xalign (GTK_LABEL (placeholder), 0);
  gtk_label_set_selectable (GTK_LABEL (placeholder), TRUE);
  self->pools_placeholder = GTK_LABEL (placeholder);
  gtk_list_box_set_placeholder (self->pools_list, placeholder);
  gtk_list_box_set_placeholder (self->networks_list,
                                ferry_rows_new_placeholder (_("This host has no other networks")));
}
