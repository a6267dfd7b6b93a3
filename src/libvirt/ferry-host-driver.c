/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-driver"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ferry-error.h"
#include "ferry-host-driver.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* A PCI function taken from its host driver (bound to vfio-pci) or given back to it, on its
 * own: what the wizard's "Detach it from the host" does for a group member that goes to no
 * guest, and its way back. */

typedef struct
{
  virConnectPtr    conn;
  GHashTable      *names;
  FerryPciAddress  address;
  gboolean         detach;
} HostDriverData;

static void
host_driver_data_free (HostDriverData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_hash_table_unref (data->names);
  g_free (data);
}

static void
host_driver_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  HostDriverData *data = task_data;
  g_autofree char *text = ferry_pci_address_to_string (&data->address);
  g_autoptr(virNodeDevice) nodedev = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  int status;

  if (data->conn == NULL)
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_LIBVIRT, _("Not connected"));
      return;
    }
  if (!(nodedev = ferry_virt_lookup_function (data->conn, data->names, &data->address)))
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                               /* Translators: %s is a PCI address */
                               _("The host has no device %s"), text);
      return;
    }

  status = data->detach ? virNodeDeviceDetachFlags (nodedev, NULL, 0)
                        : virNodeDeviceReAttach (nodedev);
  if (status == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  what = data->detach
    /* Translators: %s is a PCI address */
    ? g_strdup_printf (_("Cannot detach %s from the host"), text)
    /* Translators: %s is a PCI address */
    : g_strdup_printf (_("Cannot give %s back to its host driver"), text);
  ferry_virt_set_error (&error, what);
  if (ferry_virt_driver_lacks_it ())
    {
      g_prefix_error_literal (&error, _("This connection cannot detach devices from the "
                                        "host or give them back. "));
      error->code = FERRY_ERROR_NOT_SUPPORTED;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
start (FerrySession          *session,
       const FerryPciAddress *address,
       gboolean               detach,
       GCancellable          *cancellable,
       GAsyncReadyCallback    callback,
       gpointer               user_data,
       gpointer               source_tag)
{
  g_autoptr(GTask) task = NULL;
  HostDriverData *data;

  data = g_new0 (HostDriverData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->names = ferry_session_dup_function_names (session);
  data->address = *address;
  data->detach = detach;
  task = ferry_session_new_operation (session, cancellable, callback, user_data, source_tag,
                                      FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) host_driver_data_free);
  g_task_run_in_thread (task, host_driver_thread);
}

/* Binds the function at ADDRESS to vfio-pci (nodedev-detach), off the main thread. */
void
ferry_session_detach_from_host_async (FerrySession          *session,
                                      const FerryPciAddress *address,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (address != NULL);

  start (session, address, TRUE, cancellable, callback, user_data,
         ferry_session_detach_from_host_async);
}

gboolean
ferry_session_detach_from_host_finish (FerrySession  *session,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_detach_from_host_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Gives the function at ADDRESS back to its host driver (nodedev-reattach). */
void
ferry_session_give_back_to_host_async (FerrySession          *session,
                                       const FerryPciAddress *address,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (address != NULL);

  start (session, address, FALSE, cancellable, callback, user_data,
         ferry_session_give_back_to_host_async);
}

gboolean
ferry_session_give_back_to_host_finish (FerrySession  *session,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_give_back_to_host_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
