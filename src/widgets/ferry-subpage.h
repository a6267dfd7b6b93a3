/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_SUBPAGE (ferry_subpage_get_type ())

G_DECLARE_INTERFACE (FerrySubpage, ferry_subpage, FERRY, SUBPAGE, GtkWidget)

/* A pane's page that opens sub-pages of its own (a guest's device, a pool, Host Readiness):
 * the window's one header names the sub-page on show, and its back button leaves it. */
struct _FerrySubpageInterface
{
  GTypeInterface parent_iface;

  /* The title of the sub-page on show, or NULL while the page's own list is on show. */
  const char * (*compute_title) (FerrySubpage *self);
  /* Back to the page's own list. */
  void         (*leave)         (FerrySubpage *self);
};

void        ferry_subpage_class_install_title (GObjectClass *object_class);
const char *ferry_subpage_get_title            (FerrySubpage *self);
void        ferry_subpage_update_title         (FerrySubpage *self);
void        ferry_subpage_leave                (FerrySubpage *self);

G_END_DECLS
