/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-assign"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ferry-device-assign.h"
#include "ferry-error.h"
#include "ferry-hostdev-record.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* Applying an assignment plan, all of it or none: functions taken from their host drivers
 * first, then each device attached to the persistent definition and/or the running guest, in
 * order. When one step fails, the steps before it are undone: devices detached from the
 * running guest again, the definition Ferry read at the start redefined (so it is the same,
 * byte for byte), host drivers given their functions back.
 *
 * When the connection itself is lost under a call, nobody knows whether the daemon did what
 * it was asked: Ferry connects again (bounded), reads the guest again and reports what is
 * true, putting it back as it was only when the plan asks for that. An operation cancelled
 * midway (ferryctl interrupted) stops at the next step and is undone. */

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

/* Notes in the definition what is at each address Ferry just gave the guest, for the
 * hardware-change guard: one redefinition with the records in Ferry's <metadata>. */
static gboolean
record_hardware (Progress               *progress,
                 const FerryAssignPlan  *plan,
                 GError                **error)
{
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(virDomain) defined = NULL;

  if (plan->records->len == 0)
    return TRUE;
  if (!(current = virDomainGetXMLDesc (progress->domain, VIR_DOMAIN_XML_INACTIVE)))
    return ferry_virt_set_error (error, _("Cannot read the guest’s definition"));
  if (!(edited = ferry_domain_edit_put_records (current, plan->records, error)))
    return FALSE;
  if (!(defined = virDomainDefineXML (progress->conn, edited)))
    return ferry_virt_set_error (error, _("libvirt refused the changed definition"));
  return TRUE;
}

typedef struct
{
  virConnectPtr    conn;
  GHashTable      *names;
  char            *uri;       /* to connect again after a loss */
  char            *host;      /* for the report */
  FerryAssignPlan *plan;
} AssignData;

static void
assign_data_free (AssignData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_hash_table_unref (data->names);
  g_free (data->uri);
  g_free (data->host);
  ferry_assign_plan_free (data->plan);
  g_free (data);
}

/* Puts DOMAIN (on a fresh connection) back as PROGRESS found it, after a loss: the devices
 * the running guest took (LIVE_ADDED, indices into the plan) detached, the definition read at
 * the start defined again when CONFIG_CHANGED, host drivers given back their functions.
 * Returns libvirt's words for what stayed changed. */
static char *
put_back_after_loss (AssignData   *data,
                     Progress     *progress,
                     virDomainPtr  domain,
                     GArray       *live_added,
                     gboolean      config_changed)
{
  virConnectPtr fresh = virDomainGetConnect (domain);
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = live_added->len; i-- > 0;)
    if (virDomainDetachDeviceFlags (domain,
                                    data->plan->device_xml->pdata[g_array_index (live_added,
                                                                                 guint, i)],
                                    VIR_DOMAIN_AFFECT_LIVE) < 0)
      g_string_append_printf (failures, " %s", virGetLastErrorMessage ());

  if (config_changed)
    {
      g_autoptr(virDomain) defined = virDomainDefineXML (fresh, progress->original);

      if (defined == NULL)
        g_string_append_printf (failures, " %s", virGetLastErrorMessage ());
    }

  for (guint i = progress->host_taken->len; i-- > 0;)
    {
      const char *name = virNodeDeviceGetName (progress->host_taken->pdata[i]);
      g_autoptr(virNodeDevice) nodedev = virNodeDeviceLookupByName (fresh, name);

      if (nodedev == NULL || virNodeDeviceReAttach (nodedev) < 0)
        g_string_append_printf (failures, " %s", virGetLastErrorMessage ());
    }

  return failures->len > 0 ? g_string_free (g_steal_pointer (&failures), FALSE) : NULL;
}

/* The error for CAUSE, a call that failed because the connection was lost: what is true
 * now, read again over a fresh connection, and undone when the plan asks for that. LIVE and
 * CONFIG say which sides of the guest the plan changes. */
