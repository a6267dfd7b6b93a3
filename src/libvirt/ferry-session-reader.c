/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-function-probe.h"
#include "ferry-guest.h"
#include "ferry-host-probe.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-parallel.h"
#include "ferry-pci-names.h"
#include "ferry-host-use.h"
#include "ferry-readiness-check.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* Reading a host into a HostSnapshot: runs on worker threads (the connect thread, a
 * reload's, and the reader's own), touches nothing of the session, and asks libvirt as few
 * questions as it can, as many at a time as it can. */

/* Calls in flight at once. Over a remote link each call is a round trip, and libvirt's RPC
 * client multiplexes the calls of many threads on the one connection: N objects then cost
 * about N / MAX_IN_FLIGHT round trips, not N. Not more: libvirtd reads a client's socket
 * only while it runs fewer than max_client_requests (5) of its calls, so a keepalive answer
 * waits behind every call queued before it; a deep queue on a slow host made libvirtd hang
 * up for want of keepalive answers (seen with 256 on a loaded machine; 128 keeps a remote
 * read of 4,096 functions near its 2 s goal at 20 ms round trips). */
#define MAX_IN_FLIGHT 128

void
host_snapshot_free (HostSnapshot *snapshot)
{
  if (snapshot->connection != NULL)
    {
      g_autoptr(virConnect) raw = NULL;

      g_object_get (snapshot->connection, "handle", &raw, NULL);
      if (raw != NULL)
        ferry_session_unregister_events (raw, snapshot->event_ids);
    }
  g_clear_object (&snapshot->connection);
  g_free (snapshot->hostname);
  g_free (snapshot->hypervisor);
  g_free (snapshot->libvirt_version);
  g_ptr_array_unref (snapshot->guests);
  g_ptr_array_unref (snapshot->networks);
  g_ptr_array_unref (snapshot->devices);
  g_ptr_array_unref (snapshot->problems);
  g_clear_pointer (&snapshot->netdevs, g_hash_table_unref);
  g_clear_object (&snapshot->inventory);
  g_clear_pointer (&snapshot->checks, g_ptr_array_unref);
  g_clear_pointer (&snapshot->host_uses, g_hash_table_unref);
  g_clear_pointer (&snapshot->host_facts, ferry_host_facts_free);
  g_clear_pointer (&snapshot->vfio_groups, g_hash_table_unref);
  g_clear_pointer (&snapshot->function_states, g_hash_table_unref);
  g_free (snapshot->capabilities);
  g_free (snapshot->domain_capabilities);
  g_clear_pointer (&snapshot->parsed, parsed_cache_unref);
  g_free (snapshot);
}

static char *
format_version (unsigned long version)
{
  return g_strdup_printf ("%lu.%lu.%lu",
                          version / 1000000, (version / 1000) % 1000, version % 1000);
}

/* A read goes in rounds: the lists and sets first (every call at once), then each object's
 * XML (MAX_IN_FLIGHT calls at once, parsed on the thread that fetched it), then what needs
 * the whole of a round before it (guests refer to pools). Every job writes only its own
 * fields, or a part of the snapshot no other job of its round touches, so the rounds need no
 * locks. */
typedef struct _Reader Reader;
typedef struct _Job Job;

typedef void (*JobFunc) (Job *job, Reader *reader);

/* The jobs a first view waits for (a read's guests and pools) count down when they have
 * run, so the view can go out while the devices still stream in. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  remaining;
} Countdown;

struct _Job
{
  JobFunc    run;
  Countdown *countdown;   /* or NULL */
};

struct _Reader
{
  virConnectPtr   raw;
  GVirConnection *connection;
  GCancellable   *cancellable;
  HostSnapshot   *snapshot;
  gboolean        test_driver;
  guint           in_flight;   /* calls at once */
  FerryReadProgress *progress; /* or NULL */
  FerryGuestsReadFunc guests_read;  /* or NULL */
  gpointer        guests_read_data;
  ParsedCache    *previous;     /* the last read's parses, or NULL */
  gboolean        same_pools;   /* every pool's parse came from PREVIOUS: guests' may too */
  /* What the read used that the snapshot does not hold (Spent: its jobs, lists and stats),
   * freed off its path once the snapshot is whole: freed while its last steps ran, it
   * contended with them for GLib's locks and the heap's. */
  GArray         *spent;
};

typedef struct
{
  gpointer       data;
  GDestroyNotify free_func;
} Spent;

static void
spent_clear (Spent *spent)
{
  spent->free_func (spent->data);
}

/* Hands DATA to READER's spent, freed with FREE_FUNC after what was handed over before it. */
static void
add_spent (Reader         *reader,
           gpointer        data,
           GDestroyNotify  free_func)
{
  Spent spent = { data, free_func };

  if (data == NULL)
    return;
  if (reader->spent == NULL)
    {
      reader->spent = g_array_new (FALSE, FALSE, sizeof (Spent));
      g_array_set_clear_func (reader->spent, (GDestroyNotify) spent_clear);
    }
  g_array_append_val (reader->spent, spent);
}

static void
run_job (Job    *job,
         Reader *reader)
{
  job->run (job, reader);
  if (reader->progress != NULL)
    g_atomic_int_inc (&reader->progress->done);
  if (job->countdown != NULL)
    {
      g_mutex_lock (&job->countdown->mutex);
      if (--job->countdown->remaining == 0)
        g_cond_broadcast (&job->countdown->cond);
      g_mutex_unlock (&job->countdown->mutex);
    }
}

/* A round's jobs and the reader they run for (ferry_parallel takes them one by one: a job
 * may wait for the host). */
typedef struct
{
  GPtrArray *jobs;
  Reader    *reader;
} Round;

static void
run_round (guint    start,
           guint    end,
           gpointer data)
{
  Round *round = data;

  for (guint i = start; i < end; i++)
    run_job (round->jobs->pdata[i], round->reader);
}

/* Runs every job of JOBS, in order, up to READER's in_flight of them at once (this thread's
 * among them); returns when all have run. */
static void
run_jobs (GPtrArray *jobs,
          Reader    *reader)
{
  Round round = { jobs, reader };

  ferry_parallel_run (jobs->len, 1, reader->in_flight - 1, run_round, &round);
}

/* Round one: who the host is, and its lists. */

static void
read_hostname (Job    *job,
               Reader *reader)
{
  g_autofree char *hostname = virConnectGetHostname (reader->raw);

  reader->snapshot->hostname = g_strdup (hostname);
}

static void
read_hypervisor (Job    *job,
                 Reader *reader)
{
  unsigned long version = 0;

  reader->snapshot->hypervisor = gvir_connection_get_hypervisor_name (reader->connection, NULL);
  if (virConnectGetLibVersion (reader->raw, &version) == 0)
    reader->snapshot->libvirt_version = format_version (version);
}

