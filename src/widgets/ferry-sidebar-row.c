/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-sidebar-row"

#include "config.h"

#include "ferry-guest.h"
#include "ferry-rows.h"
#include "ferry-sidebar-item.h"
#include "ferry-sidebar-row.h"

/* A row of the sidebar: a guest (its state icon, labelled for screen readers, and the state
 * in words under its name follow the guest) or a fixed entry (Host, SR-IOV Pools, the Guests
 * heading). The row's title, icon-name and icon-label follow the item through binding groups,
 * and set the widgets themselves. */
struct _FerrySidebarRow
{
  GtkWidget      parent_instance;

  GObject       *item;
  char          *title;
  char          *icon_name;
  char          *icon_label;
  GBindingGroup *guest_bindings;
  GBindingGroup *entry_bindings;

  GtkWidget     *icon;
  GtkWidget     *label;
  GtkWidget     *state_label;
};

G_DEFINE_FINAL_TYPE (FerrySidebarRow, ferry_sidebar_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_ICON_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *FIELD with a copy of VALUE; whether it changed. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
is_heading (FerrySidebarRow *self)
{
  return FERRY_IS_SIDEBAR_ITEM (self->item) &&
         ferry_sidebar_item_get_kind (FERRY_SIDEBAR_ITEM (self->item)) == FERRY_SIDEBAR_HEADING;
}

static void
set_icon_label (FerrySidebarRow *self,
                const char      *icon_label)
{
  if (!replace_string (&self->icon_label, icon_label))
    return;

  /* The state icon says the state to screen readers too, not only in its tooltip. */
  if (icon_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    icon_label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_set_tooltip_text (self->icon, icon_label);
  gtk_label_set_label (GTK_LABEL (self->state_label), icon_label);
  gtk_widget_set_visible (self->state_label, icon_label != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_LABEL]);
}

void
ferry_sidebar_row_set_item (FerrySidebarRow *self,
                            GObject         *item)
{
  g_return_if_fail (FERRY_IS_SIDEBAR_ROW (self));
  g_return_if_fail (item == NULL || FERRY_IS_GUEST (item) || FERRY_IS_SIDEBAR_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  g_binding_group_set_source (self->guest_bindings, FERRY_IS_GUEST (item) ? item : NULL);
  g_binding_group_set_source (self->entry_bindings, FERRY_IS_SIDEBAR_ITEM (item) ? item : NULL);
  if (!FERRY_IS_GUEST (item))
    set_icon_label (self, NULL);

  gtk_widget_set_visible (self->icon, item != NULL && !is_heading (self));
  /* GTK 4.8's list gives no focus to an item that cannot be selected, and its arrow keys stop
   * there: the heading takes the focus itself (and shows it) so they walk on past it. */
  gtk_widget_set_focusable (GTK_WIDGET (self), is_heading (self));
  if (is_heading (self))
    {
      gtk_widget_add_css_class (self->label, "sidebar-heading");
      gtk_widget_add_css_class (self->label, "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self), "ferry-sidebar-heading");
    }
  else
    {
      gtk_widget_remove_css_class (self->label, "sidebar-heading");
      gtk_widget_remove_css_class (self->label, "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "ferry-sidebar-heading");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* Whether the row is a place to go: everything but the Guests heading. */
gboolean
ferry_sidebar_row_get_selectable (FerrySidebarRow *self)
{
  g_return_val_if_fail (FERRY_IS_SIDEBAR_ROW (self), FALSE);
  return self->item != NULL && !is_heading (self);
}

GtkWidget *
ferry_sidebar_row_new (void)
{
  return g_object_new (FERRY_TYPE_SIDEBAR_ROW, NULL);
}

static void
ferry_sidebar_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerrySidebarRow *self = FERRY_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_ICON_LABEL:
      g_value_set_string (value, self->icon_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sidebar_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerrySidebarRow *self = FERRY_SIDEBAR_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ferry_sidebar_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_TITLE:
      if (replace_string (&self->title, g_value_get_string (value)))
        {
          gtk_label_set_label (GTK_LABEL (self->label), self->title);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ICON_NAME:
      if (replace_string (&self->icon_name, g_value_get_string (value)))
        {
          gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), self->icon_name);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ICON_LABEL:
      set_icon_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sidebar_row_dispose (GObject *object)
{
  FerrySidebarRow *self = (FerrySidebarRow *) object;

  g_clear_object (&self->guest_bindings);
  g_clear_object (&self->entry_bindings);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_SIDEBAR_ROW);

  G_OBJECT_CLASS (ferry_sidebar_row_parent_class)->dispose (object);
}

static void
ferry_sidebar_row_finalize (GObject *object)
{
  FerrySidebarRow *self = (FerrySidebarRow *) object;

  g_free (self->title);
  g_free (self->icon_name);
  g_free (self->icon_label);

  G_OBJECT_CLASS (ferry_sidebar_row_parent_class)->finalize (object);
}

static void
ferry_sidebar_row_class_init (FerrySidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_sidebar_row_dispose;
  object_class->finalize = ferry_sidebar_row_finalize;
  object_class->get_property = ferry_sidebar_row_get_property;
  object_class->set_property = ferry_sidebar_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_LABEL] =
    g_param_spec_string ("icon-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, FerrySidebarRow, label);
  gtk_widget_class_bind_template_child (widget_class, FerrySidebarRow, state_label);
}

static void
ferry_sidebar_row_init (FerrySidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_rows_tooltip_when_cut (GTK_LABEL (self->label));

  self->guest_bindings = g_binding_group_new ();
  g_binding_group_bind (self->guest_bindings, "display-name", self, "title", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->guest_bindings, "state-icon", self, "icon-name",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->guest_bindings, "state-label", self, "icon-label",
                        G_BINDING_SYNC_CREATE);
  self->entry_bindings = g_binding_group_new ();
  g_binding_group_bind (self->entry_bindings, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->entry_bindings, "icon-name", self, "icon-name",
                        G_BINDING_SYNC_CREATE);
}
