/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* What keeps the session's models current: libvirt's events (a burst of them causes one
 * re-read of the host, or of just the node devices it named), and noticing a connection that
 * closed or a remote host that went silent. */

typedef struct
{
  GVirConnection *connection;
  char           *capabilities;
  char           *domain_capabilities;
  ParsedCache    *previous;   /* or NULL */
} ReloadData;

static void
reload_data_free (ReloadData *data)
{
  g_object_unref (data->connection);
  g_free (data->capabilities);
  g_free (data->domain_capabilities);
  g_clear_pointer (&data->previous, parsed_cache_unref);
  g_free (data);
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReloadData *data = task_data;
  g_autoptr(GError) error = NULL;
  HostSnapshot *snapshot = ferry_session_read_host (data->connection, data->capabilities,
                                                    data->domain_capabilities,
                                                    data->previous, NULL,
                                                    cancellable, &error);

  if (snapshot == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) host_snapshot_free);
}

static void reload_now (FerrySession *self);

static gboolean
reload_timeout_cb (gpointer user_data)
{
  FerrySession *self = user_data;

  self->reload_source = 0;
  reload_now (self);
  return G_SOURCE_REMOVE;
}

/* Events come in bursts (a guest start is several): wait for the burst to end, then read
 * the host once. */
static void
schedule_reload (FerrySession *self)
{
  if (self->reload_source != 0)
    return;

  self->reload_source = g_timeout_add (200, reload_timeout_cb, self);
}

/* A read of the whole host, once the burst is over. */
void
ferry_session_schedule_reload (FerrySession *self)
{
  self->reload_full = TRUE;
  schedule_reload (self);
}

/* A disk, or a SCSI host, target or unit on the way from a controller to one. */
static gboolean
is_disk_name (const char *name)
{
  return g_str_has_prefix (name, "block_") || g_str_has_prefix (name, "scsi_");
}

/* The node device NAME was created or updated (DELETED: deleted): once the burst is over, the
 * session updates its last snapshot with the devices the burst named, and reads the whole
 * host only where that cannot be sure. What the event callbacks call, main thread. */
void
ferry_session_nodedev_changed (FerrySession *self,
                               const char   *name,
                               gboolean      deleted)
{
  g_return_if_fail (FERRY_IS_SESSION (self));
  g_return_if_fail (name != NULL);

  /* Which function a disk hangs under takes the chain of its parents, which a whole read
   * follows; an update of some functions keeps the disks they had. A new NVMe drive's disks
   * come after its function. */
  if (is_disk_name (name))
    {
      ferry_session_schedule_reload (self);
      return;
    }

  if (self->nodedev_changes == NULL)
    self->nodedev_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The last word counts: created then deleted within a burst is gone. */
  g_hash_table_insert (self->nodedev_changes, g_strdup (name), GINT_TO_POINTER (deleted));
  schedule_reload (self);
}

static void
domain_event_cb (virConnectPtr conn,
                 virDomainPtr  domain,
                 int           event,
                 int           detail,
                 void         *opaque)
{
  g_autoptr(FerrySession) self = g_weak_ref_get (opaque);

  if (self != NULL)
    ferry_session_schedule_reload (self);
}

static void
domain_device_event_cb (virConnectPtr  conn,
                        virDomainPtr   domain,
                        const char    *alias,
                        void          *opaque)
{
  g_autoptr(FerrySession) self = g_weak_ref_get (opaque);

  if (self != NULL)
    ferry_session_schedule_reload (self);
}

/* PCI functions and network interfaces matter; their names say which is which. Nothing else is
 * asked here: this runs on the main thread, and a call to a frozen daemon from it would stop
 * the main loop, and with it libvirt's keepalive, so a live attach waiting on the same daemon
 * never learned that it was gone (seen in the lab). Whether an interface belongs to a PCI
 * function (not a container's veth…, parented to "computer") the update decides from its XML
 * on a worker thread, and one that does not is left out without reading the whole host. */
static gboolean
nodedev_matters (virNodeDevicePtr device)
{
  const char *name = virNodeDeviceGetName (device);

  return g_str_has_prefix (name, "pci_") || g_str_has_prefix (name, "net_");
}

