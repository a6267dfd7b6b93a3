/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-change"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ferry-device-change.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-hostdev-record.h"
#include "ferry-pool-ops.h"
#include "ferry-session-private.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* Detaching assigned devices from a guest, all or nothing, and undoing it with the same XML.
 * Runs in a GTask thread on the session's raw connection. Drivers without detach-device
 * (libvirt's test driver) get their persistent definition edited and redefined instead. */

/* How long a running guest may take to let go of a PCI device (it asks the guest OS). */
#define RELEASE_TIMEOUT_MS 10000

typedef struct
{
  FerryAssignedDevice *device;
  char                *live_xml;     /* what detach-device got, live */
  char                *config_xml;   /* what detach-device got, persistent */
  gboolean             live_done;
  gboolean             config_done;
  gboolean             given_back;
  FerryHostdevRecord   record;       /* the guard's record that went with it */
  gboolean             forgotten;    /* the record went, and Undo puts it back */
} Entry;

struct _FerryDeviceChange
{
  GObject  parent_instance;

  char    *guest;
  GArray  *entries;
  char    *warning;
};

G_DEFINE_FINAL_TYPE (FerryDeviceChange, ferry_device_change, G_TYPE_OBJECT)

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->device);
  g_clear_pointer (&entry->live_xml, g_free);
  g_clear_pointer (&entry->config_xml, g_free);
}

static void
ferry_device_change_finalize (GObject *object)
{
  FerryDeviceChange *self = (FerryDeviceChange *) object;

  g_free (self->guest);
  g_array_unref (self->entries);
  g_free (self->warning);

  G_OBJECT_CLASS (ferry_device_change_parent_class)->finalize (object);
}

static void
ferry_device_change_class_init (FerryDeviceChangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_device_change_finalize;
}

static void
ferry_device_change_init (FerryDeviceChange *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, (GDestroyNotify) entry_clear);
}

const char *
ferry_device_change_get_guest (FerryDeviceChange *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_CHANGE (self), NULL);
  return self->guest;
}

guint
ferry_device_change_get_count (FerryDeviceChange *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_CHANGE (self), 0);
  return self->entries->len;
}

/* Set when the detach succeeded but giving a device back to its host driver did not. */
const char *
ferry_device_change_get_warning (FerryDeviceChange *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_CHANGE (self), NULL);
  return self->warning;
}

gboolean
ferry_device_change_get_live (FerryDeviceChange *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_CHANGE (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).live_done)
      return TRUE;
  return FALSE;
}

gboolean
ferry_device_change_get_config (FerryDeviceChange *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_CHANGE (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).config_done)
      return TRUE;
  return FALSE;
}

/* CURRENT (a definition) without the guard's record for ENTRY's device, kept in ENTRY for
 * Undo; NULL when it has none. */
static char *
forget_record (const char *current,
               Entry      *entry)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (entry->device);
  char *forgotten;

  if (address == NULL)
    return NULL;
  forgotten = ferry_domain_edit_forget_record (current, address, &entry->record, NULL);
  entry->forgotten = forgotten != NULL;
  return forgotten;
}

/* Puts the guard's record of ENTRY's device back in the definition (the device is back). */
static gboolean
restore_record (virConnectPtr   conn,
                virDomainPtr    domain,
                Entry          *entry,
                GError        **error)
{
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (FerryHostdevRecord));
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(virDomain) defined = NULL;

  if (!entry->forgotten)
    return TRUE;
  g_array_append_val (records, entry->record);
  if (!(current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    return ferry_virt_set_error (error, _("Cannot read the guest’s definition"));
  if (!(edited = ferry_domain_edit_put_records (current, records, error)))
    return FALSE;
  if (!(defined = virDomainDefineXML (conn, edited)))
    return ferry_virt_set_error (error, _("libvirt refused the changed definition"));
  entry->forgotten = FALSE;
  return TRUE;
}

/* Takes ENTRY's device out of the persistent definition: detach-device where the driver has
 * it, else the definition without the device, redefined. The hardware-change guard's record
 * of it goes too. */
static gboolean
remove_config (virConnectPtr   conn,
               virDomainPtr    domain,
               Entry          *entry,
               GError        **error)
{
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *forgotten = NULL;
  g_autoptr(virDomain) defined = NULL;

  if (virDomainDetachDeviceFlags (domain, entry->config_xml, VIR_DOMAIN_AFFECT_CONFIG) == 0)
    {
      /* The device is out: a record left behind names no device of the guest, so the
       * guard ignores it, and failing here would misreport a detach that happened. */
      if ((current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)) &&
          (forgotten = forget_record (current, entry)))
        defined = virDomainDefineXML (conn, forgotten);
      return TRUE;
    }
  if (!ferry_virt_driver_lacks_it ())
    return ferry_virt_set_error (error, _("Cannot take the device out of the guest’s "
                                          "definition"));

  if (!(current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    return ferry_virt_set_error (error, _("Cannot read the guest’s definition"));
  if (!(edited = ferry_domain_edit_remove_device (current, entry->device, NULL, error)))
    return FALSE;
  forgotten = forget_record (edited, entry);
  if (!(defined = virDomainDefineXML (conn, forgotten ? forgotten : edited)))
    return ferry_virt_set_error (error, _("libvirt refused the changed definition"));
  return TRUE;
}

/* Live detach asks the guest OS to let go: done when the live XML no longer has it. */
static gboolean
wait_released (virDomainPtr    domain,
               Entry          *entry,
               GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + RELEASE_TIMEOUT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *live = virDomainGetXMLDesc (domain, 0);
      g_autoptr(GError) missing = NULL;
      g_autofree char *still = NULL;

      if (live == NULL)
        return ferry_virt_set_error (error, _("Cannot read the running guest"));

      still = ferry_domain_edit_dup_device (live, entry->device, &missing);
      if (still == NULL)
        return TRUE;
      g_usleep (100 * 1000);
    }

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_TIMED_OUT,
               /* Translators: %d is a number of seconds */
               _("The guest did not release the device within %d seconds. Its operating system "
                 "may still do so, or refuse; nothing else was changed."),
               RELEASE_TIMEOUT_MS / 1000);
  return FALSE;
}

