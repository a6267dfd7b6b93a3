/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-prompt.h"
#include "ferry-readiness-check.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-wait.h"

/* The session's lifecycle (creating it, connecting), its getters and lookups. See
 * ferry-session-private.h for the other files of the class. */

enum {
  PROP_0,
  PROP_URI,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RELOADED,
  GUESTS_READ,
  PROMPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FerrySession, ferry_session, G_TYPE_OBJECT)

/* Why libvirt could not be initialized, if it could not: every connect then fails with it. */
static GError *init_error;

/* Must run before the first connection: libvirt-gobject's types, and libvirt events delivered
 * on the GLib main loop. */
void
ferry_session_init_libvirt (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      /* A host that hangs up while libvirt writes to its socket raises SIGPIPE, which would
       * end the process; libvirt leaves ignoring it to the application, and then reports the
       * lost connection as an error like any other. */
      signal (SIGPIPE, SIG_IGN);
      if (gvir_init_object_check (NULL, NULL, &init_error))
        gvir_event_register ();
      g_once_init_leave (&initialized, 1);
    }
}

/* The demo host is a libvirt test-driver file: FERRY_DEMO_HOST if set, else the installed
 * copy, else the source tree's (running uninstalled). */
char *
ferry_session_dup_demo_uri (void)
{
  const char *path = g_getenv ("FERRY_DEMO_HOST");
  g_autofree char *absolute = NULL;
  g_autofree char *escaped = NULL;

  if (path == NULL || *path == '\0')
    path = g_file_test (DEMO_HOST_INSTALLED, G_FILE_TEST_EXISTS) ? DEMO_HOST_INSTALLED
                                                                 : DEMO_HOST_SOURCE;

  absolute = g_canonicalize_filename (path, NULL);
  escaped = g_uri_escape_string (absolute, "/", FALSE);
  return g_strconcat ("test://", escaped, NULL);
}

/* Stops listening to SELF's connection: its events and its close callback. */
static void
unwatch_all (FerrySession *self)
{
  g_autoptr(virConnect) raw = NULL;

  if (self->connection == NULL)
    return;

  g_object_get (self->connection, "handle", &raw, NULL);
  if (raw == NULL)
    return;
  ferry_session_unregister_events (raw, self->event_ids);
  ferry_session_unwatch_connection (raw);
}

static void
ferry_session_dispose (GObject *object)
{
  FerrySession *self = (FerrySession *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->alive_source, g_source_remove);
  g_clear_pointer (&self->nodedev_changes, g_hash_table_unref);
  unwatch_all (self);

  G_OBJECT_CLASS (ferry_session_parent_class)->dispose (object);
}

static void
ferry_session_finalize (GObject *object)
{
  FerrySession *self = (FerrySession *) object;

  g_free (self->uri);
  g_clear_pointer (&self->kind, ferry_connection_free);
  /* Closes the connection here, not where a read's spent handles are freed. */
  ferry_session_drain_background ();
  g_clear_object (&self->connection);
  g_clear_object (&self->cancellable);
  g_free (self->hostname);
  g_free (self->hypervisor);
  g_free (self->libvirt_version);
  g_object_unref (self->guests);
  g_object_unref (self->networks);
  g_object_unref (self->devices);
  g_object_unref (self->groups);
  g_object_unref (self->readiness);
  g_strfreev (self->problems);
  g_clear_object (&self->inventory);
  g_clear_pointer (&self->host_uses, g_hash_table_unref);
  g_clear_pointer (&self->host_facts, ferry_host_facts_free);
  g_clear_pointer (&self->vfio_groups, g_hash_table_unref);
  g_clear_pointer (&self->function_states, g_hash_table_unref);
  g_clear_pointer (&self->netdevs, g_hash_table_unref);
  g_clear_pointer (&self->parsed, parsed_cache_unref);
  g_hash_table_unref (self->devices_by_address);
  g_clear_pointer (&self->devices_shown, g_ptr_array_unref);
  g_clear_pointer (&self->groups_shown, g_ptr_array_unref);
  g_clear_pointer (&self->in_flight, g_ptr_array_unref);
  g_free (self->capabilities);
  g_free (self->domain_capabilities);

  G_OBJECT_CLASS (ferry_session_parent_class)->finalize (object);
}