/* One node-device event that matters: the device is read again once the burst is over. */
static void
nodedev_changed (FerrySession     *self,
                 virNodeDevicePtr  device,
                 const char       *what,
                 gboolean          deleted)
{
  self->nodedev_events++;
  g_debug ("Node device %s: %s", virNodeDeviceGetName (device), what);
  ferry_session_nodedev_changed (self, virNodeDeviceGetName (device), deleted);
}

static void
nodedev_event_cb (virConnectPtr    conn,
                  virNodeDevicePtr device,
                  int              event,
                  int              detail,
                  void            *opaque)
{
  g_autoptr(FerrySession) self = g_weak_ref_get (opaque);

  /* A disk that comes or goes matters too (a SCSI host or unit too: a USB stick, an iSCSI
   * login then cost a whole read). Update events come to nodedev_update_cb. */
  if (self != NULL && (nodedev_matters (device) || is_disk_name (virNodeDeviceGetName (device))))
    nodedev_changed (self, device, event == VIR_NODE_DEVICE_EVENT_CREATED ? "created" :
                                   event == VIR_NODE_DEVICE_EVENT_DELETED ? "deleted" :
                                   "lifecycle event",
                     event == VIR_NODE_DEVICE_EVENT_DELETED);
}

/* A driver bind or unbind (vfio-pci, driverctl) is an update, not a lifecycle event. */
static void
nodedev_update_cb (virConnectPtr    conn,
                   virNodeDevicePtr device,
                   void            *opaque)
{
  g_autoptr(FerrySession) self = g_weak_ref_get (opaque);

  if (self != NULL && nodedev_matters (device))
    nodedev_changed (self, device, "updated", FALSE);
}

static void
network_event_cb (virConnectPtr conn,
                  virNetworkPtr network,
                  int           event,
                  int           detail,
                  void         *opaque)
{
  g_autoptr(FerrySession) self = g_weak_ref_get (opaque);

  if (self != NULL)
    ferry_session_schedule_reload (self);
}

/* What one event kind's (un)registration works on: they all go at once, as each is a round
 * trip to a remote host. */
typedef struct
{
  FerrySession  *self;
  virConnectPtr  raw;
  int           *event_ids;
} EventsJob;

