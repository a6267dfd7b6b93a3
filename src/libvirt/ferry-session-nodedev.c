/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include <libvirt/virterror.h>

#include "ferry-inventory.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"

/* Updating the last snapshot with the node devices a burst of events named, instead of reading
 * the whole host again: two VFs appearing on a remote host of thousands of functions then cost
 * a few round trips, not thousands. Only the named devices' XML is asked for, with the few
 * whose own XML names them (a new or gone VF's PF, the other members of its IOMMU group);
 * everything else is the last snapshot's records, and the new snapshot is completed exactly as
 * a whole read's is (groups, owners, uses, readiness). Whenever the update cannot be sure of
 * its result it says so, and the caller reads the whole host instead. */

/* One node device's XML, asked for by name on a worker thread. */
typedef struct
{
  char            *name;
  gboolean         failed;
  FerryHostDevice *device;    /* a PCI function's */
  FerryNetdev     *netdev;    /* a network interface's */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->name);
  g_clear_object (&fetch->device);
  ferry_netdev_free (fetch->netdev);
  g_free (fetch);
}

typedef struct
{
  GVirConnection *connection;
  virConnectPtr   raw;            /* the worker's, while it runs */
  GHashTable     *changes;        /* name → GINT_TO_POINTER (deleted) */
  GPtrArray      *previous;       /* the last snapshot's FerryHostDevices */
  GHashTable     *netdevs;        /* the last snapshot's, by node-device name */
  HostSnapshot   *snapshot;       /* identity, guests and pools in; devices to come */
  GCancellable   *cancellable;
  guint           fetched;        /* node devices asked for (atomic) */
} Update;

static void
update_free (Update *update)
{
  g_object_unref (update->connection);
  g_hash_table_unref (update->changes);
  g_ptr_array_unref (update->previous);
  g_hash_table_unref (update->netdevs);
  g_clear_pointer (&update->snapshot, host_snapshot_free);
  g_free (update);
}

