/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "ferry-error.h"
#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-host-probe.h"
#include "ferry-pci-names.h"
#include "ferry-readiness-check.h"
#include "ferry-session.h"
#include "ferry-virt-autoptr.h"

/* One libvirt connection and what Ferry knows of its host: the models every page shows.
 * Everything that talks to libvirt runs in a GTask thread; the models are only touched on
 * the main thread. */
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
  GHashTable     *host_uses;         /* what a local host uses its functions for; or NULL */
  GHashTable     *fingerprints;      /* "d:ADDRESS" / "g:NUMBER" → what the row showed */
  GCancellable   *cancellable;
  guint           reload_source;
  gboolean        reloading;
  gboolean        reload_again;
  gboolean        connected;
  int             event_ids[6];
  GHashTable     *devices_by_address; /* the store's own objects, for lookups */
  /* libvirt's capabilities, slow to ask for (seconds on some hosts) and fixed while
   * connected: read once, reused by every reload. */
  char           *capabilities;
  char           *domain_capabilities;
};

enum {
  PROP_0,
  PROP_URI,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Worker threads reading node device XML at once: over a remote link, N devices must not
 * cost N round trips one after another. */
#define MAX_XML_READERS 8

enum {
  EVENT_DOMAIN_LIFECYCLE,
  EVENT_DOMAIN_DEVICE_ADDED,
  EVENT_DOMAIN_DEVICE_REMOVED,
  EVENT_NODEDEV_LIFECYCLE,
  EVENT_NODEDEV_UPDATE,
  EVENT_NETWORK,
  N_EVENTS
};

enum {
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FerrySession, ferry_session, G_TYPE_OBJECT)

/* What the connect thread read, handed to the main thread in one piece. */
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
  FerryInventory *inventory;
  GHashTable     *fingerprints;
  GPtrArray      *checks;
  GHashTable     *host_uses;
  char           *capabilities;
  char           *domain_capabilities;
} HostSnapshot;

static void
host_snapshot_free (HostSnapshot *snapshot)
{
  g_clear_object (&snapshot->connection);
  g_free (snapshot->hostname);
  g_free (snapshot->hypervisor);
  g_free (snapshot->libvirt_version);
  g_ptr_array_unref (snapshot->guests);
  g_ptr_array_unref (snapshot->networks);
  g_ptr_array_unref (snapshot->devices);
  g_ptr_array_unref (snapshot->problems);
  g_clear_object (&snapshot->inventory);
  g_clear_pointer (&snapshot->fingerprints, g_hash_table_unref);
  g_clear_pointer (&snapshot->checks, g_ptr_array_unref);
  g_clear_pointer (&snapshot->host_uses, g_hash_table_unref);
  g_free (snapshot->capabilities);
  g_free (snapshot->domain_capabilities);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostSnapshot, host_snapshot_free)


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

static void unregister_events (FerrySession *self);
static void unwatch_connection (FerrySession *self);

static void
ferry_session_dispose (GObject *object)
{
  FerrySession *self = (FerrySession *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  unregister_events (self);
  unwatch_connection (self);

  G_OBJECT_CLASS (ferry_session_parent_class)->dispose (object);
}

static void
ferry_session_finalize (GObject *object)
{
  FerrySession *self = (FerrySession *) object;

  g_free (self->uri);
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
  g_hash_table_unref (self->fingerprints);
  g_hash_table_unref (self->devices_by_address);
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
      self->uri = g_value_dup_string (value);
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
  self->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->devices_by_address = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                               (GEqualFunc) ferry_pci_address_equal);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < N_EVENTS; i++)
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

gboolean
ferry_session_is_demo (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return g_str_has_prefix (self->uri, "test://");
}

gboolean
ferry_session_get_connected (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  return self->connected;
}

