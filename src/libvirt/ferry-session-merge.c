/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-session"

#include "config.h"

#include "ferry-guest.h"
#include "ferry-inventory.h"
#include "ferry-network.h"
#include "ferry-parallel.h"
#include "ferry-readiness-check.h"
#include "ferry-session-private.h"

/* Merging a snapshot into the session's list stores, on the main thread: each store is
 * spliced by key, keeping every old object a row still shows alike (the records' _equal
 * functions say), so rows, scroll positions and selections survive a reload. */

/* What identifies an item of a store from one read to the next, and how keys compare:
 * borrowed from the item, never formatted (a reload of 4,096 functions used to spend a
 * fifth of its merge printing addresses). */
typedef struct
{
  gconstpointer (*key) (gpointer item);
  GHashFunc       hash;
  GEqualFunc      equal;
} KeyKind;

static gconstpointer
guest_key (gpointer item)
{
  return ferry_guest_get_name (item);
}

static gconstpointer
network_key (gpointer item)
{
  return ferry_network_get_name (item);
}

static gconstpointer
device_key (gpointer item)
{
  return ferry_host_device_get_address (item);
}

static gconstpointer
group_key (gpointer item)
{
  return GINT_TO_POINTER (ferry_iommu_group_get_number (item));
}

static const KeyKind by_guest_name = { guest_key, g_str_hash, g_str_equal };
static const KeyKind by_network_name = { network_key, g_str_hash, g_str_equal };
static const KeyKind by_address = { device_key, (GHashFunc) ferry_pci_address_hash,
                                    (GEqualFunc) ferry_pci_address_equal };
static const KeyKind by_number = { group_key, g_direct_hash, g_direct_equal };

/* Whether the row of OLD_ITEM still shows FRESH alike; DATA is a MergeContext. */
typedef gboolean (*SameFunc) (gpointer old_item, gpointer fresh, gpointer data);

/* The inventories of the previous read and of this one: what a device row or a group
 * header shows comes partly from them (pools, uses, guests). */
typedef struct
{
  FerryInventory *old;
  FerryInventory *fresh;
  GHashTable     *changed;   /* keys of the functions not shown alike, borrowed */
} MergeContext;

static gboolean
same_device (gpointer old_item,
             gpointer fresh,
             gpointer data)
{
  MergeContext *context = data;

  return ferry_inventory_device_equal (context->old, context->fresh,
                                       ferry_host_device_get_address (fresh));
}

static gboolean
same_group (gpointer old_item,
            gpointer fresh,
            gpointer data)
{
  MergeContext *context = data;

  /* Their members were compared just before. */
  return ferry_inventory_group_equal (context->old, context->fresh,
                                      ferry_iommu_group_get_number (fresh), context->changed);
}

static gboolean
same_network (gpointer old_item,
              gpointer fresh,
              gpointer data)
{
  return ferry_network_equal (old_item, fresh);
}

/* The items a merge holds up against the store's: FRESH's Nth item, the store's item of its
 * key (or NULL) and whether its row still shows it alike. Judging is most of a merge on a
 * host of thousands of functions; the records and inventories are never changed once read,
 * so a helper thread takes stretches of it too (ferry_parallel_run). */
typedef struct
{
  GPtrArray      *fresh;
  gpointer       *kept;
  gboolean       *same;
  GHashTable     *index;      /* only looked into while judging */
  const KeyKind  *kind;
  SameFunc        same_func;
  MergeContext   *context;
} Judging;

/* Items a thread takes at once; below twice this, no helper is asked. */
#define JUDGE_STRETCH 256

static void
judge_stretch (guint    start,
               guint    end,
               gpointer data)
{
  Judging *judging = data;

  for (guint i = start; i < end; i++)
    {
      gpointer fresh = judging->fresh->pdata[i];

      judging->kept[i] = g_hash_table_lookup (judging->index, judging->kind->key (fresh));
      judging->same[i] = judging->kept[i] != NULL &&
                         (judging->same_func == NULL ||
                          judging->same_func (judging->kept[i], fresh, judging->context));
    }
}

