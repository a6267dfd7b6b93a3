/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-xml"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-xml.h"

/* A parse under way: set as the parser's _private. */
typedef struct
{
  gboolean           doctype;  /* a document type declaration was met */
  const FerryXmlSax *sax;      /* a streamed read's callbacks, or NULL */
  gpointer           data;
  char              *root;     /* a streamed read's first element */
  guint              depth;    /* a streamed read's open elements */
  gboolean           too_deep;
} Reading;

/* libvirt never sends a document type declaration, and one is how entities get in (the
 * "billion laughs"): the parser stops the moment it meets one. */
static void
refuse_doctype (void          *data,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  xmlParserCtxt *parser = data;
  Reading *reading = parser->_private;

  reading->doctype = TRUE;
  xmlStopParser (parser);
}

static void
sax_start_element (void           *data,
                   const xmlChar  *name,
                   const xmlChar  *prefix,
                   const xmlChar  *uri,
                   int             n_namespaces,
                   const xmlChar **namespaces,
                   int             n_attributes,
                   int             n_defaulted,
                   const xmlChar **attributes)
{
  xmlParserCtxt *parser = data;
  Reading *reading = parser->_private;

  /* The tree's builder stops past xmlParserMaxDepth levels, not the parser: a streamed read
   * stops there too, so that no depth reaches the callbacks that a tree refuses. */
  if (reading->depth > xmlParserMaxDepth)
    {
      reading->too_deep = TRUE;
      xmlStopParser (parser);
      return;
    }
  reading->depth++;

  if (reading->root == NULL)
    reading->root = g_strdup ((const char *) name);
  reading->sax->start_element (reading->data, (const char *) name, n_attributes, attributes);
}

static void
sax_end_element (void          *data,
                 const xmlChar *name,
                 const xmlChar *prefix,
                 const xmlChar *uri)
{
  xmlParserCtxt *parser = data;
  Reading *reading = parser->_private;

  reading->depth--;
  reading->sax->end_element (reading->data, (const char *) name);
}

static void
sax_text (void          *data,
          const xmlChar *text,
          int            length)
{
  xmlParserCtxt *parser = data;
  Reading *reading = parser->_private;

  reading->sax->text (reading->data, (const char *) text, (gsize) length);
}

/* The most names a kept parser's dictionary may hold: libvirt's node-device vocabulary is a
 * few dozen; a host sending new names in every document only costs a new parser each. */
#define MAX_KEPT_NAMES 512

static void
free_parser (gpointer parser)
{
  xmlFreeParserCtxt (parser);
}

/* Each thread's parser for streamed reads, kept between documents: making one costs a sixth
 * of streaming a node device's XML. */
static GPrivate thread_parser = G_PRIVATE_INIT (free_parser);

/* A parser for READING a document of LENGTH bytes: its thread's own for a streamed read,
 * reset, else a new one. A new parser reads a document too short to tell its encoding by (4
 * bytes) in a way of its own, and complains of it in other words. */
static xmlParserCtxt *
take_parser (Reading *reading,
             gsize    length)
{
  xmlSAXHandler handler = {
    .initialized = XML_SAX2_MAGIC,
    .internalSubset = refuse_doctype,
    .startElementNs = sax_start_element,
    .endElementNs = sax_end_element,
    .characters = sax_text,
    .ignorableWhitespace = sax_text,
    .cdataBlock = sax_text,
  };
  xmlParserCtxt *parser;

  if (reading->sax == NULL)
    {
      parser = xmlCreatePushParserCtxt (NULL, NULL, NULL, 0, NULL);
      if (parser == NULL)
        g_error ("libxml2 could not allocate a parser");
      parser->sax->internalSubset = refuse_doctype;
      return parser;
    }

  parser = length >= 4 ? g_private_get (&thread_parser) : NULL;
  if (parser != NULL)
    g_private_set (&thread_parser, NULL);
  /* A reused parser keeps its dictionary of names: one that a host filled goes. */
  if (parser != NULL && xmlDictSize (parser->dict) > MAX_KEPT_NAMES)
    g_clear_pointer (&parser, xmlFreeParserCtxt);
  if (parser != NULL && xmlCtxtResetPush (parser, NULL, 0, NULL, NULL) == 0)
    return parser;
  g_clear_pointer (&parser, xmlFreeParserCtxt);

  parser = xmlCreatePushParserCtxt (&handler, NULL, NULL, 0, NULL);
  if (parser == NULL)
    g_error ("libxml2 could not allocate a parser");
  return parser;
}

