/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-device"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-host-device-private.h"
#include "ferry-pci-class.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* Reading libvirt's node-device XML: a PCI function's into its FerryHostDevice, and the
 * interfaces and disks below functions into the small records a read attaches to them. */

static gboolean
parse_id (const char *id,
          guint      *out)
{
  guint64 value;

  if (id == NULL || !g_ascii_string_to_unsigned (g_str_has_prefix (id, "0x") ? id + 2 : id,
                                                 16, 0, 0xffff, &value, NULL))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

/* A node device's XML is streamed (ferry_xml_read), not built into a tree: on a host of
 * thousands of functions the tree cost more than the parse. What the reader keeps is what a
 * tree would have given: the text of the first <name>, <parent> and <driver><name> below
 * <device>, and of the last <capability type='pci'>, the first of each child it reads, all
 * checked in the same order once the document is whole. */

/* Where an element stands, from its parent's role and its own name. */
typedef enum
{
  ROLE_OTHER,
  ROLE_ROOT,
  ROLE_NAME,
  ROLE_PARENT,
  ROLE_DRIVER,
  ROLE_DRIVER_NAME,
  ROLE_PCI,
  /* The PCI capability's texts, in the order of PciCapability's texts[]. */
  ROLE_DOMAIN,
  ROLE_BUS,
  ROLE_SLOT,
  ROLE_FUNCTION,
  ROLE_CLASS,
  ROLE_VENDOR,
  ROLE_PRODUCT,
  ROLE_GROUP,
  ROLE_NUMA,
  ROLE_EXPRESS,
  ROLE_VIRT_FUNCTIONS,
  ROLE_PHYS_FUNCTION,
  ROLE_SUB_CAPABILITY,
} Role;

#define ROLE_FIRST_PCI_TEXT ROLE_DOMAIN
#define N_PCI_TEXTS         (ROLE_PRODUCT - ROLE_DOMAIN + 1)

static gboolean
role_has_text (Role role)
{
  return role == ROLE_NAME || role == ROLE_PARENT || role == ROLE_DRIVER_NAME ||
         (role >= ROLE_FIRST_PCI_TEXT && role < ROLE_FIRST_PCI_TEXT + N_PCI_TEXTS);
}

/* One <capability type='pci'> as read so far. */
typedef struct
{
  guint            seen;   /* bit (1 << role): the first child in that role was met */
  char            *texts[N_PCI_TEXTS];
  char            *vendor_id;
  char            *product_id;
  gboolean         group_numbered;
  char            *group_number;
  GArray          *group_members;
  gboolean         group_members_valid;
  char            *numa;
  FerryPciLink     link_cap;
  FerryPciLink     link_sta;
  GArray          *vfs;
  guint            max_vfs;
  gboolean         has_vf_capability;
  gboolean         is_vf;
  FerryPciAddress  pf;
  gboolean         is_bridge;
  /* The sub-capability being read, and the first that was invalid. */
  char            *sub_type;
  guint            sub_max;
  gboolean         sub_valid;
  gboolean         sub_has_address;
  char            *invalid_type;
  gboolean         invalid;
} PciCapability;

static void
pci_capability_free (PciCapability *pci)
{
  if (pci == NULL)
    return;
  for (guint i = 0; i < N_PCI_TEXTS; i++)
    g_free (pci->texts[i]);
  g_free (pci->vendor_id);
  g_free (pci->product_id);
  g_free (pci->group_number);
  g_array_unref (pci->group_members);
  g_free (pci->numa);
  g_array_unref (pci->vfs);
  g_free (pci->sub_type);
  g_free (pci->invalid_type);
  g_free (pci);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PciCapability, pci_capability_free)

static PciCapability *
pci_capability_new (void)
{
  PciCapability *pci = g_new0 (PciCapability, 1);

  pci->group_members = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  pci->group_members_valid = TRUE;
  pci->vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  return pci;
}

typedef struct
{
  Role  role;
  guint index;         /* in document order, for the first oversized element */
  gsize text_length;   /* of its own text and CDATA, blanks included */
} Frame;

typedef struct
{
  Frame         *frames;      /* the open elements, innermost last */
  guint          depth;
  guint          n_frames;    /* allocated */
  guint          n_elements;
  GString       *text;        /* of the element in a text role being read */
  guint          seen;        /* bit (1 << role) of <device>'s children */
  char          *name;
  char          *parent;
  char          *driver;
  PciCapability *pci;         /* the last one so far */
  char          *oversized;   /* the first element with too long a string */
  guint          oversized_index;
} DeviceReader;

static void
device_reader_clear (DeviceReader *reader)
{
  g_free (reader->frames);
  g_string_free (reader->text, TRUE);
  g_free (reader->name);
  g_free (reader->parent);
  g_free (reader->driver);
  pci_capability_free (reader->pci);
  g_free (reader->oversized);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeviceReader, device_reader_clear)

static void
note_oversized (DeviceReader *reader,
                guint         index,
                const char   *name)
{
  if (reader->oversized != NULL && reader->oversized_index < index)
    return;
  g_free (reader->oversized);
  reader->oversized = g_strdup (name);
  reader->oversized_index = index;
}

/* ROLE when NAME is the first child so named under this parent (SEEN), else ROLE_OTHER. */
static Role
first (guint      *seen,
       const char *name,
       const char *wanted,
       Role        role)
{
  if (strcmp (name, wanted) != 0 || (*seen & (1u << role)) != 0)
    return ROLE_OTHER;
  *seen |= 1u << role;
  return role;
}

static Role
device_child_role (DeviceReader   *reader,
                   const char     *name,
                   int             n_attributes,
                   const xmlChar **attributes)
{
  Role role;

  if (strcmp (name, "capability") == 0)
    {
      g_autofree char *type = ferry_xml_attribute (n_attributes, attributes, "type");

      if (g_strcmp0 (type, "pci") != 0)
        return ROLE_OTHER;
      pci_capability_free (reader->pci);
      reader->pci = pci_capability_new ();
      return ROLE_PCI;
    }

  if ((role = first (&reader->seen, name, "name", ROLE_NAME)) == ROLE_OTHER &&
      (role = first (&reader->seen, name, "parent", ROLE_PARENT)) == ROLE_OTHER)
    role = first (&reader->seen, name, "driver", ROLE_DRIVER);
  return role;
}

static Role
sub_capability_role (PciCapability  *pci,
                     int             n_attributes,
                     const xmlChar **attributes)
{
  g_autofree char *type = ferry_xml_attribute (n_attributes, attributes, "type");

  /* Past an invalid one nothing counts: the device is not read. */
  if (pci->invalid)
    return ROLE_OTHER;

  g_free (pci->sub_type);
  pci->sub_type = g_steal_pointer (&type);
  pci->sub_valid = TRUE;

  if (g_strcmp0 (pci->sub_type, "virt_functions") == 0)
    {
      g_autofree char *max = ferry_xml_attribute (n_attributes, attributes, "maxCount");
      guint64 value = 0;

      if (max != NULL && !g_ascii_string_to_unsigned (max, 10, 0, G_MAXUINT16, &value, NULL))
        pci->sub_valid = FALSE;
      pci->sub_max = (guint) value;
      pci->has_vf_capability = TRUE;
      return ROLE_VIRT_FUNCTIONS;
    }
  if (g_strcmp0 (pci->sub_type, "phys_function") == 0)
    {
      pci->is_vf = TRUE;
      pci->sub_has_address = FALSE;
      return ROLE_PHYS_FUNCTION;
    }
  if (g_strcmp0 (pci->sub_type, "pci-bridge") == 0 ||
      g_strcmp0 (pci->sub_type, "cardbus-bridge") == 0)
    pci->is_bridge = TRUE;
  return ROLE_SUB_CAPABILITY;
}

static Role
pci_child_role (PciCapability  *pci,
                const char     *name,
                int             n_attributes,
                const xmlChar **attributes)
{
  static const char *texts[N_PCI_TEXTS] = {
    "domain", "bus", "slot", "function", "class", "vendor", "product"
  };
  Role role;

  if (strcmp (name, "capability") == 0)
    return sub_capability_role (pci, n_attributes, attributes);

  for (guint i = 0; i < N_PCI_TEXTS; i++)
    if ((role = first (&pci->seen, name, texts[i], ROLE_FIRST_PCI_TEXT + i)) != ROLE_OTHER)
      {
        if (role == ROLE_VENDOR)
          pci->vendor_id = ferry_xml_attribute (n_attributes, attributes, "id");
        else if (role == ROLE_PRODUCT)
          pci->product_id = ferry_xml_attribute (n_attributes, attributes, "id");
        return role;
      }

  if ((role = first (&pci->seen, name, "iommuGroup", ROLE_GROUP)) != ROLE_OTHER)
    {
      pci->group_number = ferry_xml_attribute (n_attributes, attributes, "number");
      pci->group_numbered = pci->group_number != NULL;
    }
  else if ((role = first (&pci->seen, name, "numa", ROLE_NUMA)) != ROLE_OTHER)
    {
      pci->numa = ferry_xml_attribute (n_attributes, attributes, "node");
    }
  else
    {
      role = first (&pci->seen, name, "pci-express", ROLE_EXPRESS);
    }
  return role;
}

static void
read_link (PciCapability  *pci,
           int             n_attributes,
           const xmlChar **attributes)
{
  g_autofree char *validity = ferry_xml_attribute (n_attributes, attributes, "validity");
  g_autofree char *speed = ferry_xml_attribute (n_attributes, attributes, "speed");
  g_autofree char *width = ferry_xml_attribute (n_attributes, attributes, "width");
  FerryPciLink value = { 0 };
  guint64 lanes = 0;

  /* Unreadable link data is only a missing detail, never a reason to drop the device; a
   * width of 0 is no width at all (VFs, links that never trained). */
  if (width != NULL && g_ascii_string_to_unsigned (width, 10, 1, 64, &lanes, NULL))
    value.width = (guint) lanes;
  if (speed != NULL)
    value.speed = g_ascii_strtod (speed, NULL);

  if (g_strcmp0 (validity, "cap") == 0)
    pci->link_cap = value;
  else if (g_strcmp0 (validity, "sta") == 0)
    pci->link_sta = value;
}

static void
device_start_element (gpointer        data,
                      const char     *name,
                      int             n_attributes,
                      const xmlChar **attributes)
{
  DeviceReader *reader = data;
  Frame frame = { ROLE_OTHER, reader->n_elements++, 0 };
  Role parent = reader->depth > 0 ? reader->frames[reader->depth - 1].role : ROLE_OTHER;
  PciCapability *pci = reader->pci;
  FerryPciAddress address;

  if (ferry_xml_attributes_oversized (n_attributes, attributes))
    note_oversized (reader, frame.index, name);

  if (reader->depth == 0)
    frame.role = ROLE_ROOT;
  else if (parent == ROLE_ROOT)
    frame.role = device_child_role (reader, name, n_attributes, attributes);
  else if (parent == ROLE_DRIVER)
    frame.role = first (&reader->seen, name, "name", ROLE_DRIVER_NAME);
  else if (parent == ROLE_PCI)
    frame.role = pci_child_role (pci, name, n_attributes, attributes);
  else if (strcmp (name, "link") == 0 && parent == ROLE_EXPRESS)
    read_link (pci, n_attributes, attributes);
  else if (strcmp (name, "address") != 0)
    ;
  else if (parent == ROLE_GROUP && pci->group_numbered && pci->group_members_valid)
    {
      if (ferry_xml_read_pci_address_attributes (n_attributes, attributes, &address))
        g_array_append_val (pci->group_members, address);
      else
        pci->group_members_valid = FALSE;
    }
  else if (parent == ROLE_VIRT_FUNCTIONS && pci->sub_valid)
    {
      if (ferry_xml_read_pci_address_attributes (n_attributes, attributes, &address))
        g_array_append_val (pci->vfs, address);
      else
        pci->sub_valid = FALSE;
    }
  else if (parent == ROLE_PHYS_FUNCTION && !pci->sub_has_address)
    {
      pci->sub_has_address = TRUE;
      pci->sub_valid = ferry_xml_read_pci_address_attributes (n_attributes, attributes,
                                                              &pci->pf);
    }

  if (role_has_text (frame.role))
    g_string_truncate (reader->text, 0);
  /* libxml2 stops at 256 levels; growing by doubling serves any depth all the same. */
  if (reader->depth == reader->n_frames)
    {
      reader->n_frames = MAX (16, 2 * reader->n_frames);
      reader->frames = g_renew (Frame, reader->frames, reader->n_frames);
    }
  reader->frames[reader->depth++] = frame;
}

/* The text read for the element just ended, as ferry_xml_text gives it. */
static char *
take_text (DeviceReader *reader)
{
  char *start, *end;

  ferry_xml_text_finish (reader->text);
  start = reader->text->str;
  end = start + reader->text->len;
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return end > start ? g_strndup (start, end - start) : NULL;
}

static void
device_end_element (gpointer    data,
                    const char *name)
{
  DeviceReader *reader = data;
  Frame frame = reader->frames[--reader->depth];
  PciCapability *pci = reader->pci;

  if (frame.text_length > FERRY_XML_MAX_TEXT)
    note_oversized (reader, frame.index, name);

  switch (frame.role)
    {
    case ROLE_NAME:
      reader->name = take_text (reader);
      break;
    case ROLE_PARENT:
      reader->parent = take_text (reader);
      break;
    case ROLE_DRIVER_NAME:
      reader->driver = take_text (reader);
      break;
    case ROLE_DOMAIN:
    case ROLE_BUS:
    case ROLE_SLOT:
    case ROLE_FUNCTION:
    case ROLE_CLASS:
    case ROLE_VENDOR:
    case ROLE_PRODUCT:
      pci->texts[frame.role - ROLE_FIRST_PCI_TEXT] = take_text (reader);
      break;
    case ROLE_VIRT_FUNCTIONS:
    case ROLE_PHYS_FUNCTION:
      /* Without maxCount the card can have at least the VFs it has now. */
      if (frame.role == ROLE_VIRT_FUNCTIONS)
        pci->max_vfs = MAX (pci->sub_max, pci->vfs->len);
      else if (!pci->sub_has_address)
        pci->sub_valid = FALSE;
      if (!pci->sub_valid)
        {
          pci->invalid = TRUE;
          pci->invalid_type = g_steal_pointer (&pci->sub_type);
        }
      break;
    case ROLE_OTHER:
    case ROLE_ROOT:
    case ROLE_DRIVER:
    case ROLE_PCI:
    case ROLE_GROUP:
    case ROLE_NUMA:
    case ROLE_EXPRESS:
    case ROLE_SUB_CAPABILITY:
    default:
      break;
    }
}

static void
device_text (gpointer    data,
             const char *text,
             gsize       length)
{
  DeviceReader *reader = data;
  Frame *frame;

  if (reader->depth == 0)
    return;
  frame = &reader->frames[reader->depth - 1];
  frame->text_length += length;
  if (role_has_text (frame->role))
    ferry_xml_text_append (reader->text, text, length);
}

static const FerryXmlSax device_sax = {
  device_start_element,
  device_end_element,
  device_text,
};

static gboolean
take_pci_capability (FerryHostDevice  *self,
                     PciCapability    *pci,
                     GError          **error)
{
  char **texts = pci->texts;
  const char *class_text = texts[ROLE_CLASS - ROLE_FIRST_PCI_TEXT];

  if (!ferry_pci_address_from_parts (texts[0], texts[1], texts[2], texts[3], &self->address))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name such as pci_0000_01_00_0 */
                   _("Node device %s has no valid PCI address"), self->name);
      return FALSE;
    }

  if (!parse_id (pci->vendor_id, &self->vendor_id) ||
      !parse_id (pci->product_id, &self->product_id))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name such as pci_0000_01_00_0 */
                   _("Node device %s has no valid vendor and product ids"), self->name);
      return FALSE;
    }
  self->vendor_name = g_steal_pointer (&texts[ROLE_VENDOR - ROLE_FIRST_PCI_TEXT]);
  self->product_name = g_steal_pointer (&texts[ROLE_PRODUCT - ROLE_FIRST_PCI_TEXT]);

  if (class_text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_str_has_prefix (class_text, "0x") ? class_text + 2
                                                                           : class_text,
                                       16, 0, 0xffffff, &value, NULL))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: first %s is a node device name, second a class code */
                       _("Node device %s has an invalid class code “%s”"),
                       self->name, class_text);
          return FALSE;
        }
      self->class_code = (guint) value;
      self->has_class = TRUE;
    }

  /* A group without a number cannot be matched with its other members: the function counts
   * as outside every group, which keeps it from being assigned as if it were isolated. */
  if (pci->group_numbered)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (pci->group_number, 10, 0, G_MAXINT, &value, NULL) ||
          !pci->group_members_valid)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: %s is a libvirt node device name */
                       _("Node device %s has an invalid IOMMU group"), self->name);
          return FALSE;
        }
      self->iommu_group = (int) value;
      g_array_append_vals (self->group_members, pci->group_members->data,
                           pci->group_members->len);
    }

  self->is_bridge = ferry_pci_class_is_bridge (self->class_code) || pci->is_bridge;

  {
    gint64 node;

    if (pci->numa != NULL && g_ascii_string_to_signed (pci->numa, 10, -1, G_MAXINT, &node, NULL))
      self->numa_node = (int) node;
  }

  self->link_cap = pci->link_cap;
  self->link_sta = pci->link_sta;
  g_array_append_vals (self->vfs, pci->vfs->data, pci->vfs->len);
  self->max_vfs = pci->max_vfs;
  self->has_vf_capability = pci->has_vf_capability;
  self->is_vf = pci->is_vf;
  self->pf = pci->pf;

  if (pci->invalid)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: first %s is a node device name, second a capability */
                   _("Node device %s has an invalid “%s” capability"), self->name,
                   pci->invalid_type);
      return FALSE;
    }

  return TRUE;
}

