/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-repair"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>

#include "ferry-error.h"
#include "ferry-guest-check.h"
#include "ferry-guest-repair.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* The hardware-change guard's writes to a guest's persistent definition: moving an assigned
 * device to the address its recorded device now has, and recording the device at an address
 * assigned before the guard (or by hand). Each is one redefinition of the whole edited
 * definition: libvirt takes it whole or refuses it whole, so a failure changes nothing. */

typedef struct
{
  virConnectPtr      conn;
  char              *guest;
  gboolean           remember;  /* else MOVES */
  GArray            *moves;     /* FerryPciAddress: from, to, from, to… */
  FerryHostdevRecord record;
} RepairData;

static void
repair_data_free (RepairData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_free (data->guest);
  g_clear_pointer (&data->moves, g_array_unref);
  g_free (data);
}

static char *
edit (RepairData  *data,
      const char  *current,
      GError     **error)
{
  g_autoptr(GArray) records = NULL;

  if (!data->remember)
    {
      g_autofree char *edited = g_strdup (current);

      for (guint i = 0; i + 1 < data->moves->len; i += 2)
        {
          char *next = ferry_domain_edit_move_device (
            edited, &g_array_index (data->moves, FerryPciAddress, i),
            &g_array_index (data->moves, FerryPciAddress, i + 1), error);

          if (next == NULL)
            return NULL;
          g_free (edited);
          edited = next;
        }
      return g_steal_pointer (&edited);
    }

  records = g_array_new (FALSE, FALSE, sizeof (FerryHostdevRecord));
  g_array_append_val (records, data->record);
  return ferry_domain_edit_put_records (current, records, error);
}

static void
repair_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RepairData *data = task_data;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(virDomain) defined = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;

  if (!(domain = ferry_virt_lookup_domain (data->conn, data->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (virDomainIsPersistent (domain) != 1)
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT, "%s",
                               _("The guest has no persistent definition to change"));
      return;
    }
  if (!(current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    {
      ferry_virt_set_error (&error, _("Cannot read the guest’s definition"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(edited = edit (data, current, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(defined = virDomainDefineXML (data->conn, edited)))
    {
      ferry_virt_set_error (&error, _("libvirt refused the changed definition"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
run (FerrySession        *session,
     RepairData          *data,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data,
     gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;

  data->conn = ferry_session_dup_raw_connection (session);
  task = ferry_session_new_operation (session, cancellable, callback, user_data, source_tag,
                                      FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) repair_data_free);
  g_task_run_in_thread (task, repair_thread);
}

/* For each pair of MOVES (from, to), gives GUEST the device at TO instead of the one at FROM,
 * its guard record moving along: all of them in one redefinition of its persistent
 * definition (a running guest keeps what it has until its next boot). */
void
ferry_session_repair_async (FerrySession          *session,
                            const char            *guest,
                            const FerryPciAddress *moves,
                            guint                  n_moves,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  RepairData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (guest != NULL && moves != NULL && n_moves > 0);

  /* The guest check offers no move onto a function the host stands on (its disk, its
   * network); the same rule holds for any caller's moves, Undo's way back included. */
  for (guint i = 0; i < n_moves; i++)
    {
      const char *use = ferry_guest_check_move_target (ferry_session_get_host_uses (session),
                                                       &moves[2 * i + 1]);

      if (use != NULL)
        {
          g_autofree char *to = ferry_pci_address_to_string (&moves[2 * i + 1]);

          g_task_report_new_error (session, callback, user_data, ferry_session_repair_async,
                                   FERRY_ERROR, FERRY_ERROR_IN_USE,
                                   /* Translators: first %s is a PCI address, second what the
                                      host uses it for ("Network interface eth0 is up"),
                                      third a guest name */
                                   _("The host uses %s now (%s), so Ferry does not move %s’s "
                                     "device onto it. Free it on the host first, or give it "
                                     "with Add Device, which says what the host would lose."),
                                   to, use, guest);
          return;
        }
    }

  data = g_new0 (RepairData, 1);
  data->guest = g_strdup (guest);
  data->moves = g_array_sized_new (FALSE, FALSE, sizeof (FerryPciAddress), n_moves * 2);
  g_array_append_vals (data->moves, moves, n_moves * 2);
  run (session, data, cancellable, callback, user_data, ferry_session_repair_async);
}

gboolean
ferry_session_repair_finish (FerrySession  *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_session_repair_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writes RECORD (the device now at its address) into GUEST's persistent definition, for a
 * device assigned before the guard or by hand, once the user confirmed it is the right one. */
void
ferry_session_remember_async (FerrySession             *session,
                              const char               *guest,
                              const FerryHostdevRecord *record,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  RepairData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (guest != NULL && record != NULL);

  data = g_new0 (RepairData, 1);
  data->guest = g_strdup (guest);
  data->remember = TRUE;
  data->record = *record;
  run (session, data, cancellable, callback, user_data, ferry_session_remember_async);
}

gboolean
ferry_session_remember_finish (FerrySession  *session,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_remember_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