static void
ferry_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerrySession *self = FERRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerrySession *self = FERRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_URI:
      {
        g_autofree char *demo = ferry_session_dup_demo_uri ();

        self->uri = g_value_dup_string (value);
        self->kind = ferry_connection_classify (self->uri, NULL,
                                                g_strcmp0 (self->uri, demo) == 0);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_session_class_init (FerrySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_session_dispose;
  object_class->finalize = ferry_session_finalize;
  object_class->get_property = ferry_session_get_property;
  object_class->set_property = ferry_session_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* FALSE before the first connect and after libvirt closed the connection. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every read of the host (the first, and each one events cause), once all models
   * and the inventory agree. */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* During ferry_session_connect_async, once the guests and pools are in their models and
   * before the host's devices are (most of a host's objects: seconds over a slow link). Until
   * the connect finishes, the devices, groups and readiness models stay empty, the inventory
   * NULL, and the session not connected: nothing can be changed yet. */
  signals[GUESTS_READ] = g_signal_new ("guests-read", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* libvirt asks a question while connecting (FerryPrompt), on the main thread: a handler
   * that returns TRUE shows it and answers or cancels it later. Connected before the
   * connect starts; without a handler, a terminal's prompts are used, or none. */
  signals[PROMPT] = g_signal_new ("prompt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  g_signal_accumulator_true_handled, NULL, NULL,
                                  G_TYPE_BOOLEAN, 1, FERRY_TYPE_PROMPT);
}

static void
ferry_session_init (FerrySession *self)
{
  self->guests = g_list_store_new (FERRY_TYPE_GUEST);
  self->networks = g_list_store_new (FERRY_TYPE_NETWORK);
  self->devices = g_list_store_new (FERRY_TYPE_HOST_DEVICE);
  self->groups = g_list_store_new (FERRY_TYPE_IOMMU_GROUP);
  self->readiness = g_list_store_new (FERRY_TYPE_READINESS_CHECK);
  self->problems = g_new0 (char *, 1);
  self->devices_by_address = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                               (GEqualFunc) ferry_pci_address_equal);
  self->cancellable = g_cancellable_new ();
  self->silence_seconds = FERRY_SESSION_SILENCE_SECONDS;
  for (guint i = 0; i < FERRY_N_EVENTS; i++)
    self->event_ids[i] = -1;
}

FerrySession *
ferry_session_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return g_object_new (FERRY_TYPE_SESSION, "uri", uri, NULL);
}

const char *
ferry_session_get_uri (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->uri;
}

/* What the connection is: this computer's system daemon, a per-user session, a remote host
 * (and how it is reached), the demo or a test file. */
const FerryConnection *
ferry_session_get_connection (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->kind;
}

/* The connection in plain words ("Remote host server.example over SSH"). */
char *
ferry_session_dup_connection_description (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return ferry_connection_describe (self->kind);
}

gboolean
ferry_session_is_demo (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return g_str_has_prefix (self->uri, "test://");
}

/* libvirt's test driver (the demo, test:/// files) keeps definitions but has no running
 * devices to change: no attach or detach on a running guest, no nodedev detach. It says so
 * with VIR_ERR_NO_SUPPORT after the fact; Ferry offers only what works, before. */
static gboolean
driver_changes_devices (FerrySession *self)
{
  return self->hypervisor != NULL && g_ascii_strcasecmp (self->hypervisor, "TEST") != 0;
}

/* Whether this connection can attach devices to and detach them from a running guest now,
 * rather than only in its definition (at next boot). */
gboolean
ferry_session_can_change_live (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return driver_changes_devices (self);
}

/* Whether this connection can take a PCI function from its host driver (nodedev detach). */
gboolean
ferry_session_can_detach_from_host (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return driver_changes_devices (self);
}

gboolean
ferry_session_get_connected (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return self->connected;
}

void
ferry_session_set_connected (FerrySession *self,
                             gboolean      connected)
{
  if (self->connected == connected)
    return;

  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

void
ferry_session_emit_reloaded (FerrySession *self)
{
  g_signal_emit (self, signals[RELOADED], 0);
}

void
ferry_session_emit_guests_read (FerrySession *self)
{
  g_signal_emit (self, signals[GUESTS_READ], 0);
}

/* Whether a handler took PROMPT (it answers or cancels it). */
gboolean
ferry_session_emit_prompt (FerrySession *self,
                           FerryPrompt  *prompt)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[PROMPT], 0, prompt, &handled);
  return handled;
}


