/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-ops"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-xml.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* VF pools are libvirt networks: define, start, stop, autostart and delete them through the
 * raw API (libvirt-gobject reads networks only), in a GTask thread. Errors carry libvirt's own
 * words and, for the ones pool users meet, what they mean. One function per verb; the verbs
 * share one worker. */

typedef enum
{
  POOL_DEFINE,          /* XML; then AUTOSTART and START as asked */
  POOL_START,
  POOL_STOP,
  POOL_SET_AUTOSTART,   /* to AUTOSTART */
  POOL_DELETE,          /* stop if active, then undefine */
  POOL_RESTART,         /* stop and start: the definition takes effect */
} PoolAction;

typedef struct
{
  virConnectPtr    conn;
  PoolAction       action;
  char            *name;
  char            *xml;
  gboolean         autostart;
  gboolean         start;
} PoolData;

static void
pool_data_free (PoolData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_free (data->name);
  g_free (data->xml);
  g_free (data);
}

static void
set_pool_error_code (GError     **error,
                     int          code,
                     const char  *what)
{
  ferry_set_libvirt_error (error, code, what, virGetLastErrorMessage ());
}

static void
set_pool_error (GError     **error,
                const char  *what)
{
  set_pool_error_code (error, FERRY_ERROR_LIBVIRT, what);
}

static void
pool_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PoolData *data = task_data;
  virConnectPtr conn = data->conn;
  g_autoptr(virNetwork) network = NULL;
  g_autoptr(GError) error = NULL;

  if (conn == NULL)
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_LIBVIRT, _("Not connected"));
      return;
    }

  if (data->action == POOL_DEFINE)
    network = virNetworkDefineXML (conn, data->xml);
  else
    network = virNetworkLookupByName (conn, data->name);

  if (network == NULL)
    {
      set_pool_error (&error, data->action == POOL_DEFINE
                              ? _("libvirt refused the pool")
                              : _("Cannot find the pool"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (data->action)
    {
    case POOL_DEFINE:
      /* The definition stands even when starting fails: once the card has VFs the pool
       * starts as it is. */
      if (data->autostart && virNetworkSetAutostart (network, 1) < 0)
        set_pool_error_code (&error, FERRY_ERROR_NOT_STARTED,
                             _("The pool is defined, but cannot be set to start with the host"));
      else if (data->start && virNetworkCreate (network) < 0)
        set_pool_error_code (&error, FERRY_ERROR_NOT_STARTED,
                             _("The pool is defined, but cannot be started"));
      break;

    case POOL_START:
      if (virNetworkCreate (network) < 0)
        set_pool_error (&error, _("Cannot start the pool"));
      break;

    case POOL_STOP:
      if (virNetworkDestroy (network) < 0)
        set_pool_error (&error, _("Cannot stop the pool"));
      break;

    case POOL_RESTART:
      if (virNetworkDestroy (network) < 0)
        set_pool_error (&error, _("Cannot stop the pool"));
      else if (virNetworkCreate (network) < 0)
        set_pool_error (&error, _("The pool stopped, but cannot be started again"));
      break;

    case POOL_SET_AUTOSTART:
      if (virNetworkSetAutostart (network, data->autostart ? 1 : 0) < 0)
        set_pool_error (&error, _("Cannot change whether the pool starts with the host"));
      break;

    case POOL_DELETE:
      if (virNetworkIsActive (network) == 1 && virNetworkDestroy (network) < 0)
        set_pool_error (&error, _("Cannot stop the pool"));
      else if (virNetworkIsPersistent (network) == 1 && virNetworkUndefine (network) < 0)
        set_pool_error (&error, _("The pool is stopped, but cannot be deleted"));
      break;

    default:
      g_assert_not_reached ();
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The one rule for changing a pool, said before libvirt is asked: NAME is a VF pool of this
 * host (a network with <forward mode='hostdev'>: Ferry never touches the others), and
 * stopping it (STOPPING: stop, restart, delete) is refused while running guests hold its VFs,
 * naming them. */
gboolean
ferry_session_check_pool_change (FerrySession  *session,
                                 const char    *name,
                                 gboolean       stopping,
                                 GError       **error)
{
  FerryNetwork *network;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *names = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (session), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!(network = ferry_session_lookup_network (session, name)))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   /* Translators: %s is a network name */
                   _("This host has no network “%s”."), name);
      return FALSE;
    }
  if (!ferry_network_is_hostdev_pool (network))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   /* Translators: %s is a network name */
                   _("“%s” is not a VF pool (a network with <forward mode='hostdev'>): Ferry "
                     "leaves other networks to the tools that made them."), name);
      return FALSE;
    }
  if (!stopping || ferry_network_get_active (network) == FALSE)
    return TRUE;

  users = ferry_session_dup_pool_guests (session, name, TRUE);
  if (users->len == 0)
    return TRUE;
  names = g_strjoinv (", ", (char **) users->pdata);
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_IN_USE,
               /* Translators: first %s is a pool name, second a list of guest names */
               _("Running guests hold VFs of “%s”: %s. Shut them down first: a pool that stops "
                 "takes their network away."), name, names);
  return FALSE;
}

