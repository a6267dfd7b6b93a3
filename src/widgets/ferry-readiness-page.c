/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-readiness-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-readiness-check.h"
#include "ferry-readiness-page.h"
#include "ferry-rows.h"
#include "ferry-text.h"

/* Host readiness: each check with pass / warning / failure, what to do in plain words, and
 * the commands to copy (Ferry never runs them); then the connection and what could not be
 * read. */
struct _FerryReadinessPage
{
  AdwBin               parent_instance;

  FerrySession        *session;
  GPtrArray           *check_rows;
  /* The session on show, and its readiness checks. */
  GSignalGroup        *session_signals;
  GSignalGroup        *readiness_signals;

  AdwPreferencesGroup *checks_group;
  AdwActionRow        *hostname_row;
  AdwActionRow        *uri_row;
  AdwActionRow        *hypervisor_row;
  AdwActionRow        *version_row;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;
};

G_DEFINE_FINAL_TYPE (FerryReadinessPage, ferry_readiness_page, ADW_TYPE_BIN)

static GtkWidget *
status_icon (FerryCheckStatus status)
{
  static const struct { const char *icon, *style; } looks[] = {
    [FERRY_CHECK_PASS] = { "emblem-ok-symbolic", "success" },
    [FERRY_CHECK_WARN] = { "dialog-warning-symbolic", "warning" },
    [FERRY_CHECK_FAIL] = { "dialog-error-symbolic", "error" },
    [FERRY_CHECK_UNKNOWN] = { "dialog-question-symbolic", "dim-label" },
  };
  GtkWidget *icon = gtk_image_new_from_icon_name (looks[status].icon);

  gtk_widget_add_css_class (icon, looks[status].style);
  return icon;
}

/* The connection that fixes a check, one click away. */
static GtkWidget *
fix_uri_row (const char *uri)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open the System Connection"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), uri);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
check_row (FerryReadinessCheck *check)
{
  const char *remedy = ferry_readiness_check_get_remedy (check);
  const char * const *commands = ferry_readiness_check_get_commands (check);
  FerryCheckStatus status = ferry_readiness_check_get_status (check);
  GtkWidget *row;

  if (remedy == NULL && commands[0] == NULL)
    {
      row = adw_action_row_new ();
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon (status));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ferry_readiness_check_get_summary (check));
    }
  else
    {
      row = adw_expander_row_new ();
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), status_icon (status));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                     ferry_readiness_check_get_summary (check));
      /* Failures open with their fix showing. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), status == FERRY_CHECK_FAIL);
      if (remedy != NULL)
        {
          GtkWidget *label = gtk_label_new (remedy);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_set_margin_top (label, 12);
          gtk_widget_set_margin_bottom (label, 12);
          gtk_widget_set_margin_start (label, 12);
          gtk_widget_set_margin_end (label, 12);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
        }
      for (guint i = 0; commands[i] != NULL; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), ferry_rows_new_command (commands[i]));
      if (ferry_readiness_check_get_fix_uri (check) != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  fix_uri_row (ferry_readiness_check_get_fix_uri (check)));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_readiness_check_get_title (check));
  gtk_widget_set_name (row, ferry_readiness_check_get_id (check));
  return row;
}

static void
update_checks (FerryReadinessPage *self)
{
  GListModel *checks = ferry_session_get_readiness (self->session);

  for (guint i = 0; i < self->check_rows->len; i++)
    adw_preferences_group_remove (self->checks_group, self->check_rows->pdata[i]);
  g_ptr_array_set_size (self->check_rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (checks, i);
      GtkWidget *row = check_row (check);

      adw_preferences_group_add (self->checks_group, row);
      g_ptr_array_add (self->check_rows, row);
    }
}

static void
update_problems (FerryReadinessPage *self)
{
  const char * const *problems = ferry_session_get_problems (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);

  for (guint i = 0; problems[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      /* A problem quotes the host's names. */
      g_autofree char *text = ferry_text_dup_safe (problems[i], 0);

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
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
ferry_readiness_page_set_session (FerryReadinessPage *self,
                                  FerrySession       *session)
{
  g_return_if_fail (FERRY_IS_READINESS_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->readiness_signals, ferry_session_get_readiness (session));

  set_property_row (self->hostname_row, ferry_session_get_hostname (session));
  set_property_row (self->uri_row, ferry_session_get_uri (session));
  set_property_row (self->version_row, ferry_session_get_libvirt_version (session));
  set_property_row (self->hypervisor_row,
                    ferry_session_is_demo (session)
                    /* Translators: the demo host runs on libvirt's test driver */
                    ? _("Demo host (libvirt test driver)")
                    : ferry_session_get_hypervisor (session));

  update_checks (self);
  update_problems (self);
}

static void
ferry_readiness_page_dispose (GObject *object)
{
  FerryReadinessPage *self = (FerryReadinessPage *) object;

  g_clear_object (&self->session_signals);
  g_clear_object (&self->readiness_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->check_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_READINESS_PAGE);

  G_OBJECT_CLASS (ferry_readiness_page_parent_class)->dispose (object);
}

static void
ferry_readiness_page_class_init (FerryReadinessPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_readiness_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-readiness-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, checks_group);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, hostname_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, uri_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, hypervisor_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FerryReadinessPage, problems_list);
}

static void
ferry_readiness_page_init (FerryReadinessPage *self)
{
  self->check_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->readiness_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->readiness_signals, "items-changed",
                                 G_CALLBACK (update_checks), self, G_CONNECT_SWAPPED);
  self->session_signals = g_signal_group_new (FERRY_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "reloaded",
                                 G_CALLBACK (update_problems), self, G_CONNECT_SWAPPED);
}
