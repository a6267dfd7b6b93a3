/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-wrap-layout"

#include "config.h"

#include "ferry-wrap-layout.h"

/* Lays children out left to right at their natural width, starting a new line when one does
 * not fit, like words in a paragraph: for badges, which GtkFlowBox would spread into columns.
 * GTK 4.8 has no such layout. */
struct _FerryWrapLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (FerryWrapLayout, ferry_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

static GtkSizeRequestMode
ferry_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                    GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Places the children in WIDTH (allocating them when ALLOCATE) and returns the height used. */
static int
flow (FerryWrapLayout *self,
      GtkWidget       *widget,
      int              width,
      gboolean         allocate)
{
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width, child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      child_width = MIN (child_width, width);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height,
                          NULL, NULL);

      if (x > 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + self->spacing;
          line_height = 0;
        }

      if (allocate)
        gtk_widget_size_allocate (child,
                                  &(GtkAllocation) { x, y, child_width, child_height }, -1);

      x += child_width + self->spacing;
      line_height = MAX (line_height, child_height);
    }

  return y + line_height;
}

static void
ferry_wrap_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  FerryWrapLayout *self = FERRY_WRAP_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int widest = 0, line = 0, count = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          widest = MAX (widest, child_min);
          line += child_nat + (count++ > 0 ? self->spacing : 0);
        }

      *minimum = widest;
      *natural = line;
    }
  else
    {
      int height = flow (self, widget, for_size < 0 ? G_MAXINT / 2 : for_size, FALSE);

      *minimum = *natural = height;
    }
}

static void
ferry_wrap_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  flow (FERRY_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static void
ferry_wrap_layout_class_init (FerryWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = ferry_wrap_layout_get_request_mode;
  layout_class->measure = ferry_wrap_layout_measure;
  layout_class->allocate = ferry_wrap_layout_allocate;
}

static void
ferry_wrap_layout_init (FerryWrapLayout *self)
{
}

GtkLayoutManager *
ferry_wrap_layout_new (int spacing)
{
  FerryWrapLayout *self = g_object_new (FERRY_TYPE_WRAP_LAYOUT, NULL);

  self->spacing = spacing;
  return GTK_LAYOUT_MANAGER (self);
}
