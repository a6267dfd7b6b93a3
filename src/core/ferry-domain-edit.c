/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-domain-edit"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/tree.h>
#include <string.h>

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

/* A MAC a guest NIC may use: six hex octets, unicast (the group bit clear), not all zero. */
gboolean
ferry_domain_edit_check_mac (const char  *mac,
                             GError     **error)
{
  g_auto(GStrv) octets = NULL;
  guint first = 0;
  gboolean nonzero = FALSE;

  if (mac != NULL)
    octets = g_strsplit (mac, ":", -1);

  if (octets == NULL || g_strv_length (octets) != 6)
    goto invalid;

  for (guint i = 0; i < 6; i++)
    {
      guint64 value;

      if (strlen (octets[i]) != 2 ||
          !g_ascii_string_to_unsigned (octets[i], 16, 0, 255, &value, NULL))
        goto invalid;
      if (i == 0)
        first = (guint) value;
      nonzero |= value != 0;
    }

  if ((first & 1) || !nonzero)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A guest needs a unicast MAC address: the first octet must be even, "
                             "and not every octet zero"));
      return FALSE;
    }
  return TRUE;

invalid:
  g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                       _("A MAC address is six pairs of hex digits, like 52:54:00:12:34:56"));
  return FALSE;
}

/* A VLAN tag as typed: empty for none (0), else 1–4094 (0 and 4095 are reserved). */
gboolean
ferry_domain_edit_check_vlan (const char  *text,
                              int         *vlan,
                              GError     **error)
{
  guint64 value;

  g_return_val_if_fail (vlan != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      *vlan = 0;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 1, 4094, &value, NULL))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A VLAN tag is a number from 1 to 4094 (0 and 4095 are reserved)"));
      return FALSE;
    }

  *vlan = (int) value;
  return TRUE;
}

static xmlNode *
ensure_child (xmlNode    *parent,
              const char *name)
{
  xmlNode *child = ferry_xml_child (parent, name);

  return child ? child : xmlNewChild (parent, NULL, (const xmlChar *) name, NULL);
}

/* DOMAIN_XML with SETTINGS applied to DEVICE, everything else untouched. Inputs are checked
 * here too: nothing invalid is ever written. */
char *
ferry_domain_edit_update_device (const char                 *domain_xml,
                                 FerryAssignedDevice        *device,
                                 const FerryDeviceSettings  *settings,
                                 GError                    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *node;
  gboolean interface;

  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (device), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)) ||
      !(node = find_device (doc, device, error)))
    return NULL;
  interface = g_str_equal ((const char *) node->name, "interface");

  if (settings->mac != NULL)
    {
      if (!interface || !ferry_domain_edit_check_mac (settings->mac, error))
        {
          if (!interface)
            g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                                 _("Only network interfaces have a MAC address"));
          return NULL;
        }
      xmlSetProp (ensure_child (node, "mac"), (const xmlChar *) "address",
                  (const xmlChar *) settings->mac);
    }

  if (settings->vlan >= 0)
    {
      xmlNode *vlan = ferry_xml_child (node, "vlan");

      if (!interface || settings->vlan > 4094)
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               interface ? _("A VLAN tag is a number from 1 to 4094 (0 and "
                                             "4095 are reserved)")
                                         : _("Only network interfaces have a VLAN tag"));
          return NULL;
        }

      /* 0 keeps a trunk, which the single tag of the settings cannot show: only a tag of
       * their own replaces it. */
      if (vlan != NULL && (settings->vlan > 0 || !ferry_xml_vlan_is_trunk (vlan)))
        {
          xmlUnlinkNode (vlan);
          xmlFreeNode (vlan);
        }
      if (settings->vlan > 0)
        {
          g_autofree char *id = g_strdup_printf ("%d", settings->vlan);
          xmlNode *tag = xmlNewChild (xmlNewChild (node, NULL, (const xmlChar *) "vlan", NULL),
                                      NULL, (const xmlChar *) "tag", NULL);

          xmlSetProp (tag, (const xmlChar *) "id", (const xmlChar *) id);
        }
    }

  if (settings->rom_bar != FERRY_TRISTATE_UNKNOWN)
    xmlSetProp (ensure_child (node, "rom"), (const xmlChar *) "bar",
                (const xmlChar *) (settings->rom_bar == FERRY_TRISTATE_YES ? "on" : "off"));

  if (settings->managed != FERRY_TRISTATE_UNKNOWN)
    xmlSetProp (node, (const xmlChar *) "managed",
                (const xmlChar *) (settings->managed == FERRY_TRISTATE_YES ? "yes" : "no"));

  return ferry_xml_dump (xmlDocGetRootElement (doc));
}

/* <interface type='network'><mac address=…/><source network=…/></interface>: a guest NIC that
 * takes a VF from the pool NETWORK when the guest starts. MAC may be NULL (libvirt picks). */
char *
ferry_domain_edit_new_pool_interface (const char  *network,
                                      const char  *mac,
                                      GError     **error)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *interface = xmlNewNode (NULL, (const xmlChar *) "interface");

  g_return_val_if_fail (network != NULL, NULL);

  xmlDocSetRootElement (doc, interface);
  if (mac != NULL && *mac != '\0')
    {
      if (!ferry_domain_edit_check_mac (mac, error))
        return NULL;
      xmlSetProp (xmlNewChild (interface, NULL, (const xmlChar *) "mac", NULL),
                  (const xmlChar *) "address", (const xmlChar *) mac);
    }
  xmlSetProp (interface, (const xmlChar *) "type", (const xmlChar *) "network");
  xmlSetProp (xmlNewChild (interface, NULL, (const xmlChar *) "source", NULL),
              (const xmlChar *) "network", (const xmlChar *) network);

  return ferry_xml_dump_indented (interface);
}

/* DOMAIN_XML without its last <interface>: taking back one Ferry just appended. */
char *
ferry_domain_edit_remove_last_interface (const char  *domain_xml,
                                         GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *last = NULL;

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)))
    return NULL;

  ferry_xml_foreach (node, ferry_xml_child (xmlDocGetRootElement (doc), "devices"), "interface")
    last = node;

  if (last == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                           _("The guest’s definition does not have this device"));
      return NULL;
    }

  xmlUnlinkNode (last);
  xmlFreeNode (last);
  return ferry_xml_dump (xmlDocGetRootElement (doc));
}
