/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device.h"
#include "ferry-error.h"
#include "ferry-guest-device.h"
#include "ferry-guest.h"
#include "ferry-hostdev-record.h"
#include "ferry-network.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* A libvirt guest (domain) and the host PCI functions its XML hands to it. */
struct _FerryGuest
{
  GObject          parent_instance;

  char            *name;
  char            *display_name;
  char            *uuid;
  FerryGuestState  state;
  GListStore      *assigned;
  GPtrArray       *assigned_array;   /* the same, replaced whole, never changed in place */
  GListStore      *virtio;
  GListStore      *emulated;
  GStrv            missing_networks;
  GArray          *records;          /* FerryHostdevRecord */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_STATE,
  PROP_STATE_ICON,
  PROP_STATE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FerryGuest, ferry_guest, G_TYPE_OBJECT)

static void
ferry_guest_finalize (GObject *object)
{
  FerryGuest *self = (FerryGuest *) object;

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->uuid);
  g_object_unref (self->assigned);
  g_ptr_array_unref (self->assigned_array);
  g_object_unref (self->virtio);
  g_object_unref (self->emulated);
  g_strfreev (self->missing_networks);
  g_array_unref (self->records);

  G_OBJECT_CLASS (ferry_guest_parent_class)->finalize (object);
}

static void
ferry_guest_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FerryGuest *self = FERRY_GUEST (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATE_ICON:
      g_value_set_string (value, ferry_guest_get_state_icon (self));
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, ferry_guest_get_state_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_guest_class_init (FerryGuestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_guest_finalize;
  object_class->get_property = ferry_guest_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      FERRY_GUEST_STATE_SHUTOFF, FERRY_GUEST_STATE_CRASHED,
                      FERRY_GUEST_STATE_SHUTOFF,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_ICON] =
    g_param_spec_string ("state-icon", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_LABEL] =
    g_param_spec_string ("state-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_guest_init (FerryGuest *self)
{
  self->assigned = g_list_store_new (FERRY_TYPE_ASSIGNED_DEVICE);
  self->assigned_array = g_ptr_array_new_with_free_func (g_object_unref);
  self->virtio = g_list_store_new (FERRY_TYPE_GUEST_DEVICE);
  self->emulated = g_list_store_new (FERRY_TYPE_GUEST_DEVICE);
  self->records = g_array_new (FALSE, FALSE, sizeof (FerryHostdevRecord));
}

FerryGuest *
ferry_guest_new (const char *name,
                 const char *uuid)
{
  FerryGuest *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (FERRY_TYPE_GUEST, NULL);
  self->name = g_strdup (name);
  self->display_name = ferry_text_dup_safe (name, FERRY_TEXT_LABEL_MAX);
  self->uuid = g_strdup (uuid);
  return self;
}

const char *
ferry_guest_get_name (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return self->name;
}

/* The name as labels show it: the host's own bytes could hold controls or a bidi override. */
const char *
ferry_guest_get_display_name (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return self->display_name;
}

const char *
ferry_guest_get_uuid (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return self->uuid;
}

FerryGuestState
ferry_guest_get_state (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), FERRY_GUEST_STATE_SHUTOFF);
  return self->state;
}

void
ferry_guest_set_state (FerryGuest      *self,
                       FerryGuestState  state)
{
  g_return_if_fail (FERRY_IS_GUEST (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ICON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
}

const char *
ferry_guest_get_state_label (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);

  switch (self->state)
    {
    case FERRY_GUEST_STATE_RUNNING:
      return _("Running");
    case FERRY_GUEST_STATE_PAUSED:
      return _("Paused");
    case FERRY_GUEST_STATE_SUSPENDED:
      return _("Suspended");
    case FERRY_GUEST_STATE_SHUTTING_DOWN:
      return _("Shutting down");
    case FERRY_GUEST_STATE_CRASHED:
      return _("Crashed");
    case FERRY_GUEST_STATE_SHUTOFF:
    default:
      return _("Shut off");
    }
}

/* The stable names ferryctl's JSON uses. */
const char *
ferry_guest_get_state_name (FerryGuest *self)
{
  static const char * const names[] = {
    [FERRY_GUEST_STATE_SHUTOFF] = "shutoff",
    [FERRY_GUEST_STATE_RUNNING] = "running",
    [FERRY_GUEST_STATE_PAUSED] = "paused",
    [FERRY_GUEST_STATE_SUSPENDED] = "suspended",
    [FERRY_GUEST_STATE_SHUTTING_DOWN] = "shutting-down",
    [FERRY_GUEST_STATE_CRASHED] = "crashed",
  };

  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return names[self->state];
}

const char *
ferry_guest_get_state_icon (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);

  switch (self->state)
    {
    /* Lamps, not the play and pause glyphs of buttons that would start or pause the guest. */
    case FERRY_GUEST_STATE_RUNNING:
    case FERRY_GUEST_STATE_SHUTTING_DOWN:
      return "media-record-symbolic";
    case FERRY_GUEST_STATE_PAUSED:
    case FERRY_GUEST_STATE_SUSPENDED:
      return "radio-checked-symbolic";
    case FERRY_GUEST_STATE_CRASHED:
      return "dialog-error-symbolic";
    case FERRY_GUEST_STATE_SHUTOFF:
    default:
      return "radio-symbolic";
    }
}

