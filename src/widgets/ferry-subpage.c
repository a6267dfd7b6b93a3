/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-subpage"

#include "config.h"

#include "ferry-subpage.h"

/* The "subpage-title" property, kept here once for every page: the page says what its title
 * is now (compute_title) whenever what it shows changes; the property holds the last answer,
 * so the window hears of real changes only. */

G_DEFINE_INTERFACE (FerrySubpage, ferry_subpage, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUBPAGE_TITLE,
};

static GQuark title_quark;

static void
ferry_subpage_default_init (FerrySubpageInterface *iface)
{
  title_quark = g_quark_from_static_string ("ferry-subpage-title");
  g_object_interface_install_property (
    iface, g_param_spec_string ("subpage-title", NULL, NULL, NULL,
                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SUBPAGE_TITLE:
      g_value_set_string (value, ferry_subpage_get_title (FERRY_SUBPAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* For a page class's class_init: the title is the pages' one property, so the interface
 * reads it for them. */
void
ferry_subpage_class_install_title (GObjectClass *object_class)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));

  object_class->get_property = get_property;
  g_object_class_override_property (object_class, PROP_SUBPAGE_TITLE, "subpage-title");
}

/* The sub-page on show's title, or NULL while the page's own list is on show. */
const char *
ferry_subpage_get_title (FerrySubpage *self)
{
  g_return_val_if_fail (FERRY_IS_SUBPAGE (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), title_quark);
}

/* Asks the page for its title again, after what it shows changed. */
void
ferry_subpage_update_title (FerrySubpage *self)
{
  const char *title;

  g_return_if_fail (FERRY_IS_SUBPAGE (self));

  title = FERRY_SUBPAGE_GET_IFACE (self)->compute_title (self);
  if (g_strcmp0 (title, ferry_subpage_get_title (self)) == 0)
    return;
  g_object_set_qdata_full (G_OBJECT (self), title_quark, g_strdup (title), g_free);
  g_object_notify (G_OBJECT (self), "subpage-title");
}

void
ferry_subpage_leave (FerrySubpage *self)
{
  g_return_if_fail (FERRY_IS_SUBPAGE (self));

  FERRY_SUBPAGE_GET_IFACE (self)->leave (self);
}