/* A reload reuses the first read's; the test driver's are canned, not a host's. */
static void
read_capabilities (Job    *job,
                   Reader *reader)
{
  g_autofree char *xml = NULL;

  if (reader->test_driver || reader->snapshot->capabilities != NULL)
    return;
  xml = virConnectGetCapabilities (reader->raw);
  reader->snapshot->capabilities = g_strdup (xml);
}

static void
read_domain_capabilities (Job    *job,
                          Reader *reader)
{
  g_autofree char *xml = NULL;

  if (reader->test_driver || reader->snapshot->domain_capabilities != NULL)
    return;
  xml = virConnectGetDomainCapabilities (reader->raw, NULL, NULL, NULL, NULL, 0);
  reader->snapshot->domain_capabilities = g_strdup (xml);
}

/* One listing call: a set of objects with FLAGS. */
typedef struct
{
  Job           job;
  unsigned int  flags;
  int           n;        /* -1 when the call failed */
  char         *error;    /* libvirt's message then */
  union {
    virDomainPtr     *domains;
    virNetworkPtr    *networks;
    virNodeDevicePtr *devices;
  };
} ListJob;

static void
list_failed (ListJob *list)
{
  if (list->n < 0)
    list->error = g_strdup (virGetLastErrorMessage ());
}

static void
list_domains (Job    *job,
              Reader *reader)
{
  ListJob *list = (ListJob *) job;

  list->n = virConnectListAllDomains (reader->raw, &list->domains, list->flags);
  list_failed (list);
}

static void
list_networks (Job    *job,
               Reader *reader)
{
  ListJob *list = (ListJob *) job;

  list->n = virConnectListAllNetworks (reader->raw, &list->networks, list->flags);
  list_failed (list);
}

static void
list_node_devices (Job    *job,
                   Reader *reader)
{
  ListJob *list = (ListJob *) job;

  /* Only capability flags: libvirt's test driver rejects the active/inactive filters. */
  list->n = virConnectListAllNodeDevices (reader->raw, &list->devices, list->flags);
  list_failed (list);
}

static ListJob *
list_job_new (JobFunc      run,
              unsigned int flags)
{
  ListJob *list = g_new0 (ListJob, 1);

  list->job.run = run;
  list->flags = flags;
  return list;
}

static void
list_job_free (ListJob *list)
{
  for (int i = 0; i < list->n; i++)
    {
      if (list->job.run == list_domains)
        virDomainFree (list->domains[i]);
      else if (list->job.run == list_networks)
        virNetworkFree (list->networks[i]);
      else
        virNodeDeviceFree (list->devices[i]);
    }
  if (list->n >= 0)
    free (list->domains);
  g_free (list->error);
  g_free (list);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListJob, list_job_free)

/* The running guests and their states in one call, where the driver has it. */
typedef struct
{
  Job                      job;
  virDomainStatsRecordPtr *records;
  int                      n;
} StatsJob;

static void
read_states (Job    *job,
             Reader *reader)
{
  StatsJob *stats = (StatsJob *) job;

  stats->n = virConnectGetAllDomainStats (reader->raw, VIR_DOMAIN_STATS_STATE,
                                          &stats->records,
                                          VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
  /* The running guests are listed then, and each asks for its own state. */
  if (stats->n < 0)
    virResetLastError ();
}

static void
stats_job_clear (StatsJob *stats)
{
  g_clear_pointer (&stats->records, virDomainStatsRecordListFree);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatsJob, stats_job_clear)

/* Sets of guests and pools are keyed by their raw UUIDs: libvirt prints a UUID string with
 * sixteen printf conversions, and a read of 300 guests used to print about 3,000 of them. */
typedef struct
{
  unsigned char bytes[VIR_UUID_BUFLEN];
} RawUuid;

static guint
raw_uuid_hash (gconstpointer key)
{
  guint64 halves[2];
  guint64 mixed;

  /* All sixteen bytes count: a host chooses its UUIDs, not always at random. */
  memcpy (halves, key, sizeof halves);
  mixed = halves[0] ^ (halves[1] * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));
  return (guint) (mixed ^ (mixed >> 32));
}

/* UUID as libvirt prints it, without its sixteen printf conversions. */
static void
format_uuid (const RawUuid *uuid,
             char           text[VIR_UUID_STRING_BUFLEN])
{
  static const char digits[] = "0123456789abcdef";
  guint at = 0;

  for (guint i = 0; i < VIR_UUID_BUFLEN; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        text[at++] = '-';
      text[at++] = digits[uuid->bytes[i] >> 4];
      text[at++] = digits[uuid->bytes[i] & 0xf];
    }
  text[at] = '\0';
}

static gboolean
raw_uuid_equal (gconstpointer a,
                gconstpointer b)
{
  return memcmp (a, b, VIR_UUID_BUFLEN) == 0;
}

static GHashTable *
raw_uuid_table_new (void)
{
  return g_hash_table_new_full (raw_uuid_hash, raw_uuid_equal, g_free, NULL);
}

/* The UUIDs of LIST's domains or networks. */
static GHashTable *
uuid_set (ListJob *list)
{
  GHashTable *set = raw_uuid_table_new ();

  for (int i = 0; i < list->n; i++)
    {
      RawUuid uuid;

      if ((list->job.run == list_domains
           ? virDomainGetUUID (list->domains[i], uuid.bytes)
           : virNetworkGetUUID (list->networks[i], uuid.bytes)) == 0)
        g_hash_table_add (set, g_memdup2 (&uuid, sizeof uuid));
    }
  return set;
}

/* Round two: each object's XML, parsed where it arrives. */

typedef struct
{
  Job               job;
  /* Let go with the job, off the read's path: libvirt's handles are GObjects, and freeing
   * one takes GLib's global locks, so the fetching threads' frees ran one at a time (2.5 ms
   * of a reload's 4,096 on two threads, as on one). */
  virNodeDevicePtr  device;
  const char       *name;          /* the node device's, DEVICE's own */
  char             *error;
  FerryHostDevice  *host_device;   /* a PCI function's */
  FerryNetdev      *netdev;        /* a network interface's */
  FerryNodeChild   *child;         /* a disk's, or a SCSI link on the way to one */
  Parsed           *parsed;        /* for the next read: what this one parsed */
  gboolean          reused;        /* the previous read's parse */
  gboolean          shared;        /* HOST_DEVICE is the previous read's own record */
} DeviceJob;

static char *
fetch_device_xml (DeviceJob *job,
                  Reader    *reader)
{
  char *xml;

  if (g_cancellable_is_cancelled (reader->cancellable))
    return NULL;
  job->name = virNodeDeviceGetName (job->device);
  if (!(xml = virNodeDeviceGetXMLDesc (job->device, 0)))
    /* Translators: first %s is a node device name, second libvirt's own message */
    job->error = g_strdup_printf (_("Cannot read node device %s: %s"), job->name,
                                  virGetLastErrorMessage ());
  return xml;
}

/* A PCI function's record from its node-device XML, named from the local PCI database where
 * libvirt gives no names; any thread. */
