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