FerryHostDevice *
ferry_host_device_new_from_xml (const char  *xml,
                                GError     **error)
{
  g_autoptr(FerryHostDevice) self = NULL;
  g_auto(DeviceReader) reader = { .text = g_string_sized_new (64) };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ferry_xml_read (xml, "device", &device_sax, &reader, error))
    return NULL;

  self = g_object_new (FERRY_TYPE_HOST_DEVICE, NULL);
  self->name = g_steal_pointer (&reader.name);

  /* Every string of a node device is shown or compared: a longer one than any real device
   * has costs this device, not a label the size of a book. */
  if (reader.oversized != NULL)
    {
      g_autofree char *name = ferry_text_dup_safe (self->name ? self->name : "?",
                                                   FERRY_TEXT_LABEL_MAX);

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: first %s is a node device name, second an XML element
                      name, %u a size in bytes */
                   _("Node device %s cannot be read: its <%s> holds more than %u bytes of "
                     "text, which no real device has"),
                   name, reader.oversized, (guint) FERRY_XML_MAX_TEXT);
      return NULL;
    }
  self->parent = g_steal_pointer (&reader.parent);
  self->driver = g_steal_pointer (&reader.driver);

  if (self->name == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                           _("A node device has no name"));
      return NULL;
    }

  if (reader.pci == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name */
                   _("Node device %s is not a PCI function"), self->name);
      return NULL;
    }

  if (!take_pci_capability (self, reader.pci, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* libvirt names the kernel's operational states (RFC 2863): unknown, notpresent, down,
 * lowerlayerdown, testing, dormant, up. Only "up" passes traffic; "unknown" (common for
 * virtual and some older drivers' interfaces) and anything newer say nothing either way. */
static FerryLinkState
parse_link_state (const char *state)
{
  const char *down[] = { "down", "lowerlayerdown", "notpresent", "dormant", "testing" };

  if (g_strcmp0 (state, "up") == 0)
    return FERRY_LINK_STATE_UP;

  for (guint i = 0; i < G_N_ELEMENTS (down); i++)
    if (g_strcmp0 (state, down[i]) == 0)
      return FERRY_LINK_STATE_DOWN;

  return FERRY_LINK_STATE_UNKNOWN;
}

static xmlNode *
find_net_capability (xmlNode *root)
{
  ferry_xml_foreach (cap, root, "capability")
    {
      g_autofree char *type = ferry_xml_prop (cap, "type");

      if (g_strcmp0 (type, "net") == 0)
        return cap;
    }

  return NULL;
}

/* Network interfaces are node devices of their own ("net_eth3_…") whose parent is the PCI
 * function; this reads one of them. The MAC address and link state are details a host may
 * leave out; the parent and interface name are what make it usable at all. */
FerryNetdev *
ferry_host_device_parse_net_child (const char  *xml,
                                   GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(FerryNetdev) netdev = NULL;
  g_autofree char *state = NULL;
  xmlNode *root;
  xmlNode *cap;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "device", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  cap = find_net_capability (root);

  netdev = g_new0 (FerryNetdev, 1);
  netdev->parent = ferry_xml_child_text (root, "parent");
  netdev->interface = ferry_xml_child_text (cap, "interface");
  netdev->mac = ferry_xml_child_text (cap, "address");
  state = ferry_xml_prop (ferry_xml_child (cap, "link"), "state");
  netdev->link = parse_link_state (state);

  if (netdev->parent == NULL || netdev->interface == NULL)
    {
      g_autofree char *name = ferry_xml_child_text (root, "name");

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                   /* Translators: %s is a libvirt node device name such as net_eth0_… */
                   _("Network device %s has no interface name or parent"),
                   name ? name : "?");
      return NULL;
    }

  return g_steal_pointer (&netdev);
}

void
ferry_node_child_free (FerryNodeChild *child)
{
  if (child == NULL)
    return;
  g_free (child->name);
  g_free (child->parent);
  g_free (child->block);
  g_free (child);
}

/* Reads a node device below a PCI function for its place in the tree and, on a storage
 * device, the disk it is ("/dev/sda" → "sda"). A device without a name or parent is of no
 * use to place anything. */
FerryNodeChild *
ferry_host_device_parse_child (const char  *xml,
                               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(FerryNodeChild) child = g_new0 (FerryNodeChild, 1);
  xmlNode *root;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "device", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);
  child->name = ferry_xml_child_text (root, "name");
  child->parent = ferry_xml_child_text (root, "parent");
  ferry_xml_foreach (cap, root, "capability")
    {
      g_autofree char *type = ferry_xml_prop (cap, "type");
      g_autofree char *block = NULL;

      /* The name reaches labels and terminals: a host's word, made safe once here. */
      if (g_strcmp0 (type, "storage") == 0 &&
          (block = ferry_xml_child_text (cap, "block")) != NULL)
        {
          g_autofree char *base = g_path_get_basename (block);

          child->block = ferry_text_dup_safe (base, FERRY_TEXT_LABEL_MAX);
        }
    }

  if (child->name == NULL || child->parent == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                           _("A storage device has no name or parent"));
      return NULL;
    }

  return g_steal_pointer (&child);
}