typedef struct
{
  char          *uri;
  gboolean       interactive;   /* someone answers "prompt" */
  gboolean       guests_first;  /* the guests go to the models before the devices */
  int            opened;   /* atomic: the connection is open, the host is being read */
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_free (data->uri);
  g_free (data);
}

typedef struct
{
  GTask        *task;
  HostSnapshot *guests;
} GuestsRead;

static void
guests_read_free (GuestsRead *read)
{
  g_object_unref (read->task);
  host_snapshot_free (read->guests);
  g_free (read);
}

/* The connect's guests, on the main thread before its end (both go through the task's
 * context, in order); dropped when the connect ended early (cancelled). */
static gboolean
apply_guests_cb (gpointer user_data)
{
  GuestsRead *read = user_data;

  if (!g_task_get_completed (read->task) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (read->task)))
    ferry_session_apply_guests (g_task_get_source_object (read->task), read->guests);
  return G_SOURCE_REMOVE;
}

/* On the reading thread: the guests go to the main thread at once. */
static void
guests_read_cb (HostSnapshot *guests,
                gpointer      user_data)
{
  GuestsRead *read = g_new0 (GuestsRead, 1);

  read->task = g_object_ref (user_data);
  read->guests = guests;
  g_main_context_invoke_full (g_task_get_context (read->task), G_PRIORITY_DEFAULT,
                              apply_guests_cb, read, (GDestroyNotify) guests_read_free);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConnectData *data = task_data;
  /* libvirt-gobject 4.0 defines no autoptr cleanups for its types. */
  g_autoptr(GObject) connection = NULL;
  g_autoptr(virConnect) raw = NULL;
  g_autoptr(GError) error = NULL;
  HostSnapshot *snapshot;

  /* May block for as long as a remote host stays silent, or the user takes to answer; the
   * task returns on cancel. */
  if (!(raw = ferry_session_open (source_object, data->uri, data->interactive,
                                  g_task_get_context (task), cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* libvirt-gobject's object around the open connection (it takes its own reference). */
  connection = g_object_new (GVIR_TYPE_CONNECTION, "uri", data->uri, "handle", raw, NULL);
  /* A read the connection dies under ends with the lost-connection error, even if the read
   * never comes back. */
  ferry_session_task_watch (task, raw);
  /* ferry_session_connect_sync's timeout was for this; the read takes what it takes. */
  g_atomic_int_set (&data->opened, TRUE);
  g_main_context_wakeup (g_task_get_context (task));

  /* Watched before the first read: a daemon that dies during it must not go unnoticed. */
  ferry_session_watch_connection (source_object, raw);
  if (!(snapshot = ferry_session_read_host_guests_first (
          GVIR_CONNECTION (connection), &FERRY_SESSION (source_object)->connect_progress,
          data->guests_first ? guests_read_cb : NULL, task, cancellable, &error)))
    {
      ferry_session_unwatch_connection (raw);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ferry_session_register_events (source_object, raw, snapshot->event_ids);
  g_task_return_pointer (task, snapshot, (GDestroyNotify) host_snapshot_free);
}

/* Starts the connect thread; returns its data (the task's: alive until the callback has
 * run), or NULL when libvirt could not be initialised (the task returned the error). */
static ConnectData *
start_connect (FerrySession        *self,
               gboolean             guests_first,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConnectData *data;

  ferry_session_init_libvirt ();

  task = ferry_session_new_task (self, cancellable, callback, user_data,
                                 ferry_session_connect_async, FALSE);
  if (init_error != NULL)
    {
      g_task_return_error (task, g_error_copy (init_error));
      return NULL;
    }
  data = g_new0 (ConnectData, 1);
  data->uri = g_strdup (self->uri);
  data->interactive = g_signal_has_handler_pending (self, signals[PROMPT], 0, TRUE);
  data->guests_first = guests_first;
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);
  /* libvirt cannot abandon a connection attempt: a cancelled connect returns at once and
   * its thread's late result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, connect_thread);
  return data;
}

/* Opens the connection and reads the host into the models. The guests and pools go there
 * first ("guests-read"), the rest when the whole read is in, before CALLBACK. */
void
ferry_session_connect_async (FerrySession        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_connect (self, TRUE, cancellable, callback, user_data);
}

typedef struct
{
  ConnectData   *data;
  GAsyncResult **result;
} SyncWait;

static gboolean
opened_or_done (gpointer user_data)
{
  SyncWait *wait = user_data;

  return *wait->result != NULL || g_atomic_int_get (&wait->data->opened);
}

gboolean
ferry_session_connect_finish (FerrySession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(HostSnapshot) snapshot = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_session_connect_async,
                        FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;

  unwatch_all (self);
  /* A connection let go of closes here (ferry_session_drain_background). */
  if (self->connection != NULL && self->connection != snapshot->connection)
    ferry_session_drain_background ();
  g_set_object (&self->connection, snapshot->connection);
  /* The events the connect thread registered are the session's to unregister now. */
  for (guint i = 0; i < FERRY_N_EVENTS; i++)
    {
      self->event_ids[i] = snapshot->event_ids[i];
      snapshot->event_ids[i] = -1;
    }

  ferry_session_apply_snapshot (self, snapshot);
  /* The connect thread watched the connection before reading, so a close from here on
   * reaches the session; one during the read left the connection dead: the models show what
   * was read, and the session says it is disconnected. */
  {
    g_autoptr(virConnect) raw = NULL;

    g_object_get (self->connection, "handle", &raw, NULL);
    ferry_session_set_connected (self, virConnectIsAlive (raw) == 1);
  }
  return TRUE;
}

/* For ferryctl, which has nothing else to do meanwhile: the same thread and the same models,
 * waited for on the global default main context, where libvirt's event loop runs
 * (gvir_event_register): with a private one, libvirt's keepalive never ticked and a host that
 * went silent during the read hung ferryctl for ever. A host that does
 * not let Ferry open the connection within TIMEOUT_SECONDS (0: wait for ever) is given up on;
 * once open, its read takes the time it needs (a big host's is long, and healthy) as long as
 * the host keeps answering: one silent for about TIMEOUT_SECONDS loses the connection, which
 * is an error too, here and in every call that follows. */
gboolean
ferry_session_connect_sync (FerrySession  *self,
                            guint          timeout_seconds,
                            GError       **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  SyncWait wait;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_main_context_get_thread_default () == NULL, FALSE);

  self->silence_seconds = timeout_seconds;
  /* Nobody looks at the models before the read is done. */
  wait.data = start_connect (self, FALSE, cancellable, ferry_wait_store_result, &result);
  wait.result = &result;
  if (wait.data != NULL &&
      !ferry_wait_until (NULL, opened_or_done, &wait,
                         MIN (timeout_seconds, G_MAXUINT / 1000) * 1000))
    {
      /* The connect returns on cancel at once. */
      g_cancellable_cancel (cancellable);
    }
  /* A connection that dies under the read ends it too (ferry_session_new_task). */
  ferry_wait_for_result (&result, 0);
  ok = ferry_session_connect_finish (self, result, &local_error);

  if (!ok && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   /* Translators: %s is a libvirt URI, %u a number of seconds */
                   g_dngettext (GETTEXT_PACKAGE, "%s did not answer within %u second",
                                "%s did not answer within %u seconds", timeout_seconds),
                   self->uri, timeout_seconds);
    }

  /* Read whole, but lost before the end. */
  if (ok && !self->connected)
    {
      ok = FALSE;
      local_error = ferry_session_new_lost_error (self, FALSE);
    }

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* How far the connect's read of the host has come: objects read (guests, pools, devices)
 * of TOTAL; FALSE while the host has not yet said how many there are. Any time, polled by a
 * window while it waits. */
gboolean
ferry_session_get_read_progress (FerrySession *self,
                                 guint        *done,
                                 guint        *total)
{
  int n_total, n_done;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  n_total = g_atomic_int_get (&self->connect_progress.total);
  n_done = g_atomic_int_get (&self->connect_progress.done);
  *total = (guint) MAX (n_total, 0);
  *done = MIN ((guint) MAX (n_done, 0), *total);
  return n_total > 0;
}

const char *
ferry_session_get_hostname (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->hostname;
}

const char *
ferry_session_get_hypervisor (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->hypervisor;
}

const char *
ferry_session_get_libvirt_version (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->libvirt_version;
}

GListModel *
ferry_session_get_guests (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->guests);
}

GListModel *
ferry_session_get_networks (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->networks);
}

/* Every PCI function, in address order. */
GListModel *
ferry_session_get_devices (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->devices);
}