/* Whether the guest holds its live devices now: running, paused, suspended, or crashed (a
 * guest libvirt reports as crashed still has its id and devices: on_crash='preserve' keeps
 * it for a dump; one that did not keep them is reported shut off). */
gboolean
ferry_guest_is_active (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), FALSE);
  return self->state != FERRY_GUEST_STATE_SHUTOFF;
}

GListModel *
ferry_guest_get_assigned (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return G_LIST_MODEL (self->assigned);
}

/* The same devices as ferry_guest_get_assigned, as an array that is replaced whole, never
 * changed in place: a reader thread may go through it while the main thread shows the
 * guest (a GListStore caches its last lookup, so even reading one is not thread-safe). */
FerryAssignedDevice * const *
ferry_guest_peek_assigned (FerryGuest *self,
                           guint      *n_devices)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  g_return_val_if_fail (n_devices != NULL, NULL);

  *n_devices = self->assigned_array->len;
  return (FerryAssignedDevice * const *) self->assigned_array->pdata;
}

/* FerryGuestDevice items: the paravirtual devices, as the guest has them now (live XML) or
 * will at next start. */
GListModel *
ferry_guest_get_virtio (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return G_LIST_MODEL (self->virtio);
}

/* FerryGuestDevice items: everything else the hypervisor emulates. */
GListModel *
ferry_guest_get_emulated (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return G_LIST_MODEL (self->emulated);
}

static gboolean
read_source_address (xmlNode         *device,
                     const char      *what,
                     FerryPciAddress *out,
                     GError         **error)
{
  xmlNode *address = ferry_xml_child (ferry_xml_child (device, "source"), "address");

  if (address != NULL && ferry_xml_read_pci_address (address, out))
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
               /* Translators: %s is an XML element such as "hostdev" */
               _("A <%s> device has no valid PCI source address"), what);
  return FALSE;
}

static void
read_guest_side (FerryAssignedDevice *device,
                 xmlNode             *node)
{
  /* The device's own <address>, not its <source>'s: where the guest sees it. */
  xmlNode *address = ferry_xml_child (node, "address");
  g_autofree char *type = ferry_xml_prop (address, "type");
  g_autofree char *rom_file = ferry_xml_prop (ferry_xml_child (node, "rom"), "file");
  g_autofree char *profile = ferry_xml_prop (ferry_xml_child (ferry_xml_child (node, "virtualport"),
                                                              "parameters"),
                                             "profileid");
  g_autofree char *guest_address = NULL;
  FerryPciAddress pci;

  if (g_strcmp0 (type, "pci") == 0 && ferry_xml_read_pci_address (address, &pci))
    guest_address = ferry_pci_address_to_string (&pci);

  ferry_assigned_device_set_guest_side (device, guest_address, rom_file, profile);
}

