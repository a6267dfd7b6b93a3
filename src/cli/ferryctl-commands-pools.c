/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-change.h"
#include "ferry-pool-check.h"
#include "ferry-pool-ops.h"
#include "ferry-pool-xml.h"
#include "ferry-wait.h"
#include "ferryctl-private.h"

/* ferryctl pools, pool-create, pool-delete, connect: SR-IOV VF pools and the guests on them. */

/* What the pools page lists of one pool, for both printers. */
typedef struct
{
  GArray    *vfs;
  GPtrArray *users;
  GPtrArray *problems;
  char      *pf_address;
  guint      in_use;
  guint      n_vfs;     /* the pool's VFs the host has: what the window counts too */
  guint      unplaced;  /* running guests on it whose VFs the host does not say */
} PoolFacts;

static void
pool_facts_clear (PoolFacts *facts)
{
  g_clear_pointer (&facts->vfs, g_array_unref);
  g_clear_pointer (&facts->users, g_ptr_array_unref);
  g_clear_pointer (&facts->problems, g_ptr_array_unref);
  g_clear_pointer (&facts->pf_address, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PoolFacts, pool_facts_clear)

static void
pool_facts_init (PoolFacts    *facts,
                 FerrySession *session,
                 FerryNetwork *pool)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  const char *pf_device = ferry_network_get_pf_device (pool);
  FerryHostDevice *pf;

  facts->vfs = ferry_inventory_dup_pool_vfs (inventory, pool);
  facts->in_use = ferry_inventory_count_pool_in_use (inventory, pool, &facts->n_vfs);
  facts->unplaced = ferry_session_count_pool_unplaced (session, pool);
  facts->problems = ferry_pool_check (inventory, pool);
  facts->users = ferry_session_dup_pool_guests (session, ferry_network_get_name (pool), FALSE);
  if (pf_device != NULL && (pf = ferry_inventory_find_netdev (inventory, pf_device)))
    facts->pf_address = ferry_pci_address_to_string (ferry_host_device_get_address (pf));
}

int
ferryctl_pools_text (FerrySession       *session,
                     const FerryctlCall *call)
{
  GListModel *networks = ferry_session_get_networks (session);

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) pool = g_list_model_get_item (networks, i);
      g_auto(PoolFacts) facts = { NULL, };
      g_autofree char *source = NULL;
      g_autofree char *usage = NULL;

      if (!ferry_network_is_hostdev_pool (pool))
        continue;

      pool_facts_init (&facts, session, pool);
      source = ferry_network_get_pf_device (pool)
               ? g_strdup (ferry_network_get_pf_device (pool))
               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected VF",
                                               "%u selected VFs", facts.vfs->len),
                                  facts.vfs->len);

      /* Not "0/7 in use" beside a running guest: each running guest holds a VF at least,
       * which ones the host does not say (the window puts it so too). */
      usage = facts.unplaced > 0
              ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: ferryctl pools: the running guests
                                               * on a pool (a lower bound of its VFs in use), all
                                               * its VFs, and the running guests again */
                                              "at least %u/%u VFs in use: the host does not say "
                                              "which VF its %u running guest holds",
                                              "at least %u/%u VFs in use: the host does not say "
                                              "which VFs its %u running guests hold",
                                              facts.unplaced),
                                 facts.unplaced, facts.n_vfs, facts.unplaced)
              /* Translators: ferryctl pools: VFs in use, all the pool's VFs */
              : g_strdup_printf (_("%u/%u VFs in use"), facts.in_use, facts.n_vfs);
      /* name, state, autostart, source, usage */
      g_print ("%-20s %-8s %-10s %-16s %s\n",
               ferryctl_safe (ferry_network_get_name (pool)),
               ferry_network_get_active (pool) ? _("active") : _("inactive"),
               ferry_network_get_autostart (pool) ? _("autostart") : "-", ferryctl_safe (source),
               usage);
      for (guint f = 0; f < facts.problems->len; f++)
        g_print ("  %-7s  %-9s  %s\n", ferry_finding_get_severity_name (facts.problems->pdata[f]),
                 ferry_finding_get_code (facts.problems->pdata[f]),
                 ferryctl_safe (ferry_finding_get_message (facts.problems->pdata[f])));
    }
  return 0;
}