FerryHostDevice *
ferry_session_parse_pci_device (const char  *xml,
                                GError     **error)
{
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (xml, error);
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;

  if (device == NULL)
    return NULL;

  if ((ferry_host_device_get_vendor_name (device) == NULL ||
       ferry_host_device_get_product_name (device) == NULL) &&
      ferry_pci_names_lookup (ferry_host_device_get_vendor_id (device),
                              ferry_host_device_get_product_id (device),
                              &vendor, &product))
    ferry_host_device_set_fallback_names (device, vendor, product);
  return g_steal_pointer (&device);
}

static void
read_pci_device (Job    *data,
                 Reader *reader)
{
  DeviceJob *job = (DeviceJob *) data;
  g_autofree char *xml = fetch_device_xml (job, reader);
  g_autoptr(GError) error = NULL;
  Parsed *previous;

  if (xml == NULL)
    return;
  if ((previous = lookup_parsed (reader->previous ? reader->previous->devices : NULL,
                                 job->name, xml, NULL)) != NULL)
    {
      FerryHostDevice *record = previous->result;

      /* The record the host was shown with, when the read that made it gave it nothing from
       * other documents: its interfaces and disks are not known yet, so one that has some is
       * copied without them. One that gets some below is copied then. */
      job->shared = ferry_host_device_get_netdevs (record)[0] == NULL &&
                    ferry_host_device_get_blocks (record)[0] == NULL;
      job->host_device = job->shared ? g_object_ref (record)
                                     : ferry_host_device_copy_parsed (record);
      job->reused = TRUE;
      job->parsed = parsed_new (xml, NULL, previous, g_object_ref (previous->result),
                                g_object_unref);
    }
  /* Malformed XML costs that one device, never the rest. */
  else if (!(job->host_device = ferry_session_parse_pci_device (xml, &error)))
    job->error = g_strdup (error->message);
  else
    job->parsed = parsed_new (xml, NULL, NULL, g_object_ref (job->host_device), g_object_unref);
}

static void
read_net_device (Job    *data,
                 Reader *reader)
{
  DeviceJob *job = (DeviceJob *) data;
  g_autofree char *xml = fetch_device_xml (job, reader);
  g_autoptr(GError) error = NULL;
  Parsed *previous;

  if (xml == NULL)
    return;
  if ((previous = lookup_parsed (reader->previous ? reader->previous->netdevs : NULL,
                                 job->name, xml, NULL)) != NULL)
    {
      job->netdev = ferry_netdev_copy (previous->result);
      job->reused = TRUE;
    }
  else if (!(job->netdev = ferry_host_device_parse_net_child (xml, &error)))
    {
      job->error = g_strdup (error->message);
      return;
    }
  job->parsed = parsed_new (xml, NULL, previous, ferry_netdev_copy (job->netdev),
                            (GDestroyNotify) ferry_netdev_free);
}

static void
read_child_device (Job    *data,
                   Reader *reader)
{
  DeviceJob *job = (DeviceJob *) data;
  g_autofree char *xml = fetch_device_xml (job, reader);
  g_autoptr(GError) error = NULL;

  if (xml != NULL && !(job->child = ferry_host_device_parse_child (xml, &error)))
    job->error = g_strdup (error->message);
}

static void
device_job_free (DeviceJob *job)
{
  g_clear_pointer (&job->device, virNodeDeviceFree);
  g_free (job->error);
  g_clear_object (&job->host_device);
  ferry_netdev_free (job->netdev);
  ferry_node_child_free (job->child);
  g_clear_pointer (&job->parsed, parsed_free);
  g_free (job);
}

typedef struct
{
  Job            job;
  virNetworkPtr  network;
  gboolean       active;
  gboolean       persistent;
  gboolean       autostart;
  char          *error;
  FerryNetwork  *result;
  Parsed        *parsed;    /* for the next read */
  gboolean       reused;    /* RESULT is the previous read's */
} NetworkJob;

static void
read_network (Job    *data,
              Reader *reader)
{
  NetworkJob *job = (NetworkJob *) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *definition = NULL;
  Parsed *previous;

  if (g_cancellable_is_cancelled (reader->cancellable))
    return;
  if (!(xml = virNetworkGetXMLDesc (job->network, 0)))
    {
      /* Taken first: asking the name clears libvirt's last error. */
      g_autofree char *message = g_strdup (virGetLastErrorMessage ());

      /* Translators: first %s is a network name, second libvirt's message */
      job->error = g_strdup_printf (_("Cannot read network %s: %s"),
                                    virNetworkGetName (job->network), message);
      return;
    }
  /* An edit starts from the definition: a running pf-form pool's live XML lists its VFs,
   * which the definition does not. Drivers without the flag (the test driver) keep one
   * XML, the live one. */
  if (job->persistent &&
      !(definition = virNetworkGetXMLDesc (job->network, VIR_NETWORK_XML_INACTIVE)))
    definition = g_strdup (xml);

  /* A pool is never changed once read: the previous read's is this one's when its texts
   * and state are the same. */
  previous = lookup_parsed (reader->previous ? reader->previous->networks : NULL,
                            virNetworkGetName (job->network), xml, definition);
  if (previous != NULL &&
      ferry_network_get_active (previous->result) == job->active &&
      ferry_network_get_autostart (previous->result) == job->autostart &&
      ferry_network_get_persistent (previous->result) == job->persistent)
    {
      job->result = g_object_ref (previous->result);
      job->reused = TRUE;
    }
  else
    {
      if (!(job->result = ferry_network_new_from_xml (xml, &error)))
        {
          job->error = g_strdup (error->message);
          return;
        }
      ferry_network_set_status (job->result, job->active, job->autostart, job->persistent);
      ferry_network_set_definition (job->result, definition);
    }
  job->parsed = parsed_new (xml, definition, previous, g_object_ref (job->result),
                            g_object_unref);
}

static void
network_job_free (NetworkJob *job)
{
  virNetworkFree (job->network);
  g_free (job->error);
  g_clear_object (&job->result);
  g_clear_pointer (&job->parsed, parsed_free);
  g_free (job);
}

static FerryGuestState
map_state (int state)
{
  switch (state)
    {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
      return FERRY_GUEST_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
      return FERRY_GUEST_STATE_PAUSED;
    case VIR_DOMAIN_PMSUSPENDED:
      return FERRY_GUEST_STATE_SUSPENDED;
    case VIR_DOMAIN_SHUTDOWN:
      return FERRY_GUEST_STATE_SHUTTING_DOWN;
    case VIR_DOMAIN_CRASHED:
      return FERRY_GUEST_STATE_CRASHED;
    default:
      return FERRY_GUEST_STATE_SHUTOFF;
    }
}

typedef struct
{
  Job           job;
  virDomainPtr  domain;      /* borrowed from its list */
  char          uuid[VIR_UUID_STRING_BUFLEN];
  int           state;       /* -1 until known */
  gboolean      active;
  gboolean      persistent;
  char         *live_xml;
  char         *config_xml;
  char         *error;
  FerryGuest   *guest;
  Parsed       *parsed;      /* for the next read */
  gboolean      reused;      /* the previous read's parse */
} GuestJob;