static void
set_connected (FerrySession *self,
               gboolean      connected)
{
  if (self->connected == connected)
    return;

  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static char *
format_version (unsigned long version)
{
  return g_strdup_printf ("%lu.%lu.%lu",
                          version / 1000000, (version / 1000) % 1000, version % 1000);
}

/* ---- Reading the host (worker threads) ------------------------------------------------ */

typedef void (*ParseFunc) (gpointer job);

typedef struct
{
  virNodeDevicePtr  device;
  ParseFunc         parse;
  char             *xml;
  char             *error;
  /* What parse made of the XML. */
  FerryHostDevice  *host_device;
  FerryNetdev      *netdev;
} XmlJob;

/* In a worker: fetch one device's XML and parse it right there, so parsing overlaps the
 * other workers' round trips. */
static void
read_xml_job (gpointer data,
              gpointer user_data)
{
  XmlJob *job = data;

  job->xml = virNodeDeviceGetXMLDesc (job->device, 0);
  if (job->xml == NULL)
    /* Translators: first %s is a node device name, second libvirt's own message */
    job->error = g_strdup_printf (_("Cannot read node device %s: %s"),
                                  virNodeDeviceGetName (job->device),
                                  virGetLastErrorMessage ());
  else
    job->parse (job);
}

static void
parse_pci_job (gpointer data)
{
  XmlJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *product = NULL;

  /* Malformed XML costs that one device, never the rest. */
  if (!(job->host_device = ferry_host_device_new_from_xml (job->xml, &error)))
    {
      job->error = g_strdup (error->message);
      return;
    }

  if ((ferry_host_device_get_vendor_name (job->host_device) == NULL ||
       ferry_host_device_get_product_name (job->host_device) == NULL) &&
      ferry_pci_names_lookup (ferry_host_device_get_vendor_id (job->host_device),
                              ferry_host_device_get_product_id (job->host_device),
                              &vendor, &product))
    ferry_host_device_set_fallback_names (job->host_device, vendor, product);
}

static void
parse_net_job (gpointer data)
{
  XmlJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!(job->netdev = ferry_host_device_parse_net_child (job->xml, &error)))
    job->error = g_strdup (error->message);
}

/* Lists node devices of CAPABILITY, reads and parses their XML MAX_XML_READERS at a time. */
static XmlJob *
read_node_devices (virConnectPtr   raw,
                   unsigned int    capability,
                   ParseFunc       parse,
                   int            *n_jobs,
                   GPtrArray      *problems)
{
  virNodeDevicePtr *list = NULL;
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  XmlJob *jobs;
  int n;

  /* Only capability flags: libvirt's test driver rejects the active/inactive filters. */
  n = virConnectListAllNodeDevices (raw, &list, capability);
  if (n < 0)
    {
      /* Translators: %s is libvirt's own message */
      g_ptr_array_add (problems, g_strdup_printf (_("Cannot list the host’s devices: %s"),
                                                  virGetLastErrorMessage ()));
      *n_jobs = 0;
      return NULL;
    }

  jobs = g_new0 (XmlJob, n);
  pool = g_thread_pool_new (read_xml_job, NULL, MIN (n, MAX_XML_READERS), FALSE, &error);
  for (int i = 0; i < n; i++)
    {
      jobs[i].device = list[i];
      jobs[i].parse = parse;
      if (pool != NULL)
        g_thread_pool_push (pool, &jobs[i], NULL);
      else
        read_xml_job (&jobs[i], NULL);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);

  free (list);
  *n_jobs = n;
  return jobs;
}

static void
free_jobs (XmlJob *jobs,
           int     n_jobs)
{
  for (int i = 0; i < n_jobs; i++)
    {
      virNodeDeviceFree (jobs[i].device);
      free (jobs[i].xml);
      g_free (jobs[i].error);
      g_clear_object (&jobs[i].host_device);
      ferry_netdev_free (jobs[i].netdev);
    }
  g_free (jobs);
}

static void
read_devices (virConnectPtr  raw,
              HostSnapshot  *snapshot)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  XmlJob *jobs;
  int n_jobs;

  jobs = read_node_devices (raw, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV, parse_pci_job,
                            &n_jobs, snapshot->problems);
  for (int i = 0; i < n_jobs; i++)
    {
      FerryHostDevice *device = jobs[i].host_device;

      if (jobs[i].error != NULL)
        {
          g_ptr_array_add (snapshot->problems, g_steal_pointer (&jobs[i].error));
          continue;
        }

      g_hash_table_insert (by_name, (gpointer) ferry_host_device_get_name (device), device);
      g_ptr_array_add (snapshot->devices, g_steal_pointer (&jobs[i].host_device));
    }
  free_jobs (jobs, n_jobs);

  jobs = read_node_devices (raw, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET, parse_net_job, &n_jobs,
                            snapshot->problems);
  for (int i = 0; i < n_jobs; i++)
    {
      FerryNetdev *netdev = jobs[i].netdev;
      FerryHostDevice *owner;

      if (jobs[i].error != NULL)
        g_ptr_array_add (snapshot->problems, g_steal_pointer (&jobs[i].error));
      else if ((owner = g_hash_table_lookup (by_name, netdev->parent)))
        ferry_host_device_add_netdev (owner, netdev->interface, netdev->mac, netdev->link);
    }
  free_jobs (jobs, n_jobs);
}

