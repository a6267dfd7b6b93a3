/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-device"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-host-device.h"
#include "ferry-pci-class.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* One PCI function of the host, as libvirt's node device XML describes it. */
struct _FerryHostDevice
{
  GObject          parent_instance;

  char            *name;
  char            *parent;
  FerryPciAddress  address;
  guint            class_code;
  gboolean         has_class;
  guint            vendor_id;
  guint            product_id;
  char            *vendor_name;
  char            *product_name;
  char            *driver;
  int              iommu_group;
  GArray          *group_members;
  GArray          *vfs;
  guint            max_vfs;
  gboolean         has_vf_capability;
  gboolean         is_vf;
  FerryPciAddress  pf;
  gboolean         is_bridge;
  int              numa_node;
  FerryPciLink     link_cap;
  FerryPciLink     link_sta;
  GPtrArray       *netdevs;       /* FerryNetdev, without parent */
  GPtrArray       *netdev_names;  /* their interface names, NULL-terminated, borrowed */
  GPtrArray       *blocks;        /* disks below it ("sda"), NULL-terminated */
};

G_DEFINE_FINAL_TYPE (FerryHostDevice, ferry_host_device, G_TYPE_OBJECT)

static void
ferry_host_device_finalize (GObject *object)
{
  FerryHostDevice *self = (FerryHostDevice *) object;

  g_free (self->name);
  g_free (self->parent);
  g_free (self->vendor_name);
  g_free (self->product_name);
  g_free (self->driver);
  g_array_unref (self->group_members);
  g_array_unref (self->vfs);
  g_ptr_array_unref (self->netdev_names);
  g_ptr_array_unref (self->netdevs);
  g_ptr_array_unref (self->blocks);

  G_OBJECT_CLASS (ferry_host_device_parent_class)->finalize (object);
}

static void
ferry_host_device_class_init (FerryHostDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_host_device_finalize;
}

static void
ferry_host_device_init (FerryHostDevice *self)
{
  self->iommu_group = FERRY_NO_IOMMU_GROUP;
  self->group_members = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  self->vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
  self->netdevs = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_netdev_free);
  /* One slot reserved: an empty null-terminated array may have no pdata at all. */
  self->netdev_names = g_ptr_array_new_null_terminated (1, NULL, TRUE);
  self->blocks = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->numa_node = -1;
}

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

/* A new record of what SELF's own XML told (with the names looked up for it), without the
 * interfaces and disks a read added from other node devices: what parsing the same text
 * again would give, for a fraction of the cost. SELF is only read, so it may be a record
 * another thread shows; the address arrays, never changed once parsed, are shared. */
FerryHostDevice *
ferry_host_device_copy_parsed (FerryHostDevice *self)
{
  FerryHostDevice *copy;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  copy = g_object_new (FERRY_TYPE_HOST_DEVICE, NULL);
  copy->name = g_strdup (self->name);
  copy->parent = g_strdup (self->parent);
  copy->address = self->address;
  copy->class_code = self->class_code;
  copy->has_class = self->has_class;
  copy->vendor_id = self->vendor_id;
  copy->product_id = self->product_id;
  copy->vendor_name = g_strdup (self->vendor_name);
  copy->product_name = g_strdup (self->product_name);
  copy->driver = g_strdup (self->driver);
  copy->iommu_group = self->iommu_group;
  g_array_unref (copy->group_members);
  copy->group_members = g_array_ref (self->group_members);
  g_array_unref (copy->vfs);
  copy->vfs = g_array_ref (self->vfs);
  copy->max_vfs = self->max_vfs;
  copy->has_vf_capability = self->has_vf_capability;
  copy->is_vf = self->is_vf;
  copy->pf = self->pf;
  copy->is_bridge = self->is_bridge;
  copy->numa_node = self->numa_node;
  copy->link_cap = self->link_cap;
  copy->link_sta = self->link_sta;
  return copy;
}

const char *
ferry_host_device_get_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->name;
}

const char *
ferry_host_device_get_parent (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->parent;
}