/* Whether the XML a guest needs did not come (JOB's error says why). */
static gboolean
guest_xml_missing (GuestJob *job)
{
  return (job->active && job->live_xml == NULL) ||
         (job->live_xml == NULL && job->config_xml == NULL);
}

static void
read_guest (Job    *data,
            Reader *reader)
{
  GuestJob *job = (GuestJob *) data;

  if (g_cancellable_is_cancelled (reader->cancellable))
    return;

  if (job->state < 0 && virDomainGetState (job->domain, &job->state, NULL, 0) < 0)
    job->state = -1;

  /* What it holds now and what it gets at next boot can differ. */
  if (job->active)
    job->live_xml = virDomainGetXMLDesc (job->domain, 0);
  if (job->persistent && (!job->active || job->live_xml != NULL))
    job->config_xml = virDomainGetXMLDesc (job->domain, VIR_DOMAIN_XML_INACTIVE);

  if (guest_xml_missing (job))
    {
      /* Taken first: asking the name clears libvirt's last error. */
      g_autofree char *message = g_strdup (virGetLastErrorMessage ());

      /* Translators: first %s is a guest name, second libvirt's message */
      job->error = g_strdup_printf (_("Cannot read guest %s: %s"),
                                    virDomainGetName (job->domain), message);
    }
}

/* Round three: guests refer to pools, all of which round two has read. A guest whose XML
 * did not come is still listed, by name. Runs once a read: a first view's guests are the
 * read's own. */
static void
parse_guest (Job    *data,
             Reader *reader)
{
  GuestJob *job = (GuestJob *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryGuest) holder = NULL;
  Parsed *previous = NULL;

  job->guest = ferry_guest_new (virDomainGetName (job->domain), job->uuid);
  if (job->state >= 0)
    ferry_guest_set_state (job->guest, map_state (job->state));
  if (guest_xml_missing (job))
    return;

  g_clear_pointer (&job->error, g_free);
  if (reader->same_pools &&
      (previous = lookup_parsed (reader->previous->guests, job->uuid, job->live_xml,
                                 job->config_xml)) != NULL)
    {
      /* The devices themselves, shared: a merge into the guest a page shows then finds
       * nothing to change. */
      ferry_guest_take_devices (job->guest, previous->result);
      holder = g_object_ref (previous->result);
      job->reused = TRUE;
    }
  else if (!ferry_guest_update_from_xml (job->guest, job->live_xml, job->config_xml,
                                         reader->snapshot->networks, &error))
    {
      job->error = g_strdup (error->message);
      return;
    }
  else
    {
      /* The guest itself goes to the models, where later reads change it in place. */
      holder = ferry_guest_new (virDomainGetName (job->domain), job->uuid);
      ferry_guest_take_devices (holder, job->guest);
    }
  job->parsed = parsed_new (job->live_xml, job->config_xml, previous,
                            g_steal_pointer (&holder), g_object_unref);
}

static void
guest_job_free (GuestJob *job)
{
  free (job->live_xml);
  free (job->config_xml);
  g_free (job->error);
  g_clear_object (&job->guest);
  g_clear_pointer (&job->parsed, parsed_free);
  g_free (job);
}

/* The jobs of round two for LIST's node devices, each run by RUN. */
static void
add_device_jobs (GPtrArray *jobs,
                 ListJob   *list,
                 JobFunc    run)
{
  for (int i = 0; i < list->n; i++)
    {
      DeviceJob *job = g_new0 (DeviceJob, 1);

      job->job.run = run;
      job->device = g_steal_pointer (&list->devices[i]);
      g_ptr_array_add (jobs, job);
    }
  list->n = 0;
}

/* A job for DOMAIN, borrowed (its list outlives the jobs), unless SEEN has it already (it
 * changed between the lists); STATE is -1 when not known. */
static void
add_guest_job (GPtrArray    *jobs,
               GHashTable   *seen,
               GHashTable   *persistent_set,
               virDomainPtr  domain,
               gboolean      active,
               int           state)
{
  RawUuid uuid;
  GuestJob *job;

  if (virDomainGetUUID (domain, uuid.bytes) < 0 ||
      !g_hash_table_add (seen, g_memdup2 (&uuid, sizeof uuid)))
    return;

  job = g_new0 (GuestJob, 1);
  job->job.run = read_guest;
  job->domain = domain;
  format_uuid (&uuid, job->uuid);
  job->state = state;
  job->active = active;
  job->persistent = g_hash_table_contains (persistent_set, &uuid);
  g_ptr_array_add (jobs, job);
}

/* Guests: the running ones with their states from STATS, or from ACTIVE where the driver
 * gave no stats, then the defined ones not running, which are shut off (a guest that is not
 * running is defined: the two lists name them all). Each domain is asked the fewest
 * questions: libvirt prints a guest's UUID for its debug log in every call on it, even with
 * logging off. The two answers come at once: a guest started between them shows shut off
 * until its start's event reloads, and one whose stats access rules deny is shut off too. */
static void
add_guest_jobs (GPtrArray *jobs,
                StatsJob  *stats,
                ListJob   *active,
                ListJob   *persistent)
{
  g_autoptr(GHashTable) persistent_set = uuid_set (persistent);
  g_autoptr(GHashTable) seen = raw_uuid_table_new ();

  for (int i = 0; i < stats->n; i++)
    {
      int state;

      if (virTypedParamsGetInt (stats->records[i]->params, stats->records[i]->nparams,
                                "state.state", &state) != 1)
        state = -1;
      add_guest_job (jobs, seen, persistent_set, stats->records[i]->dom, TRUE, state);
    }
  for (int i = 0; i < active->n; i++)
    add_guest_job (jobs, seen, persistent_set, active->domains[i], TRUE, -1);
  for (int i = 0; i < persistent->n; i++)
    add_guest_job (jobs, seen, persistent_set, persistent->domains[i], FALSE,
                   VIR_DOMAIN_SHUTOFF);
}

static void
add_network_jobs (GPtrArray *jobs,
                  ListJob   *all,
                  ListJob   *active,
                  ListJob   *persistent,
                  ListJob   *autostart)
{
  g_autoptr(GHashTable) active_set = uuid_set (active);
  g_autoptr(GHashTable) persistent_set = uuid_set (persistent);
  g_autoptr(GHashTable) autostart_set = uuid_set (autostart);

  for (int i = 0; i < all->n; i++)
    {
      RawUuid uuid = { { 0 } };
      NetworkJob *job = g_new0 (NetworkJob, 1);

      job->job.run = read_network;
      job->network = g_steal_pointer (&all->networks[i]);
      virNetworkGetUUID (job->network, uuid.bytes);
      job->active = g_hash_table_contains (active_set, &uuid);
      job->persistent = g_hash_table_contains (persistent_set, &uuid);
      job->autostart = g_hash_table_contains (autostart_set, &uuid);
      g_ptr_array_add (jobs, job);
    }
  all->n = 0;
}