/* Fills KEPT and SAME for every item of FRESH. */
static void
judge (GPtrArray     *fresh,
       gpointer      *kept,
       gboolean      *same,
       GHashTable    *index,
       const KeyKind *kind,
       SameFunc       same_func,
       MergeContext  *context)
{
  Judging judging = { fresh, kept, same, index, kind, same_func, context };

  ferry_parallel_run (fresh->len, JUDGE_STRETCH, fresh->len >= 2 * JUDGE_STRETCH ? 1 : 0,
                      judge_stretch, &judging);
}

/* Makes STORE hold ITEMS (same order), keeping every old item SAME_FUNC finds unchanged,
 * so rows, scroll positions and selections survive a reload. Guests (no SAME_FUNC) are
 * updated in place instead (state and devices), as pages hold on to them. SHOWN, when given,
 * holds the store's items in order (or NULL), and what the store holds after; INDEX, when
 * given, finds the store's items by their keys. CHANGED, when given, gets the keys of the
 * items kept by key but not shown alike. Returns what the store holds now. */
static GPtrArray *
merge_store (GListStore    *store,
             GPtrArray    **shown,
             GHashTable    *index,
             GPtrArray     *items,
             const KeyKind *kind,
             SameFunc       same_func,
             MergeContext  *context,
             GHashTable    *changed)
{
  g_autoptr(GHashTable) old = NULL;
  g_autoptr(GPtrArray) old_items = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  g_autofree gpointer *kept_items = NULL;
  g_autofree gboolean *same = NULL;
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint position = 0;
  guint old_end, new_end;
  /* Items kept as they are whose rows must be made again anyway, by position in ITEMS. */
  guint first_shown_anew = G_MAXUINT;
  guint last_shown_anew = 0;

  /* A first read has nothing to keep. */
  if (n_old == 0)
    {
      if (items->len > 0)
        g_list_store_splice (store, 0, 0, items->pdata, items->len);
      merged = g_ptr_array_ref (items);
      goto done;
    }

  /* The old items are read from the store once, in order, when nobody kept them; the table
   * borrows them and their keys. */
  if (shown != NULL && *shown != NULL)
    old_items = g_ptr_array_ref (*shown);
  else
    {
      old_items = g_ptr_array_new_full (n_old, g_object_unref);
      for (guint i = 0; i < n_old; i++)
        g_ptr_array_add (old_items, g_list_model_get_item (model, i));
    }
  if (index == NULL)
    {
      index = old = g_hash_table_new (kind->hash, kind->equal);
      for (guint i = 0; i < n_old; i++)
        g_hash_table_insert (old, (gpointer) kind->key (old_items->pdata[i]), old_items->pdata[i]);
    }

  kept_items = g_new (gpointer, items->len);
  same = g_new (gboolean, items->len);
  judge (items, kept_items, same, index, kind, same_func, context);

  merged = g_ptr_array_new_full (items->len, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      gpointer fresh = items->pdata[i];
      gpointer kept = kept_items[i];

      if (kept != NULL && same_func == NULL)
        {
          /* A first view's guest comes back as itself at the end of its read. */
          if (kept != fresh)
            {
              ferry_guest_set_state (kept, ferry_guest_get_state (fresh));
              ferry_guest_take_devices (kept, fresh);
            }
        }
      /* Even the very same record (an update of some node devices keeps the others' records)
       * may be shown otherwise now (its pools, its users): SAME_FUNC noted it, and its row
       * is made again though the item is the same. */
      else if (kept != NULL && !same[i])
        {
          if (kept == fresh)
            {
              first_shown_anew = MIN (first_shown_anew, i);
              last_shown_anew = i;
            }
          if (changed != NULL)
            g_hash_table_add (changed, (gpointer) kind->key (fresh));
          kept = NULL;
        }

      g_ptr_array_add (merged, g_object_ref (kept ? kept : fresh));
    }

  /* Splice only the stretch that differs: an unchanged list emits nothing. */
  while (position < merged->len && position < n_old && position < first_shown_anew &&
         old_items->pdata[position] == merged->pdata[position])
    position++;
  if (position == merged->len && position == n_old)
    goto done;

  old_end = n_old;
  new_end = merged->len;
  while (old_end > position && new_end > position &&
         (first_shown_anew == G_MAXUINT || new_end - 1 > last_shown_anew) &&
         old_items->pdata[old_end - 1] == merged->pdata[new_end - 1])
    {
      old_end--;
      new_end--;
    }
  g_list_store_splice (store, position, old_end - position,
                       merged->pdata + position, new_end - position);

done:
  if (shown != NULL)
    {
      g_clear_pointer (shown, g_ptr_array_unref);
      *shown = g_ptr_array_ref (merged);
    }
  return g_steal_pointer (&merged);
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

      if (!ferry_readiness_check_equal (check, fresh->pdata[i]))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gpointer       data;
  GDestroyNotify free_func;
} Dropped;