const FerryPciAddress *
ferry_host_device_get_address (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return &self->address;
}

guint
ferry_host_device_get_class_code (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->class_code;
}

guint
ferry_host_device_get_vendor_id (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->vendor_id;
}

guint
ferry_host_device_get_product_id (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->product_id;
}

const char *
ferry_host_device_get_vendor_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->vendor_name;
}

const char *
ferry_host_device_get_product_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->product_name;
}

/* libvirt's names win; these fill only what it left out (from pci.ids on this machine). */
void
ferry_host_device_set_fallback_names (FerryHostDevice *self,
                                      const char      *vendor_name,
                                      const char      *product_name)
{
  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));

  if (self->vendor_name == NULL)
    self->vendor_name = g_strdup (vendor_name);
  if (self->product_name == NULL)
    self->product_name = g_strdup (product_name);
}

char *
ferry_host_device_dup_title (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  /* The host's own words, made safe to print and to put in a label. */
  if (self->product_name != NULL)
    return ferry_text_dup_safe (self->product_name, FERRY_TEXT_LABEL_MAX);

  /* Translators: a PCI device without a known name; %04x are vendor and product ids */
  return g_strdup_printf (_("Device %04x:%04x"), self->vendor_id, self->product_id);
}

const char *
ferry_host_device_get_icon_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return ferry_pci_class_icon (self->class_code);
}

const char *
ferry_host_device_get_class_name (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->has_class ? ferry_pci_class_name (self->class_code)
                         : ferry_pci_class_unknown_name ();
}

FerryDeviceCategory
ferry_host_device_get_category (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_DEVICE_CATEGORY_OTHER);
  return ferry_pci_class_category (self->class_code);
}

const char *
ferry_host_device_get_driver (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->driver;
}

int
ferry_host_device_get_iommu_group (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_NO_IOMMU_GROUP);
  return self->iommu_group;
}

const FerryPciAddress *
ferry_host_device_get_group_members (FerryHostDevice *self,
                                     guint           *n_members)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (n_members != NULL, NULL);

  *n_members = self->group_members->len;
  return (const FerryPciAddress *) (gpointer) self->group_members->data;
}

gboolean
ferry_host_device_is_bridge (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->is_bridge;
}

guint
ferry_host_device_get_max_vfs (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), 0);
  return self->max_vfs;
}

/* The command that gives this PF its most VFs, shown for people to run (Ferry never does):
 * through its interface when it has one, people know it by that, else through its PCI
 * address. The interface name comes from the host, so the path is quoted for the shell. When
 * the host did not say how many VFs the card can have, the card's own count is used. */
char *
ferry_host_device_dup_create_vfs_command (FerryHostDevice *self)
{
  const char * const *interfaces;
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);

  interfaces = ferry_host_device_get_netdevs (self);
  if (interfaces != NULL && interfaces[0] != NULL)
    {
      directory = g_strdup_printf ("/sys/class/net/%s/device", interfaces[0]);
    }
  else
    {
      g_autofree char *address = ferry_pci_address_to_string (&self->address);

      directory = g_strdup_printf ("/sys/bus/pci/devices/%s", address);
    }
  path = g_build_filename (directory, "sriov_numvfs", NULL);
  quoted = g_shell_quote (path);

  if (self->max_vfs == 0)
    {
      g_autofree char *total = g_build_filename (directory, "sriov_totalvfs", NULL);
      g_autofree char *total_quoted = g_shell_quote (total);

      return g_strdup_printf ("cat %s | sudo tee %s", total_quoted, quoted);
    }
  return g_strdup_printf ("echo %u | sudo tee %s", self->max_vfs, quoted);
}

const FerryPciAddress *
ferry_host_device_get_vfs (FerryHostDevice *self,
                           guint           *n_vfs)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (n_vfs != NULL, NULL);

  *n_vfs = self->vfs->len;
  return (const FerryPciAddress *) (gpointer) self->vfs->data;
}

