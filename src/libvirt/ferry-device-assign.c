/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-assign"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ferry-device-assign.h"
#include "ferry-error.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* Applying an assignment plan, all of it or none: functions taken from their host drivers
 * first, then each device attached to the persistent definition and/or the running guest, in
 * order. When one step fails, the steps before it are undone: devices detached from the
 * running guest again, the definition Ferry read at the start redefined (so it is the same,
 * byte for byte), host drivers given their functions back. */

typedef struct
{
  virConnectPtr    conn;
  GHashTable      *names;        /* ferry_virt_lookup_function's */
  virDomainPtr     domain;
  char            *original;     /* the persistent definition before any change */
  gboolean         config_changed;
  GPtrArray       *live_done;    /* device XML attached to the running guest */
  GPtrArray       *host_taken;   /* virNodeDevicePtr detached from their host driver */
} Progress;

static void
progress_clear (Progress *progress)
{
  g_free (progress->original);
  g_clear_pointer (&progress->live_done, g_ptr_array_unref);
  g_clear_pointer (&progress->host_taken, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Progress, progress_clear)

static void
node_device_free (gpointer nodedev)
{
  virNodeDeviceFree (nodedev);
}

/* Undoes PROGRESS, newest first; returns libvirt's words for what stayed changed. */
static char *
roll_back (Progress *progress)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = progress->live_done->len; i-- > 0;)
    if (virDomainDetachDeviceFlags (progress->domain, progress->live_done->pdata[i],
                                    VIR_DOMAIN_AFFECT_LIVE) < 0)
      g_string_append_printf (failures, " %s", virGetLastErrorMessage ());

  if (progress->config_changed)
    {
      g_autoptr(virDomain) defined = virDomainDefineXML (progress->conn, progress->original);

      if (defined == NULL)
        g_string_append_printf (failures, " %s", virGetLastErrorMessage ());
    }

  for (guint i = progress->host_taken->len; i-- > 0;)
    if (virNodeDeviceReAttach (progress->host_taken->pdata[i]) < 0)
      g_string_append_printf (failures, " %s", virGetLastErrorMessage ());

  return failures->len > 0 ? g_string_free (g_steal_pointer (&failures), FALSE) : NULL;
}

static virNodeDevicePtr
lookup_function (Progress               *progress,
                 const FerryPciAddress  *address,
                 GError                **error)
{
  virNodeDevicePtr nodedev = ferry_virt_lookup_function (progress->conn, progress->names,
                                                         address);

  if (nodedev == NULL)
    {
      g_autofree char *text = ferry_pci_address_to_string (address);

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   /* Translators: %s is a PCI address */
                   _("The host no longer has the device %s: it was removed, or its card "
                     "changed its number of virtual functions"), text);
    }
  return nodedev;
}

static gboolean
take_from_host (Progress               *progress,
                const FerryPciAddress  *address,
                GError                **error)
{
  virNodeDevicePtr nodedev = lookup_function (progress, address, error);

  if (nodedev == NULL)
    return FALSE;
  if (virNodeDeviceDetachFlags (nodedev, NULL, 0) < 0)
    {
      g_autofree char *text = ferry_pci_address_to_string (address);
      /* Translators: %s is a PCI address */
      g_autofree char *what = g_strdup_printf (_("Cannot detach %s from the host"), text);

      ferry_virt_set_error (error, what);
      if (ferry_virt_driver_lacks_it ())
        g_prefix_error_literal (error, _("This connection cannot detach devices from the "
                                         "host. "));
      virNodeDeviceFree (nodedev);
      return FALSE;
    }
  g_ptr_array_add (progress->host_taken, nodedev);
  return TRUE;
}

static gboolean
attach_one (Progress               *progress,
            const FerryPciAddress  *address,
            const char             *device_xml,
            gboolean                config,
            gboolean                live,
            GError                **error)
{
  g_autoptr(virNodeDevice) nodedev = lookup_function (progress, address, error);

  if (nodedev == NULL)
    return FALSE;

  if (config)
    {
      if (!ferry_virt_attach_config (progress->conn, progress->domain, device_xml, error))
        return FALSE;
      progress->config_changed = TRUE;
    }
  if (live)
    {
      if (virDomainAttachDeviceFlags (progress->domain, device_xml,
                                      VIR_DOMAIN_AFFECT_LIVE) < 0)
        {
          if (!ferry_virt_driver_lacks_it ())
            return ferry_virt_set_error (error, _("The running guest refused the device"));

          ferry_virt_set_error (error, _("This connection cannot add devices to a running "
                                         "guest; choose “At next boot only”"));
          (*error)->code = FERRY_ERROR_NOT_SUPPORTED;
          return FALSE;
        }
      g_ptr_array_add (progress->live_done, g_strdup (device_xml));
    }
  return TRUE;
}

typedef struct
{
  virConnectPtr    conn;
  GHashTable      *names;
  FerryAssignPlan *plan;
} AssignData;

static void
assign_data_free (AssignData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_hash_table_unref (data->names);
  ferry_assign_plan_free (data->plan);
  g_free (data);
}

static void
assign_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AssignData *data = task_data;
  const FerryAssignPlan *plan = data->plan;
  virConnectPtr conn = data->conn;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Progress) progress = { NULL, };
  gboolean live, config;

  if (!(domain = ferry_virt_lookup_domain (conn, plan->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  live = plan->live && virDomainIsActive (domain) == 1;
  config = plan->config && virDomainIsPersistent (domain) == 1;
  if (!live && !config)
    {
      g_set_error_literal (&error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           plan->live ? _("The guest is not running: choose “At next boot”")
                                      : _("The guest has no persistent definition; it only "
                                          "takes devices while it runs"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  progress.conn = conn;
  progress.names = data->names;
  progress.domain = domain;
  progress.live_done = g_ptr_array_new_with_free_func (g_free);
  progress.host_taken = g_ptr_array_new_with_free_func (node_device_free);
  if (config && !(progress.original = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    {
      ferry_virt_set_error (&error, _("Cannot read the guest’s definition"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; error == NULL && i < plan->detach_first->len; i++)
    take_from_host (&progress, &g_array_index (plan->detach_first, FerryPciAddress, i), &error);

  for (guint i = 0; error == NULL && i < plan->addresses->len; i++)
    attach_one (&progress, &g_array_index (plan->addresses, FerryPciAddress, i),
                plan->device_xml->pdata[i], config, live, &error);

  if (error != NULL)
    {
      g_autofree char *left = roll_back (&progress);

      if (left != NULL)
        g_prefix_error (&error,
                        /* Translators: %s is libvirt's message for what stayed changed */
                        _("Putting the guest back as it was failed too (%s). "), left);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Applies PLAN (copied) off the main thread. */
void
ferry_session_assign_async (FerrySession          *session,
                            const FerryAssignPlan *plan,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  AssignData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (plan != NULL && plan->addresses->len > 0);

  data = g_new0 (AssignData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->names = ferry_session_dup_function_names (session);
  data->plan = ferry_assign_plan_copy (plan);
  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_assign_async, TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) assign_data_free);
  g_task_run_in_thread (task, assign_thread);
}

gboolean
ferry_session_assign_finish (FerrySession  *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_session_assign_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