static FerryAssignedDevice *
parse_hostdev (xmlNode  *node,
               GError  **error)
{
  g_autoptr(FerryAssignedDevice) device = NULL;
  g_autofree char *mode = ferry_xml_prop (node, "mode");
  g_autofree char *type = ferry_xml_prop (node, "type");
  g_autofree char *managed = ferry_xml_prop (node, "managed");
  FerryPciAddress address;

  /* USB, SCSI and mediated devices are someone else's business. */
  if (g_strcmp0 (type, "pci") != 0 || (mode != NULL && g_strcmp0 (mode, "subsystem") != 0))
    return NULL;

  if (!read_source_address (node, "hostdev", &address, error))
    return NULL;

  device = ferry_assigned_device_new (FERRY_ASSIGNMENT_HOSTDEV);
  ferry_assigned_device_set_address (device, &address);
  ferry_assigned_device_set_managed (device, g_strcmp0 (managed, "yes") == 0);
  {
    g_autofree char *bar = ferry_xml_prop (ferry_xml_child (node, "rom"), "bar");
    ferry_assigned_device_set_rom_bar (device, g_strcmp0 (bar, "off") != 0);
  }
  read_guest_side (device, node);
  return g_steal_pointer (&device);
}

static void
read_interface_extras (FerryAssignedDevice *device,
                       xmlNode             *node)
{
  g_autofree char *mac = ferry_xml_prop (ferry_xml_child (node, "mac"), "address");
  guint tag = 0;
  g_autofree char *vlan = ferry_xml_read_vlan (ferry_xml_child (node, "vlan"), &tag);

  /* A trunk is no single tag: it reads as none rather than as its first tag. */
  ferry_assigned_device_set_mac (device, mac);
  if (tag >= 1 && tag <= 4094)
    ferry_assigned_device_set_vlan (device, tag);
}

static FerryNetwork *
find_network (GPtrArray  *networks,
              const char *name)
{
  for (guint i = 0; networks != NULL && i < networks->len; i++)
    if (g_strcmp0 (ferry_network_get_name (networks->pdata[i]), name) == 0)
      return networks->pdata[i];

  return NULL;
}

/* NETWORKS: the host's networks, or NULL when not known. An interface on a network the host
 * does not have is named in MISSING: the guest will not start with it. */