/* Reads the document XML (LENGTH bytes); returns the parser, for its errors and, unless
 * READING streams it, its document (myDoc). libxml2 before 2.11, reading from memory
 * (xmlCtxtReadMemory), asks its input for more before nearly every token of a document's
 * last 250 bytes: a fifth of the cost of a node device's XML, 4,000 times a read. Handed the
 * whole document at once, its push parser never asks; the parse, its options and its checks
 * are the same. A streamed read builds no tree at all, and sees every blank. */
static xmlParserCtxt *
read_document (const char  *xml,
               gsize        length,
               int          options,
               Reading     *reading)
{
  xmlParserCtxt *parser = take_parser (reading, length);

  parser->_private = reading;
  xmlCtxtUseOptions (parser, options);
  xmlParseChunk (parser, xml, (int) length, TRUE);
  parser->_private = NULL;

  if (!parser->wellFormed)
    g_clear_pointer (&parser->myDoc, xmlFreeDoc);
  return parser;
}

/* Done with PARSER, from read_document: a streamed read's goes back to its thread. */
static void
give_back_parser (xmlParserCtxt *parser,
                  Reading       *reading)
{
  if (reading->sax != NULL && g_private_get (&thread_parser) == NULL)
    g_private_set (&thread_parser, parser);
  else
    xmlFreeParserCtxt (parser);
}

/* XML reaches Ferry from libvirt, which may be a remote host: parse it without network
 * access or entity expansion, refuse a document type declaration and anything larger than
 * FERRY_XML_MAX_DOCUMENT, and turn libxml2's complaint into a GError instead of stderr.
 * A tree's document gets a parser of its own; a streamed one reuses its thread's, as long as
 * its dictionary of element and attribute names stays small (a host could otherwise fill it
 * once and so break every later parse). Documents Ferry only reads drop their blank text;
 * documents it edits keep them (ferry_xml_parse_for_edit), so what goes back to libvirt is the
 * user's own layout, unless the editor lays it out afresh (ferry_xml_drop_layout). With SAX
 * set, READING streams the document to its callbacks instead, and no tree is kept: returns
 * TRUE then on success. */
