/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-hostdev-record"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-hostdev-record.h"
#include "ferry-xml.h"

/* The hardware-change guard's records: when Ferry assigns a function it notes in the guest's
 * <metadata> what was at that address,
 *
 *   <ferry:hostdevs xmlns:ferry="https://github.com/ferry-app/ferry/hostdev/1">
 *     <ferry:device address="0000:01:00.0" vendor="0x10de" product="0x1b80"
 *                   class="0x030000" iommu-group="1"/>
 *   </ferry:hostdevs>
 *
 * so that a later read can tell when bus numbers shifted (a BIOS update, a new card) and the
 * guest's <hostdev> now points at some other device — or none. */

void
ferry_hostdev_record_init_from_device (FerryHostdevRecord *record,
                                       FerryHostDevice    *device)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (FERRY_IS_HOST_DEVICE (device));

  record->address = *ferry_host_device_get_address (device);
  record->vendor_id = ferry_host_device_get_vendor_id (device);
  record->product_id = ferry_host_device_get_product_id (device);
  record->class_code = ferry_host_device_get_class_code (device);
  record->iommu_group = ferry_host_device_get_iommu_group (device);
}

/* Whether DEVICE is the kind of device RECORD saw. The IOMMU group is left out: it follows
 * the slot, not the device, and changes with the very moves the guard is for. */
gboolean
ferry_hostdev_record_matches (const FerryHostdevRecord *record,
                              FerryHostDevice          *device)
{
  g_return_val_if_fail (record != NULL, FALSE);

  return device != NULL &&
         ferry_host_device_get_vendor_id (device) == record->vendor_id &&
         ferry_host_device_get_product_id (device) == record->product_id &&
         ferry_host_device_get_class_code (device) == record->class_code;
}

/* "10de:1b80, class 030000": the ids, for messages. */
char *
ferry_hostdev_record_describe (const FerryHostdevRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  /* Translators: PCI vendor and device ids, then the class code, e.g. "10de:1b80, class 030000" */
  return g_strdup_printf (_("%04x:%04x, class %06x"), record->vendor_id, record->product_id,
                          record->class_code);
}

static gboolean
is_ours (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *) node->ns->href, FERRY_HOSTDEV_RECORD_NS) == 0 &&
         g_strcmp0 ((const char *) node->name, name) == 0;
}

