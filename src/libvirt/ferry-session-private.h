/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "ferry-connection.h"
#include "ferry-prompt.h"
#include "ferry-session.h"

G_BEGIN_DECLS

/* The libvirt events the session listens to, each registered once per connection. */
enum {
  FERRY_EVENT_DOMAIN_LIFECYCLE,
  FERRY_EVENT_DOMAIN_DEVICE_ADDED,
  FERRY_EVENT_DOMAIN_DEVICE_REMOVED,
  FERRY_EVENT_NODEDEV_LIFECYCLE,
  FERRY_EVENT_NODEDEV_UPDATE,
  FERRY_EVENT_NETWORK,
  FERRY_N_EVENTS
};

/* What a read parsed, by the text it parsed (ferry-session-reader.c): the next read keeps the
 * parse of every document whose text is the same (its print, below), and parses only the others.
 * A reload follows every guest and pool event, and on a host of thousands of functions
 * parsing the unchanged documents again was most of its cost. Never changed once made: the
 * session and a reload's threads share it. */
typedef struct _ParsedCache ParsedCache;

/* A document's text, told apart from any other without keeping it: its length and two
 * 64-bit hashes of it, seeded at random once a process. The texts of a host of 4,096
 * functions are 3 MB; their prints, 150 kB. Two texts that differ and still print alike (well
 * under one chance in 2^64) would only keep the earlier parse of that document: what the host
 * said before, never anything it did not say. */
typedef struct
{
  gsize    length;
  guint64  hash[2];
  gboolean present;
} TextPrint;

/* One document's parse: the prints of the texts it came from and what it made. */
typedef struct
{
  TextPrint       text;
  TextPrint       text2;    /* a guest's definition, a pool's; or none */
  gpointer        result;
  GDestroyNotify  free_result;
} Parsed;

struct _ParsedCache
{
  gatomicrefcount  ref;
  /* Node-device name → the Parsed of a PCI function's FerryHostDevice, the record a read
   * showed. A record that got no interfaces and disks from other documents is shown again
   * as itself while its text stays the same (copied first when it gets some then); of any
   * other only what its own XML told is taken (ferry_host_device_copy_parsed). Sharing the
   * record rather than keeping a copy costs no memory. */
  GHashTable      *devices;
  GHashTable      *netdevs;    /* node-device name → Parsed of a FerryNetdev, its own */
  /* Pool name → Parsed of a FerryNetwork (text2: its definition), never changed once read. */
  GHashTable      *networks;
  /* Guest UUID → Parsed of a FerryGuest that holds only the devices its XML gave (text: the
   * live XML, text2: the definition), never shown. A guest's devices depend on the pools
   * too: they are reused only when every pool is. */
  GHashTable      *guests;
};

Parsed       *parsed_new                        (const char       *text,
                                                 const char       *text2,
                                                 const Parsed     *same_texts,
                                                 gpointer          result,
                                                 GDestroyNotify    free_result);
void          parsed_free                       (Parsed           *parsed);
Parsed       *lookup_parsed                     (GHashTable       *table,
                                                 const char       *key,
                                                 const char       *text,
                                                 const char       *text2);
ParsedCache  *parsed_cache_new                  (void);
ParsedCache  *parsed_cache_ref                  (ParsedCache      *cache);
void          parsed_cache_unref                (ParsedCache      *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedCache, parsed_cache_unref)

/* One libvirt connection and what Ferry knows of its host: the models every page shows.
 * Everything that talks to libvirt runs in a GTask thread; the models are only touched on
 * the main thread. The class spans several files, one per role:
 *   ferry-session.c         lifecycle (connect), getters and lookups;
 *   ferry-session-reader.c  reading a host into a HostSnapshot, on worker threads;
 *   ferry-session-merge.c   splicing a snapshot into the list stores;
 *   ferry-session-events.c  libvirt events, close and keepalive watching, reloads;
 *   ferry-session-nodedev.c updating a snapshot with the node devices events named;
 *   ferry-session-alive.c   the watch on the connection while tasks are in flight;
 * and the operations (ferry-device-change.c, ferry-device-assign.c, ferry-pool-ops.c). */
/* How long a connected host may stay silent by default: a probe every 5 s, given up after 5
 * unanswered (ferry_session_keepalive_for). */
#define FERRY_SESSION_SILENCE_SECONDS 30