static void
read_networks (GVirConnection *connection,
               HostSnapshot   *snapshot)
{
  g_autolist(GObject) networks = gvir_connection_get_networks (connection);

  for (GList *l = networks; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryNetwork) network = NULL;
      g_autofree char *xml = NULL;
      virNetworkPtr raw = NULL;
      int autostart = 0;

      g_object_get (l->data, "handle", &raw, NULL);
      xml = virNetworkGetXMLDesc (raw, 0);

      if (xml == NULL)
        g_ptr_array_add (snapshot->problems,
                         /* Translators: first %s is a network name, second libvirt's message */
                         g_strdup_printf (_("Cannot read network %s: %s"),
                                          gvir_network_get_name (l->data),
                                          virGetLastErrorMessage ()));
      else if (!(network = ferry_network_new_from_xml (xml, &error)))
        g_ptr_array_add (snapshot->problems, g_strdup (error->message));
      else
        {
          g_autofree char *definition = NULL;

          virNetworkGetAutostart (raw, &autostart);
          ferry_network_set_status (network, virNetworkIsActive (raw) == 1, autostart == 1,
                                    virNetworkIsPersistent (raw) == 1);
          /* An edit starts from the definition: a running pf-form pool's live XML lists
           * its VFs, which the definition does not. Drivers without the flag (the test
           * driver) keep one XML, the live one. */
          if (virNetworkIsPersistent (raw) == 1 &&
              !(definition = virNetworkGetXMLDesc (raw, VIR_NETWORK_XML_INACTIVE)))
            definition = g_strdup (xml);
          ferry_network_set_definition (network, definition);
          g_hash_table_insert (snapshot->fingerprints,
                               g_strconcat ("n:", gvir_network_get_name (l->data), NULL),
                               g_strdup_printf ("%s|%s|%d|%d", xml, definition ? definition : "",
                                                virNetworkIsActive (raw), autostart));
          g_ptr_array_add (snapshot->networks, g_steal_pointer (&network));
        }

      virNetworkFree (raw);
    }
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

static void
read_guests (GVirConnection *connection,
             HostSnapshot   *snapshot)
{
  g_autolist(GObject) domains = gvir_connection_get_domains (connection);
  g_autoptr(GPtrArray) pools = g_ptr_array_new ();

  for (guint i = 0; i < snapshot->networks->len; i++)
    if (ferry_network_is_hostdev_pool (snapshot->networks->pdata[i]))
      g_ptr_array_add (pools, snapshot->networks->pdata[i]);

  for (GList *l = domains; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryGuest) guest = NULL;
      g_autofree char *live_xml = NULL;
      g_autofree char *config_xml = NULL;
      virDomainPtr raw = NULL;
      int state = VIR_DOMAIN_NOSTATE;
      int active;

      g_object_get (l->data, "handle", &raw, NULL);
      guest = ferry_guest_new (gvir_domain_get_name (l->data), gvir_domain_get_uuid (l->data));

      if (virDomainGetState (raw, &state, NULL, 0) == 0)
        ferry_guest_set_state (guest, map_state (state));

      /* What it holds now and what it gets at next boot can differ. */
      active = virDomainIsActive (raw);
      if (active == 1)
        live_xml = virDomainGetXMLDesc (raw, 0);
      if (virDomainIsPersistent (raw) == 1)
        config_xml = virDomainGetXMLDesc (raw, VIR_DOMAIN_XML_INACTIVE);

      if ((active == 1 && live_xml == NULL) || (live_xml == NULL && config_xml == NULL))
        g_ptr_array_add (snapshot->problems,
                         /* Translators: first %s is a guest name, second libvirt's message */
                         g_strdup_printf (_("Cannot read guest %s: %s"),
                                          gvir_domain_get_name (l->data),
                                          virGetLastErrorMessage ()));
      else if (!ferry_guest_update_from_xml (guest, live_xml, config_xml, pools, &error))
        g_ptr_array_add (snapshot->problems, g_strdup (error->message));

      g_ptr_array_add (snapshot->guests, g_steal_pointer (&guest));
      virDomainFree (raw);
    }
}

static int
compare_guests (gconstpointer a,
                gconstpointer b)
{
  FerryGuest *guest_a = *(FerryGuest **) a;
  FerryGuest *guest_b = *(FerryGuest **) b;

  return g_utf8_collate (ferry_guest_get_name (guest_a), ferry_guest_get_name (guest_b));
}

static int
compare_networks (gconstpointer a,
                  gconstpointer b)
{
  FerryNetwork *network_a = *(FerryNetwork **) a;
  FerryNetwork *network_b = *(FerryNetwork **) b;

  return g_utf8_collate (ferry_network_get_name (network_a), ferry_network_get_name (network_b));
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  FerryHostDevice *device_a = *(FerryHostDevice **) a;
  FerryHostDevice *device_b = *(FerryHostDevice **) b;

  return ferry_pci_address_compare (ferry_host_device_get_address (device_a),
                                    ferry_host_device_get_address (device_b));
}

