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
#include "ferry-network.h"
#include "ferry-pci-names.h"
#include "ferry-session.h"

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
  GStrv           problems;
  GHashTable     *devices_by_address;
};

enum {
  PROP_0,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostSnapshot, host_snapshot_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (virConnect, virConnectClose)

/* Must run before the first connection: libvirt-gobject's types, and libvirt events delivered
 * on the GLib main loop. */
void
ferry_session_init_libvirt (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;

      if (!gvir_init_object_check (NULL, NULL, &error))
        g_critical ("Cannot initialize libvirt-gobject: %s", error->message);
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

static void
ferry_session_finalize (GObject *object)
{
  FerrySession *self = (FerrySession *) object;

  g_free (self->uri);
  g_clear_object (&self->connection);
  g_free (self->hostname);
  g_free (self->hypervisor);
  g_free (self->libvirt_version);
  g_object_unref (self->guests);
  g_object_unref (self->networks);
  g_object_unref (self->devices);
  g_strfreev (self->problems);
  g_hash_table_unref (self->devices_by_address);

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

  object_class->finalize = ferry_session_finalize;
  object_class->get_property = ferry_session_get_property;
  object_class->set_property = ferry_session_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_session_init (FerrySession *self)
{
  self->guests = g_list_store_new (FERRY_TYPE_GUEST);
  self->networks = g_list_store_new (FERRY_TYPE_NETWORK);
  self->devices = g_list_store_new (FERRY_TYPE_HOST_DEVICE);
  self->problems = g_new0 (char *, 1);
  self->devices_by_address = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                               (GEqualFunc) ferry_pci_address_equal);
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

static char *
format_version (unsigned long version)
{
  return g_strdup_printf ("%lu.%lu.%lu",
                          version / 1000000, (version / 1000) % 1000, version % 1000);
}

static void
read_devices (virConnectPtr  raw,
              HostSnapshot  *snapshot)
{
  virNodeDevicePtr *list = NULL;
  int n;

  /* Only the capability flag: libvirt's test driver rejects the active/inactive filters. */
  n = virConnectListAllNodeDevices (raw, &list, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
  if (n < 0)
    {
      g_ptr_array_add (snapshot->problems,
                       g_strdup_printf (_("Cannot list the host’s PCI devices: %s"),
                                        virGetLastErrorMessage ()));
      return;
    }

  for (int i = 0; i < n; i++)
    {
      g_autofree char *xml = virNodeDeviceGetXMLDesc (list[i], 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryHostDevice) device = NULL;

      if (xml == NULL)
        {
          g_ptr_array_add (snapshot->problems,
                           g_strdup_printf (_("Cannot read node device %s: %s"),
                                            virNodeDeviceGetName (list[i]),
                                            virGetLastErrorMessage ()));
        }
      else if (!(device = ferry_host_device_new_from_xml (xml, &error)))
        {
          g_ptr_array_add (snapshot->problems, g_strdup (error->message));
        }
      else
        {
          g_autofree char *vendor = NULL;
          g_autofree char *product = NULL;

          if ((ferry_host_device_get_vendor_name (device) == NULL ||
               ferry_host_device_get_product_name (device) == NULL) &&
              ferry_pci_names_lookup (ferry_host_device_get_vendor_id (device),
                                      ferry_host_device_get_product_id (device),
                                      &vendor, &product))
            ferry_host_device_set_fallback_names (device, vendor, product);

          g_ptr_array_add (snapshot->devices, g_steal_pointer (&device));
        }

      virNodeDeviceFree (list[i]);
    }

  free (list);
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
                         g_strdup_printf (_("Cannot read network %s: %s"),
                                          gvir_network_get_name (l->data),
                                          virGetLastErrorMessage ()));
      else if (!(network = ferry_network_new_from_xml (xml, &error)))
        g_ptr_array_add (snapshot->problems, g_strdup (error->message));
      else
        {
          virNetworkGetAutostart (raw, &autostart);
          ferry_network_set_status (network, virNetworkIsActive (raw) == 1, autostart == 1);
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
  g_autoptr(GStrvBuilder) pools = g_strv_builder_new ();
  g_auto(GStrv) pool_names = NULL;

  for (guint i = 0; i < snapshot->networks->len; i++)
    if (ferry_network_is_hostdev_pool (snapshot->networks->pdata[i]))
      g_strv_builder_add (pools, ferry_network_get_name (snapshot->networks->pdata[i]));
  pool_names = g_strv_builder_end (pools);

  for (GList *l = domains; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryGuest) guest = NULL;
      g_autofree char *xml = NULL;
      virDomainPtr raw = NULL;
      int state = VIR_DOMAIN_NOSTATE;

      g_object_get (l->data, "handle", &raw, NULL);
      guest = ferry_guest_new (gvir_domain_get_name (l->data), gvir_domain_get_uuid (l->data));

      if (virDomainGetState (raw, &state, NULL, 0) == 0)
        ferry_guest_set_state (guest, map_state (state));

      /* The live XML of a running guest, else its persistent one. */
      xml = virDomainGetXMLDesc (raw, 0);
      if (xml == NULL)
        g_ptr_array_add (snapshot->problems,
                         g_strdup_printf (_("Cannot read guest %s: %s"),
                                          gvir_domain_get_name (l->data),
                                          virGetLastErrorMessage ()));
      else if (!ferry_guest_update_from_xml (guest, xml, (const char * const *) pool_names,
                                             &error))
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

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *uri = task_data;
  g_autoptr(HostSnapshot) snapshot = g_new0 (HostSnapshot, 1);
  g_autoptr(virConnect) raw = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hostname = NULL;
  unsigned long version = 0;

  snapshot->guests = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->networks = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->devices = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->problems = g_ptr_array_new_with_free_func (g_free);

  snapshot->connection = gvir_connection_new (uri);
  /* May block for as long as a remote host stays silent; the task returns on cancel. */
  if (!gvir_connection_open (snapshot->connection, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_get (snapshot->connection, "handle", &raw, NULL);

  hostname = virConnectGetHostname (raw);
  snapshot->hostname = g_strdup (hostname);
  snapshot->hypervisor = gvir_connection_get_hypervisor_name (snapshot->connection, NULL);
  if (virConnectGetLibVersion (raw, &version) == 0)
    snapshot->libvirt_version = format_version (version);

  if (!gvir_connection_fetch_networks (snapshot->connection, cancellable, &error) ||
      !gvir_connection_fetch_domains (snapshot->connection, cancellable, &error))
    {
      g_prefix_error (&error, _("Connected, but cannot list guests and networks: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  read_devices (raw, snapshot);
  read_networks (snapshot->connection, snapshot);
  read_guests (snapshot->connection, snapshot);

  g_ptr_array_sort (snapshot->guests, compare_guests);
  g_ptr_array_sort (snapshot->networks, compare_networks);
  g_ptr_array_sort (snapshot->devices, compare_devices);

  g_task_return_pointer (task, g_steal_pointer (&snapshot), (GDestroyNotify) host_snapshot_free);
}

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
  g_task_set_task_data (task, g_strdup (self->uri), g_free);
  /* libvirt cannot abandon a connection attempt: a cancelled connect returns at once and
   * its thread's late result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, connect_thread);
}

static void
splice_all (GListStore *store,
            GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
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

  g_set_object (&self->connection, snapshot->connection);
  g_free (self->hostname);
  self->hostname = g_steal_pointer (&snapshot->hostname);
  g_free (self->hypervisor);
  self->hypervisor = g_steal_pointer (&snapshot->hypervisor);
  g_free (self->libvirt_version);
  self->libvirt_version = g_steal_pointer (&snapshot->libvirt_version);

  g_hash_table_remove_all (self->devices_by_address);
  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      FerryHostDevice *device = snapshot->devices->pdata[i];

      g_hash_table_insert (self->devices_by_address,
                           (gpointer) ferry_host_device_get_address (device), device);
    }

  splice_all (self->devices, snapshot->devices);
  splice_all (self->networks, snapshot->networks);
  splice_all (self->guests, snapshot->guests);

  g_strfreev (self->problems);
  g_ptr_array_add (snapshot->problems, NULL);
  self->problems = (GStrv) g_ptr_array_steal (snapshot->problems, NULL);
  return TRUE;
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

/* For ferryctl, which has nothing else to do meanwhile: the same thread and the same models,
 * waited for on a private main context so no other source runs in between. */
gboolean
ferry_session_connect_sync (FerrySession  *self,
                            GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  SyncWait wait = { loop, FALSE, NULL };

  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  g_main_context_push_thread_default (context);
  ferry_session_connect_async (self, NULL, connect_sync_cb, &wait);
  g_main_loop_run (loop);
  g_main_context_pop_thread_default (context);

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

GListModel *
ferry_session_get_devices (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->devices);
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