/* FerryIommuGroup items, in number order; functions outside any group come last. */
GListModel *
ferry_session_get_groups (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->groups);
}

/* FerryReadinessCheck items: what passthrough needs from this host, judged at the last read. */
GListModel *
ferry_session_get_readiness (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->readiness);
}

/* Who uses what, as of the last read; replaced (not changed) by each reload. */
FerryInventory *
ferry_session_get_inventory (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->inventory;
}

/* Things that could not be read (a device's malformed XML, a guest libvirt refused to
 * describe): the rest of the host still loads, and the pages say what is missing. */
const char * const *
ferry_session_get_problems (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return (const char * const *) self->problems;
}

FerryHostDevice *
ferry_session_lookup_device (FerrySession          *self,
                             const FerryPciAddress *address)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return g_hash_table_lookup (self->devices_by_address, address);
}

/* The libvirt connection itself, for code that must call what libvirt-gobject lacks (the
 * session layer's operations, and tests driving the test driver). Main thread only: an
 * operation captures it when it starts, for its worker thread. NULL when not connected. */
virConnectPtr
ferry_session_dup_raw_connection (FerrySession *self)
{
  virConnectPtr raw = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  if (self->connection != NULL)
    g_object_get (self->connection, "handle", &raw, NULL);
  return raw;
}