/* What a device row or a group header shows, as text: equal fingerprints let a reload keep
 * the old object (and the row, its scroll position and selection) in place. */
static char *
device_fingerprint (FerryInventory  *inventory,
                    FerryHostDevice *device)
{
  const FerryPciAddress *address = ferry_host_device_get_address (device);
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);
  const char * const *pools = ferry_inventory_get_pools (inventory, address);
  const char * const *netdevs = ferry_host_device_get_netdevs (device);
  GString *text = g_string_new (ferry_host_device_get_name (device));

  g_string_append_printf (text, "|%s|%s|%s|%d", ferry_host_device_get_product_name (device),
                          ferry_host_device_get_vendor_name (device),
                          ferry_host_device_get_driver (device),
                          ferry_host_device_get_iommu_group (device));
  for (guint i = 0; netdevs[i] != NULL; i++)
    g_string_append_printf (text, "|if:%s", netdevs[i]);
  for (guint i = 0; pools != NULL && pools[i] != NULL; i++)
    g_string_append_printf (text, "|pool:%s", pools[i]);
  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      g_autofree char *use = ferry_device_use_describe (uses->pdata[i]);
      g_string_append_printf (text, "|use:%s", use);
    }
  {
    guint n_vfs;
    FerryPciLink cap, sta;

    ferry_host_device_get_vfs (device, &n_vfs);
    ferry_host_device_get_link (device, &cap, &sta);
    g_string_append_printf (text, "|vfs:%u/%u|link:%g/%u:%g/%u", n_vfs,
                            ferry_host_device_get_max_vfs (device), cap.speed, cap.width,
                            sta.speed, sta.width);
  }

  return g_string_free (text, FALSE);
}

static void
add_fingerprints (HostSnapshot *snapshot)
{
  GListModel *groups = ferry_inventory_get_groups (snapshot->inventory);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(FerryIommuGroup) group = g_list_model_get_item (groups, i);
      GListModel *members = ferry_iommu_group_get_members (group);
      const char * const *guests = ferry_iommu_group_get_guests (group);
      GString *group_text = g_string_new (NULL);

      for (guint m = 0; m < g_list_model_get_n_items (members); m++)
        {
          g_autoptr(FerryHostDevice) device = g_list_model_get_item (members, m);
          g_autofree char *address = ferry_pci_address_to_string (
            ferry_host_device_get_address (device));
          char *text = device_fingerprint (snapshot->inventory, device);

          g_string_append_printf (group_text, "%s\n", text);
          g_hash_table_insert (snapshot->fingerprints, g_strconcat ("d:", address, NULL), text);
        }
      for (guint g = 0; guests[g] != NULL; g++)
        g_string_append_printf (group_text, "guest:%s\n", guests[g]);

      g_hash_table_insert (snapshot->fingerprints,
                           g_strdup_printf ("g:%d", ferry_iommu_group_get_number (group)),
                           g_string_free (group_text, FALSE));
    }
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

/* SNAPSHOT's capabilities were given by a reload; a first read asks libvirt. */
static void
read_readiness (virConnectPtr  raw,
                const char    *uri,
                HostSnapshot  *snapshot)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  g_autofree char *root = dup_probe_root (uri);

  /* The test driver's capabilities are canned, not a host's: they say nothing. */
  if (!g_str_has_prefix (uri, "test:"))
    {
      if (snapshot->capabilities == NULL)
        {
          g_autofree char *xml = virConnectGetCapabilities (raw);
          snapshot->capabilities = g_strdup (xml);
        }
      if (snapshot->domain_capabilities == NULL)
        {
          g_autofree char *xml = virConnectGetDomainCapabilities (raw, NULL, NULL, NULL, NULL, 0);
          snapshot->domain_capabilities = g_strdup (xml);
        }
      if (snapshot->capabilities != NULL)
        ferry_host_facts_read_capabilities (facts, snapshot->capabilities, NULL);
      if (snapshot->domain_capabilities != NULL)
        ferry_host_facts_read_domain_capabilities (facts, snapshot->domain_capabilities, NULL);
      virResetLastError ();
    }

  if (root != NULL)
    {
      ferry_host_probe (root, facts);
      snapshot->host_uses = ferry_host_probe_device_uses (root);
    }

  snapshot->checks = ferry_readiness_evaluate (facts);
}