static gpointer
parse (const char  *xml,
       const char  *root_name,
       int          options,
       Reading     *reading,
       GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *root = NULL;
  g_autofree char *reason = NULL;
  xmlParserCtxt *parser;
  gboolean doctype, well_formed;
  const char *found;
  gsize length;

  static gsize initialized;

  g_return_val_if_fail (root_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* libxml2 sets up its globals on first use, racily when that first use comes from several
   * threads at once (the session's XML readers): do it once, first. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }

  if (xml == NULL || *xml == '\0')
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is an XML element name such as "domain" */
                   _("The <%s> description is empty"), root_name);
      return NULL;
    }

  length = strnlen (xml, FERRY_XML_MAX_DOCUMENT + 1);
  if (length > FERRY_XML_MAX_DOCUMENT)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is an XML element name, %u a size in bytes */
                   _("The <%s> description is larger than %u bytes, which no libvirt "
                     "description comes near"),
                   root_name, (guint) FERRY_XML_MAX_DOCUMENT);
      return NULL;
    }

  parser = read_document (xml, length,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | options,
                          reading);
  doc = g_steal_pointer (&parser->myDoc);
  root = g_steal_pointer (&reading->root);
  doctype = reading->doctype || (doc != NULL && doc->intSubset != NULL);
  well_formed = parser->wellFormed && !reading->too_deep &&
                (reading->sax != NULL || doc != NULL);
  if (reading->too_deep)
    {
      /* libxml2's own words, as a tree's parse reports it. */
      reason = g_strdup_printf ("Excessive depth in document: %u use XML_PARSE_HUGE option",
                                xmlParserMaxDepth);
    }
  else if (!doctype && !well_formed)
    {
      const xmlError *last = xmlCtxtGetLastError (parser);

      reason = g_strstrip (g_strdup (last && last->message ? last->message : ""));
    }
  give_back_parser (parser, reading);

  if (doctype)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is an XML element name such as "device" */
                   _("The <%s> description holds a document type declaration, which libvirt "
                     "never sends"),
                   root_name);
      return NULL;
    }
  if (!well_formed)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: first %s is an XML element name, second the parser's message */
                   _("The <%s> description is not well-formed XML: %s"), root_name, reason);
      return NULL;
    }

  if (reading->sax == NULL)
    {
      xmlNode *element = xmlDocGetRootElement (doc);

      found = element ? (const char *) element->name : NULL;
    }
  else
    {
      found = root;
    }
  if (found == NULL || g_strcmp0 (found, root_name) != 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: both %s are XML element names */
                   _("Expected a <%s> description, found <%s>"),
                   root_name, found ? found : "");
      return NULL;
    }

  return reading->sax ? GINT_TO_POINTER (TRUE) : g_steal_pointer (&doc);
}

xmlDoc *
ferry_xml_parse (const char  *xml,
                 const char  *root_name,
                 GError     **error)
{
  Reading reading = { 0 };

  return parse (xml, root_name, XML_PARSE_NOBLANKS | XML_PARSE_COMPACT, &reading, error);
}

xmlDoc *
ferry_xml_parse_for_edit (const char  *xml,
                          const char  *root_name,
                          GError     **error)
{
  Reading reading = { 0 };

  return parse (xml, root_name, 0, &reading, error);
}

/* Streams XML, a <ROOT_NAME> document, through SAX's callbacks, DATA their first argument,
 * without building a tree: for documents read many at a time, where the tree costs more
 * than the parse. The same bounds and refusals as ferry_xml_parse; every blank reaches
 * SAX->text. The callbacks may have seen part of a document that then fails. */
gboolean
ferry_xml_read (const char         *xml,
                const char         *root_name,
                const FerryXmlSax  *sax,
                gpointer            data,
                GError            **error)
{
  Reading reading = { .sax = sax, .data = data };

  g_return_val_if_fail (sax != NULL, FALSE);

  return parse (xml, root_name, 0, &reading, error) != NULL;
}

/* The first attribute named NAME among the N_ATTRIBUTES of a FerryXmlSax start_element, as
 * ferry_xml_prop reads it from a tree: NULL when absent, at most FERRY_XML_MAX_TEXT bytes. */
char *
ferry_xml_attribute (int             n_attributes,
                     const xmlChar **attributes,
                     const char     *name)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const char *value = (const char *) attributes[5 * i + 3];
      const char *end = (const char *) attributes[5 * i + 4];
      g_autoptr(GString) text = NULL;

      if (strcmp ((const char *) attributes[5 * i], name) != 0)
        continue;

      if (end - value <= FERRY_XML_MAX_TEXT && memchr (value, '&', end - value) == NULL)
        return g_strndup (value, end - value);

      /* Without entity expansion, libxml2 hands a value on with each '&' it held written
       * as "&#38;" (the tree's attribute turns it back into '&'); no other reference
         is left in a value (an undeclared entity is an error). */
      text = g_string_sized_new (MIN (end - value, FERRY_XML_MAX_TEXT + 1));
      while (value < end && text->len <= FERRY_XML_MAX_TEXT)
        {
          const char *amp = memchr (value, '&', end - value);
          const char *stop = amp ? amp : end;

          ferry_xml_text_append (text, value, stop - value);
          value = stop;
          if (amp != NULL)
            {
              ferry_xml_text_append (text, "&", 1);
              value += end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0 ? 5 : 1;
            }
        }
      ferry_xml_text_finish (text);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return NULL;
}