const FerryPciAddress *
ferry_host_device_get_pf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return self->is_vf ? &self->pf : NULL;
}

int
ferry_host_device_get_numa_node (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), -1);
  return self->numa_node;
}

/* FALSE when libvirt reports no PCIe link (conventional PCI, integrated functions). */
gboolean
ferry_host_device_get_link (FerryHostDevice *self,
                            FerryPciLink    *capability,
                            FerryPciLink    *status)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);

  if (capability != NULL)
    *capability = self->link_cap;
  if (status != NULL)
    *status = self->link_sta;
  return self->link_cap.width > 0 || self->link_sta.width > 0;
}

/* An endpoint whose link has fewer lanes than it can use: a card in a slot wired narrower.
 * Only the width counts: idle GPUs and power-saving links drop their speed all the time.
 * Bridges are left out (their links run at whatever the device behind them allows), and VFs,
 * which report width 0. */
gboolean
ferry_host_device_is_link_degraded (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);

  if (self->is_bridge || self->link_cap.width == 0 || self->link_sta.width == 0)
    return FALSE;

  return self->link_sta.width < self->link_cap.width;
}

gboolean
ferry_host_device_is_vf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->is_vf;
}

gboolean
ferry_host_device_is_pf (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FALSE);
  return self->has_vf_capability;
}

FerryNetdev *
ferry_netdev_copy (const FerryNetdev *netdev)
{
  FerryNetdev *copy = g_new0 (FerryNetdev, 1);

  copy->parent = g_strdup (netdev->parent);
  copy->interface = g_strdup (netdev->interface);
  copy->mac = g_strdup (netdev->mac);
  copy->link = netdev->link;
  return copy;
}

void
ferry_netdev_free (FerryNetdev *netdev)
{
  if (netdev == NULL)
    return;

  g_free (netdev->parent);
  g_free (netdev->interface);
  g_free (netdev->mac);
  g_free (netdev);
}

static FerryNetdev *
find_netdev (FerryHostDevice *self,
             const char      *interface)
{
  for (guint i = 0; i < self->netdevs->len; i++)
    {
      FerryNetdev *netdev = self->netdevs->pdata[i];

      if (g_strcmp0 (netdev->interface, interface) == 0)
        return netdev;
    }

  return NULL;
}

/* A network interface (child "net" node device) the host has on this function, with its MAC
 * address (NULL when not reported) and link state. The first report of an interface wins. */
void
ferry_host_device_add_netdev (FerryHostDevice *self,
                              const char      *interface,
                              const char      *mac,
                              FerryLinkState   link)
{
  FerryNetdev *netdev;

  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));
  g_return_if_fail (interface != NULL);

  if (find_netdev (self, interface) != NULL)
    return;

  netdev = g_new0 (FerryNetdev, 1);
  netdev->interface = g_strdup (interface);
  netdev->mac = g_strdup (mac);
  netdev->link = link;
  g_ptr_array_add (self->netdevs, netdev);
  g_ptr_array_add (self->netdev_names, netdev->interface);
}

/* The interface names, in the order they were added. */
const char * const *
ferry_host_device_get_netdevs (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return (const char * const *) self->netdev_names->pdata;
}

/* NULL when the function has no such interface or libvirt did not report its address. */
const char *
ferry_host_device_get_netdev_mac (FerryHostDevice *self,
                                  const char      *interface)
{
  FerryNetdev *netdev;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  g_return_val_if_fail (interface != NULL, NULL);

  netdev = find_netdev (self, interface);
  return netdev ? netdev->mac : NULL;
}

FerryLinkState
ferry_host_device_get_netdev_link (FerryHostDevice *self,
                                   const char      *interface)
{
  FerryNetdev *netdev;

  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), FERRY_LINK_STATE_UNKNOWN);
  g_return_val_if_fail (interface != NULL, FERRY_LINK_STATE_UNKNOWN);

  netdev = find_netdev (self, interface);
  return netdev ? netdev->link : FERRY_LINK_STATE_UNKNOWN;
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

