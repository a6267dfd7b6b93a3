/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-domain-edit"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/tree.h>

#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-xml.h"

/* Changes to a domain's XML for devices Ferry assigns: find one (for libvirt's
 * detach-device), take it out, put it back. Built on libxml2, keeping everything else of the
 * document exactly as it was: for drivers without detach-device (libvirt's test driver), a
 * persistent change is a redefinition with the edited XML. */

static gboolean
source_is (xmlNode               *node,
           const FerryPciAddress *address)
{
  xmlNode *pci = ferry_xml_child (ferry_xml_child (node, "source"), "address");
  FerryPciAddress found;

  return pci != NULL && ferry_xml_read_pci_address (pci, &found) &&
         ferry_pci_address_equal (&found, address);
}

static gboolean
matches (xmlNode             *node,
         FerryAssignedDevice *device)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  g_autofree char *type = ferry_xml_prop (node, "type");
  const char *name = (const char *) node->name;

  switch (ferry_assigned_device_get_kind (device))
    {
    case FERRY_ASSIGNMENT_HOSTDEV:
      return g_str_equal (name, "hostdev") && g_strcmp0 (type, "pci") == 0 &&
             address != NULL && source_is (node, address);

    case FERRY_ASSIGNMENT_INTERFACE_HOSTDEV:
      return g_str_equal (name, "interface") && g_strcmp0 (type, "hostdev") == 0 &&
             address != NULL && source_is (node, address);

    case FERRY_ASSIGNMENT_INTERFACE_POOL:
      {
        g_autofree char *network = ferry_xml_prop (ferry_xml_child (node, "source"), "network");
        g_autofree char *mac = ferry_xml_prop (ferry_xml_child (node, "mac"), "address");
        const char *want_mac = ferry_assigned_device_get_mac (device);

        return g_str_equal (name, "interface") && g_strcmp0 (type, "network") == 0 &&
               g_strcmp0 (network, ferry_assigned_device_get_network (device)) == 0 &&
               (want_mac == NULL || (mac != NULL && g_ascii_strcasecmp (mac, want_mac) == 0));
      }

    default:
      return FALSE;
    }
}

static xmlNode *
find_device (xmlDoc               *doc,
             FerryAssignedDevice  *device,
             GError              **error)
{
  xmlNode *devices = ferry_xml_child (xmlDocGetRootElement (doc), "devices");

  ferry_xml_foreach (node, devices, NULL)
    if (matches (node, device))
      return node;

  g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                       _("The guest’s definition does not have this device"));
  return NULL;
}

/* The device's own XML (<hostdev>…</hostdev> or <interface>…</interface>) as DOMAIN_XML has
 * it: what detach-device and attach-device take. */
char *
ferry_domain_edit_dup_device (const char           *domain_xml,
                              FerryAssignedDevice  *device,
                              GError              **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *node;

  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (device), NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)) ||
      !(node = find_device (doc, device, error)))
    return NULL;

  return ferry_xml_dump (node);
}

/* DOMAIN_XML without DEVICE; REMOVED_XML gets the device's own XML, for putting it back. */
char *
ferry_domain_edit_remove_device (const char           *domain_xml,
                                 FerryAssignedDevice  *device,
                                 char                **removed_xml,
                                 GError              **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *node;
  xmlNode *blank;

  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (device), NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)) ||
      !(node = find_device (doc, device, error)))
    return NULL;

  if (removed_xml != NULL)
    *removed_xml = ferry_xml_dump (node);

  /* Take the indentation before it along, so no blank line is left. */
  blank = node->prev;
  if (blank != NULL && xmlIsBlankNode (blank))
    {
      xmlUnlinkNode (blank);
      xmlFreeNode (blank);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);

  return ferry_xml_dump (xmlDocGetRootElement (doc));
}

/* DOMAIN_XML with DEVICE_XML appended to its <devices>. */
char *
ferry_domain_edit_add_device (const char  *domain_xml,
                              const char  *device_xml,
                              GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlDoc) fragment = NULL;
  xmlNode *root;
  xmlNode *devices;
  xmlNode *copy;
  const char *kind;

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);

  /* Only what Ferry assigns goes in: a <hostdev> or an <interface>. */
  kind = device_xml != NULL && g_str_has_prefix (device_xml, "<interface") ? "interface"
                                                                           : "hostdev";
  if (!(fragment = ferry_xml_parse_for_edit (device_xml, kind, error)))
    return NULL;

  devices = ferry_xml_child (root, "devices");
  if (devices == NULL)
    devices = xmlNewChild (root, NULL, (const xmlChar *) "devices", NULL);

  copy = xmlDocCopyNode (xmlDocGetRootElement (fragment), doc, 1);
  xmlAddChild (devices, copy);

  return ferry_xml_dump (root);
}