/* Whether one of the N_ATTRIBUTES of a FerryXmlSax start_element is longer than
 * FERRY_XML_MAX_TEXT. */
gboolean
ferry_xml_attributes_oversized (int             n_attributes,
                                const xmlChar **attributes)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const char *value = (const char *) attributes[5 * i + 3];
      const char *end = (const char *) attributes[5 * i + 4];
      gsize length = end - value;

      if (length <= FERRY_XML_MAX_TEXT)
        continue;
      for (const char *amp = value; (amp = memchr (amp, '&', end - amp)) != NULL; amp++)
        if (end - amp >= 5 && memcmp (amp, "&#38;", 5) == 0)
          length -= 4;
      if (length > FERRY_XML_MAX_TEXT)
        return TRUE;
    }

  return FALSE;
}

static char *
dump (xmlNode  *node,
      gboolean  indent)
{
  g_autoptr(xmlBuffer) buffer = xmlBufferCreate ();

  xmlNodeDump (buffer, node->doc, node, 0, indent ? 1 : 0);
  return g_strdup ((const char *) xmlBufferContent (buffer));
}

/* NODE and what it holds as an XML string, its layout untouched. */
char *
ferry_xml_dump (xmlNode *node)
{
  return dump (node, FALSE);
}

/* The same, indented: for documents Ferry built from nothing, which have no layout yet. */
char *
ferry_xml_dump_indented (xmlNode *node)
{
  return dump (node, TRUE);
}

/* Whether CHILD is only the blanks between PARENT's elements or comments. Blanks that are an
 * element's whole content (<description> </description>) are data, not layout. */
static gboolean
is_layout (xmlNode *parent,
           xmlNode *child)
{
  if (child->type != XML_TEXT_NODE || !xmlIsBlankNode (child))
    return FALSE;

  for (xmlNode *sibling = parent->children; sibling != NULL; sibling = sibling->next)
    if (sibling->type != XML_TEXT_NODE)
      return TRUE;

  return FALSE;
}

/* Removes the blanks that lay out NODE's elements, at every depth, so that
 * ferry_xml_dump_indented lays them out evenly: libxml2 only indents an element whose
 * children hold no text, and the blanks of an edited document no longer fit the elements
 * an edit removed or added. Comments and every element stay. */
void
ferry_xml_drop_layout (xmlNode *node)
{
  xmlNode *child;

  g_return_if_fail (node != NULL);

  child = node->children;
  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (is_layout (node, child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          ferry_xml_drop_layout (child);
        }
      child = next;
    }
}

xmlNode *
ferry_xml_next (xmlNode    *node,
                const char *name)
{
  for (; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE &&
        (name == NULL || g_strcmp0 ((const char *) node->name, name) == 0))
      return node;

  return NULL;
}

xmlNode *
ferry_xml_child (xmlNode    *node,
                 const char *name)
{
  return node ? ferry_xml_next (node->children, name) : NULL;
}

/* Appends LENGTH bytes of CHARS to TEXT, keeping no more than one byte past
 * FERRY_XML_MAX_TEXT: enough for ferry_xml_text_finish to tell that the text was longer. */
void
ferry_xml_text_append (GString    *text,
                       const char *chars,
                       gsize       length)
{
  if (text->len > FERRY_XML_MAX_TEXT)
    return;
  g_string_append_len (text, chars,
                       (gssize) strnlen (chars, MIN (length, FERRY_XML_MAX_TEXT + 1 - text->len)));
}