static void
drop_thread (gpointer data,
             gpointer user_data)
{
  Dropped *dropped = data;

  dropped->free_func (dropped->data);
  g_free (dropped);
}

/* Frees DATA with FREE_FUNC on a thread of its own, later: a read's leftovers (the last
 * inventory, a snapshot's records the models did not take) are thousands of objects, and
 * freeing them took a third of a reload's time on the main thread. Only for what nothing on
 * the main thread holds without a reference of its own, and whose finalizers free memory
 * (records, groups, inventories, a read's spent jobs and libvirt's handles: no
 * GVirConnection, no widget). A session drains this before it lets go of its connection
 * (ferry_session_drain_background), so a handle is the last reference to a connection only
 * when a read was still going then: libvirt closes that connection here, which over a dead
 * link may wait for libvirt's keepalive, and only later frees wait behind it. One thread:
 * what is handed over goes in order. */
void
ferry_session_free_in_background (gpointer       data,
                                  GDestroyNotify free_func)
{
  static GThreadPool *pool;
  Dropped *dropped;

  if (data == NULL)
    return;
  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (drop_thread, NULL, 1, FALSE, NULL));

  dropped = g_new (Dropped, 1);
  *dropped = (Dropped) { data, free_func };
  g_thread_pool_push (pool, dropped, NULL);
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean reached;
} Drain;

static void
drain_reached (gpointer data)
{
  Drain *drain = data;

  g_mutex_lock (&drain->mutex);
  drain->reached = TRUE;
  g_cond_signal (&drain->cond);
  g_mutex_unlock (&drain->mutex);
}

/* Waits until everything handed to ferry_session_free_in_background before is freed. A
 * session does before it lets go of its connection: the libvirt handles a read spent are
 * gone then, and the connection closes where the session lets go of it, cleanly. (A
 * ferryctl that exited with handles still queued left libvirtd a client that vanished with
 * its event callbacks registered; L1's libvirt 9.0 daemon in the lab crashed twice so.) */
void
ferry_session_drain_background (void)
{
  Drain drain = { 0 };

  g_mutex_init (&drain.mutex);
  g_cond_init (&drain.cond);
  ferry_session_free_in_background (&drain, drain_reached);
  g_mutex_lock (&drain.mutex);
  while (!drain.reached)
    g_cond_wait (&drain.cond, &drain.mutex);
  g_mutex_unlock (&drain.mutex);
  g_mutex_clear (&drain.mutex);
  g_cond_clear (&drain.cond);
}