/* Everything Ferry shows of a host, read in one go from an open connection. */
static HostSnapshot *
read_host (GVirConnection  *connection,
           const char      *capabilities,
           const char      *domain_capabilities,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(HostSnapshot) snapshot = g_new0 (HostSnapshot, 1);
  g_autoptr(virConnect) raw = NULL;
  g_autofree char *hostname = NULL;
  unsigned long version = 0;

  snapshot->connection = g_object_ref (connection);
  snapshot->capabilities = g_strdup (capabilities);
  snapshot->domain_capabilities = g_strdup (domain_capabilities);
  snapshot->guests = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->networks = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->devices = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->problems = g_ptr_array_new_with_free_func (g_free);
  snapshot->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_object_get (connection, "handle", &raw, NULL);

  hostname = virConnectGetHostname (raw);
  snapshot->hostname = g_strdup (hostname);
  snapshot->hypervisor = gvir_connection_get_hypervisor_name (connection, NULL);
  if (virConnectGetLibVersion (raw, &version) == 0)
    snapshot->libvirt_version = format_version (version);

  if (!gvir_connection_fetch_networks (connection, cancellable, error) ||
      !gvir_connection_fetch_domains (connection, cancellable, error))
    {
      /* Translators: libvirt's own message follows */
      g_prefix_error (error, _("Connected, but cannot list guests and networks: "));
      return NULL;
    }

  read_devices (raw, snapshot);
  read_networks (connection, snapshot);
  read_guests (connection, snapshot);
  read_readiness (raw, gvir_connection_get_uri (connection), snapshot);

  g_ptr_array_sort (snapshot->guests, compare_guests);
  g_ptr_array_sort (snapshot->networks, compare_networks);
  g_ptr_array_sort (snapshot->devices, compare_devices);

  snapshot->inventory = ferry_inventory_new (snapshot->devices, snapshot->guests,
                                             snapshot->networks);
  add_fingerprints (snapshot);

  return g_steal_pointer (&snapshot);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *uri = task_data;
  /* libvirt-gobject 4.0 defines no autoptr cleanups for its types. */
  g_autoptr(GObject) connection = G_OBJECT (gvir_connection_new (uri));
  g_autoptr(GError) error = NULL;
  HostSnapshot *snapshot;

  /* May block for as long as a remote host stays silent; the task returns on cancel. */
  if (!gvir_connection_open (GVIR_CONNECTION (connection), NULL, &error) ||
      !(snapshot = read_host (GVIR_CONNECTION (connection), NULL, NULL, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, snapshot, (GDestroyNotify) host_snapshot_free);
}

typedef struct
{
  GVirConnection *connection;
  char           *capabilities;
  char           *domain_capabilities;
} ReloadData;

static void
reload_data_free (ReloadData *data)
{
  g_object_unref (data->connection);
  g_free (data->capabilities);
  g_free (data->domain_capabilities);
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
  HostSnapshot *snapshot = read_host (data->connection, data->capabilities,
                                      data->domain_capabilities, cancellable, &error);

  if (snapshot == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) host_snapshot_free);
}

/* ---- Merging a snapshot into the models (main thread) ---------------------------------- */

typedef const char *(*KeyFunc) (gpointer item, char **scratch);

static const char *
guest_key (gpointer  item,
           char    **scratch)
{
  return ferry_guest_get_name (item);
}

static const char *
network_key (gpointer  item,
             char    **scratch)
{
  return *scratch = g_strconcat ("n:", ferry_network_get_name (item), NULL);
}

static const char *
device_key (gpointer  item,
            char    **scratch)
{
  g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (item));

  return *scratch = g_strconcat ("d:", address, NULL);
}

static const char *
group_key (gpointer  item,
           char    **scratch)
{
  return *scratch = g_strdup_printf ("g:%d", ferry_iommu_group_get_number (item));
}

/* Makes STORE hold ITEMS (same order), keeping every old item whose fingerprint is
 * unchanged, so rows, scroll positions and selections survive a reload. Guests are updated
 * in place instead (state and devices), as pages hold on to them. */
static void
merge_store (FerrySession *self,
             GListStore   *store,
             GPtrArray    *items,
             KeyFunc       key_func,
             GHashTable   *new_fingerprints)
{
  g_autoptr(GHashTable) old = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     g_object_unref);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint position = 0;

  for (guint i = 0; i < n_old; i++)
    {
      gpointer item = g_list_model_get_item (model, i);
      g_autofree char *scratch = NULL;
      const char *key = key_func (item, &scratch);

      g_hash_table_insert (old, g_strdup (key), item);
    }

  for (guint i = 0; i < items->len; i++)
    {
      gpointer fresh = items->pdata[i];
      g_autofree char *scratch = NULL;
      const char *key = key_func (fresh, &scratch);
      gpointer kept = g_hash_table_lookup (old, key);

      if (kept != NULL && FERRY_IS_GUEST (kept))
        {
          ferry_guest_set_state (kept, ferry_guest_get_state (fresh));
          ferry_guest_take_devices (kept, fresh);
        }
      else if (kept != NULL &&
               g_strcmp0 (g_hash_table_lookup (self->fingerprints, key),
                          g_hash_table_lookup (new_fingerprints, key)) != 0)
        kept = NULL;

      g_ptr_array_add (merged, g_object_ref (kept ? kept : fresh));
    }

  /* Splice only the stretch that differs: an unchanged list emits nothing. */
  while (position < merged->len && position < n_old)
    {
      g_autoptr(GObject) current = g_list_model_get_item (model, position);

      if (current != merged->pdata[position])
        break;
      position++;
    }
  if (position == merged->len && position == n_old)
    return;

  {
    guint old_end = n_old, new_end = merged->len;

    while (old_end > position && new_end > position)
      {
        g_autoptr(GObject) current = g_list_model_get_item (model, old_end - 1);

        if (current != merged->pdata[new_end - 1])
          break;
        old_end--;
        new_end--;
      }

    g_list_store_splice (store, position, old_end - position,
                         merged->pdata + position, new_end - position);
  }
}