/* How far a read has come, for a window to show over a slow link: objects whose XML has
 * arrived (guests, pools, devices) out of how many; both atomic, written by the reader's
 * threads. TOTAL is 0 until the lists are in. */
typedef struct
{
  int done;
  int total;
} FerryReadProgress;

struct _FerrySession
{
  GObject         parent_instance;

  char           *uri;
  GVirConnection *connection;
  char           *hostname;
  char           *hypervisor;
  char           *libvirt_version;
  GListStore     *guests;
  GListStore     *networks;
  GListStore     *devices;
  GListStore     *groups;
  GListStore     *readiness;
  GStrv           problems;
  FerryInventory *inventory;
  FerryHostFacts *host_facts;        /* a local host's facts; or NULL */
  FerryConnection *kind;             /* what the connection is (system, session, remote…) */
  GHashTable     *host_uses;         /* what the host uses its functions for; or NULL */
  gboolean        host_uses_partial; /* remote: libvirt's view only, no mounts or processes */
  GHashTable     *vfio_groups;       /* local per-user session: /dev/vfio groups one may open */
  GHashTable     *function_states;   /* a local host's holders and resets; or NULL */
  GCancellable   *cancellable;
  guint           reload_source;
  gboolean        reloading;
  gboolean        reload_again;
  /* What the next reload is: a read of the whole host (domain and network events, a reload
   * asked for, an update that could not be sure), or else an update of the node devices named
   * here since the last one (name → GINT_TO_POINTER (deleted)). */
  gboolean        reload_full;
  GHashTable     *nodedev_changes;
  /* The last snapshot's host interfaces by node-device name (FerryNetdev): what a deleted
   * one belonged to. */
  GHashTable     *netdevs;
  gboolean        connected;
  /* Seconds a connected host may stay silent (keepalive unanswered) before the connection
   * counts as lost; 0 never gives up. Set before connecting, read by the connect thread. */
  guint           silence_seconds;
  FerryReadProgress connect_progress;  /* the connect's first read */
  int             event_ids[FERRY_N_EVENTS];
  /* Node-device events about PCI functions and their interfaces, counted as they arrive: what
   * tells a change the host announced (and the read it caused) from a read someone asked for
   * (the lab suite checks that VFs made in L1 come this way). */
  guint           nodedev_events;
  /* Reads of the whole host since the connect's, the node-device updates done instead, and
   * the node devices those fetched: what tells the lab suite and the tests which path a
   * change took, and what it cost. */
  guint           full_reads;
  guint           nodedev_updates;
  guint           nodedev_fetched;
  GPtrArray      *in_flight;          /* the tasks the watch looks after */
  guint           alive_source;       /* the watch, while there are any */
  GHashTable     *devices_by_address; /* the store's own objects, for lookups */
  /* DEVICES' and GROUPS' items in order, the same objects: a merge reads these, as a store
   * finds an item by its position by walking a tree. NULL before the first read. */
  GPtrArray      *devices_shown;
  GPtrArray      *groups_shown;
  /* libvirt's capabilities, slow to ask for (seconds on some hosts) and fixed while
   * connected: read once, reused by every reload. */
  char           *capabilities;
  char           *domain_capabilities;
  /* The last whole read's parses, for the next one; NULL before the first. How many
   * documents that read did not parse again: what tells the tests a reload reused them. */
  ParsedCache    *parsed;
  guint           parses_reused;
};

/* What a worker thread read of the host, handed to the main thread in one piece. */
typedef struct
{
  GVirConnection *connection;
  char           *hostname;
  char           *hypervisor;
  char           *libvirt_version;
  GPtrArray      *guests;
  GPtrArray      *networks;
  GPtrArray      *devices;
  GPtrArray      *problems;
  GHashTable     *netdevs;           /* node-device name → FerryNetdev, those of PCI functions */
  FerryInventory *inventory;
  GPtrArray      *checks;
  GHashTable     *host_uses;
  FerryHostFacts *host_facts;        /* only when the host itself was probed */
  gboolean        host_uses_partial;
  GHashTable     *vfio_groups;
  GHashTable     *function_states;
  char           *capabilities;
  char           *domain_capabilities;
  ParsedCache    *parsed;            /* a whole read's; NULL from an update of node devices */
  guint           parses_reused;     /* documents whose previous parse it kept */
  /* Registered by the connect thread on CONNECTION; -1 when not. Freeing the snapshot
   * unregisters those the session did not take over. */
  int             event_ids[FERRY_N_EVENTS];
} HostSnapshot;