/* Puts back, newest first, what the first N entries took away. Returns what could not be. */
static char *
roll_back (virConnectPtr      conn,
           virDomainPtr       domain,
           FerryDeviceChange *change,
           guint              n)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = n; i-- > 0;)
    {
      Entry *entry = &g_array_index (change->entries, Entry, i);
      g_autoptr(GError) error = NULL;

      if (entry->config_done &&
          ferry_virt_attach_config (conn, domain, entry->config_xml, &error) &&
          restore_record (conn, domain, entry, &error))
        entry->config_done = FALSE;
      if (entry->live_done &&
          virDomainAttachDeviceFlags (domain, entry->live_xml, VIR_DOMAIN_AFFECT_LIVE) == 0)
        entry->live_done = FALSE;
      if (entry->config_done || entry->live_done)
        g_string_append_printf (failures, " %s", error ? error->message
                                                       : virGetLastErrorMessage ());
    }

  return failures->len > 0 ? g_string_free (g_steal_pointer (&failures), FALSE) : NULL;
}

static void
give_back (virConnectPtr      conn,
           GHashTable        *names,
           FerryDeviceChange *change)
{
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < change->entries->len; i++)
    {
      Entry *entry = &g_array_index (change->entries, Entry, i);
      const FerryPciAddress *address = ferry_assigned_device_get_address (entry->device);
      g_autoptr(virNodeDevice) nodedev = NULL;

      if (address == NULL || ferry_assigned_device_get_managed (entry->device))
        continue;

      nodedev = ferry_virt_lookup_function (conn, names, address);
      if (nodedev != NULL && virNodeDeviceReAttach (nodedev) == 0)
        entry->given_back = TRUE;
      else
        {
          g_autofree char *text = ferry_pci_address_to_string (address);
          g_string_append_printf (failures, "%s%s: %s", failures->len ? "; " : "", text,
                                  virGetLastErrorMessage ());
        }
    }

  if (failures->len > 0)
    change->warning = g_strdup_printf (
      /* Translators: %s lists the devices and libvirt's messages */
      _("The device was detached from the guest, but giving it back to its host driver "
        "failed (%s). It stays bound to vfio-pci; try again with virsh nodedev-reattach."),
      failures->str);
}

typedef struct
{
  virConnectPtr     conn;
  GHashTable       *names;          /* ferry_virt_lookup_function's */
  char             *guest;
  GPtrArray        *devices;
  FerryDetachFlags  flags;
  FerryDeviceChange *change;
} DetachData;

static void
detach_data_free (DetachData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_hash_table_unref (data->names);
  g_free (data->guest);
  g_ptr_array_unref (data->devices);
  g_clear_object (&data->change);
  g_free (data);
}