static FerryAssignedDevice *
parse_interface (xmlNode            *node,
                 GPtrArray          *networks,
                 GPtrArray          *missing,
                 GError            **error)
{
  g_autoptr(FerryAssignedDevice) device = NULL;
  g_autofree char *type = ferry_xml_prop (node, "type");

  if (g_strcmp0 (type, "hostdev") == 0)
    {
      g_autofree char *managed = ferry_xml_prop (node, "managed");
      FerryPciAddress address;

      if (!read_source_address (node, "interface", &address, error))
        return NULL;

      device = ferry_assigned_device_new (FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
      ferry_assigned_device_set_address (device, &address);
      ferry_assigned_device_set_managed (device, g_strcmp0 (managed, "yes") == 0);
    }
  else if (g_strcmp0 (type, "network") == 0)
    {
      xmlNode *source = ferry_xml_child (node, "source");
      g_autofree char *network = ferry_xml_prop (source, "network");
      /* A running guest's live XML names the VF the pool handed it. */
      xmlNode *address = ferry_xml_child (source, "address");
      FerryNetwork *pool = find_network (networks, network);
      FerryPciAddress pci;

      if (pool == NULL && networks != NULL && network != NULL &&
          !g_ptr_array_find_with_equal_func (missing, network, g_str_equal, NULL))
        g_ptr_array_add (missing, g_strdup (network));
      if (pool == NULL || !ferry_network_is_hostdev_pool (pool))
        return NULL;

      device = ferry_assigned_device_new (FERRY_ASSIGNMENT_INTERFACE_POOL);
      ferry_assigned_device_set_network (device, network);
      /* The pool's own <forward managed=…> decides, not the interface. */
      ferry_assigned_device_set_managed (device, ferry_network_get_managed (pool));
      if (address != NULL && ferry_xml_read_pci_address (address, &pci))
        ferry_assigned_device_set_address (device, &pci);
    }
  else
    return NULL;

  read_interface_extras (device, node);
  read_guest_side (device, node);
  return g_steal_pointer (&device);
}

static char *
join_nonempty (const char *separator,
               ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  va_start (args, separator);
  for (const char *part = va_arg (args, const char *); part != (const char *) 1;
       part = va_arg (args, const char *))
    if (part != NULL && *part != '\0')
      g_ptr_array_add (parts, (gpointer) part);
  va_end (args);

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (separator, (char **) parts->pdata);
}

#define JOIN(...) join_nonempty (" · ", __VA_ARGS__, (const char *) 1)

static gboolean
starts_virtio (const char *text)
{
  return text != NULL && g_str_has_prefix (text, "virtio");
}

/* A device that is not a host PCI function: VirtIO when its bus, model or target type is one
 * of virtio's, emulated otherwise. NULL for elements that describe no device. */
static FerryGuestDevice *
classify (xmlNode *node)
{
  const char *kind = (const char *) node->name;
  xmlNode *target = ferry_xml_child (node, "target");
  xmlNode *source = ferry_xml_child (node, "source");
  g_autofree char *type = ferry_xml_prop (node, "type");
  g_autofree char *model = ferry_xml_prop (node, "model");
  g_autofree char *bus = NULL;
  g_autofree char *label = NULL;
  g_autofree char *where = NULL;
  gboolean virtio = FALSE;

  if (g_str_equal (kind, "emulator"))
    return NULL;

  if (g_str_equal (kind, "disk"))
    {
      g_autofree char *dev = ferry_xml_prop (target, "dev");
      g_autofree char *file = ferry_xml_prop (source, "file");
      g_autofree char *block = ferry_xml_prop (source, "dev");
      g_autofree char *name = ferry_xml_prop (source, "name");
      g_autofree char *device = ferry_xml_prop (node, "device");

      bus = ferry_xml_prop (target, "bus");
      virtio = g_strcmp0 (bus, "virtio") == 0;
      label = JOIN (bus, device);
      where = JOIN (dev, file ? file : block ? block : name);
    }
  else if (g_str_equal (kind, "interface"))
    {
      g_autofree char *mac = ferry_xml_prop (ferry_xml_child (node, "mac"), "address");
      g_autofree char *network = ferry_xml_prop (source, "network");
      g_autofree char *bridge = ferry_xml_prop (source, "bridge");
      g_autofree char *nic = ferry_xml_prop (ferry_xml_child (node, "model"), "type");

      virtio = g_strcmp0 (nic, "virtio") == 0;
      label = JOIN (nic, type);
      where = JOIN (mac, network ? network : bridge);
    }
  else if (g_str_equal (kind, "video"))
    {
      g_autofree char *video = ferry_xml_prop (ferry_xml_child (node, "model"), "type");

      virtio = g_strcmp0 (video, "virtio") == 0;
      label = g_strdup (video);
    }
  else if (g_str_equal (kind, "input"))
    {
      bus = ferry_xml_prop (node, "bus");
      virtio = g_strcmp0 (bus, "virtio") == 0;
      label = JOIN (type, bus);
    }
  else if (g_str_equal (kind, "console") || g_str_equal (kind, "channel") ||
           g_str_equal (kind, "serial"))
    {
      g_autofree char *target_type = ferry_xml_prop (target, "type");
      g_autofree char *name = ferry_xml_prop (target, "name");

      virtio = g_strcmp0 (target_type, "virtio") == 0;
      label = JOIN (target_type, type);
      where = g_strdup (name);
    }
  else if (g_str_equal (kind, "controller"))
    {
      g_autofree char *index = ferry_xml_prop (node, "index");

      virtio = starts_virtio (type) || starts_virtio (model);
      label = JOIN (type, model);
      where = g_strdup (index);
    }
  else if (g_str_equal (kind, "filesystem"))
    {
      g_autofree char *driver = ferry_xml_prop (ferry_xml_child (node, "driver"), "type");

      virtio = g_strcmp0 (driver, "virtiofs") == 0;
      label = g_strdup (driver);
      where = ferry_xml_prop (target, "dir");
    }
  else if (g_str_equal (kind, "hostdev"))
    {
      /* USB and SCSI host devices: not PCI functions, listed as they are. */
      label = g_strdup (type);
    }
  else
    {
      /* memballoon, rng, watchdog, sound, tpm, vsock, graphics, hub, redirdev… */
      virtio = starts_virtio (model) || g_str_equal (kind, "vsock");
      label = JOIN (model, type);
    }

  return ferry_guest_device_new (kind, label, where, virtio);
}

typedef struct
{
  GPtrArray *assigned;
  GPtrArray *virtio;
  GPtrArray *emulated;
  GPtrArray *missing_networks;   /* NULL-terminated */
  GArray    *records;            /* FerryHostdevRecord */
} ParsedDevices;

static void
parsed_devices_clear (ParsedDevices *parsed)
{
  g_clear_pointer (&parsed->assigned, g_ptr_array_unref);
  g_clear_pointer (&parsed->virtio, g_ptr_array_unref);
  g_clear_pointer (&parsed->emulated, g_ptr_array_unref);
  g_clear_pointer (&parsed->missing_networks, g_ptr_array_unref);
  g_clear_pointer (&parsed->records, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedDevices, parsed_devices_clear)

static gboolean
parse_devices (const char         *xml,
               const char         *guest_name,
               GPtrArray          *networks,
               ParsedDevices      *parsed,
               GError            **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) virtio = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) emulated = g_ptr_array_new_with_free_func (g_object_unref);
  xmlNode *devices;

  if (!(doc = ferry_xml_parse (xml, "domain", error)))
    return FALSE;

  devices = ferry_xml_child (xmlDocGetRootElement (doc), "devices");
  ferry_xml_foreach (node, devices, NULL)
    {
      g_autoptr(GError) local_error = NULL;
      FerryAssignedDevice *device = NULL;

      if (g_strcmp0 ((const char *) node->name, "hostdev") == 0)
        device = parse_hostdev (node, &local_error);
      else if (g_strcmp0 ((const char *) node->name, "interface") == 0)
        device = parse_interface (node, networks, missing, &local_error);

      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      /* Translators: %s is a guest name */
                                      _("Guest “%s”: "), guest_name);
          return FALSE;
        }

      if (device != NULL)
        g_ptr_array_add (found, device);
      else
        {
          FerryGuestDevice *other = classify (node);

          if (other != NULL)
            g_ptr_array_add (ferry_guest_device_is_virtio (other) ? virtio : emulated, other);
        }
    }

  parsed->assigned = g_steal_pointer (&found);
  parsed->virtio = g_steal_pointer (&virtio);
  parsed->emulated = g_steal_pointer (&emulated);
  parsed->missing_networks = g_steal_pointer (&missing);
  parsed->records = ferry_hostdev_records_read (xmlDocGetRootElement (doc));
  return TRUE;
}