/* Takes round two's and three's results into the snapshot, problems in the order the
 * objects were listed: devices, pools, guests. */
static void
collect_devices (HostSnapshot *snapshot,
                 GPtrArray    *pci_jobs,
                 GPtrArray    *net_jobs,
                 GPtrArray    *child_jobs)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  /* The records shared with the previous read that disks may go to: copied first. */
  g_autoptr(GHashTable) shared = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();

  for (guint i = 0; i < pci_jobs->len; i++)
    {
      DeviceJob *job = pci_jobs->pdata[i];

      if (job->error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&job->error));
      else if (job->host_device != NULL)
        g_hash_table_insert (by_name, (gpointer) job->name, job);
    }

  for (guint i = 0; i < net_jobs->len; i++)
    {
      DeviceJob *job = net_jobs->pdata[i];
      DeviceJob *owner;

      if (job->error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&job->error));
      else if (job->netdev != NULL &&
               (owner = g_hash_table_lookup (by_name, job->netdev->parent)))
        {
          if (owner->shared)
            {
              FerryHostDevice *copy = ferry_host_device_copy_parsed (owner->host_device);

              g_object_unref (owner->host_device);
              owner->host_device = copy;
              owner->shared = FALSE;
            }
          ferry_host_device_add_netdev (owner->host_device, job->netdev->interface,
                                        job->netdev->mac, job->netdev->link);
          /* Kept by node-device name: an event names only that, and a deleted interface's
           * node device can no longer be asked which function it belonged to. */
          g_hash_table_insert (snapshot->netdevs, g_strdup (job->name),
                               g_steal_pointer (&job->netdev));
        }
    }

  for (guint i = 0; i < pci_jobs->len; i++)
    {
      DeviceJob *job = pci_jobs->pdata[i];

      if (job->host_device == NULL)
        continue;
      if (job->shared && child_jobs->len > 0)
        g_hash_table_add (shared, job->host_device);
      g_ptr_array_add (snapshot->devices, g_steal_pointer (&job->host_device));
    }

  for (guint i = 0; i < child_jobs->len; i++)
    {
      DeviceJob *job = child_jobs->pdata[i];

      if (job->error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&job->error));
      else if (job->child != NULL)
        g_ptr_array_add (children, job->child);
    }
  if (children->len > 0)
    ferry_host_device_place_disks (snapshot->devices, children, shared);
}

typedef struct
{
  char     *key;   /* the name's collation key */
  gpointer  item;
} Collated;

static int
compare_collated (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  return strcmp (((const Collated *) a)->key, ((const Collated *) b)->key);
}

/* Sorts ITEMS by their NAME as g_utf8_collate orders names, keeping the order of equal ones:
 * each name's collation key is made once, not twice per comparison. */
static void
sort_by_name (GPtrArray   *items,
              const char *(*name) (gpointer item))
{
  g_autofree Collated *collated = g_new (Collated, items->len);

  for (guint i = 0; i < items->len; i++)
    collated[i] = (Collated) { g_utf8_collate_key (name (items->pdata[i]), -1),
                               items->pdata[i] };
  g_qsort_with_data (collated, (gint) items->len, sizeof (Collated),
                     compare_collated, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      items->pdata[i] = collated[i].item;
      g_free (collated[i].key);
    }
}

static const char *
guest_name (gpointer guest)
{
  return ferry_guest_get_name (guest);
}

static const char *
network_name (gpointer network)
{
  return ferry_network_get_name (network);
}

typedef struct
{
  guint64  key;   /* the address as one number, in ferry_pci_address_compare's order */
  gpointer device;
} Addressed;

static int
compare_addressed (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  guint64 x = ((const Addressed *) a)->key, y = ((const Addressed *) b)->key;

  return (x > y) - (x < y);
}

/* Sorts DEVICES by address; each address is read once, not twice per comparison. A parsed
 * address is within PCI's limits (16-bit domain, 8-bit bus, 5-bit slot, 3-bit function), so
 * its fields fit the key's. */
static void
sort_by_address (GPtrArray *devices)
{
  g_autofree Addressed *addressed = NULL;

  if (devices->len < 2)
    return;
  addressed = g_new (Addressed, devices->len);

  for (guint i = 0; i < devices->len; i++)
    {
      const FerryPciAddress *address = ferry_host_device_get_address (devices->pdata[i]);

      addressed[i] = (Addressed) { (guint64) address->domain << 32 |
                                   (guint64) address->bus << 16 |
                                   (guint64) address->slot << 8 | address->function,
                                   devices->pdata[i] };
    }
  /* Stable: two node devices of one address (a host may list them) keep their order. */
  g_qsort_with_data (addressed, (gint) devices->len, sizeof (Addressed), compare_addressed,
                     NULL);
  for (guint i = 0; i < devices->len; i++)
    devices->pdata[i] = addressed[i].device;
}

/* Takes what JOBS parsed into TABLE for the next read, each under the key KEY gives; returns
 * how many of them the previous read had parsed already. */
static guint
collect_parsed (GHashTable *table,
                GPtrArray  *jobs,
                gsize       parsed_offset,
                gsize       reused_offset,
                char     *(*key) (gpointer job))
{
  guint reused = 0;

  for (guint i = 0; i < jobs->len; i++)
    {
      Parsed **parsed = G_STRUCT_MEMBER_P (jobs->pdata[i], parsed_offset);

      reused += G_STRUCT_MEMBER (gboolean, jobs->pdata[i], reused_offset) ? 1 : 0;
      if (*parsed != NULL)
        g_hash_table_replace (table, key (jobs->pdata[i]), g_steal_pointer (parsed));
    }
  return reused;
}

static char *
device_job_key (gpointer job)
{
  return g_strdup (((DeviceJob *) job)->name);
}

static char *
network_job_key (gpointer job)
{
  return g_strdup (virNetworkGetName (((NetworkJob *) job)->network));
}

static char *
guest_job_key (gpointer job)
{
  return g_strdup (((GuestJob *) job)->uuid);
}

/* Takes round two's pools into SNAPSHOT, those not taken yet (problems stay with their jobs,
 * for their place in the list). A pool is never changed once read: a first view shares it. */
static void
collect_networks (HostSnapshot *snapshot,
                  GPtrArray    *network_jobs)
{
  for (guint i = 0; i < network_jobs->len; i++)
    {
      NetworkJob *job = network_jobs->pdata[i];

      if (job->result != NULL)
        g_ptr_array_add (snapshot->networks, g_steal_pointer (&job->result));
    }
}

/* Round three: parsing GUEST_JOBS (or NULL), whose XML has come, and running the jobs of
 * BESIDE (or NULL) first, one thread a core, not counted as objects read. A guest's devices
 * refer to pools: its previous parse holds only when every pool of NETWORK_JOBS is the
 * previous read's. */