static void
run_fetch (gpointer data,
           gpointer user_data)
{
  Fetch *fetch = data;
  Update *update = user_data;
  g_autoptr(virNodeDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  fetch->failed = TRUE;
  if (g_cancellable_is_cancelled (update->cancellable))
    return;

  g_atomic_int_inc (&update->fetched);
  if ((device = virNodeDeviceLookupByName (update->raw, fetch->name)) != NULL)
    xml = virNodeDeviceGetXMLDesc (device, 0);
  if (xml == NULL)
    {
      g_debug ("Cannot update node device %s: %s", fetch->name, virGetLastErrorMessage ());
      virResetLastError ();
      return;
    }

  /* The reader's own parsers: an updated device must read as a whole read would read it. */
  if (g_str_has_prefix (fetch->name, "pci_"))
    fetch->device = ferry_session_parse_pci_device (xml, &error);
  else
    fetch->netdev = ferry_host_device_parse_net_child (xml, &error);
  if (error != NULL)
    g_debug ("Cannot update node device %s: %s", fetch->name, error->message);
  else
    fetch->failed = FALSE;
}

/* Asks for every fetch of ROUND at once, as the reader does: over a remote link they overlap.
 * FALSE when any of them failed. */
static gboolean
run_round (Update    *update,
           GPtrArray *round)
{
  gboolean ok = TRUE;

  if (round->len > 1)
    {
      GThreadPool *pool = g_thread_pool_new (run_fetch, update, round->len, FALSE, NULL);

      for (guint i = 0; i < round->len; i++)
        g_thread_pool_push (pool, round->pdata[i], NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }
  else if (round->len == 1)
    run_fetch (round->pdata[0], update);

  for (guint i = 0; i < round->len; i++)
    ok &= !((Fetch *) round->pdata[i])->failed;
  return ok;
}

/* Adds a fetch of NAME to FETCHES and ROUND, unless it is there already. */
static void
want (GHashTable *fetches,
      GPtrArray  *round,
      const char *name)
{
  Fetch *fetch;

  if (g_hash_table_contains (fetches, name))
    return;
  fetch = g_new0 (Fetch, 1);
  fetch->name = g_strdup (name);
  g_hash_table_insert (fetches, fetch->name, fetch);
  g_ptr_array_add (round, fetch);
}

/* The PCI functions whose XML names a function that came or went: its PF (the list of VFs) and
 * the other members of its IOMMU group (the list of members). */
static void
want_related (FerryHostDevice *device,
              GHashTable      *by_address,
              GPtrArray       *previous,
              GHashTable      *fetches,
              GHashTable      *removed,
              GPtrArray       *round)
{
  const FerryPciAddress *pf = ferry_host_device_get_pf (device);
  int group = ferry_host_device_get_iommu_group (device);
  FerryHostDevice *found;

  if (pf != NULL && (found = g_hash_table_lookup (by_address, pf)) != NULL &&
      !g_hash_table_contains (removed, ferry_host_device_get_name (found)))
    want (fetches, round, ferry_host_device_get_name (found));

  if (group == FERRY_NO_IOMMU_GROUP)
    return;
  for (guint i = 0; i < previous->len; i++)
    {
      FerryHostDevice *member = previous->pdata[i];
      const char *name = ferry_host_device_get_name (member);

      if (ferry_host_device_get_iommu_group (member) == group &&
          !g_hash_table_contains (removed, name))
        want (fetches, round, name);
    }
}

/* FRESH, the new record of the function OLD was (or NULL), with what its own XML does not
 * tell: its interfaces (in OLD's order, as they are now) and its disks. */
static FerryHostDevice *
complete_record (FerryHostDevice *fresh,
                 FerryHostDevice *old,
                 GHashTable      *netdevs)
{
  const char *name = ferry_host_device_get_name (fresh);
  g_autoptr(GHashTable) interfaces = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  FerryNetdev *netdev;

  g_hash_table_iter_init (&iter, netdevs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &netdev))
    if (g_strcmp0 (netdev->parent, name) == 0)
      g_hash_table_insert (interfaces, netdev->interface, netdev);

  if (old != NULL)
    {
      const char * const *names = ferry_host_device_get_netdevs (old);
      const char * const *blocks = ferry_host_device_get_blocks (old);

      for (guint i = 0; names[i] != NULL; i++)
        if ((netdev = g_hash_table_lookup (interfaces, names[i])) != NULL)
          ferry_host_device_add_netdev (fresh, netdev->interface, netdev->mac, netdev->link);
      /* Disks change with their own node devices, which no event here names. */
      for (guint i = 0; blocks[i] != NULL; i++)
        ferry_host_device_add_block (fresh, blocks[i]);
    }

  /* New interfaces last; one seen already is not added twice. */
  g_hash_table_iter_init (&iter, interfaces);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &netdev))
    ferry_host_device_add_netdev (fresh, netdev->interface, netdev->mac, netdev->link);

  return g_object_ref (fresh);
}

/* Puts UPDATE's snapshot's devices and interfaces together from the last snapshot's and the
 * named ones' XML. FALSE when the result could not be sure: a named device that cannot be
 * read, an interface or a function nothing is known about, a function whose parent is
 * unknown. */