/* Cuts TEXT, filled by ferry_xml_text_append, to FERRY_XML_MAX_TEXT bytes at a character. */
void
ferry_xml_text_finish (GString *text)
{
  if (text->len > FERRY_XML_MAX_TEXT)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + FERRY_XML_MAX_TEXT + 1);

      g_string_truncate (text, end ? (gsize) (end - text->str) : 0);
    }
}

/* The text and CDATA among NODES, at most FERRY_XML_MAX_TEXT bytes of it (cut at a
 * character). Entity references are left out rather than expanded: libvirt writes none
 * beyond the five predefined ones, which the parser has already turned into text. */
static char *
collect_text (xmlNode *nodes)
{
  g_autoptr(GString) text = NULL;

  /* The usual case, one text node, copied at its own size: a GString's slack would stay
   * with every string a device keeps (2 MiB on 4,096 functions). */
  if (nodes != NULL && nodes->next == NULL &&
      (nodes->type == XML_TEXT_NODE || nodes->type == XML_CDATA_SECTION_NODE) &&
      nodes->content != NULL)
    {
      gsize length = strnlen ((const char *) nodes->content, FERRY_XML_MAX_TEXT + 1);

      if (length <= FERRY_XML_MAX_TEXT)
        return g_strndup ((const char *) nodes->content, length);
    }

  text = g_string_new (NULL);
  for (xmlNode *node = nodes; node != NULL && text->len <= FERRY_XML_MAX_TEXT; node = node->next)
    if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
        node->content != NULL)
      ferry_xml_text_append (text, (const char *) node->content, G_MAXSIZE);
  ferry_xml_text_finish (text);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The attribute NAME of NODE, or NULL; at most FERRY_XML_MAX_TEXT bytes of it. */
char *
ferry_xml_prop (xmlNode    *node,
                const char *name)
{
  xmlAttr *attribute;

  if (node == NULL)
    return NULL;

  attribute = xmlHasProp (node, (const xmlChar *) name);
  if (attribute == NULL || attribute->type != XML_ATTRIBUTE_NODE)
    return NULL;

  return collect_text (attribute->children);
}

/* NODE's own text without its surrounding blanks, or NULL when it has none; at most
 * FERRY_XML_MAX_TEXT bytes of it. */
char *
ferry_xml_text (xmlNode *node)
{
  char *copy;

  if (node == NULL)
    return NULL;

  copy = g_strstrip (collect_text (node->children));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

char *
ferry_xml_child_text (xmlNode    *node,
                      const char *name)
{
  return ferry_xml_text (ferry_xml_child (node, name));
}

static gboolean
read_pci_address (const char      *domain,
                  const char      *bus,
                  const char      *slot,
                  const char      *function,
                  FerryPciAddress *out)
{
  return ferry_pci_address_from_parts (domain ? domain : "0", bus, slot, function, out);
}

/* <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/> as domain, network and
 * node device XML all write it. */
gboolean
ferry_xml_read_pci_address (xmlNode         *address,
                            FerryPciAddress *out)
{
  g_autofree char *domain = ferry_xml_prop (address, "domain");
  g_autofree char *bus = ferry_xml_prop (address, "bus");
  g_autofree char *slot = ferry_xml_prop (address, "slot");
  g_autofree char *function = ferry_xml_prop (address, "function");

  return read_pci_address (domain, bus, slot, function, out);
}

#define SHORT_VALUE 64

/* The same, from the attributes of a streamed <address> (ferry_xml_read): read in one pass,
 * each number copied only when it is long or holds a reference, which was most of the cost
 * of reading a node device's VFs. */
gboolean
ferry_xml_read_pci_address_attributes (int               n_attributes,
                                       const xmlChar   **attributes,
                                       FerryPciAddress  *out)
{
  static const char *names[] = { "domain", "bus", "slot", "function" };
  char buffers[G_N_ELEMENTS (names)][SHORT_VALUE];
  const char *parts[G_N_ELEMENTS (names)] = { NULL };
  char *copies[G_N_ELEMENTS (names)] = { NULL };
  gboolean valid;

  for (int i = 0; i < n_attributes; i++)
    {
      const char *name = (const char *) attributes[5 * i];
      const char *value = (const char *) attributes[5 * i + 3];
      gsize length = (const char *) attributes[5 * i + 4] - value;

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          /* The first attribute of a name counts, as ferry_xml_attribute reads it. */
          if (parts[n] != NULL || strcmp (name, names[n]) != 0)
            continue;
          if (length >= SHORT_VALUE || memchr (value, '&', length) != NULL)
            {
              parts[n] = copies[n] = ferry_xml_attribute (n_attributes, attributes, names[n]);
            }
          else
            {
              memcpy (buffers[n], value, length);
              buffers[n][length] = '\0';
              parts[n] = buffers[n];
            }
          break;
        }
    }

  valid = read_pci_address (parts[0], parts[1], parts[2], parts[3], out);
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    g_free (copies[n]);
  return valid;
}