static void
parse_guests (Reader    *reader,
              GPtrArray *network_jobs,
              GPtrArray *guest_jobs,
              GPtrArray *beside)
{
  Reader parser = *reader;
  g_autoptr(GPtrArray) round = g_ptr_array_new ();

  parser.progress = NULL;
  parser.in_flight = MAX (g_get_num_processors (), 2);
  parser.same_pools = reader->previous != NULL &&
                      network_jobs->len == g_hash_table_size (reader->previous->networks);
  for (guint i = 0; parser.same_pools && i < network_jobs->len; i++)
    parser.same_pools = ((NetworkJob *) network_jobs->pdata[i])->reused;
  if (beside != NULL)
    g_ptr_array_extend (round, beside, NULL, NULL);
  for (guint i = 0; guest_jobs != NULL && i < guest_jobs->len; i++)
    {
      GuestJob *job = guest_jobs->pdata[i];

      job->job.run = parse_guest;
      job->job.countdown = NULL;
      g_ptr_array_add (round, job);
    }
  run_jobs (round, &parser);
}

HostSnapshot *
host_snapshot_new (void)
{
  HostSnapshot *snapshot = g_new0 (HostSnapshot, 1);

  snapshot->guests = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->networks = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->devices = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->problems = g_ptr_array_new_with_free_func (g_free);
  snapshot->netdevs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) ferry_netdev_free);
  for (guint i = 0; i < FERRY_N_EVENTS; i++)
    snapshot->event_ids[i] = -1;
  return snapshot;
}

/* Hands READER's guests_read a snapshot of the host's identity, pools and guests alone, as
 * soon as their XML is in, while the devices' still streams in. Its pools and guests are the
 * read's own, parsed once: the end of the read brings the models the same objects, so the
 * pages and rows shown meanwhile stay as they are. From here on the reading thread only
 * reads them (names, ferry_guest_peek_assigned), as the main thread may show them. */
static void
send_guests (Reader    *reader,
             GPtrArray *network_jobs,
             GPtrArray *guest_jobs)
{
  HostSnapshot *snapshot = reader->snapshot;
  g_autoptr(HostSnapshot) first = host_snapshot_new ();

  collect_networks (snapshot, network_jobs);
  parse_guests (reader, network_jobs, guest_jobs, NULL);

  first->hostname = g_strdup (snapshot->hostname);
  first->hypervisor = g_strdup (snapshot->hypervisor);
  first->libvirt_version = g_strdup (snapshot->libvirt_version);
  for (guint i = 0; i < snapshot->networks->len; i++)
    g_ptr_array_add (first->networks, g_object_ref (snapshot->networks->pdata[i]));
  for (guint i = 0; i < guest_jobs->len; i++)
    g_ptr_array_add (first->guests, g_object_ref (((GuestJob *) guest_jobs->pdata[i])->guest));
  sort_by_name (first->guests, guest_name);
  sort_by_name (first->networks, network_name);

  reader->guests_read (g_steal_pointer (&first), reader->guests_read_data);
}

/* The functions in address order, and their groups: the half of the inventory that needs no
 * guest, made while the guests are parsed (a reload's longest step after the calls). */
static void
index_devices (Job    *job,
               Reader *reader)
{
  HostSnapshot *snapshot = reader->snapshot;

  sort_by_address (snapshot->devices);
  snapshot->inventory = ferry_inventory_new_for_devices (snapshot->devices);
}

/* Keeps what round two parsed for the next read (the guests' parses come later). */
typedef struct
{
  Job        job;
  GPtrArray *pci_jobs;
  GPtrArray *net_jobs;
  GPtrArray *network_jobs;
  guint      reused;     /* how many the previous read had parsed already */
} KeepJob;

static void
keep_parses (Job    *data,
             Reader *reader)
{
  KeepJob *keep = (KeepJob *) data;
  ParsedCache *parsed = reader->snapshot->parsed;

  keep->reused =
    collect_parsed (parsed->devices, keep->pci_jobs, G_STRUCT_OFFSET (DeviceJob, parsed),
                    G_STRUCT_OFFSET (DeviceJob, reused), device_job_key) +
    collect_parsed (parsed->netdevs, keep->net_jobs, G_STRUCT_OFFSET (DeviceJob, parsed),
                    G_STRUCT_OFFSET (DeviceJob, reused), device_job_key) +
    collect_parsed (parsed->networks, keep->network_jobs, G_STRUCT_OFFSET (NetworkJob, parsed),
                    G_STRUCT_OFFSET (NetworkJob, reused), network_job_key);
}

/* Lists everything and reads every object's XML into SNAPSHOT; FALSE with ERROR when even
 * the guests and networks cannot be listed. */