static gboolean
update_devices (Update *update)
{
  HostSnapshot *snapshot = update->snapshot;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_address = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                                       (GEqualFunc) ferry_pci_address_equal);
  g_autoptr(GHashTable) fetches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) fetch_free);
  g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) round = g_ptr_array_new ();
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new ();
  g_autoptr(GHashTable) created_names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < update->previous->len; i++)
    {
      FerryHostDevice *device = update->previous->pdata[i];

      g_hash_table_insert (by_name, (gpointer) ferry_host_device_get_name (device), device);
      g_hash_table_insert (by_address, (gpointer) ferry_host_device_get_address (device),
                           device);
    }
  g_hash_table_iter_init (&iter, update->netdevs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (snapshot->netdevs, g_strdup (key), ferry_netdev_copy (value));

  /* Round one: the devices named, except those gone. */
  g_hash_table_iter_init (&iter, update->changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = key;
      FerryNetdev *netdev;

      if (!GPOINTER_TO_INT (value))
        want (fetches, round, name);
      else if (g_str_has_prefix (name, "pci_"))
        {
          /* One never seen may have been in the way of another's records. */
          if (!g_hash_table_contains (by_name, name))
            return FALSE;
          g_hash_table_add (removed, (gpointer) name);
        }
      else if ((netdev = g_hash_table_lookup (snapshot->netdevs, name)) != NULL)
        {
          /* Its function is read again, without it (unless the function went too). */
          if (!GPOINTER_TO_INT (g_hash_table_lookup (update->changes, netdev->parent)))
            want (fetches, round, netdev->parent);
          g_hash_table_remove (snapshot->netdevs, name);
        }
      /* else an interface no PCI function had: nothing here named it. */
    }
  if (!run_round (update, round))
    return FALSE;
  named = g_steal_pointer (&round);
  round = g_ptr_array_new ();

  /* Round two: what the named devices' XML (new or gone) and interfaces name. */
  for (guint i = 0; i < named->len; i++)
    {
      Fetch *fetch = named->pdata[i];

      if (fetch->netdev != NULL)
        {
          FerryNetdev *old = g_hash_table_lookup (snapshot->netdevs, fetch->name);

          if (old != NULL)
            want (fetches, round, old->parent);
          /* An interface of no PCI function (a container's veth, a bridge) is not in a whole
           * read either. */
          if (!g_str_has_prefix (fetch->netdev->parent, "pci_"))
            {
              g_hash_table_remove (snapshot->netdevs, fetch->name);
              continue;
            }
          want (fetches, round, fetch->netdev->parent);
          g_hash_table_insert (snapshot->netdevs, g_strdup (fetch->name),
                               g_steal_pointer (&fetch->netdev));
        }
      else if (!g_hash_table_contains (by_name, fetch->name))
        {
          g_ptr_array_add (created, fetch->device);
          g_hash_table_add (created_names, fetch->name);
          want_related (fetch->device, by_address, update->previous, fetches, removed, round);
        }
      else
        {
          FerryHostDevice *old = g_hash_table_lookup (by_name, fetch->name);
          const FerryPciAddress *old_pf = ferry_host_device_get_pf (old);
          const FerryPciAddress *pf = ferry_host_device_get_pf (fetch->device);

          /* A function that changed group or PF changed their lists too. */
          if (ferry_host_device_get_iommu_group (old) !=
              ferry_host_device_get_iommu_group (fetch->device) ||
              (old_pf == NULL) != (pf == NULL) ||
              (pf != NULL && !ferry_pci_address_equal (old_pf, pf)))
            {
              want_related (old, by_address, update->previous, fetches, removed, round);
              want_related (fetch->device, by_address, update->previous, fetches, removed, round);
            }
        }
    }
  g_hash_table_iter_init (&iter, removed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    want_related (g_hash_table_lookup (by_name, key), by_address, update->previous, fetches,
                  removed, round);
  /* A function's interfaces went with it. */
  g_hash_table_iter_init (&iter, snapshot->netdevs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_hash_table_contains (removed, ((FerryNetdev *) value)->parent))
      g_hash_table_iter_remove (&iter);
  if (round->len > FERRY_NODEDEV_UPDATE_MAX || !run_round (update, round))
    return FALSE;

  /* Every interface belongs to a function, and every new function hangs below a known
   * one (or the host itself): what a whole read would find. */
  g_hash_table_iter_init (&iter, snapshot->netdevs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *parent = ((FerryNetdev *) value)->parent;

      if (g_hash_table_contains (removed, parent) ||
          (!g_hash_table_contains (by_name, parent) &&
           !g_hash_table_contains (created_names, parent)))
        return FALSE;
    }
  for (guint i = 0; i < created->len; i++)
    {
      const char *parent = ferry_host_device_get_parent (created->pdata[i]);

      if (g_strcmp0 (parent, "computer") != 0 &&
          (parent == NULL || g_hash_table_contains (removed, parent) ||
           (!g_hash_table_contains (by_name, parent) &&
            !g_hash_table_contains (created_names, parent))))
        return FALSE;
    }

  for (guint i = 0; i < update->previous->len; i++)
    {
      FerryHostDevice *old = update->previous->pdata[i];
      const char *name = ferry_host_device_get_name (old);
      Fetch *fetch = g_hash_table_lookup (fetches, name);

      if (g_hash_table_contains (removed, name))
        continue;
      g_ptr_array_add (snapshot->devices,
                       fetch != NULL ? complete_record (fetch->device, old, snapshot->netdevs)
                                     : g_object_ref (old));
    }
  for (guint i = 0; i < created->len; i++)
    g_ptr_array_add (snapshot->devices,
                     complete_record (created->pdata[i], NULL, snapshot->netdevs));

  return TRUE;
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Update *update = task_data;
  g_autoptr(virConnect) raw = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sure;

  g_object_get (update->connection, "handle", &raw, NULL);
  update->raw = raw;
  update->cancellable = cancellable;
  sure = raw != NULL && update_devices (update);
  update->raw = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!sure)
    /* No error: nothing went wrong that a whole read would not see too. */
    g_task_return_pointer (task, NULL, NULL);
  else
    {
      ferry_session_finish_snapshot (update->connection, update->snapshot);
      g_task_return_pointer (task, g_steal_pointer (&update->snapshot),
                             (GDestroyNotify) host_snapshot_free);
    }
}

