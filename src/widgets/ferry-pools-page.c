/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pools-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-network.h"
#include "ferry-pools-page.h"
#include "ferry-rows.h"

/* The host's networks: SR-IOV VF pools (forward mode='hostdev') first, the rest below. */
struct _FerryPoolsPage
{
  AdwBin      parent_instance;

  GtkListBox *pools_list;
  GtkListBox *networks_list;
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
bind_filtered (GtkListBox *list,
               GListModel *networks,
               gboolean    pools)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GtkCustomFilter *filter = gtk_custom_filter_new (is_pool, GINT_TO_POINTER (pools), NULL);

  filtered = gtk_filter_list_model_new (g_object_ref (networks), GTK_FILTER (filter));
  gtk_list_box_bind_model (list, G_LIST_MODEL (filtered), create_network_row, NULL, NULL);
}

void
ferry_pools_page_set_session (FerryPoolsPage *self,
                              FerrySession   *session)
{
  g_return_if_fail (FERRY_IS_POOLS_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  bind_filtered (self->pools_list, ferry_session_get_networks (session), TRUE);
  bind_filtered (self->networks_list, ferry_session_get_networks (session), FALSE);
}

static void
ferry_pools_page_dispose (GObject *object)
{
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
