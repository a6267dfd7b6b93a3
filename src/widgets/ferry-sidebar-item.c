/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-sidebar-item"

#include "config.h"

#include "ferry-sidebar-item.h"

/* A fixed entry of the sidebar (Host, SR-IOV pools, the Guests heading); guests themselves
 * appear as FerryGuest items. */
struct _FerrySidebarItem
{
  GObject           parent_instance;

  FerrySidebarKind  kind;
  char             *title;
  char             *icon_name;
};

G_DEFINE_FINAL_TYPE (FerrySidebarItem, ferry_sidebar_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_sidebar_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerrySidebarItem *self = FERRY_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sidebar_item_finalize (GObject *object)
{
  FerrySidebarItem *self = (FerrySidebarItem *) object;

  g_free (self->title);
  g_free (self->icon_name);

  G_OBJECT_CLASS (ferry_sidebar_item_parent_class)->finalize (object);
}

static void
ferry_sidebar_item_class_init (FerrySidebarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_sidebar_item_finalize;
  object_class->get_property = ferry_sidebar_item_get_property;

  /* Fixed for the item's life: rows bind to them. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sidebar_item_init (FerrySidebarItem *self)
{
}

FerrySidebarItem *
ferry_sidebar_item_new (FerrySidebarKind  kind,
                        const char       *title,
                        const char       *icon_name)
{
  FerrySidebarItem *self = g_object_new (FERRY_TYPE_SIDEBAR_ITEM, NULL);

  self->kind = kind;
  self->title = g_strdup (title);
  self->icon_name = g_strdup (icon_name);
  return self;
}

FerrySidebarKind
ferry_sidebar_item_get_kind (FerrySidebarItem *self)
{
  g_return_val_if_fail (FERRY_IS_SIDEBAR_ITEM (self), FERRY_SIDEBAR_HOST);
  return self->kind;
}

const char *
ferry_sidebar_item_get_title (FerrySidebarItem *self)
{
  g_return_val_if_fail (FERRY_IS_SIDEBAR_ITEM (self), NULL);
  return self->title;
}

const char *
ferry_sidebar_item_get_icon_name (FerrySidebarItem *self)
{
  g_return_val_if_fail (FERRY_IS_SIDEBAR_ITEM (self), NULL);
  return self->icon_name;
}