static GError *
explain_loss (AssignData *data,
              Progress   *progress,
              GError     *cause,
              gboolean    live,
              gboolean    config)
{
  const FerryAssignPlan *plan = data->plan;
  g_autoptr(GError) error = NULL;
  g_autoptr(virConnect) fresh = NULL;
  g_autoptr(virDomain) domain = NULL;
  g_autofree char *now_config = NULL;
  g_autofree char *now_live = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GArray) live_added = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean changed = FALSE;
  GError *loss;

  if ((fresh = ferry_virt_open_within (data->uri, FERRY_VIRT_RECONNECT_SECONDS, &error)) &&
      (domain = ferry_virt_lookup_domain (fresh, plan->guest, &error)) &&
      (!config || (now_config = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE))) &&
      (!live || (now_live = virDomainGetXMLDesc (domain, 0))))
    report = ferry_assign_plan_describe_loss (plan, data->host, progress->original, now_config,
                                              now_live, &changed, live_added, &error);
  else if (error == NULL)
    ferry_virt_set_error (&error, _("Cannot read the guest’s definition"));

  if (report == NULL)
    {
      loss = g_error_new (FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST,
                          /* Translators: a host, a guest, then why Ferry could not look */
                          _("The connection to %s was lost during the change, and Ferry could "
                            "not read %s again to see what was done (%s). Check the guest’s "
                            "definition before trying again."),
                          data->host, plan->guest, error->message);
    }
  else if (changed && plan->roll_back_on_loss)
    {
      g_autofree char *left = put_back_after_loss (data, progress, domain, live_added,
                                                   now_config != NULL &&
                                                   g_strcmp0 (now_config,
                                                              progress->original) != 0);

      g_autofree char *outcome = left == NULL
                                 ? g_strdup (_("Ferry put the guest back as it was."))
                                 /* Translators: %s is libvirt's message */
                                 : g_strdup_printf (_("Putting the guest back as it was "
                                                      "failed (%s)."), left);

      loss = g_error_new (FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST, "%s %s", report, outcome);
    }
  else
    loss = g_error_new_literal (FERRY_ERROR, FERRY_ERROR_CONNECTION_LOST, report);

  ferry_error_set_details (loss, ferry_error_get_details (cause) ? ferry_error_get_details (cause)
                                                                 : cause->message);
  return loss;
}

/* Whether the caller gave up on the operation (an interrupted ferryctl): then it stops before
 * the next step, and what was done is undone. */
static gboolean
interrupted (GCancellable  *cancellable,
             GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Interrupted before the change was complete; the guest is put back "
                         "as it was"));
  return TRUE;
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
    if (!interrupted (cancellable, &error))
      take_from_host (&progress, &g_array_index (plan->detach_first, FerryPciAddress, i),
                      &error);

  for (guint i = 0; error == NULL && i < plan->addresses->len; i++)
    if (!interrupted (cancellable, &error))
      attach_one (&progress, &g_array_index (plan->addresses, FerryPciAddress, i),
                  plan->device_xml->pdata[i], config, live, &error);

  if (error == NULL && config)
    record_hardware (&progress, plan, &error);

  if (error != NULL && ferry_virt_connection_lost (conn))
    {
      /* What the guest has now is worth the wait for a fresh connection. */
      ferry_session_task_explains_loss (task);
      g_task_return_error (task, explain_loss (data, &progress, error, live, config));
      return;
    }

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

/* Applies PLAN (copied) off the main thread. Fails with FERRY_ERROR_CONNECTION_LOST, its
 * message saying what the guest has now, when the connection dropped under a call; with
 * G_IO_ERROR_CANCELLED when CANCELLABLE stopped it midway (and the guest is as it was). */
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
  data->uri = g_strdup (ferry_session_get_uri (session));
  data->host = g_strdup (ferry_session_get_hostname (session) ? ferry_session_get_hostname (session)
                                                               : ferry_session_get_uri (session));
  data->plan = ferry_assign_plan_copy (plan);
  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_assign_async, TRUE);
  /* Cancelling stops the change between steps, undoing it; a change that completed anyway
   * reports success, which a cancelled GTask would otherwise hide. */
  g_task_set_check_cancellable (task, FALSE);
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

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AssignData *data = task_data;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  char *definition;

  if (!(domain = ferry_virt_lookup_domain (data->conn, data->plan->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    {
      ferry_virt_set_error (&error, _("Cannot read the guest’s definition"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(definition = ferry_assign_plan_dup_definition (data->plan, current, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, definition, g_free);
}

/* The guest's persistent definition as applying PLAN would leave it (its devices and
 * their records in Ferry's <metadata>), read off the main thread; nothing is changed. */
void
ferry_session_preview_assign_async (FerrySession          *session,
                                    const FerryAssignPlan *plan,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  AssignData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (plan != NULL);

  data = g_new0 (AssignData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->names = ferry_session_dup_function_names (session);
  data->plan = ferry_assign_plan_copy (plan);
  task = ferry_session_new_task (session, cancellable, callback, user_data,
                                 ferry_session_preview_assign_async, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) assign_data_free);
  g_task_run_in_thread (task, preview_thread);
}

char *
ferry_session_preview_assign_finish (FerrySession  *session,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_preview_assign_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