static gboolean
same_checks (GListModel *old,
             GPtrArray  *fresh)
{
  if (g_list_model_get_n_items (old) != fresh->len)
    return FALSE;

  for (guint i = 0; i < fresh->len; i++)
    {
      g_autoptr(FerryReadinessCheck) check = g_list_model_get_item (old, i);

      if (g_strcmp0 (ferry_readiness_check_get_id (check),
                     ferry_readiness_check_get_id (fresh->pdata[i])) != 0 ||
          ferry_readiness_check_get_status (check) !=
          ferry_readiness_check_get_status (fresh->pdata[i]) ||
          g_strcmp0 (ferry_readiness_check_get_summary (check),
                     ferry_readiness_check_get_summary (fresh->pdata[i])) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
apply_snapshot (FerrySession *self,
                HostSnapshot *snapshot)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *inventory_groups = ferry_inventory_get_groups (snapshot->inventory);

  g_free (self->hostname);
  self->hostname = g_steal_pointer (&snapshot->hostname);
  g_free (self->hypervisor);
  self->hypervisor = g_steal_pointer (&snapshot->hypervisor);
  g_free (self->libvirt_version);
  self->libvirt_version = g_steal_pointer (&snapshot->libvirt_version);
  g_free (self->capabilities);
  self->capabilities = g_steal_pointer (&snapshot->capabilities);
  g_free (self->domain_capabilities);
  self->domain_capabilities = g_steal_pointer (&snapshot->domain_capabilities);
  g_set_object (&self->inventory, snapshot->inventory);
  g_clear_pointer (&self->host_uses, g_hash_table_unref);
  self->host_uses = g_steal_pointer (&snapshot->host_uses);

  for (guint i = 0; i < g_list_model_get_n_items (inventory_groups); i++)
    g_ptr_array_add (groups, g_list_model_get_item (inventory_groups, i));

  g_strfreev (self->problems);
  g_ptr_array_add (snapshot->problems, NULL);
  self->problems = (GStrv) g_ptr_array_steal (snapshot->problems, NULL);

  merge_store (self, self->devices, snapshot->devices, device_key, snapshot->fingerprints);
  /* Lookups hand out the objects the lists show, kept or fresh; rows the merges below
   * create look devices up already. */
  g_hash_table_remove_all (self->devices_by_address);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->devices)); i++)
    {
      g_autoptr(FerryHostDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);
      g_hash_table_insert (self->devices_by_address,
                           (gpointer) ferry_host_device_get_address (device), device);
    }

  merge_store (self, self->groups, groups, group_key, snapshot->fingerprints);
  merge_store (self, self->networks, snapshot->networks, network_key, snapshot->fingerprints);
  merge_store (self, self->guests, snapshot->guests, guest_key, snapshot->fingerprints);

  g_hash_table_unref (self->fingerprints);
  self->fingerprints = g_steal_pointer (&snapshot->fingerprints);

  /* Rebuilt rows would lose what the user expanded: only when a verdict changed. */
  if (!same_checks (G_LIST_MODEL (self->readiness), snapshot->checks))
    g_list_store_splice (self->readiness, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->readiness)),
                         snapshot->checks->pdata, snapshot->checks->len);

  g_signal_emit (self, signals[RELOADED], 0);
}

/* ---- Events ------------------------------------------------------------------------------ */

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

static void
domain_event_cb (virConnectPtr conn,
                 virDomainPtr  domain,
                 int           event,
                 int           detail,
                 void         *opaque)
{
  schedule_reload (opaque);
}

static void
domain_device_event_cb (virConnectPtr  conn,
                        virDomainPtr   domain,
                        const char    *alias,
                        void          *opaque)
{
  schedule_reload (opaque);
}

/* PCI functions and their interfaces matter; the churn of virtual interfaces on a container
 * host (veth…, parented to "computer") must not re-read the whole host again and again. */