/* BLOCK ("sda"), a disk libvirt lists below this function. */
void
ferry_host_device_add_block (FerryHostDevice *self,
                             const char      *block)
{
  g_return_if_fail (FERRY_IS_HOST_DEVICE (self));
  g_return_if_fail (block != NULL);

  if (!g_strv_contains ((const char * const *) self->blocks->pdata, block))
    g_ptr_array_add (self->blocks, g_strdup (block));
}

/* The disks below this function, as libvirt lists them; NULL-terminated, maybe empty. */
const char * const *
ferry_host_device_get_blocks (FerryHostDevice *self)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (self), NULL);
  return (const char * const *) self->blocks->pdata;
}

/* Gives each PCI function of DEVICES the disks among CHILDREN (FerryNodeChild) below it. A
 * disk hangs below its controller through SCSI links (storage → scsi → scsi_target →
 * scsi_host → the function) or right below it (NVMe, virtio). A disk whose chain does not
 * reach a listed function within a few steps is left out: it says nothing then. */
void
ferry_host_device_place_disks (GPtrArray *devices,
                               GPtrArray *children)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (devices != NULL && children != NULL);

  for (guint i = 0; i < devices->len; i++)
    g_hash_table_insert (by_name, (gpointer) ferry_host_device_get_name (devices->pdata[i]),
                         devices->pdata[i]);
  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];

      g_hash_table_insert (parents, child->name, child->parent);
    }

  for (guint i = 0; i < children->len; i++)
    {
      FerryNodeChild *child = children->pdata[i];
      FerryHostDevice *owner = NULL;
      const char *above = child->parent;

      if (child->block == NULL)
        continue;
      for (guint depth = 0; above != NULL && owner == NULL && depth < 8; depth++)
        if (!(owner = g_hash_table_lookup (by_name, above)))
          above = g_hash_table_lookup (parents, above);
      if (owner != NULL)
        ferry_host_device_add_block (owner, child->block);
    }
}

static gboolean
same_link (const FerryPciLink *a,
           const FerryPciLink *b)
{
  return a->speed == b->speed && a->width == b->width;
}

static gboolean
same_netdevs (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      FerryNetdev *netdev_a = a->pdata[i];
      FerryNetdev *netdev_b = b->pdata[i];

      if (g_strcmp0 (netdev_a->interface, netdev_b->interface) != 0 ||
          g_strcmp0 (netdev_a->mac, netdev_b->mac) != 0 || netdev_a->link != netdev_b->link)
        return FALSE;
    }
  return TRUE;
}

/* Whether A and B describe the function alike, in everything a row could show: a reload
 * keeps the old object (and its row) when nothing changed. */
gboolean
ferry_host_device_equal (FerryHostDevice *a,
                         FerryHostDevice *b)
{
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (a), FALSE);
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->parent, b->parent) == 0 &&
         ferry_pci_address_equal (&a->address, &b->address) &&
         a->class_code == b->class_code &&
         a->vendor_id == b->vendor_id &&
         a->product_id == b->product_id &&
         g_strcmp0 (a->vendor_name, b->vendor_name) == 0 &&
         g_strcmp0 (a->product_name, b->product_name) == 0 &&
         g_strcmp0 (a->driver, b->driver) == 0 &&
         a->iommu_group == b->iommu_group &&
         ferry_pci_address_array_equal (a->group_members, b->group_members) &&
         ferry_pci_address_array_equal (a->vfs, b->vfs) &&
         a->max_vfs == b->max_vfs &&
         a->is_vf == b->is_vf &&
         (!a->is_vf || ferry_pci_address_equal (&a->pf, &b->pf)) &&
         a->is_bridge == b->is_bridge &&
         a->numa_node == b->numa_node &&
         same_link (&a->link_cap, &b->link_cap) &&
         same_link (&a->link_sta, &b->link_sta) &&
         same_netdevs (a->netdevs, b->netdevs) &&
         g_strv_equal ((const char * const *) a->blocks->pdata,
                       (const char * const *) b->blocks->pdata);
}
