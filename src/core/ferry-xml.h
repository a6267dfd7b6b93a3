/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "ferry-pci-address.h"

G_BEGIN_DECLS

/* Bounds on what a host may send: no libvirt description comes near 4 MiB, and no name,
 * id or path Ferry reads near 4 KiB. */
#define FERRY_XML_MAX_DOCUMENT (4 * 1024 * 1024)
#define FERRY_XML_MAX_TEXT     4096

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlBuffer, xmlBufferFree)

/* A streamed read's callbacks (ferry_xml_read). ATTRIBUTES come as libxml2's SAX2 hands
 * them: five pointers each (name, prefix, namespace, value, end of value); read them with
 * ferry_xml_attribute. TEXT is not NUL-terminated. */
typedef struct
{
  void (*start_element) (gpointer        data,
                         const char     *name,
                         int             n_attributes,
                         const xmlChar **attributes);
  void (*end_element)   (gpointer        data,
                         const char     *name);
  void (*text)          (gpointer        data,
                         const char     *text,
                         gsize           length);
} FerryXmlSax;

xmlDoc  *ferry_xml_parse             (const char       *xml,
                                      const char       *root_name,
                                      GError          **error);
xmlDoc  *ferry_xml_parse_for_edit    (const char       *xml,
                                      const char       *root_name,
                                      GError          **error);
gboolean ferry_xml_read              (const char       *xml,
                                      const char       *root_name,
                                      const FerryXmlSax *sax,
                                      gpointer          data,
                                      GError          **error);
char    *ferry_xml_attribute         (int               n_attributes,
                                      const xmlChar   **attributes,
                                      const char       *name);
gboolean ferry_xml_attributes_oversized (int            n_attributes,
                                      const xmlChar   **attributes);
void     ferry_xml_text_append       (GString          *text,
                                      const char       *chars,
                                      gsize             length);
void     ferry_xml_text_finish       (GString          *text);
char    *ferry_xml_dump              (xmlNode          *node);
char    *ferry_xml_dump_indented     (xmlNode          *node);
void     ferry_xml_drop_layout       (xmlNode          *node);
xmlNode *ferry_xml_child             (xmlNode          *node,
                                      const char       *name);
xmlNode *ferry_xml_next              (xmlNode          *node,
                                      const char       *name);
char    *ferry_xml_prop              (xmlNode          *node,
                                      const char       *name);
char    *ferry_xml_text              (xmlNode          *node);
char    *ferry_xml_child_text        (xmlNode          *node,
                                      const char       *name);
char    *ferry_xml_read_vlan         (xmlNode          *vlan,
                                      guint            *single_tag);
gboolean ferry_xml_vlan_is_trunk     (xmlNode          *vlan);
gboolean ferry_xml_read_pci_address  (xmlNode          *address,
                                      FerryPciAddress  *out);
gboolean ferry_xml_read_pci_address_attributes (int     n_attributes,
                                      const xmlChar   **attributes,
                                      FerryPciAddress  *out);

/* Iterates over the element children of PARENT named NAME (every element when NAME is NULL). */
#define ferry_xml_foreach(child, parent, name) \
  for (xmlNode *child = ferry_xml_next ((parent) ? (parent)->children : NULL, (name)); \
       child != NULL; \
       child = ferry_xml_next (child->next, (name)))

G_END_DECLS