/* Runs FUNC for each event kind (data: the kind + 1) at once; returns when all are done. */
static void
for_each_event_at_once (GFunc      func,
                        EventsJob *job)
{
  GThreadPool *pool = g_thread_pool_new (func, job, FERRY_N_EVENTS, FALSE, NULL);

  for (guint i = 0; i < FERRY_N_EVENTS; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
unregister_event (gpointer data,
                  gpointer user_data)
{
  EventsJob *job = user_data;
  guint kind = GPOINTER_TO_UINT (data) - 1;
  int id = job->event_ids[kind];

  if (id < 0)
    return;

  switch (kind)
    {
    case FERRY_EVENT_DOMAIN_LIFECYCLE:
    case FERRY_EVENT_DOMAIN_DEVICE_ADDED:
    case FERRY_EVENT_DOMAIN_DEVICE_REMOVED:
      virConnectDomainEventDeregisterAny (job->raw, id);
      break;
    case FERRY_EVENT_NODEDEV_LIFECYCLE:
    case FERRY_EVENT_NODEDEV_UPDATE:
      virConnectNodeDeviceEventDeregisterAny (job->raw, id);
      break;
    case FERRY_EVENT_NETWORK:
      virConnectNetworkEventDeregisterAny (job->raw, id);
      break;
    default:
      g_assert_not_reached ();
    }
  job->event_ids[kind] = -1;
  virResetLastError ();
}

/* Deregisters the events EVENT_IDS (FERRY_N_EVENTS of them, -1 for none) from RAW, and
 * marks them all -1. */
void
ferry_session_unregister_events (virConnectPtr  raw,
                                 int           *event_ids)
{
  EventsJob job = { NULL, raw, event_ids };

  for_each_event_at_once (unregister_event, &job);
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gpointer
new_weak_ref (FerrySession *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

static void
register_event (gpointer data,
                gpointer user_data)
{
  EventsJob *job = user_data;
  guint kind = GPOINTER_TO_UINT (data) - 1;
  int *id = &job->event_ids[kind];
  gpointer weak = new_weak_ref (job->self);

  switch (kind)
    {
    case FERRY_EVENT_DOMAIN_LIFECYCLE:
      *id = virConnectDomainEventRegisterAny (job->raw, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK (domain_event_cb),
                                              weak, free_weak_ref);
      break;
    case FERRY_EVENT_DOMAIN_DEVICE_ADDED:
      *id = virConnectDomainEventRegisterAny (job->raw, NULL, VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
                                              VIR_DOMAIN_EVENT_CALLBACK (domain_device_event_cb),
                                              weak, free_weak_ref);
      break;
    case FERRY_EVENT_DOMAIN_DEVICE_REMOVED:
      *id = virConnectDomainEventRegisterAny (job->raw, NULL, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                              VIR_DOMAIN_EVENT_CALLBACK (domain_device_event_cb),
                                              weak, free_weak_ref);
      break;
    case FERRY_EVENT_NODEDEV_LIFECYCLE:
      *id = virConnectNodeDeviceEventRegisterAny (job->raw, NULL,
                                                  VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                                  VIR_NODE_DEVICE_EVENT_CALLBACK (nodedev_event_cb),
                                                  weak, free_weak_ref);
      break;
    case FERRY_EVENT_NODEDEV_UPDATE:
      *id = virConnectNodeDeviceEventRegisterAny (job->raw, NULL,
                                                  VIR_NODE_DEVICE_EVENT_ID_UPDATE,
                                                  VIR_NODE_DEVICE_EVENT_CALLBACK (nodedev_update_cb),
                                                  weak, free_weak_ref);
      break;
    case FERRY_EVENT_NETWORK:
      *id = virConnectNetworkEventRegisterAny (job->raw, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                               VIR_NETWORK_EVENT_CALLBACK (network_event_cb),
                                               weak, free_weak_ref);
      break;
    default:
      g_assert_not_reached ();
    }
  /* A registration libvirt refused (a driver without the event, a connection lost in the
   * meantime) leaves WEAK to the caller: libvirt frees it only once it took it. */
  if (*id < 0)
    free_weak_ref (weak);
  virResetLastError ();
}

/* libvirt-gobject has no node-device or network events: register them all on the raw
 * connection, into EVENT_IDS; gvir_event_register() delivers them on the GLib main loop. A
 * driver without some event kind simply reports fewer changes. Each registration is a round
 * trip to a remote host, so this runs in the connect thread, all of them at once; the
 * callbacks hold SELF weakly, as a connect may be abandoned (and its snapshot, which
 * unregisters them, freed) after the session is gone. */
void
ferry_session_register_events (FerrySession  *self,
                               virConnectPtr  raw,
                               int           *event_ids)
{
  EventsJob job = { self, raw, event_ids };

  for_each_event_at_once (register_event, &job);
}

/* SELF's connection is gone: closed, or found dead by the watch on tasks in flight. */
void
ferry_session_mark_lost (FerrySession *self)
{
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->nodedev_changes, g_hash_table_unref);
  ferry_session_set_connected (self, FALSE);
}

static gboolean
connection_closed_idle (gpointer user_data)
{
  ferry_session_mark_lost (user_data);
  return G_SOURCE_REMOVE;
}

/* libvirt calls this when the daemon goes away or keepalive gives up (libvirt-gobject 4.0
 * registers no such callback itself), from whichever thread noticed: perhaps a reload's
 * worker. Only the main loop may touch the session's state. */
static void
connection_closed_cb (virConnectPtr  conn,
                      int            reason,
                      void          *opaque)
{
  FerrySession *self = g_weak_ref_get (opaque);

  if (self != NULL)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, connection_closed_idle, self,
                                g_object_unref);
}

/* Watches RAW, SELF's connection from the moment it is open: the connect thread calls this
 * before its first read, so a daemon that dies during it is noticed too. Any thread. */
void
ferry_session_watch_connection (FerrySession  *self,
                                virConnectPtr  raw)
{
  gpointer weak;

  /* A test-driver connection never closes, and the test driver would never free the
   * callback's data either. */
  if (ferry_session_is_demo (self))
    return;

  weak = new_weak_ref (self);
  /* libvirt owns WEAK from here and frees it when the callback is unregistered. */
  if (virConnectRegisterCloseCallback (raw, connection_closed_cb, weak, free_weak_ref) < 0)
    free_weak_ref (weak);
  /* Notice a remote host that vanished without closing the socket. Drivers without
   * keepalive (local, test) simply decline. */
  if (self->silence_seconds > 0)
    {
      int interval, count;

      ferry_session_keepalive_for (self->silence_seconds, &interval, &count);
      virConnectSetKeepAlive (raw, interval, count);
    }
  virResetLastError ();
}

/* libvirt probes a connection that received nothing for INTERVAL seconds, then every
 * INTERVAL, and closes it after COUNT probes went unanswered: silent for about
 * INTERVAL × (COUNT + 1) seconds. Any message from the host starts the count again, so a
 * slow host that keeps answering is never given up on. */
void
ferry_session_keepalive_for (guint  silence_seconds,
                             int   *interval,
                             int   *count)
{
  guint seconds = MIN (silence_seconds, 3600);

  *interval = MAX (1, (int) seconds / 6);
  *count = MAX (1, (int) seconds / *interval - 1);
}

void
ferry_session_unwatch_connection (virConnectPtr raw)
{
  virConnectUnregisterCloseCallback (raw, connection_closed_cb);
  virResetLastError ();
}

/* Takes a reload's SNAPSHOT into SELF's models, or says why there is none (ERROR); then
 * starts what events asked for meanwhile. */
static void
reload_done (FerrySession *self,
             HostSnapshot *snapshot,
             GError       *error)
{
  self->reloading = FALSE;

  /* A connection lost under the read needs no warning: the session says so (connected). */
  if (snapshot != NULL)
    ferry_session_apply_snapshot (self, snapshot);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST))
    g_warning ("Cannot re-read the host: %s", error->message);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      schedule_reload (self);
    }
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HostSnapshot *snapshot;
  g_autoptr(GError) error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  reload_done (FERRY_SESSION (object), snapshot, error);
  /* What the models did not take: the records a merge found unchanged, and more. Not the
   * connection: libvirt-gobject closes its last reference's connection where it goes, and
   * the main loop runs that connection's event callbacks (a reload's snapshot registered
   * none). */
  if (snapshot != NULL)
    g_clear_object (&snapshot->connection);
  ferry_session_free_in_background (snapshot, (GDestroyNotify) host_snapshot_free);
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FerrySession *self = FERRY_SESSION (object);
  g_autoptr(HostSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  guint fetched = 0;

  snapshot = ferry_session_update_nodedevs_finish (self, result, &fetched, &error);
  self->nodedev_fetched += fetched;
  if (snapshot == NULL && error == NULL)
    {
      /* Not sure of the update: the whole host, now, before anything else that waits. */
      g_debug ("Node-device update not sure after %u devices: reading the whole host", fetched);
      self->reloading = FALSE;
      self->reload_full = TRUE;
      reload_now (self);
      return;
    }
  if (snapshot != NULL)
    self->nodedev_updates++;
  reload_done (self, snapshot, error);
}