static gboolean
read_objects (Reader   *reader,
              GError  **error)
{
  HostSnapshot *snapshot = reader->snapshot;
  g_autoptr(GPtrArray) round = g_ptr_array_new ();
  g_autoptr(ListJob) domains_active = list_job_new (list_domains,
                                                    VIR_CONNECT_LIST_DOMAINS_ACTIVE);
  g_autoptr(ListJob) domains_persistent = list_job_new (list_domains,
                                                        VIR_CONNECT_LIST_DOMAINS_PERSISTENT);
  g_autoptr(ListJob) networks = list_job_new (list_networks, 0);
  g_autoptr(ListJob) networks_active = list_job_new (list_networks,
                                                     VIR_CONNECT_LIST_NETWORKS_ACTIVE);
  g_autoptr(ListJob) networks_persistent = list_job_new (list_networks,
                                                         VIR_CONNECT_LIST_NETWORKS_PERSISTENT);
  g_autoptr(ListJob) networks_autostart = list_job_new (list_networks,
                                                        VIR_CONNECT_LIST_NETWORKS_AUTOSTART);
  g_autoptr(ListJob) pci = list_job_new (list_node_devices,
                                         VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
  g_autoptr(ListJob) net = list_job_new (list_node_devices,
                                         VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET);
  g_autoptr(ListJob) disks = list_job_new (list_node_devices,
                                           VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE |
                                           VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI |
                                           VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_TARGET |
                                           VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST);
  /* Every list a read needs; the running guests' (last) only where stats did not come. */
  ListJob *lists[] = { domains_persistent, networks, networks_active, networks_persistent,
                       networks_autostart, domains_active };
  g_auto(StatsJob) stats = { { read_states }, NULL, -1 };
  Job identity[] = { { read_hostname }, { read_hypervisor }, { read_capabilities },
                     { read_domain_capabilities } };
  g_autoptr(GPtrArray) pci_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) device_job_free);
  g_autoptr(GPtrArray) net_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) device_job_free);
  g_autoptr(GPtrArray) child_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) device_job_free);
  g_autoptr(GPtrArray) network_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) network_job_free);
  g_autoptr(GPtrArray) guest_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) guest_job_free);
  Countdown countdown = { 0 };

  g_mutex_init (&countdown.mutex);
  g_cond_init (&countdown.cond);

  /* Round one: every question whose answer is a whole set, at once; the longest answers
   * first, so that no thread starts one when the others are done. */
  g_ptr_array_add (round, pci);
  g_ptr_array_add (round, net);
  /* The disks name what a remote host may lose with a controller (its mounts are out of
   * sight); the test driver's hosts keep to their fixtures. */
  if (!reader->test_driver)
    g_ptr_array_add (round, disks);
  g_ptr_array_add (round, &stats);
  /* The running guests come with their states: all lists but theirs. */
  for (guint i = 0; i < G_N_ELEMENTS (lists) - 1; i++)
    g_ptr_array_add (round, lists[i]);
  for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
    g_ptr_array_add (round, &identity[i]);
  run_jobs (round, reader);
  if (stats.n < 0)
    list_domains (&domains_active->job, reader);
  virResetLastError ();

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i]->n < 0)
      {
        /* Translators: libvirt's own message follows */
        g_set_error (error, FERRY_ERROR, FERRY_ERROR_LIBVIRT, "%s%s",
                     _("Connected, but cannot list guests and networks: "), lists[i]->error);
        ferry_error_set_details (*error, lists[i]->error);
        g_mutex_clear (&countdown.mutex);
        g_cond_clear (&countdown.cond);
        return FALSE;
      }
  if (pci->n < 0 || net->n < 0)
    /* Translators: %s is libvirt's own message */
    g_ptr_array_add (snapshot->problems, g_strdup_printf (_("Cannot list the host’s devices: %s"),
                                                          pci->n < 0 ? pci->error : net->error));

  /* Round two: every object's XML. */
  add_network_jobs (network_jobs, networks, networks_active, networks_persistent,
                    networks_autostart);
  add_guest_jobs (guest_jobs, &stats, domains_active, domains_persistent);
  add_device_jobs (pci_jobs, pci, read_pci_device);
  add_device_jobs (net_jobs, net, read_net_device);
  if (disks->n > 0)
    add_device_jobs (child_jobs, disks, read_child_device);

  g_ptr_array_set_size (round, 0);
  g_ptr_array_extend (round, network_jobs, NULL, NULL);
  g_ptr_array_extend (round, guest_jobs, NULL, NULL);
  g_ptr_array_extend (round, pci_jobs, NULL, NULL);
  g_ptr_array_extend (round, net_jobs, NULL, NULL);
  g_ptr_array_extend (round, child_jobs, NULL, NULL);
  if (reader->progress != NULL)
    {
      g_atomic_int_set (&reader->progress->done, 0);
      g_atomic_int_set (&reader->progress->total, (int) MIN (round->len, G_MAXINT));
    }
  if (reader->guests_read != NULL)
    {
      countdown.remaining = network_jobs->len + guest_jobs->len;
      for (guint i = 0; i < countdown.remaining; i++)
        ((Job *) round->pdata[i])->countdown = &countdown;
    }
  /* The pools and guests go first: a first view needs them, and they are few. This thread
   * sends them on once they are in, then takes jobs too. */
  if (reader->guests_read != NULL)
    {
      Round running = { round, reader };
      FerryParallel *parallel = ferry_parallel_start (round->len, 1,
                                                      MAX (reader->in_flight - 1, 1),
                                                      run_round, &running);

      /* With no thread to read meanwhile (the system's limit), this one reads them all
       * first: a first view later, never none. */
      if (ferry_parallel_get_n_started (parallel) == 0)
        ferry_parallel_finish (g_steal_pointer (&parallel));
      g_mutex_lock (&countdown.mutex);
      while (countdown.remaining > 0)
        g_cond_wait (&countdown.cond, &countdown.mutex);
      g_mutex_unlock (&countdown.mutex);
      if (!g_cancellable_is_cancelled (reader->cancellable))
        send_guests (reader, network_jobs, guest_jobs);
      if (parallel != NULL)
        ferry_parallel_finish (parallel);
    }
  else
    run_jobs (round, reader);
  g_mutex_clear (&countdown.mutex);
  g_cond_clear (&countdown.cond);

  if (g_cancellable_set_error_if_cancelled (reader->cancellable, error))
    return FALSE;

  collect_devices (snapshot, pci_jobs, net_jobs, child_jobs);
  collect_networks (snapshot, network_jobs);
  for (guint i = 0; i < network_jobs->len; i++)
    {
      NetworkJob *job = network_jobs->pdata[i];

      if (job->error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&job->error));
    }

  /* Round three: the guests' XML, now that every pool they may refer to is known (parsed
   * already when a first view went out), and beside it what needs the whole of round two:
   * the functions' groups, and the parses kept for the next read. */
  snapshot->parsed = parsed_cache_new ();
  {
    Job index = { index_devices };
    KeepJob keep = { { keep_parses }, pci_jobs, net_jobs, network_jobs, 0 };
    Job *beside[] = { &index, &keep.job };
    g_autoptr(GPtrArray) beside_jobs = g_ptr_array_new ();

    for (guint i = 0; i < G_N_ELEMENTS (beside); i++)
      g_ptr_array_add (beside_jobs, beside[i]);
    parse_guests (reader, network_jobs, reader->guests_read == NULL ? guest_jobs : NULL,
                  beside_jobs);
    snapshot->parses_reused = keep.reused;
  }
  for (guint i = 0; i < guest_jobs->len; i++)
    {
      GuestJob *job = guest_jobs->pdata[i];

      if (job->error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&job->error));
      g_ptr_array_add (snapshot->guests, g_steal_pointer (&job->guest));
    }
  snapshot->parses_reused +=
    collect_parsed (snapshot->parsed->guests, guest_jobs, G_STRUCT_OFFSET (GuestJob, parsed),
                    G_STRUCT_OFFSET (GuestJob, reused), guest_job_key);

  /* What is left of the jobs that ran (their node devices; guests borrow their domains),
   * the lists' domains and pools, and the stats: let go off this read's path (libvirt even
   * formats a guest's UUID for its log as it frees it, whatever the log level: a millisecond
   * for 300 guests). */
  {
    GPtrArray **jobs[] = { &pci_jobs, &net_jobs, &child_jobs, &network_jobs, &guest_jobs };
    ListJob **spent_lists[] = { &domains_active, &domains_persistent, &networks,
                                &networks_active, &networks_persistent, &networks_autostart };

    for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
      add_spent (reader, g_steal_pointer (jobs[i]), (GDestroyNotify) g_ptr_array_unref);
    for (guint i = 0; i < G_N_ELEMENTS (spent_lists); i++)
      add_spent (reader, g_steal_pointer (spent_lists[i]), (GDestroyNotify) list_job_free);
    add_spent (reader, g_steal_pointer (&stats.records),
               (GDestroyNotify) virDomainStatsRecordListFree);
  }
  return TRUE;
}

/* The directory whose /proc, /sys and /etc describe the host: this machine's for a local
 * connection, the demo's own fixture tree next to its XML, none for a remote host. */