/* Each PCI function's node-device name as the host listed it (FerryPciAddress → name, both
 * owned), for an operation's worker thread (ferry_virt_lookup_function). Main thread. */
GHashTable *
ferry_session_dup_function_names (FerrySession *self)
{
  GHashTable *names = g_hash_table_new_full ((GHashFunc) ferry_pci_address_hash,
                                             (GEqualFunc) ferry_pci_address_equal,
                                             g_free, g_free);
  GListModel *devices = G_LIST_MODEL (self->devices);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (devices, i);

      g_hash_table_insert (names, g_memdup2 (ferry_host_device_get_address (device),
                                             sizeof (FerryPciAddress)),
                           g_strdup (ferry_host_device_get_name (device)));
    }
  return names;
}

typedef struct
{
  GAsyncReadyCallback callback;
  gpointer            user_data;
  gboolean            reload_on_error;
} Operation;

/* An operation's own completion, on the main thread before the caller's callback: the
 * models follow the change (network and domain events do that too, but drivers without
 * them, the test driver, send none), so _finish only propagates. */
static void
operation_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree Operation *operation = user_data;

  if (operation->reload_on_error || !g_task_had_error (G_TASK (result)))
    ferry_session_reload (FERRY_SESSION (object));
  if (operation->callback != NULL)
    operation->callback (object, result, operation->user_data);
}

/* A task for an operation on SELF tagged SOURCE_TAG, that re-reads the host when it is done
 * (also after a failure when RELOAD_ON_ERROR: a partial change), then calls CALLBACK. */
GTask *
ferry_session_new_operation (FerrySession        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data,
                             gpointer             source_tag,
                             gboolean             reload_on_error)
{
  Operation *operation = g_new0 (Operation, 1);

  operation->callback = callback;
  operation->user_data = user_data;
  operation->reload_on_error = reload_on_error;
  return ferry_session_new_task (self, cancellable, operation_done_cb, operation, source_tag,
                                 TRUE);
}

/* What this host itself uses each PCI function for (address → sentence), for the
 * host-critical rule: the local probes' findings and what libvirt tells (an interface that
 * is up); over a remote connection only the latter. NULL when nothing is known. */
GHashTable *
ferry_session_get_host_uses (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->host_uses;
}

/* What Ferry read from this host's own /proc, /sys and /etc (its distribution, boot loader,
 * initramfs tool…); NULL for a remote host, where Ferry cannot look. */
