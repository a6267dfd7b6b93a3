/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-network"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-network.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* A libvirt network; the ones with <forward mode='hostdev'> are SR-IOV VF pools. */
struct _FerryNetwork
{
  GObject   parent_instance;

  char     *name;
  char     *display_name;
  char     *forward_mode;
  char     *pf_device;
  char     *bridge;
  GArray   *vfs;
  char     *definition;   /* the persistent XML, what an edit starts from */
  guint     vlan;         /* the one <vlan><tag id=…/>, 0 for none or a trunk */
  char     *vlan_label;   /* the VLAN setting for people, trunks included; NULL for none */
  guint     connections;  /* guest interfaces using it now; only live XML says */
  gboolean  managed;
  gboolean  active;
  gboolean  autostart;
  gboolean  persistent;
};

G_DEFINE_FINAL_TYPE (FerryNetwork, ferry_network, G_TYPE_OBJECT)

static void
ferry_network_finalize (GObject *object)
{
  FerryNetwork *self = (FerryNetwork *) object;

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->forward_mode);
  g_free (self->pf_device);
  g_free (self->bridge);
  g_free (self->vlan_label);
  g_free (self->definition);
  g_array_unref (self->vfs);

  G_OBJECT_CLASS (ferry_network_parent_class)->finalize (object);
}

static void
ferry_network_class_init (FerryNetworkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_network_finalize;
}

static void
ferry_network_init (FerryNetwork *self)
{
  self->vfs = g_array_new (FALSE, FALSE, sizeof (FerryPciAddress));
}

/* libvirt writes connections='N' on an active network's live XML only; a count it did not
 * write, or one Ferry cannot read, is no connection at all rather than a reason to drop the
 * network. */
static guint
parse_connections (xmlNode *root)
{
  g_autofree char *text = ferry_xml_prop (root, "connections");
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return 0;

  return (guint) value;
}

FerryNetwork *
ferry_network_new_from_xml (const char  *xml,
                            GError     **error)
{
  g_autoptr(FerryNetwork) self = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;
  xmlNode *forward;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(doc = ferry_xml_parse (xml, "network", error)))
    return NULL;
  root = xmlDocGetRootElement (doc);

  self = g_object_new (FERRY_TYPE_NETWORK, NULL);
  self->name = ferry_xml_child_text (root, "name");
  if (self->name == NULL)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                           _("A network has no name"));
      return NULL;
    }
  self->display_name = ferry_text_dup_safe (self->name, FERRY_TEXT_LABEL_MAX);

  self->bridge = ferry_xml_prop (ferry_xml_child (root, "bridge"), "name");
  self->connections = parse_connections (root);

  forward = ferry_xml_child (root, "forward");
  /* No <forward> at all is an isolated network. */
  self->forward_mode = forward ? ferry_xml_prop (forward, "mode") : g_strdup ("none");
  if (self->forward_mode == NULL)
    self->forward_mode = g_strdup ("nat");
  self->pf_device = ferry_xml_prop (ferry_xml_child (forward, "pf"), "dev");
  {
    /* libvirt's default for a hostdev pool is managed='no'. */
    g_autofree char *managed = ferry_xml_prop (forward, "managed");
    self->managed = g_strcmp0 (managed, "yes") == 0;
  }

  self->vlan_label = ferry_xml_read_vlan (ferry_xml_child (root, "vlan"), &self->vlan);

  ferry_xml_foreach (node, forward, "address")
    {
      g_autofree char *type = ferry_xml_prop (node, "type");
      FerryPciAddress address;

      if (g_strcmp0 (type, "pci") != 0)
        continue;

      if (!ferry_xml_read_pci_address (node, &address))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML,
                       /* Translators: %s is a network name */
                       _("Network “%s” lists an invalid PCI address"), self->name);
          return NULL;
        }
      g_array_append_val (self->vfs, address);
    }

  return g_steal_pointer (&self);
}

const char *
ferry_network_get_name (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->name;
}