/* Takes SNAPSHOT's contents into SELF's models and emits "reloaded". */
void
ferry_session_apply_snapshot (FerrySession *self,
                              HostSnapshot *snapshot)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *inventory_groups = ferry_inventory_get_groups (snapshot->inventory);
  /* NULL before the first read, when the stores are empty and nothing is kept. */
  FerryInventory *old_inventory = g_steal_pointer (&self->inventory);
  g_autoptr(GHashTable) changed = g_hash_table_new ((GHashFunc) ferry_pci_address_hash,
                                                    (GEqualFunc) ferry_pci_address_equal);
  MergeContext context = { old_inventory, snapshot->inventory, changed };
  GPtrArray *shown;

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
  self->inventory = g_object_ref (snapshot->inventory);
  g_clear_pointer (&self->host_uses, g_hash_table_unref);
  self->host_uses = g_steal_pointer (&snapshot->host_uses);
  g_clear_pointer (&self->host_facts, ferry_host_facts_free);
  self->host_facts = g_steal_pointer (&snapshot->host_facts);
  self->host_uses_partial = snapshot->host_uses_partial;
  g_clear_pointer (&self->vfio_groups, g_hash_table_unref);
  self->vfio_groups = g_steal_pointer (&snapshot->vfio_groups);
  g_clear_pointer (&self->function_states, g_hash_table_unref);
  self->function_states = g_steal_pointer (&snapshot->function_states);
  g_clear_pointer (&self->netdevs, g_hash_table_unref);
  self->netdevs = g_steal_pointer (&snapshot->netdevs);
  /* An update of some node devices parsed no whole host: the last whole read's parses still
   * hold for every text they were made from. */
  if (snapshot->parsed != NULL)
    {
      g_clear_pointer (&self->parsed, parsed_cache_unref);
      self->parsed = g_steal_pointer (&snapshot->parsed);
      self->parses_reused = snapshot->parses_reused;
    }

  for (guint i = 0; i < g_list_model_get_n_items (inventory_groups); i++)
    g_ptr_array_add (groups, g_list_model_get_item (inventory_groups, i));

  g_strfreev (self->problems);
  g_ptr_array_add (snapshot->problems, NULL);
  self->problems = (GStrv) g_ptr_array_steal (snapshot->problems, NULL);

  shown = merge_store (self->devices, &self->devices_shown, self->devices_by_address,
                       snapshot->devices, &by_address, same_device, &context, changed);
  /* Lookups hand out the objects the lists show, kept or fresh; rows the merges below
   * create look devices up already. The store holds them: the table borrows. */
  g_hash_table_remove_all (self->devices_by_address);
  for (guint i = 0; i < shown->len; i++)
    g_hash_table_insert (self->devices_by_address,
                         (gpointer) ferry_host_device_get_address (shown->pdata[i]),
                         shown->pdata[i]);
  g_ptr_array_unref (shown);

  g_ptr_array_unref (merge_store (self->groups, &self->groups_shown, NULL, groups, &by_number,
                                  same_group, &context, NULL));
  g_ptr_array_unref (merge_store (self->networks, NULL, NULL, snapshot->networks,
                                  &by_network_name, same_network, &context, NULL));
  g_ptr_array_unref (merge_store (self->guests, NULL, NULL, snapshot->guests, &by_guest_name,
                                  NULL, &context, NULL));

  /* Rebuilt rows would lose what the user expanded: only when a verdict changed. */
  if (!same_checks (G_LIST_MODEL (self->readiness), snapshot->checks))
    g_list_store_splice (self->readiness, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->readiness)),
                         snapshot->checks->pdata, snapshot->checks->len);

  ferry_session_emit_reloaded (self);
  ferry_session_free_in_background (old_inventory, g_object_unref);
}


/* Takes a first connect's early snapshot (GUESTS: the host's identity, pools and guests,
 * before its devices) into SELF's models and emits "guests-read". The devices, groups,
 * readiness and inventory stay empty until the whole snapshot comes. */
void
ferry_session_apply_guests (FerrySession *self,
                            HostSnapshot *guests)
{
  g_free (self->hostname);
  self->hostname = g_steal_pointer (&guests->hostname);
  g_free (self->hypervisor);
  self->hypervisor = g_steal_pointer (&guests->hypervisor);
  g_free (self->libvirt_version);
  self->libvirt_version = g_steal_pointer (&guests->libvirt_version);

  g_ptr_array_unref (merge_store (self->networks, NULL, NULL, guests->networks,
                                  &by_network_name, same_network, NULL, NULL));
  g_ptr_array_unref (merge_store (self->guests, NULL, NULL, guests->guests, &by_guest_name,
                                  NULL, NULL, NULL));

  ferry_session_emit_guests_read (self);
}