/* Reads the guest's assigned PCI functions from its persistent XML (CONFIG_XML, NULL for a
 * transient guest) and, while it runs, its live XML (LIVE_XML), marking each as live, next
 * boot, or both. NETWORKS holds the host's networks (FerryNetwork; NULL when not known): an
 * interface on one with <forward mode='hostdev'> takes a VF, and one on a network the host
 * does not have is remembered (ferry_guest_get_missing_networks). On error the guest keeps
 * what it had. */
gboolean
ferry_guest_update_from_xml (FerryGuest         *self,
                             const char         *live_xml,
                             const char         *config_xml,
                             GPtrArray          *networks,
                             GError            **error)
{
  g_auto(ParsedDevices) config_devices = { NULL };
  g_auto(ParsedDevices) live_devices = { NULL };
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  ParsedDevices *current;
  GPtrArray *config;
  GPtrArray *live;

  g_return_val_if_fail (FERRY_IS_GUEST (self), FALSE);
  g_return_val_if_fail (live_xml != NULL || config_xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (config_xml != NULL &&
      !parse_devices (config_xml, self->name, networks, &config_devices, error))
    return FALSE;
  if (live_xml != NULL &&
      !parse_devices (live_xml, self->name, networks, &live_devices, error))
    return FALSE;
  config = config_devices.assigned;
  live = live_devices.assigned;

  for (guint i = 0; config != NULL && i < config->len; i++)
    {
      FerryAssignedDevice *device = config->pdata[i];

      ferry_assigned_device_set_presence (device, FALSE, TRUE);
      g_ptr_array_add (merged, g_object_ref (device));
    }

  for (guint i = 0; live != NULL && i < live->len; i++)
    {
      FerryAssignedDevice *device = live->pdata[i];
      FerryAssignedDevice *twin = NULL;

      for (guint j = 0; twin == NULL && config != NULL && j < config->len; j++)
        if (!ferry_assigned_device_get_live (config->pdata[j]) &&
            ferry_assigned_device_same (config->pdata[j], device))
          twin = config->pdata[j];

      if (twin != NULL)
        {
          /* A running guest's live XML may show its pool interface as the hostdev
           * interface the pool handed out: keep the persistent view, add the VF. */
          ferry_assigned_device_set_presence (twin, TRUE, TRUE);
          /* Only the live XML knows which VF a pool handed out. */
          if (ferry_assigned_device_get_address (twin) == NULL)
            ferry_assigned_device_set_address (twin, ferry_assigned_device_get_address (device));
        }
      else
        {
          ferry_assigned_device_set_presence (device, TRUE, FALSE);
          g_ptr_array_add (merged, g_object_ref (device));
        }
    }

  /* What Ferry recorded at assignment, as the definition keeps it: set before the devices,
   * whose change pages follow by checking them. */
  g_array_unref (self->records);
  self->records = g_array_ref (config_xml != NULL ? config_devices.records
                                                  : live_devices.records);
  g_ptr_array_unref (self->assigned_array);
  self->assigned_array = g_ptr_array_ref (merged);
  g_list_store_splice (self->assigned, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assigned)),
                       merged->pdata, merged->len);

  /* The other devices as the guest has them now, else as it will at next start. */
  current = live_xml != NULL ? &live_devices : &config_devices;
  g_list_store_splice (self->virtio, 0, g_list_model_get_n_items (G_LIST_MODEL (self->virtio)),
                       current->virtio->pdata, current->virtio->len);
  g_list_store_splice (self->emulated, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->emulated)),
                       current->emulated->pdata, current->emulated->len);

  /* What stops the next start: the definition's networks, else the running guest's. */
  g_strfreev (self->missing_networks);
  self->missing_networks = g_strdupv ((char **) (config_xml != NULL
                                                 ? config_devices.missing_networks
                                                 : live_devices.missing_networks)->pdata);
  return TRUE;
}