HostSnapshot *host_snapshot_new                 (void);
void          host_snapshot_free                (HostSnapshot     *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostSnapshot, host_snapshot_free)

/* ferry-session.c */
void          ferry_session_set_connected       (FerrySession     *self,
                                                 gboolean          connected);
void          ferry_session_emit_reloaded       (FerrySession     *self);
void          ferry_session_emit_guests_read    (FerrySession     *self);
gboolean      ferry_session_emit_prompt         (FerrySession     *self,
                                                 FerryPrompt      *prompt);
virConnectPtr ferry_session_open                (FerrySession     *self,
                                                 const char       *uri,
                                                 gboolean          interactive,
                                                 GMainContext     *context,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
virConnectPtr ferry_session_dup_raw_connection  (FerrySession     *self);
GHashTable   *ferry_session_dup_function_names  (FerrySession     *self);
GTask        *ferry_session_new_operation       (FerrySession     *self,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data,
                                                 gpointer          source_tag,
                                                 gboolean          reload_on_error);

/* ferry-session-reader.c: worker threads */
/* Takes GUESTS, a snapshot of a host's guests and pools alone; called on a reader thread. */
typedef void (*FerryGuestsReadFunc) (HostSnapshot *guests,
                                     gpointer      user_data);

HostSnapshot *ferry_session_read_host           (GVirConnection   *connection,
                                                 const char       *capabilities,
                                                 const char       *domain_capabilities,
                                                 ParsedCache      *previous,
                                                 FerryReadProgress *progress,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
HostSnapshot *ferry_session_read_host_guests_first (GVirConnection *connection,
                                                 FerryReadProgress *progress,
                                                 FerryGuestsReadFunc guests_read,
                                                 gpointer          user_data,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
FerryHostDevice *ferry_session_parse_pci_device (const char       *xml,
                                                 GError          **error);
void          ferry_session_finish_snapshot     (GVirConnection   *connection,
                                                 HostSnapshot     *snapshot);

/* ferry-session-nodedev.c */
/* More than this many node devices named in one burst: a read of the whole host costs less
 * than asking for each (and a burst that large is a host being rebuilt). */
#define FERRY_NODEDEV_UPDATE_MAX 64

void          ferry_session_update_nodedevs     (FerrySession     *self,
                                                 GHashTable       *changes,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
HostSnapshot *ferry_session_update_nodedevs_finish (FerrySession  *self,
                                                 GAsyncResult     *result,
                                                 guint            *fetched,
                                                 GError          **error);

/* ferry-session-merge.c: main thread */
void          ferry_session_free_in_background  (gpointer          data,
                                                 GDestroyNotify    free_func);
void          ferry_session_drain_background    (void);
void          ferry_session_apply_snapshot      (FerrySession     *self,
                                                 HostSnapshot     *snapshot);
void          ferry_session_apply_guests        (FerrySession     *self,
                                                 HostSnapshot     *guests);

/* ferry-session-events.c */
void          ferry_session_register_events     (FerrySession     *self,
                                                 virConnectPtr     raw,
                                                 int              *event_ids);
void          ferry_session_unregister_events   (virConnectPtr     raw,
                                                 int              *event_ids);
void          ferry_session_keepalive_for       (guint             silence_seconds,
                                                 int              *interval,
                                                 int              *count);
void          ferry_session_watch_connection    (FerrySession     *self,
                                                 virConnectPtr     raw);
void          ferry_session_unwatch_connection  (virConnectPtr     raw);
void          ferry_session_schedule_reload     (FerrySession     *self);
void          ferry_session_nodedev_changed     (FerrySession     *self,
                                                 const char       *name,
                                                 gboolean          deleted);
void          ferry_session_mark_lost           (FerrySession     *self);

/* ferry-session-alive.c */
GTask        *ferry_session_new_task            (FerrySession     *self,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data,
                                                 gpointer          source_tag,
                                                 gboolean          change);
void          ferry_session_task_watch          (GTask            *task,
                                                 virConnectPtr     raw);
void          ferry_session_task_explains_loss  (GTask            *task);
GError       *ferry_session_new_lost_error      (FerrySession     *self,
                                                 gboolean          change);

G_END_DECLS