static gboolean
nodedev_matters (virNodeDevicePtr device)
{
  const char *name = virNodeDeviceGetName (device);
  const char *parent = virNodeDeviceGetParent (device);

  return g_str_has_prefix (name, "pci_") ||
         (g_str_has_prefix (name, "net_") && g_strcmp0 (parent, "computer") != 0);
}

static void
nodedev_event_cb (virConnectPtr    conn,
                  virNodeDevicePtr device,
                  int              event,
                  int              detail,
                  void            *opaque)
{
  if (nodedev_matters (device))
    schedule_reload (opaque);
}

/* A driver bind or unbind (vfio-pci, driverctl) is an update, not a lifecycle event. */
static void
nodedev_update_cb (virConnectPtr    conn,
                   virNodeDevicePtr device,
                   void            *opaque)
{
  if (nodedev_matters (device))
    schedule_reload (opaque);
}

static void
network_event_cb (virConnectPtr conn,
                  virNetworkPtr network,
                  int           event,
                  int           detail,
                  void         *opaque)
{
  schedule_reload (opaque);
}

static void
unregister_events (FerrySession *self)
{
  g_autoptr(virConnect) raw = NULL;

  if (self->connection == NULL)
    return;

  g_object_get (self->connection, "handle", &raw, NULL);
  if (raw == NULL)
    return;

  for (guint i = EVENT_DOMAIN_LIFECYCLE; i <= EVENT_DOMAIN_DEVICE_REMOVED; i++)
    if (self->event_ids[i] >= 0)
      virConnectDomainEventDeregisterAny (raw, self->event_ids[i]);
  for (guint i = EVENT_NODEDEV_LIFECYCLE; i <= EVENT_NODEDEV_UPDATE; i++)
    if (self->event_ids[i] >= 0)
      virConnectNodeDeviceEventDeregisterAny (raw, self->event_ids[i]);
  if (self->event_ids[EVENT_NETWORK] >= 0)
    virConnectNetworkEventDeregisterAny (raw, self->event_ids[EVENT_NETWORK]);

  for (guint i = 0; i < N_EVENTS; i++)
    self->event_ids[i] = -1;
}

/* libvirt-gobject has no node-device or network events: register them all on the raw
 * connection; gvir_event_register() delivers them on the GLib main loop. A driver without
 * some event kind simply reports fewer changes. */
static void
register_events (FerrySession *self)
{
  g_autoptr(virConnect) raw = NULL;

  g_object_get (self->connection, "handle", &raw, NULL);

  self->event_ids[EVENT_DOMAIN_LIFECYCLE] =
    virConnectDomainEventRegisterAny (raw, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      VIR_DOMAIN_EVENT_CALLBACK (domain_event_cb), self, NULL);
  self->event_ids[EVENT_DOMAIN_DEVICE_ADDED] =
    virConnectDomainEventRegisterAny (raw, NULL, VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
                                      VIR_DOMAIN_EVENT_CALLBACK (domain_device_event_cb), self,
                                      NULL);
  self->event_ids[EVENT_DOMAIN_DEVICE_REMOVED] =
    virConnectDomainEventRegisterAny (raw, NULL, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                      VIR_DOMAIN_EVENT_CALLBACK (domain_device_event_cb), self,
                                      NULL);
  self->event_ids[EVENT_NODEDEV_LIFECYCLE] =
    virConnectNodeDeviceEventRegisterAny (raw, NULL, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                          VIR_NODE_DEVICE_EVENT_CALLBACK (nodedev_event_cb),
                                          self, NULL);
  self->event_ids[EVENT_NODEDEV_UPDATE] =
    virConnectNodeDeviceEventRegisterAny (raw, NULL, VIR_NODE_DEVICE_EVENT_ID_UPDATE,
                                          VIR_NODE_DEVICE_EVENT_CALLBACK (nodedev_update_cb),
                                          self, NULL);
  self->event_ids[EVENT_NETWORK] =
    virConnectNetworkEventRegisterAny (raw, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                       VIR_NETWORK_EVENT_CALLBACK (network_event_cb), self, NULL);
  virResetLastError ();
}

