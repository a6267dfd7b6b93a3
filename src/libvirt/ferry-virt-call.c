/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-virt-call"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-virt-autoptr.h"
#include "ferry-virt-call.h"

/* WHAT failed, in plain words with what to do where Ferry knows libvirt's message, which
 * stays as the error's details. Returns FALSE for `return` chains. */
gboolean
ferry_virt_set_error (GError     **error,
                      const char  *what)
{
  ferry_set_libvirt_error (error, FERRY_ERROR_LIBVIRT, what, virGetLastErrorMessage ());
  return FALSE;
}

/* Whether the last call failed because the driver does not have it (libvirt's test driver
 * lacks attach/detach-device and nodedev detach), rather than because it refused. */
gboolean
ferry_virt_driver_lacks_it (void)
{
  int code = virGetLastErrorCode ();

  return code == VIR_ERR_NO_SUPPORT || code == VIR_ERR_OPERATION_UNSUPPORTED;
}

virDomainPtr
ferry_virt_lookup_domain (virConnectPtr   conn,
                          const char     *guest,
                          GError        **error)
{
  virDomainPtr domain;

  if (conn == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_LIBVIRT, _("Not connected"));
      return NULL;
    }
  if (!(domain = virDomainLookupByName (conn, guest)))
    ferry_virt_set_error (error, _("Cannot find the guest"));
  return domain;
}

/* The node device of the PCI function at ADDRESS; NULL (libvirt's last error says why) when
 * the host does not have it. NAMES (ferry_session_dup_function_names) holds the name the
 * host's listing gave each function: older libvirt and some hosts name them otherwise than
 * pci_DDDD_BB_SS_F, which only serves for a function the last read did not see. */
virNodeDevicePtr
ferry_virt_lookup_function (virConnectPtr          conn,
                            GHashTable            *names,
                            const FerryPciAddress *address)
{
  const char *listed = names != NULL ? g_hash_table_lookup (names, address) : NULL;
  g_autofree char *built = NULL;

  if (listed != NULL)
    return virNodeDeviceLookupByName (conn, listed);
  built = ferry_pci_address_to_nodedev (address);
  return virNodeDeviceLookupByName (conn, built);
}

/* Adds DEVICE_XML to DOMAIN's persistent definition: attach-device where the driver has it,
 * else the definition with the device appended, redefined. */
gboolean
ferry_virt_attach_config (virConnectPtr   conn,
                          virDomainPtr    domain,
                          const char     *device_xml,
                          GError        **error)
{
  g_autofree char *current = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(virDomain) defined = NULL;

  if (virDomainAttachDeviceFlags (domain, device_xml, VIR_DOMAIN_AFFECT_CONFIG) == 0)
    return TRUE;
  if (!ferry_virt_driver_lacks_it ())
    return ferry_virt_set_error (error, _("libvirt refused the device in the guest’s "
                                          "definition"));

  if (!(current = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)))
    return ferry_virt_set_error (error, _("Cannot read the guest’s definition"));
  if (!(edited = ferry_domain_edit_add_device (current, device_xml, error)))
    return FALSE;
  if (!(defined = virDomainDefineXML (conn, edited)))
    return ferry_virt_set_error (error, _("libvirt refused the changed definition"));
  return TRUE;
}

/* Whether CONN died under the last call (its socket closed, or keepalive gave up): the
 * daemon may then have done what the call asked without the reply ever arriving. */
gboolean
ferry_virt_connection_lost (virConnectPtr conn)
{
  return conn != NULL && virConnectIsAlive (conn) == 0;
}

/* One connection attempt, shared by its thread and the waiter; whoever lets go last frees it,
 * closing a connection that came after its waiter gave up. */
typedef struct
{
  gatomicrefcount refs;
  GMutex          lock;
  GCond           cond;
  char           *uri;
  virConnectPtr   conn;
  char           *message;
  gboolean        done;
} OpenAttempt;

static void
open_attempt_unref (OpenAttempt *attempt)
{
  if (!g_atomic_ref_count_dec (&attempt->refs))
    return;

  g_clear_pointer (&attempt->conn, virConnectClose);
  g_free (attempt->message);
  g_free (attempt->uri);
  g_mutex_clear (&attempt->lock);
  g_cond_clear (&attempt->cond);
  g_free (attempt);
}

static gpointer
open_thread (gpointer user_data)
{
  OpenAttempt *attempt = user_data;
  virConnectPtr conn = virConnectOpen (attempt->uri);
  g_autofree char *message = conn ? NULL : g_strdup (virGetLastErrorMessage ());

  /* Probes every 5 s, given up after 5 unanswered, like the session's own connection:
   * a host that stops answering fails the calls that follow within about 30 s. */
  if (conn != NULL)
    virConnectSetKeepAlive (conn, 5, 5);

  g_mutex_lock (&attempt->lock);
  attempt->conn = conn;
  attempt->message = g_steal_pointer (&message);
  attempt->done = TRUE;
  g_cond_signal (&attempt->cond);
  g_mutex_unlock (&attempt->lock);
  open_attempt_unref (attempt);
  return NULL;
}

/* A fresh connection to URI, or NULL when it fails or does not come within SECONDS: libvirt
 * cannot abandon a connection attempt (a stopped daemon accepts the socket and never
 * answers), so the attempt goes on in a thread of its own, which closes what it gets late.
 * Any thread. */
virConnectPtr
ferry_virt_open_within (const char  *uri,
                        guint        seconds,
                        GError     **error)
{
  OpenAttempt *attempt = g_new0 (OpenAttempt, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  virConnectPtr conn = NULL;

  g_atomic_ref_count_init (&attempt->refs);
  g_atomic_ref_count_inc (&attempt->refs);
  g_mutex_init (&attempt->lock);
  g_cond_init (&attempt->cond);
  attempt->uri = g_strdup (uri);
  g_thread_unref (g_thread_new ("ferry-reconnect", open_thread, attempt));

  g_mutex_lock (&attempt->lock);
  while (!attempt->done && g_cond_wait_until (&attempt->cond, &attempt->lock, deadline))
    ;
  if (attempt->done)
    {
      conn = g_steal_pointer (&attempt->conn);
      if (conn == NULL)
        g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_LIBVIRT, attempt->message);
    }
  else
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_TIMED_OUT,
                   /* Translators: %s is a libvirt URI, %u a number of seconds */
                   g_dngettext (GETTEXT_PACKAGE, "%s did not answer within %u second",
                                "%s did not answer within %u seconds", seconds),
                   uri, seconds);
    }
  g_mutex_unlock (&attempt->lock);
  open_attempt_unref (attempt);
  return conn;
}