/* The name as labels show it: the host's own bytes could hold controls or a bidi override. */
const char *
ferry_network_get_display_name (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->display_name;
}

const char *
ferry_network_get_forward_mode (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->forward_mode;
}

gboolean
ferry_network_is_hostdev_pool (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), FALSE);
  return g_strcmp0 (self->forward_mode, "hostdev") == 0;
}

const char *
ferry_network_get_pf_device (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->pf_device;
}

const char *
ferry_network_get_bridge (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->bridge;
}

const FerryPciAddress *
ferry_network_get_vfs (FerryNetwork *self,
                       guint        *n_vfs)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  g_return_val_if_fail (n_vfs != NULL, NULL);

  *n_vfs = self->vfs->len;
  return (const FerryPciAddress *) (gpointer) self->vfs->data;
}

gboolean
ferry_network_get_active (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), FALSE);
  return self->active;
}

gboolean
ferry_network_get_autostart (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), FALSE);
  return self->autostart;
}

void
ferry_network_set_status (FerryNetwork *self,
                          gboolean      active,
                          gboolean      autostart,
                          gboolean      persistent)
{
  g_return_if_fail (FERRY_IS_NETWORK (self));

  self->active = !!active;
  self->autostart = !!autostart;
  self->persistent = !!persistent;
}

/* FALSE for a transient network: it disappears when stopped. */
gboolean
ferry_network_get_persistent (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), FALSE);
  return self->persistent;
}

/* Whether libvirt detaches a pool's VFs from their host driver itself (managed='yes'). */
gboolean
ferry_network_get_managed (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), FALSE);
  return self->managed;
}

guint
ferry_network_get_vlan (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), 0);
  return self->vlan;
}

/* "VLAN 10", "VLAN trunk 10, 20 (native, untagged)", or NULL without a VLAN: what to show
 * where ferry_network_get_vlan, which knows only a single tag, says 0 for a trunk. */
const char *
ferry_network_get_vlan_label (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->vlan_label;
}

/* How many guest interfaces use the network right now (for a VF pool: VFs taken), as the
 * live XML it was read from says; 0 for an inactive network. */
guint
ferry_network_get_connections (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), 0);
  return self->connections;
}

/* The persistent definition (libvirt's inactive XML), NULL for a transient network. */
const char *
ferry_network_get_definition (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);
  return self->definition;
}

void
ferry_network_set_definition (FerryNetwork *self,
                              const char   *xml)
{
  g_return_if_fail (FERRY_IS_NETWORK (self));
  g_free (self->definition);
  self->definition = g_strdup (xml);
}

/* Where a VF pool takes its VFs, for people: "All VFs of eth3" or "3 selected VFs". */
char *
ferry_network_describe_source (FerryNetwork *self)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (self), NULL);

  if (self->pf_device != NULL)
    /* Translators: %s is a network interface name such as eth3 */
    return g_strdup_printf (_("All VFs of %s"), self->pf_device);

  /* Translators: %u is a number of SR-IOV virtual functions */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected VF", "%u selected VFs",
                                       self->vfs->len),
                          self->vfs->len);
}

/* Whether A and B describe the network alike, its state and definition included. */
gboolean
ferry_network_equal (FerryNetwork *a,
                     FerryNetwork *b)
{
  g_return_val_if_fail (FERRY_IS_NETWORK (a), FALSE);
  g_return_val_if_fail (FERRY_IS_NETWORK (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->forward_mode, b->forward_mode) == 0 &&
         g_strcmp0 (a->pf_device, b->pf_device) == 0 &&
         g_strcmp0 (a->bridge, b->bridge) == 0 &&
         ferry_pci_address_array_equal (a->vfs, b->vfs) &&
         g_strcmp0 (a->definition, b->definition) == 0 &&
         a->vlan == b->vlan &&
         a->connections == b->connections &&
         a->managed == b->managed &&
         a->active == b->active &&
         a->autostart == b->autostart &&
         a->persistent == b->persistent;
}