/* <vlan [trunk='yes']><tag id='N' [nativeMode='tagged|untagged']/>…</vlan>, as network and
 * interface XML write it. Returns what people read (NULL without a valid tag) and sets
 * SINGLE_TAG to the one tag of a plain VLAN, 0 for a trunk: several tags, trunk='yes' or a
 * native VLAN are never shown, or saved, as one tag. */
char *
ferry_xml_read_vlan (xmlNode *vlan,
                     guint   *single_tag)
{
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autofree char *trunk = ferry_xml_prop (vlan, "trunk");
  guint n_tags = 0;
  guint first = 0;
  gboolean native = FALSE;

  g_return_val_if_fail (single_tag != NULL, NULL);

  *single_tag = 0;
  ferry_xml_foreach (tag, vlan, "tag")
    {
      g_autofree char *id = ferry_xml_prop (tag, "id");
      g_autofree char *mode = ferry_xml_prop (tag, "nativeMode");
      g_autofree char *entry = NULL;
      guint64 value;

      if (id == NULL || !g_ascii_string_to_unsigned (id, 10, 0, 4095, &value, NULL))
        continue;

      if (g_strcmp0 (mode, "untagged") == 0)
        /* Translators: one VLAN of a trunk, the native one; %u is its tag */
        entry = g_strdup_printf (_("%u (native, untagged)"), (guint) value);
      else if (g_strcmp0 (mode, "tagged") == 0)
        /* Translators: one VLAN of a trunk, the native one; %u is its tag */
        entry = g_strdup_printf (_("%u (native, tagged)"), (guint) value);
      else
        entry = g_strdup_printf ("%u", (guint) value);
      native |= mode != NULL;

      if (n_tags++ == 0)
        first = (guint) value;
      else
        g_string_append (tags, ", ");
      g_string_append (tags, entry);
    }

  if (n_tags == 0)
    return NULL;

  if (n_tags == 1 && !native && g_strcmp0 (trunk, "yes") != 0)
    {
      *single_tag = first;
      /* Translators: %u is a VLAN tag */
      return g_strdup_printf (_("VLAN %u"), first);
    }

  /* Translators: %s lists a trunk's VLAN tags, e.g. "10, 20 (native, untagged)" */
  return g_strdup_printf (_("VLAN trunk %s"), tags->str);
}

/* Whether VLAN is more than one plain tag: a trunk, which a single tag cannot stand for. */
gboolean
ferry_xml_vlan_is_trunk (xmlNode *vlan)
{
  g_autofree char *label = NULL;
  guint single_tag;

  if (vlan == NULL)
    return FALSE;
  label = ferry_xml_read_vlan (vlan, &single_tag);
  return label != NULL && single_tag == 0;
}
