/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-message.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-toast.h"
#include "ferry-window.h"

/* Every write to a pool answers with a toast; where the pool's previous definition is known
 * (an edit, a delete), its Undo defines it again as it was. */

typedef struct
{
  GtkWindow    *window;
  FerrySession *session;
  char         *xml;
  gboolean      autostart;
  gboolean      start;
} PoolUndo;

static void
pool_undo_free (gpointer  data,
                GClosure *closure)
{
  PoolUndo *undo = data;

  g_object_unref (undo->window);
  g_object_unref (undo->session);
  g_free (undo->xml);
  g_free (undo);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_define_pool_finish (FERRY_SESSION (object), result, &error))
    ferry_message_show_error (window, _("Cannot Undo"), error);
}

static void
undo_clicked_cb (AdwToast *toast,
                 PoolUndo *undo)
{
  ferry_session_define_pool_async (undo->session, undo->xml, undo->autostart, undo->start,
                                   NULL, undone_cb, g_object_ref (undo->window));
}

/* TITLE as a toast on WINDOW (a FerryWindow); with PREVIOUS_XML, an Undo that defines it
 * again (then, as AUTOSTART and START say, makes it start with the host and starts it). */
void
ferry_pool_toast_add (GtkWindow    *window,
                      FerrySession *session,
                      const char   *title,
                      const char   *previous_xml,
                      gboolean      autostart,
                      gboolean      start)
{
  AdwToast *toast;

  g_return_if_fail (FERRY_IS_WINDOW (window));
  g_return_if_fail (FERRY_IS_SESSION (session));

  toast = adw_toast_new (title);
  if (previous_xml != NULL)
    {
      PoolUndo *undo = g_new0 (PoolUndo, 1);

      undo->window = g_object_ref (window);
      undo->session = g_object_ref (session);
      undo->xml = g_strdup (previous_xml);
      undo->autostart = autostart;
      undo->start = start;
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo,
                             pool_undo_free, 0);
    }
  ferry_window_add_toast (FERRY_WINDOW (window), toast);
}
