/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device.h"
#include "ferry-error.h"
#include "ferry-guest.h"
#include "ferry-network.h"
#include "ferry-xml.h"

/* A libvirt guest (domain) and the host PCI functions its XML hands to it. */
struct _FerryGuest
{
  GObject          parent_instance;

  char            *name;
  char            *uuid;
  FerryGuestState  state;
  GListStore      *assigned;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_ICON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FerryGuest, ferry_guest, G_TYPE_OBJECT)

static void
ferry_guest_finalize (GObject *object)
{
  FerryGuest *self = (FerryGuest *) object;

  g_free (self->name);
  g_free (self->uuid);
  g_object_unref (self->assigned);

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
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATE_ICON:
      g_value_set_string (value, ferry_guest_get_state_icon (self));
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
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      FERRY_GUEST_STATE_SHUTOFF, FERRY_GUEST_STATE_CRASHED,
                      FERRY_GUEST_STATE_SHUTOFF,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_ICON] =
    g_param_spec_string ("state-icon", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_guest_init (FerryGuest *self)
{
  self->assigned = g_list_store_new (FERRY_TYPE_ASSIGNED_DEVICE);
}

FerryGuest *
ferry_guest_new (const char *name,
                 const char *uuid)
{
  FerryGuest *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (FERRY_TYPE_GUEST, NULL);
  self->name = g_strdup (name);
  self->uuid = g_strdup (uuid);
  return self;
}

const char *
ferry_guest_get_name (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return self->name;
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

const char *
ferry_guest_get_state_icon (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);

  switch (self->state)
    {
    case FERRY_GUEST_STATE_RUNNING:
    case FERRY_GUEST_STATE_SHUTTING_DOWN:
      return "media-playback-start-symbolic";
    case FERRY_GUEST_STATE_PAUSED:
    case FERRY_GUEST_STATE_SUSPENDED:
      return "media-playback-pause-symbolic";
    case FERRY_GUEST_STATE_CRASHED:
      return "dialog-error-symbolic";
    case FERRY_GUEST_STATE_SHUTOFF:
    default:
      return "system-shutdown-symbolic";
    }
}

/* Whether the guest holds its live devices now (running, paused or suspended). */
gboolean
ferry_guest_is_active (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), FALSE);
  return self->state != FERRY_GUEST_STATE_SHUTOFF && self->state != FERRY_GUEST_STATE_CRASHED;
}

GListModel *
ferry_guest_get_assigned (FerryGuest *self)
{
  g_return_val_if_fail (FERRY_IS_GUEST (self), NULL);
  return G_LIST_MODEL (self->assigned);
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
  return g_steal_pointer (&device);
}

static void
read_interface_extras (FerryAssignedDevice *device,
                       xmlNode             *node)
{
  g_autofree char *mac = ferry_xml_prop (ferry_xml_child (node, "mac"), "address");
  g_autofree char *vlan = ferry_xml_prop (ferry_xml_child (ferry_xml_child (node, "vlan"), "tag"),
                                          "id");
  guint64 tag;

  ferry_assigned_device_set_mac (device, mac);
  if (vlan != NULL && g_ascii_string_to_unsigned (vlan, 10, 1, 4094, &tag, NULL))
    ferry_assigned_device_set_vlan (device, (guint) tag);
}

static FerryNetwork *
find_pool (GPtrArray  *pools,
           const char *name)
{
  for (guint i = 0; pools != NULL && i < pools->len; i++)
    if (g_strcmp0 (ferry_network_get_name (pools->pdata[i]), name) == 0)
      return pools->pdata[i];

  return NULL;
}

static FerryAssignedDevice *
parse_interface (xmlNode            *node,
                 GPtrArray          *pools,
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
      FerryNetwork *pool = find_pool (pools, network);
      FerryPciAddress pci;

      if (pool == NULL)
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
  return g_steal_pointer (&device);
}

static GPtrArray *
parse_assigned (const char         *xml,
                const char         *guest_name,
                GPtrArray          *pools,
                GError            **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  xmlNode *devices;

  if (!(doc = ferry_xml_parse (xml, "domain", error)))
    return NULL;

  devices = ferry_xml_child (xmlDocGetRootElement (doc), "devices");
  ferry_xml_foreach (node, devices, NULL)
    {
      g_autoptr(GError) local_error = NULL;
      FerryAssignedDevice *device = NULL;

      if (g_strcmp0 ((const char *) node->name, "hostdev") == 0)
        device = parse_hostdev (node, &local_error);
      else if (g_strcmp0 ((const char *) node->name, "interface") == 0)
        device = parse_interface (node, pools, &local_error);

      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      /* Translators: %s is a guest name */
                                      _("Guest “%s”: "), guest_name);
          return NULL;
        }

      if (device != NULL)
        g_ptr_array_add (found, device);
    }

  return g_steal_pointer (&found);
}

/* Reads the guest's assigned PCI functions from its persistent XML (CONFIG_XML, NULL for a
 * transient guest) and, while it runs, its live XML (LIVE_XML), marking each as live, next
 * boot, or both. POOLS holds the host's networks with <forward mode='hostdev'> (FerryNetwork):
 * an interface on one of them takes a VF. On error the guest keeps what it had. */
gboolean
ferry_guest_update_from_xml (FerryGuest         *self,
                             const char         *live_xml,
                             const char         *config_xml,
                             GPtrArray          *pools,
                             GError            **error)
{
  g_autoptr(GPtrArray) config = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (FERRY_IS_GUEST (self), FALSE);
  g_return_val_if_fail (live_xml != NULL || config_xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (config_xml != NULL &&
      !(config = parse_assigned (config_xml, self->name, pools, error)))
    return FALSE;
  if (live_xml != NULL &&
      !(live = parse_assigned (live_xml, self->name, pools, error)))
    return FALSE;

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

  g_list_store_splice (self->assigned, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assigned)),
                       merged->pdata, merged->len);
  return TRUE;
}

/* Moves SOURCE's assigned devices into SELF (a reload's fresh read into the object pages
 * already show). */
void
ferry_guest_take_assigned (FerryGuest *self,
                           FerryGuest *source)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;

  g_return_if_fail (FERRY_IS_GUEST (self));
  g_return_if_fail (FERRY_IS_GUEST (source));

  model = G_LIST_MODEL (source->assigned);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  g_list_store_splice (self->assigned, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assigned)),
                       items->pdata, items->len);
}
