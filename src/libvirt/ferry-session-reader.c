/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "ferry-guest.h"
#include "ferry-host-probe.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-pci-names.h"
#include "ferry-readiness-check.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* Reading a host into a HostSnapshot: runs on worker threads (the connect thread, a
 * reload's), touches nothing of the session, and asks libvirt as few questions as it can. */

/* Worker threads reading node device XML at once: over a remote link, N devices must not
 * cost N round trips one after another. */
#define MAX_XML_READERS 8

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
  g_clear_object (&snapshot->inventory);
  g_clear_pointer (&snapshot->checks, g_ptr_array_unref);
  g_clear_pointer (&snapshot->host_uses, g_hash_table_unref);
  g_free (snapshot->capabilities);
  g_free (snapshot->domain_capabilities);
  g_free (snapshot);
}

static char *
format_version (unsigned long version)
{
  return g_strdup_printf ("%lu.%lu.%lu",
                          version / 1000000, (version / 1000) % 1000, version % 1000);
}

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
      else if (!ferry_guest_update_from_xml (guest, live_xml, config_xml,
                                                 snapshot->networks, &error))
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
  facts->test_driver = g_str_has_prefix (uri, "test:");
  if (!facts->test_driver)
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

/* Everything Ferry shows of a host, read in one go from an open connection. CAPABILITIES
 * and DOMAIN_CAPABILITIES, when given, are an earlier read's, reused. */
HostSnapshot *
ferry_session_read_host (GVirConnection  *connection,
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
  for (guint i = 0; i < FERRY_N_EVENTS; i++)
    snapshot->event_ids[i] = -1;

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

  return g_steal_pointer (&snapshot);
}