static void
detach_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DetachData *data = task_data;
  virConnectPtr conn = data->conn;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(FerryDeviceChange) change = g_object_new (FERRY_TYPE_DEVICE_CHANGE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *live_doc = NULL;
  g_autofree char *config_doc = NULL;
  gboolean live, config;

  change->guest = g_strdup (data->guest);

  if (!(domain = ferry_virt_lookup_domain (conn, data->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  live = (data->flags & FERRY_DETACH_LIVE) && virDomainIsActive (domain) == 1;
  config = (data->flags & FERRY_DETACH_CONFIG) && virDomainIsPersistent (domain) == 1;
  if (!live && !config)
    {
      g_set_error_literal (&error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                           (data->flags & FERRY_DETACH_LIVE)
                           ? _("The guest is not running: there is nothing to detach from it "
                               "now")
                           : _("The guest has no persistent definition to detach from"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((live && !(live_doc = virDomainGetXMLDesc (domain, 0))) ||
      (config && !(config_doc = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE))))
    {
      ferry_virt_set_error (&error, _("Cannot read the guest"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Find every device first: nothing is changed unless all of it can be. */
  for (guint i = 0; i < data->devices->len; i++)
    {
      FerryAssignedDevice *device = data->devices->pdata[i];
      Entry entry = { g_object_ref (device), NULL, NULL, FALSE, FALSE, FALSE };

      if ((live && ferry_assigned_device_get_live (device) &&
           !(entry.live_xml = ferry_domain_edit_dup_device (live_doc, device, &error))) ||
          (config && ferry_assigned_device_get_config (device) &&
           !(entry.config_xml = ferry_domain_edit_dup_device (config_doc, device, &error))))
        {
          entry_clear (&entry);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_array_append_val (change->entries, entry);
    }

  for (guint i = 0; i < change->entries->len; i++)
    {
      Entry *entry = &g_array_index (change->entries, Entry, i);
      gboolean ok = TRUE;

      if (entry->live_xml != NULL)
        {
          ok = virDomainDetachDeviceFlags (domain, entry->live_xml, VIR_DOMAIN_AFFECT_LIVE) == 0
               ? wait_released (domain, entry, &error)
               : ferry_virt_set_error (&error,
                                       _("Cannot detach the device from the running guest"));
          entry->live_done = ok;
        }
      if (ok && entry->config_xml != NULL)
        {
          ok = remove_config (conn, domain, entry, &error);
          entry->config_done = ok;
        }

      if (!ok)
        {
          g_autofree char *left = roll_back (conn, domain, change, i + 1);

          if (left != NULL)
            g_prefix_error (&error,
                            /* Translators: %s is libvirt's message for what stayed changed */
                            _("Putting the guest back as it was failed too (%s). "), left);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (data->flags & FERRY_DETACH_GIVE_BACK)
    give_back (conn, data->names, change);

  g_task_return_pointer (task, g_steal_pointer (&change), g_object_unref);
}

/* Detaches DEVICES (FerryAssignedDevice of GUEST, e.g. a whole IOMMU group) as FLAGS say:
 * from the running guest and/or its persistent definition, all of them or none. */
void
ferry_session_detach_async (FerrySession        *session,
                            const char          *guest,
                            GPtrArray           *devices,
                            FerryDetachFlags     flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DetachData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (guest != NULL && devices != NULL && devices->len > 0);

  data = g_new0 (DetachData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->names = ferry_session_dup_function_names (session);
  data->guest = g_strdup (guest);
  data->devices = g_ptr_array_ref (devices);
  data->flags = flags;

  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_detach_async, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) detach_data_free);
  g_task_run_in_thread (task, detach_thread);
}

FerryDeviceChange *
ferry_session_detach_finish (FerrySession  *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_session_detach_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  virConnectPtr      conn;
  GHashTable        *names;
  FerryDeviceChange *change;
} UndoData;

static void
undo_data_free (UndoData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_hash_table_unref (data->names);
  g_object_unref (data->change);
  g_free (data);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  UndoData *data = task_data;
  FerryDeviceChange *change = data->change;
  virConnectPtr conn = data->conn;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(GError) error = NULL;

  if (!(domain = ferry_virt_lookup_domain (conn, change->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = change->entries->len; i-- > 0;)
    {
      Entry *entry = &g_array_index (change->entries, Entry, i);

      /* Back to vfio-pci first, as the guest will need it. */
      if (entry->given_back)
        {
          g_autoptr(virNodeDevice) nodedev = ferry_virt_lookup_function (
            conn, data->names, ferry_assigned_device_get_address (entry->device));

          if (nodedev == NULL || virNodeDeviceDetachFlags (nodedev, NULL, 0) < 0)
            {
              ferry_virt_set_error (&error,
                                    _("Cannot take the device from its host driver again"));
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          entry->given_back = FALSE;
        }
      if (entry->config_done)
        {
          if (!ferry_virt_attach_config (conn, domain, entry->config_xml, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          entry->config_done = FALSE;
          if (!restore_record (conn, domain, entry, &error))
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
        }
      if (entry->live_done)
        {
          if (virDomainAttachDeviceFlags (domain, entry->live_xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
            {
              ferry_virt_set_error (&error,
                                    _("Cannot give the device back to the running guest"));
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          entry->live_done = FALSE;
        }
    }

  g_task_return_boolean (task, TRUE);
}

/* Puts back what CHANGE detached, with the very same XML. */
void
ferry_session_undo_async (FerrySession        *session,
                          FerryDeviceChange   *change,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UndoData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_DEVICE_CHANGE (change));

  data = g_new0 (UndoData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->names = ferry_session_dup_function_names (session);
  data->change = g_object_ref (change);
  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_undo_async, TRUE);
  g_task_set_task_data (task, data, (GDestroyNotify) undo_data_free);
  g_task_run_in_thread (task, undo_thread);
}

gboolean
ferry_session_undo_finish (FerrySession  *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_session_undo_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  virConnectPtr        conn;
  char                *guest;
  FerryAssignedDevice *device;
  char                *mac;
  FerryDeviceSettings  settings;
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_free (data->guest);
  g_clear_object (&data->device);
  g_free (data->mac);
  g_free (data);
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UpdateData *data = task_data;
  virConnectPtr conn = data->conn;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(virDomain) defined = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;

  if (!(domain = ferry_virt_lookup_domain (conn, data->guest, &error)))
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

  /* One redefinition with the edited device: libvirt checks it whole, and refuses it whole. */
  if (!(edited = ferry_domain_edit_update_device (current, data->device, &data->settings,
                                                  &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(defined = virDomainDefineXML (conn, edited)))
    {
      ferry_virt_set_error (&error, _("libvirt refused the changed definition"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Applies SETTINGS to DEVICE in GUEST's persistent definition: a running guest gets them at
 * its next boot (libvirt cannot change an assigned device in place). */
void
ferry_session_update_device_async (FerrySession              *session,
                                   const char                *guest,
                                   FerryAssignedDevice       *device,
                                   const FerryDeviceSettings *settings,
                                   GCancellable              *cancellable,
                                   GAsyncReadyCallback        callback,
                                   gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (guest != NULL && FERRY_IS_ASSIGNED_DEVICE (device) && settings != NULL);

  data = g_new0 (UpdateData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->guest = g_strdup (guest);
  data->device = g_object_ref (device);
  data->mac = g_strdup (settings->mac);
  data->settings = *settings;
  data->settings.mac = data->mac;

  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_update_device_async, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

gboolean
ferry_session_update_device_finish (FerrySession  *session,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_update_device_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  virConnectPtr  conn;
  char          *guest;
  char          *device_xml;
} AttachData;

static void
attach_data_free (AttachData *data)
{
  g_clear_pointer (&data->conn, virConnectClose);
  g_free (data->guest);
  g_free (data->device_xml);
  g_free (data);
}

/* Adds DEVICE_XML to the persistent definition (attach-device, or a redefinition where the
 * driver lacks it) and, while the guest runs, to the running guest; a live failure takes the
 * persistent part back. */
static void
attach_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachData *data = task_data;
  virConnectPtr conn = data->conn;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(GError) error = NULL;

  if (!(domain = ferry_virt_lookup_domain (conn, data->guest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!ferry_virt_attach_config (conn, domain, data->device_xml, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (virDomainIsActive (domain) == 1 &&
      virDomainAttachDeviceFlags (domain, data->device_xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
    {
      g_autoptr(GError) undo_error = NULL;
      g_autofree char *current = NULL;

      ferry_virt_set_error (&error, _("The running guest refused the interface; it was taken "
                                      "back out of the definition"));
      /* Only now: reading the definition clears libvirt's reason for the refusal. */
      current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
      /* The new interface is the definition's last: take that one out again. */
      if (current != NULL)
        {
          g_autoptr(virDomain) defined = NULL;
          g_autofree char *restored = ferry_domain_edit_remove_last_interface (current,
                                                                               &undo_error);

          if (restored == NULL || !(defined = virDomainDefineXML (conn, restored)))
            g_prefix_error (&error, _("Putting the guest back as it was failed too. "));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Connects GUEST to the VF pool NETWORK: a new network interface (MAC may be NULL). */
void
ferry_session_connect_pool_async (FerrySession        *session,
                                  const char          *guest,
                                  const char          *network,
                                  const char          *mac,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AttachData *data;

  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (guest != NULL && network != NULL);

  task = ferry_session_new_operation (session, cancellable, callback, user_data,
                                      ferry_session_connect_pool_async, TRUE);
  if (!ferry_session_check_pool_change (session, network, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (AttachData, 1);
  data->conn = ferry_session_dup_raw_connection (session);
  data->guest = g_strdup (guest);
  if (!(data->device_xml = ferry_domain_edit_new_pool_interface (network, mac, &error)))
    {
      attach_data_free (data);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, data, (GDestroyNotify) attach_data_free);
  g_task_run_in_thread (task, attach_thread);
}

gboolean
ferry_session_connect_pool_finish (FerrySession  *session,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ferry_session_connect_pool_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