static void
run_pool_action (FerrySession        *session,
                 PoolAction           action,
                 const char          *name,
                 const char          *xml,
                 gboolean             autostart,
                 gboolean             start,
                 gboolean             even_if_used,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PoolData *data;

  task = ferry_session_new_operation (session, cancellable, callback, user_data, source_tag,
                                      TRUE);
  if (action != POOL_DEFINE &&
      !ferry_session_check_pool_change (session, name,
                                        action == POOL_STOP || action == POOL_RESTART ||
                                        (action == POOL_DELETE && !even_if_used),
                                        &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (PoolData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->action = action;
  data->name = g_strdup (name);
  data->xml = g_strdup (xml);
  data->autostart = autostart;
  data->start = start;

  /* The models follow (network events, and a re-read for drivers without them), after a
   * failure too: a define may stand though the start failed. */
  g_task_set_task_data (task, data, (GDestroyNotify) pool_data_free);
  g_task_run_in_thread (task, pool_thread);
}

static gboolean
finish_pool_action (FerrySession  *session,
                    GAsyncResult  *result,
                    gpointer       source_tag,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Defines a pool from XML; then, as asked, makes it start with the host and starts it. When
 * the definition stands but a later step fails, the error is FERRY_ERROR_NOT_STARTED. */
void
ferry_session_define_pool_async (FerrySession        *session,
                                 const char          *xml,
                                 gboolean             autostart,
                                 gboolean             start,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (xml != NULL);

  run_pool_action (session, POOL_DEFINE, NULL, xml, autostart, start, FALSE,
                   ferry_session_define_pool_async, cancellable, callback, user_data);
}

gboolean
ferry_session_define_pool_finish (FerrySession  *session,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pool_action (session, result, ferry_session_define_pool_async, error);
}

void
ferry_session_start_pool_async (FerrySession        *session,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  run_pool_action (session, POOL_START, name, NULL, FALSE, FALSE, FALSE,
                   ferry_session_start_pool_async, cancellable, callback, user_data);
}

gboolean
ferry_session_start_pool_finish (FerrySession  *session,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pool_action (session, result, ferry_session_start_pool_async, error);
}

void
ferry_session_stop_pool_async (FerrySession        *session,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  run_pool_action (session, POOL_STOP, name, NULL, FALSE, FALSE, FALSE,
                   ferry_session_stop_pool_async, cancellable, callback, user_data);
}

gboolean
ferry_session_stop_pool_finish (FerrySession  *session,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pool_action (session, result, ferry_session_stop_pool_async, error);
}

void
ferry_session_set_pool_autostart_async (FerrySession        *session,
                                        const char          *name,
                                        gboolean             autostart,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  run_pool_action (session, POOL_SET_AUTOSTART, name, NULL, autostart, FALSE, FALSE,
                   ferry_session_set_pool_autostart_async, cancellable, callback, user_data);
}

gboolean
ferry_session_set_pool_autostart_finish (FerrySession  *session,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pool_action (session, result, ferry_session_set_pool_autostart_async, error);
}

/* Stops the pool if it runs, then removes its definition; refused while running guests hold
 * its VFs, unless FLAGS has FERRY_POOL_EVEN_IF_USED. */
void
ferry_session_delete_pool_async (FerrySession        *session,
                                 const char          *name,
                                 FerryPoolFlags       flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  run_pool_action (session, POOL_DELETE, name, NULL, FALSE, FALSE,
                   (flags & FERRY_POOL_EVEN_IF_USED) != 0,
                   ferry_session_delete_pool_async, cancellable, callback, user_data);
}

gboolean
ferry_session_delete_pool_finish (FerrySession  *session,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pool_action (session, result, ferry_session_delete_pool_async, error);
}

/* Stops and starts the pool, so that its edited definition takes effect. */
void
ferry_session_restart_pool_async (FerrySession        *session,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  run_pool_action (session, POOL_RESTART, name, NULL, FALSE, FALSE, FALSE,
                   ferry_session_restart_pool_async, cancellable, callback, user_data);
}

gboolean
ferry_session_restart_pool_finish (FerrySession  *session,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_pool_action (session, result, ferry_session_restart_pool_async, error);
}