int
ferryctl_pools_json (FerrySession       *session,
                     const FerryctlCall *call)
{
  GListModel *networks = ferry_session_get_networks (session);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) pool = g_list_model_get_item (networks, i);
      g_auto(PoolFacts) facts = { NULL, };

      if (!ferry_network_is_hostdev_pool (pool))
        continue;

      pool_facts_init (&facts, session, pool);
      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "name", ferry_network_get_name (pool));
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, ferry_network_get_active (pool));
      json_builder_set_member_name (builder, "autostart");
      json_builder_add_boolean_value (builder, ferry_network_get_autostart (pool));
      json_builder_set_member_name (builder, "persistent");
      json_builder_add_boolean_value (builder, ferry_network_get_persistent (pool));
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      ferryctl_add_string_or_null (builder, "pf", ferry_network_get_pf_device (pool));
      ferryctl_add_string_or_null (builder, "pf_address", facts.pf_address);
      ferryctl_add_address_array (builder, "vfs",
                                  (const FerryPciAddress *) (gpointer) facts.vfs->data,
                                  facts.vfs->len);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "vf_count");
      json_builder_add_int_value (builder, facts.n_vfs);
      json_builder_set_member_name (builder, "in_use");
      json_builder_add_int_value (builder, facts.in_use);
      json_builder_set_member_name (builder, "unplaced_guests");
      json_builder_add_int_value (builder, facts.unplaced);
      ferryctl_add_string_array (builder, "guests", (const char * const *) facts.users->pdata);
      ferryctl_add_findings_array (builder, "problems", facts.problems);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  ferryctl_print_json (builder);
  return 0;
}

/* ferryctl pool-create NAME (--pf IFNAME | --vf ADDRESS,…): the XML the editor would write;
 * --dry-run prints it instead of defining it. The name, the VFs and the VLAN were checked
 * before connecting; what is left is a clash with the host's networks. */
int
ferryctl_pool_create (FerrySession       *session,
                      const FerryctlCall *call)
{
  const char *name = call->args[0];
  GListModel *networks = ferry_session_get_networks (session);
  g_autoptr(GStrvBuilder) taken_builder = g_strv_builder_new ();
  g_auto(GStrv) taken = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  FerryPoolSpec spec = { name, call->values[FERRYCTL_OPT_PF], NULL, 0, TRUE, call->vlan };

  if (call->addresses != NULL)
    {
      spec.vfs = (const FerryPciAddress *) (gpointer) call->addresses->data;
      spec.n_vfs = call->addresses->len;
    }

  for (guint i = 0; i < g_list_model_get_n_items (networks); i++)
    {
      g_autoptr(FerryNetwork) network = g_list_model_get_item (networks, i);
      g_strv_builder_add (taken_builder, ferry_network_get_name (network));
    }
  taken = g_strv_builder_end (taken_builder);

  if (!ferry_pool_xml_check_name (name, (const char * const *) taken, &error) ||
      !(xml = ferry_pool_xml_build (NULL, &spec, &error)))
    return ferryctl_print_error (error);

  if (ferryctl_call_has (call, FERRYCTL_OPT_DRY_RUN))
    {
      g_print ("%s\n", xml);
      return 0;
    }

  ferry_session_define_pool_async (session, xml, ferryctl_call_has (call, FERRYCTL_OPT_AUTOSTART),
                                   ferryctl_call_has (call, FERRYCTL_OPT_START), NULL,
                                   ferry_wait_store_result, &result);
  if (!ferry_session_define_pool_finish (session, ferry_wait_for_result (&result, 0), &error))
    return ferryctl_print_error (error);
  return 0;
}

/* ferryctl pool-delete NAME */
int
ferryctl_pool_delete (FerrySession       *session,
                      const FerryctlCall *call)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_session_delete_pool_async (session, call->args[0],
                                   ferryctl_call_has (call, FERRYCTL_OPT_FORCE)
                                   ? FERRY_POOL_EVEN_IF_USED : FERRY_POOL_FLAGS_NONE,
                                   NULL, ferry_wait_store_result, &result);
  if (!ferry_session_delete_pool_finish (session, ferry_wait_for_result (&result, 0), &error))
    return ferryctl_print_error (error);
  return 0;
}

/* ferryctl connect POOL --guest NAME [--mac MAC]: a new guest NIC that takes a VF from POOL. */
int
ferryctl_connect (FerrySession       *session,
                  const FerryctlCall *call)
{
  const char *pool = call->args[0];
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (ferry_session_lookup_network (session, pool) == NULL)
    {
      g_printerr ("ferryctl: %s: %s\n", ferryctl_safe (pool),
                  _("no such network on this connection"));
      return 1;
    }

  ferry_session_connect_pool_async (session, call->values[FERRYCTL_OPT_GUEST], pool,
                                    call->values[FERRYCTL_OPT_MAC], NULL,
                                    ferry_wait_store_result, &result);
  if (!ferry_session_connect_pool_finish (session, ferry_wait_for_result (&result, 0), &error))
    return ferryctl_print_error (error);
  return 0;
}