static gboolean
connection_closed_idle (gpointer user_data)
{
  FerrySession *self = user_data;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  set_connected (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
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

static void
watch_connection (FerrySession *self)
{
  g_autoptr(virConnect) raw = NULL;
  GWeakRef *weak;

  /* A test-driver connection never closes, and the test driver would never free the
   * callback's data either. */
  if (ferry_session_is_demo (self))
    return;

  g_object_get (self->connection, "handle", &raw, NULL);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  /* libvirt owns WEAK from here and frees it when the callback is unregistered. */
  if (virConnectRegisterCloseCallback (raw, connection_closed_cb, weak, free_weak_ref) < 0)
    free_weak_ref (weak);
  /* Notice a remote host that vanished without closing the socket: a probe every 5 s, given
   * up after 5 unanswered. Drivers without keepalive (local, test) simply decline. */
  virConnectSetKeepAlive (raw, 5, 5);
  virResetLastError ();
}

static void
unwatch_connection (FerrySession *self)
{
  g_autoptr(virConnect) raw = NULL;

  if (self->connection == NULL)
    return;

  g_object_get (self->connection, "handle", &raw, NULL);
  if (raw != NULL)
    virConnectUnregisterCloseCallback (raw, connection_closed_cb);
  virResetLastError ();
}

/* ---- Public entry points ------------------------------------------------------------------- */

void
ferry_session_connect_async (FerrySession        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  ferry_session_init_libvirt ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_session_connect_async);
  if (init_error != NULL)
    {
      g_task_return_error (task, g_error_copy (init_error));
      return;
    }
  g_task_set_task_data (task, g_strdup (self->uri), g_free);
  /* libvirt cannot abandon a connection attempt: a cancelled connect returns at once and
   * its thread's late result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, connect_thread);
}

gboolean
ferry_session_connect_finish (FerrySession  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(HostSnapshot) snapshot = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;

  unregister_events (self);
  unwatch_connection (self);
  g_set_object (&self->connection, snapshot->connection);

  apply_snapshot (self, snapshot);
  register_events (self);
  watch_connection (self);
  set_connected (self, TRUE);
  return TRUE;
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FerrySession *self = FERRY_SESSION (object);
  g_autoptr(HostSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  self->reloading = FALSE;
  snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  if (snapshot != NULL)
    apply_snapshot (self, snapshot);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot re-read the host: %s", error->message);

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      schedule_reload (self);
    }
}

static void
reload_now (FerrySession *self)
{
  g_autoptr(GTask) task = NULL;
  ReloadData *data;

  if (!self->connected)
    return;

  /* One reload at a time; events during it ask for one more after it. */
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return;
    }

  self->reloading = TRUE;
  data = g_new0 (ReloadData, 1);
  data->connection = g_object_ref (self->connection);
  data->capabilities = g_strdup (self->capabilities);
  data->domain_capabilities = g_strdup (self->domain_capabilities);
  task = g_task_new (self, self->cancellable, reload_cb, NULL);
  g_task_set_source_tag (task, reload_now);
  g_task_set_task_data (task, data, (GDestroyNotify) reload_data_free);
  g_task_run_in_thread (task, reload_thread);
}

/* Re-reads the host now, as events would; the models change in place. */
void
ferry_session_reload (FerrySession *self)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  reload_now (self);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} SyncWait;

static void
connect_sync_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->ok = ferry_session_connect_finish (FERRY_SESSION (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* For ferryctl, which has nothing else to do meanwhile: the same thread and the same models,
 * waited for on a private main context so no other source runs in between. A host that does
 * not answer within TIMEOUT_SECONDS (0: wait for ever) is given up on. */
gboolean
ferry_session_connect_sync (FerrySession  *self,
                            guint          timeout_seconds,
                            GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  SyncWait wait = { loop, FALSE, NULL };

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  g_main_context_push_thread_default (context);
  if (timeout_seconds > 0)
    {
      timeout = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (timeout, cancel_cb, cancellable, NULL);
      g_source_attach (timeout, context);
    }
  ferry_session_connect_async (self, cancellable, connect_sync_cb, &wait);
  g_main_loop_run (loop);
  if (timeout != NULL)
    g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (!wait.ok && g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&wait.error);
      g_set_error (&wait.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   /* Translators: %s is a libvirt URI, %u a number of seconds */
                   g_dngettext (GETTEXT_PACKAGE, "%s did not answer within %u second",
                                "%s did not answer within %u seconds", timeout_seconds),
                   self->uri, timeout_seconds);
    }

  if (!wait.ok)
    g_propagate_error (error, wait.error);
  return wait.ok;
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
 * session layer's operations, and tests driving the test driver). */
virConnectPtr
ferry_session_dup_raw_connection (FerrySession *self)
{
  virConnectPtr raw = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  if (self->connection != NULL)
    g_object_get (self->connection, "handle", &raw, NULL);
  return raw;
}

/* What this host itself uses each PCI function for (address → sentence), for the
 * host-critical rule; NULL for a remote host, where Ferry cannot look. */
GHashTable *
ferry_session_get_host_uses (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return self->host_uses;
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
  request->can_detach = !g_str_has_prefix (self->uri, "test:");
  request->host_uses = self->host_uses ? g_hash_table_ref (self->host_uses) : NULL;
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