const FerryHostFacts *
ferry_session_get_host_facts (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->host_facts;
}

/* Whether the host's uses are only what libvirt tells (a remote host: its mounts, boot
 * display and processes are not visible). */
gboolean
ferry_session_get_host_uses_partial (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return self->host_uses_partial;
}

/* What this host's kernel says of its PCI function at ADDRESS (who holds its device nodes
 * open, how it can be reset); NULL for a remote host, where Ferry cannot look, or for a
 * function sysfs does not list. */
const FerryFunctionState *
ferry_session_get_function_state (FerrySession          *self,
                                  const FerryPciAddress *address)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (self->function_states == NULL)
    return NULL;
  key = ferry_pci_address_to_string (address);
  return g_hash_table_lookup (self->function_states, key);
}

/* A request to give functions to GUEST, judged against this host: its inventory, what the
 * host itself uses, and whether the connection can take functions from their host drivers
 * (nodedev-detach; libvirt's test driver cannot). */
FerryAssignRequest *
ferry_session_new_assign_request (FerrySession *self,
                                  FerryGuest   *guest)
{
  FerryAssignRequest *request;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  request = ferry_assign_request_new (self->inventory, guest);
  request->can_detach = ferry_session_can_detach_from_host (self);
  request->host_uses = self->host_uses ? g_hash_table_ref (self->host_uses) : NULL;
  request->host_uses_partial = self->host_uses_partial;
  request->per_user = self->kind->per_user;
  request->vfio_groups = self->vfio_groups ? g_hash_table_ref (self->vfio_groups) : NULL;
  request->function_states = self->function_states ? g_hash_table_ref (self->function_states)
                                                   : NULL;
  request->readiness = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->readiness)); i++)
    g_ptr_array_add (request->readiness,
                     g_list_model_get_item (G_LIST_MODEL (self->readiness), i));
  return request;
}

/* The guest called NAME, as the guest list holds it; NULL if there is none. */
FerryGuest *
ferry_session_lookup_guest (FerrySession *self,
                            const char   *name)
{
  GListModel *guests;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  guests = G_LIST_MODEL (self->guests);
  for (guint i = 0; name != NULL && i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      if (g_str_equal (ferry_guest_get_name (guest), name))
        return guest;
    }
  return NULL;
}

/* The network called NAME on the connection now, or NULL. */
FerryNetwork *
ferry_session_lookup_network (FerrySession *self,
                              const char   *name)
{
  GListModel *networks;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  networks = G_LIST_MODEL (self->networks);
  for (guint i = 0; name != NULL && i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);

      if (g_str_equal (ferry_network_get_name (network), name))
        return network;
    }
  return NULL;
}

/* How many running guests use POOL when the host does not say which VFs they hold (more run
 * on it than it counts VFs in use: libvirt's test driver, a pool whose live XML lists no
 * VFs); 0 when every VF in use is known. */
guint
ferry_session_count_pool_unplaced (FerrySession *self,
                                   FerryNetwork *pool)
{
  g_autoptr(GPtrArray) running = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), 0);
  g_return_val_if_fail (FERRY_IS_NETWORK (pool), 0);

  running = ferry_session_dup_pool_guests (self, ferry_network_get_name (pool), TRUE);
  return running->len > ferry_inventory_count_pool_in_use (self->inventory, pool, NULL)
         ? running->len : 0;
}

/* The names of the guests that use the VF pool POOL, live or from their next boot, in guest
 * list order; RUNNING_ONLY keeps those active now, the ones holding one of its VFs. A
 * NULL-terminated array of strings. */
GPtrArray *
ferry_session_dup_pool_guests (FerrySession *self,
                               const char   *pool,
                               gboolean      running_only)
{
  GListModel *guests;
  GPtrArray *names;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (pool != NULL, NULL);

  guests = G_LIST_MODEL (self->guests);
  names = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (guests); i++)
    {
      g_autoptr(FerryGuest) guest = g_list_model_get_item (guests, i);

      if ((!running_only || ferry_guest_is_active (guest)) &&
          ferry_guest_uses_network (guest, pool))
        g_ptr_array_add (names, g_strdup (ferry_guest_get_name (guest)));
    }
  return names;
}