/* Makes INTO hold FROM's items; INTO stays untouched (no rows rebuilt, nothing freed) when
 * it holds the same objects already, as a reload that reused a guest's parse brings. */
static void
copy_store (GListStore *into,
            GListStore *from)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (from);
  guint n_into = g_list_model_get_n_items (G_LIST_MODEL (into));
  gboolean same = n_into == g_list_model_get_n_items (model);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_ptr_array_add (items, g_list_model_get_item (model, i));
      if (same)
        {
          g_autoptr(GObject) held = g_list_model_get_item (G_LIST_MODEL (into), i);

          same = held == items->pdata[i];
        }
    }
  if (same)
    return;

  g_list_store_splice (into, 0, g_list_model_get_n_items (G_LIST_MODEL (into)),
                       items->pdata, items->len);
}

/* Takes SOURCE's devices into SELF (a reload's fresh read into the object pages already
 * show). */
void
ferry_guest_take_devices (FerryGuest *self,
                          FerryGuest *source)
{
  g_return_if_fail (FERRY_IS_GUEST (self));
  g_return_if_fail (FERRY_IS_GUEST (source));
  g_return_if_fail (self != source);

  /* The records first: a page checks them when the assigned devices change. */
  g_array_unref (self->records);
  self->records = g_array_ref (source->records);
  g_ptr_array_unref (self->assigned_array);
  self->assigned_array = g_ptr_array_ref (source->assigned_array);
  copy_store (self->assigned, source->assigned);
  copy_store (self->virtio, source->virtio);
  copy_store (self->emulated, source->emulated);
  g_strfreev (self->missing_networks);
  self->missing_networks = g_strdupv (source->missing_networks);
}

/* What Ferry recorded in the guest's <metadata> for the device it assigned at ADDRESS, NULL
 * when it has no record of it (assigned before the guard, or by hand). */
const FerryHostdevRecord *
ferry_guest_lookup_record (FerryGuest            *self,
                           const FerryPciAddress *address)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  return ferry_hostdev_records_find (self->records, address);
}

/* The networks the guest's interfaces name that the host does not have (NULL-terminated,
 * empty when none): it will not start until they exist again or the interfaces go. */
const char * const *
ferry_guest_get_missing_networks (FerryGuest *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (FERRY_IS_GUEST (self), none);
  return self->missing_networks ? (const char * const *) self->missing_networks : none;
}

/* TRUE when one of the guest's interfaces (live or at next boot) is on NETWORK. */
gboolean
ferry_guest_uses_network (FerryGuest *self,
                          const char *network)
{
  GListModel *assigned = ferry_guest_get_assigned (self);

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);

      if (g_strcmp0 (ferry_assigned_device_get_network (device), network) == 0)
        return TRUE;
    }
  return FALSE;
}
