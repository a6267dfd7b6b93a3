/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-pool-xml"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/tree.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-pool-xml.h"
#include "ferry-xml.h"

/* VF pools as libvirt networks: <forward mode='hostdev' managed=…> with <driver name='vfio'/>
 * and either <pf dev=…/> or <address type='pci' …/> entries, plus an optional <vlan>. Built
 * and edited with libxml2; editing an existing network replaces only what the editor owns,
 * so <portgroup>, <bandwidth>, comments and anything else written by hand survive. Their
 * layout does not: libvirt lays out a definition its own way when it stores it, and the
 * blanks around what the editor removed or added would leave the preview ragged. */

/* libvirt's rules for a network name, and no clash with the host's other networks. */
gboolean
ferry_pool_xml_check_name (const char          *name,
                           const char * const  *taken,
                           GError             **error)
{
  if (name == NULL || *name == '\0' || g_ascii_isspace (*name))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A pool needs a name"));
      return FALSE;
    }
  if (strchr (name, '/') != NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A pool name cannot contain “/”"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL) || strlen (name) > 255)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A pool name is at most 255 bytes of text"));
      return FALSE;
    }
  /* A control character would make XML 1.0 that libvirt refuses, or reach a terminal. */
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                             _("A pool name cannot contain control characters"));
        return FALSE;
      }
  if (taken != NULL && g_strv_contains (taken, name))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   /* Translators: %s is a network name */
                   _("This host already has a network called “%s”"), name);
      return FALSE;
    }

  return TRUE;
}

static void
remove_children (xmlNode    *parent,
                 const char *name)
{
  xmlNode *child = parent ? parent->children : NULL;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, name))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      child = next;
    }
}

static xmlNode *
child_or_new (xmlNode    *parent,
              const char *name)
{
  xmlNode *child = ferry_xml_child (parent, name);

  return child ? child : xmlNewChild (parent, NULL, (const xmlChar *) name, NULL);
}

static void
set_pci_address (xmlNode               *node,
                 const FerryPciAddress *address)
{
  g_autofree char *domain = g_strdup_printf ("0x%04x", address->domain);
  g_autofree char *bus = g_strdup_printf ("0x%02x", address->bus);
  g_autofree char *slot = g_strdup_printf ("0x%02x", address->slot);
  g_autofree char *function = g_strdup_printf ("0x%x", address->function);

  xmlSetProp (node, (const xmlChar *) "type", (const xmlChar *) "pci");
  xmlSetProp (node, (const xmlChar *) "domain", (const xmlChar *) domain);
  xmlSetProp (node, (const xmlChar *) "bus", (const xmlChar *) bus);
  xmlSetProp (node, (const xmlChar *) "slot", (const xmlChar *) slot);
  xmlSetProp (node, (const xmlChar *) "function", (const xmlChar *) function);
}

/* EXISTING_XML (NULL for a new pool) with SPEC applied. */
char *
ferry_pool_xml_build (const char           *existing_xml,
                      const FerryPoolSpec  *spec,
                      GError              **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *name;
  xmlNode *forward;
  xmlNode *driver;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!ferry_pool_xml_check_name (spec->name, NULL, error))
    return NULL;
  if (spec->vlan > 4094)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A VLAN tag is a number from 1 to 4094 (0 and 4095 are reserved)"));
      return NULL;
    }
  if ((spec->pf_device == NULL || *spec->pf_device == '\0') && spec->n_vfs == 0)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A pool needs a physical function or at least one VF"));
      return NULL;
    }

  if (existing_xml != NULL)
    {
      if (!(doc = ferry_xml_parse_for_edit (existing_xml, "network", error)))
        return NULL;
      root = xmlDocGetRootElement (doc);
      ferry_xml_drop_layout (root);
    }
  else
    {
      doc = xmlNewDoc ((const xmlChar *) "1.0");
      root = xmlNewNode (NULL, (const xmlChar *) "network");
      xmlDocSetRootElement (doc, root);
    }

  /* The name first, where libvirt and people expect it; added as text, never parsed. */
  remove_children (root, "name");
  name = xmlNewNode (NULL, (const xmlChar *) "name");
  xmlNodeAddContent (name, (const xmlChar *) spec->name);
  if (root->children != NULL)
    xmlAddPrevSibling (root->children, name);
  else
    xmlAddChild (root, name);

  forward = child_or_new (root, "forward");
  xmlSetProp (forward, (const xmlChar *) "mode", (const xmlChar *) "hostdev");
  xmlSetProp (forward, (const xmlChar *) "managed",
              (const xmlChar *) (spec->managed ? "yes" : "no"));
  remove_children (forward, "pf");
  remove_children (forward, "address");
  remove_children (forward, "interface");
  driver = child_or_new (forward, "driver");
  xmlSetProp (driver, (const xmlChar *) "name", (const xmlChar *) "vfio");

  if (spec->pf_device != NULL && *spec->pf_device != '\0')
    xmlSetProp (xmlNewChild (forward, NULL, (const xmlChar *) "pf", NULL),
                (const xmlChar *) "dev", (const xmlChar *) spec->pf_device);
  else
    for (guint i = 0; i < spec->n_vfs; i++)
      set_pci_address (xmlNewChild (forward, NULL, (const xmlChar *) "address", NULL),
                       &spec->vfs[i]);

  /* A VLAN setting the editor cannot show (a trunk, a native VLAN) stays as written unless
   * the spec sets a tag of its own: saving other changes must not lose it. */
  if (spec->vlan > 0 || !ferry_xml_vlan_is_trunk (ferry_xml_child (root, "vlan")))
    remove_children (root, "vlan");
  if (spec->vlan > 0)
    {
      g_autofree char *id = g_strdup_printf ("%u", spec->vlan);
      xmlNode *tag = xmlNewChild (xmlNewChild (root, NULL, (const xmlChar *) "vlan", NULL),
                                  NULL, (const xmlChar *) "tag", NULL);

      xmlSetProp (tag, (const xmlChar *) "id", (const xmlChar *) id);
    }

  return ferry_xml_dump_indented (root);
}