static void
reload_now (FerrySession *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) changes = NULL;
  ReloadData *data;

  if (!self->connected)
    return;

  /* One reload at a time; events during it ask for one more after it. */
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }

  /* Node devices alone: only they are read again, on top of the last read, unless they are
   * too many (one list call and every XML at once is cheaper then). */
  changes = g_steal_pointer (&self->nodedev_changes);
  if (!self->reload_full)
    {
      if (changes == NULL)
        return;
      if (g_hash_table_size (changes) <= FERRY_NODEDEV_UPDATE_MAX &&
          self->inventory != NULL && self->netdevs != NULL)
        {
          self->reloading = TRUE;
          ferry_session_update_nodedevs (self, changes, update_cb, NULL);
          return;
        }
    }

  /* The whole host then: what the events named is in it. */
  self->reload_full = FALSE;
  self->full_reads++;
  self->reloading = TRUE;
  data = g_new0 (ReloadData, 1);
  data->connection = g_object_ref (self->connection);
  data->capabilities = g_strdup (self->capabilities);
  data->domain_capabilities = g_strdup (self->domain_capabilities);
  data->previous = self->parsed ? parsed_cache_ref (self->parsed) : NULL;
  task = ferry_session_new_task (self, self->cancellable, reload_cb, NULL, reload_now, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) reload_data_free);
  g_task_run_in_thread (task, reload_thread);
}

/* Re-reads the host now, as events would; the models change in place. */
void
ferry_session_reload (FerrySession *self)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  self->reload_full = TRUE;
  reload_now (self);
}