/* The items of MODEL, referenced, for a worker thread to read: the models change only on the
 * main thread, and only when a snapshot is applied, which waits for this update. */
static GPtrArray *
dup_items (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

/* Updates SELF's last snapshot with the node devices CHANGES names (name → GINT_TO_POINTER
 * (deleted)), on a worker thread: the devices, groups, owners and uses of the host as a whole
 * read would find them, with the guests and pools as they are. SELF must have read its host
 * (inventory and interfaces in) and not be reading it now. */
void
ferry_session_update_nodedevs (FerrySession        *self,
                               GHashTable          *changes,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Update *update;
  HostSnapshot *snapshot;

  g_return_if_fail (FERRY_IS_SESSION (self));
  g_return_if_fail (changes != NULL);
  g_return_if_fail (self->inventory != NULL && self->netdevs != NULL);

  snapshot = host_snapshot_new ();
  snapshot->connection = g_object_ref (self->connection);
  snapshot->hostname = g_strdup (self->hostname);
  snapshot->hypervisor = g_strdup (self->hypervisor);
  snapshot->libvirt_version = g_strdup (self->libvirt_version);
  snapshot->capabilities = g_strdup (self->capabilities);
  snapshot->domain_capabilities = g_strdup (self->domain_capabilities);
  g_ptr_array_unref (snapshot->guests);
  snapshot->guests = dup_items (G_LIST_MODEL (self->guests));
  g_ptr_array_unref (snapshot->networks);
  snapshot->networks = dup_items (G_LIST_MODEL (self->networks));
  for (guint i = 0; self->problems != NULL && self->problems[i] != NULL; i++)
    g_ptr_array_add (snapshot->problems, g_strdup (self->problems[i]));

  update = g_new0 (Update, 1);
  update->connection = g_object_ref (self->connection);
  update->changes = g_hash_table_ref (changes);
  update->previous = dup_items (ferry_inventory_get_devices (self->inventory));
  update->netdevs = g_hash_table_ref (self->netdevs);
  update->snapshot = snapshot;

  task = ferry_session_new_task (self, self->cancellable, callback, user_data,
                                 ferry_session_update_nodedevs, FALSE);
  g_task_set_task_data (task, update, (GDestroyNotify) update_free);
  g_task_run_in_thread (task, update_thread);
}

/* The updated snapshot; NULL with ERROR when the connection failed or the update was
 * cancelled, NULL without it when the update could not be sure of its result: then only a
 * read of the whole host is. FETCHED: the node devices it asked for. */
HostSnapshot *
ferry_session_update_nodedevs_finish (FerrySession  *self,
                                      GAsyncResult  *result,
                                      guint         *fetched,
                                      GError       **error)
{
  Update *update;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_update_nodedevs, NULL);

  /* A connection lost under the update is answered by the watch with a task of its own
   * (ferry_session_new_task), which carries no update. */
  update = g_task_get_task_data (G_TASK (result));
  *fetched = update != NULL ? (guint) g_atomic_int_get (&update->fetched) : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}