static char *
dup_probe_root (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  const char *host = parsed ? g_uri_get_host (parsed) : NULL;

  if (parsed == NULL || (host != NULL && *host != '\0'))
    return NULL;

  if (g_str_equal (g_uri_get_scheme (parsed), "test"))
    {
      g_autofree char *directory = g_path_get_dirname (g_uri_get_path (parsed));
      g_autofree char *root = g_build_filename (directory, "host-root", NULL);

      return g_file_test (root, G_FILE_TEST_IS_DIR) ? g_steal_pointer (&root) : NULL;
    }

  return g_strdup (g_getenv ("FERRY_HOST_ROOT") ? g_getenv ("FERRY_HOST_ROOT") : "/");
}

/* The test driver, in this process or served by a daemon: canned capabilities, no host. */
static gboolean
is_test_driver (const char *uri)
{
  return g_str_has_prefix (uri, "test:") || g_str_has_prefix (uri, "test+");
}

static void
read_readiness (Reader *reader)
{
  HostSnapshot *snapshot = reader->snapshot;
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  const char *uri = gvir_connection_get_uri (reader->connection);
  g_autofree char *root = dup_probe_root (uri);
  g_autoptr(FerryConnection) kind = ferry_connection_classify (uri, NULL, FALSE);

  facts->test_driver = reader->test_driver;
  facts->system_uri = g_strdup (kind->system_uri);
  if (snapshot->capabilities != NULL)
    ferry_host_facts_read_capabilities (facts, snapshot->capabilities, NULL);
  if (snapshot->domain_capabilities != NULL)
    ferry_host_facts_read_domain_capabilities (facts, snapshot->domain_capabilities, NULL);

  if (root != NULL)
    {
      ferry_host_probe (root, facts);
      snapshot->host_uses = ferry_host_probe_device_uses (root);
      if (kind->per_user)
        snapshot->vfio_groups = ferry_host_probe_vfio_groups (root);
      snapshot->function_states = ferry_host_probe_functions (root);
    }

  snapshot->checks = ferry_readiness_evaluate (facts);
  if (root != NULL)
    snapshot->host_facts = g_steal_pointer (&facts);
}

/* What the host uses its functions for as libvirt tells it (an interface that is up), with
 * the local probes' findings on this computer. The test driver's hosts keep to their
 * fixtures: their interfaces are made up. */
static void
read_host_uses (Reader *reader)
{
  HostSnapshot *snapshot = reader->snapshot;
  g_autoptr(FerryConnection) kind = NULL;
  g_autoptr(GHashTable) told = NULL;

  if (reader->test_driver)
    return;

  kind = ferry_connection_classify (gvir_connection_get_uri (reader->connection), NULL, FALSE);
  told = ferry_host_uses_from_inventory (snapshot->inventory,
                                         kind->kind == FERRY_CONNECTION_REMOTE);
  if (snapshot->host_uses != NULL)
    ferry_host_uses_merge (snapshot->host_uses, told);
  else
    snapshot->host_uses = g_steal_pointer (&told);
  snapshot->host_uses_partial = kind->kind == FERRY_CONNECTION_REMOTE;
}

static void finish_snapshot (Reader *reader);

static HostSnapshot *
read_host (GVirConnection      *connection,
           const char          *capabilities,
           const char          *domain_capabilities,
           ParsedCache         *previous,
           FerryReadProgress   *progress,
           FerryGuestsReadFunc  guests_read,
           gpointer             guests_read_data,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(HostSnapshot) snapshot = host_snapshot_new ();
  g_autoptr(virConnect) raw = NULL;
  Reader reader = { NULL, connection, cancellable, snapshot, FALSE, MAX_IN_FLIGHT, progress,
                    guests_read, guests_read_data, previous, FALSE };
  const char *uri = gvir_connection_get_uri (connection);

  snapshot->connection = g_object_ref (connection);
  snapshot->capabilities = g_strdup (capabilities);
  snapshot->domain_capabilities = g_strdup (domain_capabilities);

  g_object_get (connection, "handle", &raw, NULL);
  reader.raw = raw;
  reader.test_driver = is_test_driver (uri);
  /* The test driver in this process answers without a round trip: threads beyond the
   * cores would only contend. */
  if (g_str_has_prefix (uri, "test:"))
    reader.in_flight = MAX (g_get_num_processors (), 2);

  if (!read_objects (&reader, error))
    {
      g_clear_pointer (&reader.spent, g_array_unref);
      return NULL;
    }
  finish_snapshot (&reader);
  ferry_session_free_in_background (g_steal_pointer (&reader.spent),
                                    (GDestroyNotify) g_array_unref);

  return g_steal_pointer (&snapshot);
}

/* What a snapshot's records make of the host: readiness, order, owners and groups (once for
 * the whole snapshot), uses. */
static void
finish_snapshot (Reader *reader)
{
  HostSnapshot *snapshot = reader->snapshot;

  read_readiness (reader);

  sort_by_name (snapshot->guests, guest_name);
  sort_by_name (snapshot->networks, network_name);
  /* A whole read made the first half while it parsed the guests; an update of some devices
   * did not. */
  if (snapshot->inventory == NULL)
    index_devices (NULL, reader);
  ferry_inventory_add_owners (snapshot->inventory, snapshot->guests, snapshot->networks);
  read_host_uses (reader);
}

/* Completes SNAPSHOT, whose records (devices, guests, networks), capabilities and identity are
 * in, as a read of CONNECTION's host would: an update of some devices then shows the host
 * exactly as a whole read would. Any thread; asks the host nothing. */
void
ferry_session_finish_snapshot (GVirConnection *connection,
                               HostSnapshot   *snapshot)
{
  Reader reader = { NULL, connection, NULL, snapshot, FALSE, 1, NULL, NULL, NULL, NULL, FALSE };

  reader.test_driver = is_test_driver (gvir_connection_get_uri (connection));
  finish_snapshot (&reader);
}

/* Everything Ferry shows of a host, read in one go from an open connection. CAPABILITIES
 * and DOMAIN_CAPABILITIES, when given, are an earlier read's, reused; so is PREVIOUS's parse
 * of every document whose text has not changed since. PROGRESS, when given, counts the
 * objects read as they arrive. */
HostSnapshot *
ferry_session_read_host (GVirConnection    *connection,
                         const char        *capabilities,
                         const char        *domain_capabilities,
                         ParsedCache       *previous,
                         FerryReadProgress *progress,
                         GCancellable      *cancellable,
                         GError           **error)
{
  return read_host (connection, capabilities, domain_capabilities, previous, progress, NULL,
                    NULL, cancellable, error);
}

/* The same read, for a first view over a slow link: GUESTS_READ gets a snapshot of the
 * host's guests and pools alone (no devices, no inventory) on the reading thread as soon as
 * they are in, before the devices, which are most of a host's objects. */
HostSnapshot *
ferry_session_read_host_guests_first (GVirConnection       *connection,
                                      FerryReadProgress    *progress,
                                      FerryGuestsReadFunc   guests_read,
                                      gpointer              user_data,
                                      GCancellable         *cancellable,
                                      GError              **error)
{
  return read_host (connection, NULL, NULL, NULL, progress, guests_read, user_data,
                    cancellable, error);
}