static gboolean
read_hex (xmlNode    *node,
          const char *name,
          guint       max,
          guint      *out)
{
  g_autofree char *text = ferry_xml_prop (node, name);
  guint64 value;

  if (text == NULL || !g_str_has_prefix (text, "0x") ||
      !g_ascii_string_to_unsigned (text + 2, 16, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static gboolean
read_record (xmlNode            *node,
             FerryHostdevRecord *record)
{
  g_autofree char *address = ferry_xml_prop (node, "address");
  g_autofree char *group = ferry_xml_prop (node, "iommu-group");
  gint64 number = FERRY_NO_IOMMU_GROUP;

  if (group != NULL && !g_ascii_string_to_signed (group, 10, 0, G_MAXINT, &number, NULL))
    return FALSE;
  record->iommu_group = (int) number;

  return address != NULL && ferry_pci_address_parse (address, &record->address) &&
         read_hex (node, "vendor", 0xffff, &record->vendor_id) &&
         read_hex (node, "product", 0xffff, &record->product_id) &&
         read_hex (node, "class", 0xffffff, &record->class_code);
}

/* The records in DOMAIN's <metadata> (FerryHostdevRecord, one per address; empty when it has
 * none). A record that does not parse is left out: the guard then has nothing to say about
 * that address, as for a guest assigned by hand. */
GArray *
ferry_hostdev_records_read (xmlNode *domain)
{
  GArray *records = g_array_new (FALSE, FALSE, sizeof (FerryHostdevRecord));

  ferry_xml_foreach (element, ferry_xml_child (domain, "metadata"), "hostdevs")
    {
      if (!is_ours (element, "hostdevs"))
        continue;
      ferry_xml_foreach (node, element, "device")
        {
          FerryHostdevRecord record;

          if (is_ours (node, "device") && read_record (node, &record))
            ferry_hostdev_records_put (records, &record);
        }
    }
  return records;
}

const FerryHostdevRecord *
ferry_hostdev_records_find (GArray                *records,
                            const FerryPciAddress *address)
{
  g_return_val_if_fail (records != NULL && address != NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    if (ferry_pci_address_equal (&g_array_index (records, FerryHostdevRecord, i).address,
                                 address))
      return &g_array_index (records, FerryHostdevRecord, i);
  return NULL;
}

/* Returns whether RECORDS had one for ADDRESS. */
gboolean
ferry_hostdev_records_remove (GArray                *records,
                              const FerryPciAddress *address)
{
  const FerryHostdevRecord *found = ferry_hostdev_records_find (records, address);

  if (found == NULL)
    return FALSE;
  g_array_remove_index (records, (guint) (found - (const FerryHostdevRecord *) records->data));
  return TRUE;
}

/* Adds RECORD, replacing the one for its address. */
void
ferry_hostdev_records_put (GArray                   *records,
                           const FerryHostdevRecord *record)
{
  g_return_if_fail (records != NULL && record != NULL);

  ferry_hostdev_records_remove (records, &record->address);
  g_array_append_val (records, *record);
}

static void
set_printf (xmlNode    *node,
            const char *name,
            char       *value)
{
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
  g_free (value);
}

/* Replaces Ferry's element in DOMAIN's <metadata> with RECORDS (none: the element goes, and
 * <metadata> with it when nothing else is in there). Other namespaces' elements stay. */
void
ferry_hostdev_records_write (xmlNode *domain,
                             GArray  *records)
{
  xmlNode *metadata = ferry_xml_child (domain, "metadata");
  xmlNode *element;
  xmlNs *ns;

  g_return_if_fail (domain != NULL && records != NULL);

  if (metadata != NULL)
    {
      xmlNode *next;

      for (xmlNode *node = metadata->children; node != NULL; node = next)
        {
          next = node->next;
          if (is_ours (node, "hostdevs"))
            {
              xmlUnlinkNode (node);
              xmlFreeNode (node);
            }
        }
      if (records->len == 0 && ferry_xml_child (metadata, NULL) == NULL)
        {
          xmlUnlinkNode (metadata);
          xmlFreeNode (metadata);
        }
    }
  if (records->len == 0)
    return;

  if (metadata == NULL)
    {
      /* libvirt writes it after the name, uuid and description; any place is valid. */
      xmlNode *after = NULL;

      ferry_xml_foreach (node, domain, NULL)
        if (g_str_equal ((const char *) node->name, "name") ||
            g_str_equal ((const char *) node->name, "uuid") ||
            g_str_equal ((const char *) node->name, "genid") ||
            g_str_equal ((const char *) node->name, "title") ||
            g_str_equal ((const char *) node->name, "description"))
          after = node;
      metadata = xmlNewNode (NULL, (const xmlChar *) "metadata");
      if (after != NULL)
        xmlAddNextSibling (after, metadata);
      else
        xmlAddChild (domain, metadata);
    }

  element = xmlNewChild (metadata, NULL, (const xmlChar *) "hostdevs", NULL);
  ns = xmlNewNs (element, (const xmlChar *) FERRY_HOSTDEV_RECORD_NS,
                 (const xmlChar *) FERRY_HOSTDEV_RECORD_PREFIX);
  xmlSetNs (element, ns);
  for (guint i = 0; i < records->len; i++)
    {
      const FerryHostdevRecord *record = &g_array_index (records, FerryHostdevRecord, i);
      xmlNode *node = xmlNewChild (element, ns, (const xmlChar *) "device", NULL);

      set_printf (node, "address", ferry_pci_address_to_string (&record->address));
      set_printf (node, "vendor", g_strdup_printf ("0x%04x", record->vendor_id));
      set_printf (node, "product", g_strdup_printf ("0x%04x", record->product_id));
      set_printf (node, "class", g_strdup_printf ("0x%06x", record->class_code));
      if (record->iommu_group != FERRY_NO_IOMMU_GROUP)
        set_printf (node, "iommu-group", g_strdup_printf ("%d", record->iommu_group));
    }
}

/* DOMAIN_XML with RECORDS added to (or replacing) those it has. */
char *
ferry_domain_edit_put_records (const char  *domain_xml,
                               GArray      *records,
                               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GArray) merged = NULL;
  xmlNode *root;

  g_return_val_if_fail (records != NULL, NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  merged = ferry_hostdev_records_read (root);
  for (guint i = 0; i < records->len; i++)
    ferry_hostdev_records_put (merged, &g_array_index (records, FerryHostdevRecord, i));
  ferry_hostdev_records_write (root, merged);
  return ferry_xml_dump (root);
}

/* DOMAIN_XML without the record for ADDRESS, which is copied to FORGOTTEN (when not NULL)
 * so that it can be put back; NULL without an error when it has none. */
char *
ferry_domain_edit_forget_record (const char             *domain_xml,
                                 const FerryPciAddress  *address,
                                 FerryHostdevRecord     *forgotten,
                                 GError                **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GArray) records = NULL;
  const FerryHostdevRecord *record;
  xmlNode *root;

  g_return_val_if_fail (address != NULL, NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  records = ferry_hostdev_records_read (root);
  if (!(record = ferry_hostdev_records_find (records, address)))
    return NULL;
  if (forgotten != NULL)
    *forgotten = *record;
  ferry_hostdev_records_remove (records, address);
  ferry_hostdev_records_write (root, records);
  return ferry_xml_dump (root);
}

/* The <hostdev> or <interface type='hostdev'> whose host source is ADDRESS. */
static xmlNode *
find_source (xmlNode               *domain,
             const FerryPciAddress *address)
{
  ferry_xml_foreach (node, ferry_xml_child (domain, "devices"), NULL)
    {
      g_autofree char *type = ferry_xml_prop (node, "type");
      xmlNode *pci = ferry_xml_child (ferry_xml_child (node, "source"), "address");
      FerryPciAddress found;

      if (((g_str_equal ((const char *) node->name, "hostdev") && g_strcmp0 (type, "pci") == 0) ||
           (g_str_equal ((const char *) node->name, "interface") &&
            g_strcmp0 (type, "hostdev") == 0)) &&
          pci != NULL && ferry_xml_read_pci_address (pci, &found) &&
          ferry_pci_address_equal (&found, address))
        return pci;
    }
  return NULL;
}

/* DOMAIN_XML with the device assigned from FROM given TO instead, its record moved along:
 * the one definition the repair writes. Everything else — the guest-side address, ROM,
 * managed — stays as it was. */
char *
ferry_domain_edit_move_device (const char             *domain_xml,
                               const FerryPciAddress  *from,
                               const FerryPciAddress  *to,
                               GError                **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GArray) records = NULL;
  xmlNode *root;
  xmlNode *source;
  const FerryHostdevRecord *found;

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (!(doc = ferry_xml_parse_for_edit (domain_xml, "domain", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);

  if (!(source = find_source (root, from)))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                           _("The guest’s definition does not have this device"));
      return NULL;
    }
  if (find_source (root, to) != NULL)
    {
      g_autofree char *text = ferry_pci_address_to_string (to);

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   /* Translators: %s is a PCI address */
                   _("The guest already has the device at %s"), text);
      return NULL;
    }

  set_printf (source, "domain", g_strdup_printf ("0x%04x", to->domain));
  set_printf (source, "bus", g_strdup_printf ("0x%02x", to->bus));
  set_printf (source, "slot", g_strdup_printf ("0x%02x", to->slot));
  set_printf (source, "function", g_strdup_printf ("0x%x", to->function));

  records = ferry_hostdev_records_read (root);
  if ((found = ferry_hostdev_records_find (records, from)))
    {
      FerryHostdevRecord moved = *found;

      moved.address = *to;
      ferry_hostdev_records_remove (records, from);
      ferry_hostdev_records_put (records, &moved);
      ferry_hostdev_records_write (root, records);
    }
  return ferry_xml_dump (root);
}
