/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-assign-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt-gconfig/libvirt-gconfig.h>
#include <libxml/tree.h>

#include "ferry-assign-plan.h"
#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-guest.h"
#include "ferry-hostdev-record.h"
#include "ferry-xml.h"

/* The XML Apply sends, built from the pick and the options: a <hostdev> per function through
 * libvirt-gconfig, or for SR-IOV VFs an <interface type='hostdev'> (which libvirt-gconfig
 * cannot build) through libxml2. Every input is checked here, before anything is written. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainHostdevPci, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GVirConfigDomainAddressPci, g_object_unref)

/* The longest profile id libvirt's schema takes. */
#define PROFILE_ID_MAX 39

gboolean
ferry_assign_options_check_profile_id (const char  *profile_id,
                                       GError     **error)
{
  if (profile_id == NULL || *profile_id == '\0')
    return TRUE;

  if (g_utf8_strlen (profile_id, -1) > PROFILE_ID_MAX)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                   /* Translators: %d is a number of characters */
                   _("A port profile id has at most %d characters"), PROFILE_ID_MAX);
      return FALSE;
    }
  for (const char *p = profile_id; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      {
        g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                             _("A port profile id cannot contain spaces"));
        return FALSE;
      }
  return TRUE;
}

gboolean
ferry_assign_options_check_rom_file (const char  *rom_file,
                                     GError     **error)
{
  if (rom_file == NULL || *rom_file == '\0')
    return TRUE;

  /* libvirt reads the file on the host, from a path of its own choosing otherwise. */
  if (!g_path_is_absolute (rom_file))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("The ROM file needs a full path on the host, starting with /"));
      return FALSE;
    }
  return TRUE;
}

/* A locally administered address in QEMU's range, as virt-manager and libvirt choose them. */
char *
ferry_assign_options_generate_mac (void)
{
  return g_strdup_printf ("52:54:00:%02x:%02x:%02x", g_random_int_range (0, 256),
                          g_random_int_range (0, 256), g_random_int_range (0, 256));
}

static char *
build_hostdev (const FerryPciAddress    *address,
               const FerryAssignOptions *options,
               gboolean                  first)
{
  g_autoptr(GVirConfigDomainHostdevPci) hostdev = gvir_config_domain_hostdev_pci_new ();
  g_autoptr(GVirConfigDomainAddressPci) source = gvir_config_domain_address_pci_new ();

  gvir_config_domain_address_pci_set_domain (source, (int) address->domain);
  gvir_config_domain_address_pci_set_bus (source, (int) address->bus);
  gvir_config_domain_address_pci_set_slot (source, (int) address->slot);
  gvir_config_domain_address_pci_set_function (source, (int) address->function);
  gvir_config_domain_hostdev_pci_set_address (hostdev, source);
  gvir_config_domain_hostdev_pci_set_managed (hostdev, options->managed);
  if (options->rom_bar != FERRY_TRISTATE_UNKNOWN)
    gvir_config_domain_hostdev_pci_set_rom_bar (hostdev,
                                                options->rom_bar == FERRY_TRISTATE_YES);
  if (first && options->rom_file != NULL && *options->rom_file != '\0')
    gvir_config_domain_hostdev_pci_set_rom_file (hostdev, options->rom_file);

  return gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (hostdev));
}

static void
set_number (xmlNode    *node,
            const char *name,
            char       *text)
{
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) text);
  g_free (text);
}

static char *
build_interface (const FerryPciAddress    *address,
                 const FerryAssignOptions *options,
                 gboolean                  with_mac)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *interface = xmlNewNode (NULL, (const xmlChar *) "interface");
  xmlNode *pci;

  xmlDocSetRootElement (doc, interface);
  xmlSetProp (interface, (const xmlChar *) "type", (const xmlChar *) "hostdev");
  xmlSetProp (interface, (const xmlChar *) "managed",
              (const xmlChar *) (options->managed ? "yes" : "no"));
  if (with_mac && options->mac != NULL && *options->mac != '\0')
    xmlSetProp (xmlNewChild (interface, NULL, (const xmlChar *) "mac", NULL),
                (const xmlChar *) "address", (const xmlChar *) options->mac);

  pci = xmlNewChild (xmlNewChild (interface, NULL, (const xmlChar *) "source", NULL), NULL,
                     (const xmlChar *) "address", NULL);
  xmlSetProp (pci, (const xmlChar *) "type", (const xmlChar *) "pci");
  set_number (pci, "domain", g_strdup_printf ("0x%04x", address->domain));
  set_number (pci, "bus", g_strdup_printf ("0x%02x", address->bus));
  set_number (pci, "slot", g_strdup_printf ("0x%02x", address->slot));
  set_number (pci, "function", g_strdup_printf ("0x%x", address->function));

  if (options->vlan > 0)
    {
      xmlNode *vlan = xmlNewChild (interface, NULL, (const xmlChar *) "vlan", NULL);

      set_number (xmlNewChild (vlan, NULL, (const xmlChar *) "tag", NULL), "id",
                  g_strdup_printf ("%d", options->vlan));
    }
  if (options->profile_id != NULL && *options->profile_id != '\0')
    {
      xmlNode *port = xmlNewChild (interface, NULL, (const xmlChar *) "virtualport", NULL);

      xmlSetProp (port, (const xmlChar *) "type", (const xmlChar *) "802.1Qbh");
      xmlSetProp (xmlNewChild (port, NULL, (const xmlChar *) "parameters", NULL),
                  (const xmlChar *) "profileid", (const xmlChar *) options->profile_id);
    }

  return ferry_xml_dump_indented (interface);
}

static gboolean
check_options (const FerryAssignRequest  *request,
               const FerryAssignOptions  *options,
               GError                   **error)
{
  if (request->picked->len == 0)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("Pick at least one device"));
      return FALSE;
    }
  if (!ferry_assign_options_check_rom_file (options->rom_file, error))
    return FALSE;
  if (!options->as_interface)
    return TRUE;

  for (guint i = 0; i < request->picked->len; i++)
    {
      FerryHostDevice *device = ferry_inventory_lookup (
        request->inventory, &g_array_index (request->picked, FerryPciAddress, i));

      if (device == NULL || !ferry_host_device_is_vf (device))
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                               _("Only SR-IOV virtual functions connect as network interfaces"));
          return FALSE;
        }
    }
  if (options->mac != NULL && *options->mac != '\0' &&
      !ferry_domain_edit_check_mac (options->mac, error))
    return FALSE;
  if (options->vlan < 0 || options->vlan > 4094)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("A VLAN tag is a number from 1 to 4094"));
      return FALSE;
    }
  return ferry_assign_options_check_profile_id (options->profile_id, error);
}

/* The plan for REQUEST with OPTIONS, or an error naming the first bad input. */
FerryAssignPlan *
ferry_assign_plan_new (const FerryAssignRequest  *request,
                       const FerryAssignOptions  *options,
                       gboolean                   live,
                       gboolean                   config,
                       GError                   **error)
{
  g_autoptr(FerryAssignPlan) plan = NULL;

  g_return_val_if_fail (request != NULL && options != NULL, NULL);

  if (!check_options (request, options, error))
    return NULL;
  if (!live && !config)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT,
                           _("Choose now, at next boot, or both"));
      return NULL;
    }

  plan = g_new0 (FerryAssignPlan, 1);
  plan->guest = g_strdup (ferry_guest_get_name (request->guest));
  plan->addresses = g_array_copy (request->picked);
  plan->detach_first = g_array_copy (request->detach_first);
  plan->device_xml = g_ptr_array_new_with_free_func (g_free);
  plan->records = g_array_new (FALSE, FALSE, sizeof (FerryHostdevRecord));
  plan->live = live;
  plan->config = config;

  for (guint i = 0; i < plan->addresses->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (plan->addresses, FerryPciAddress, i);
      FerryHostDevice *device = ferry_inventory_lookup (request->inventory, address);

      if (device != NULL)
        {
          FerryHostdevRecord record;

          ferry_hostdev_record_init_from_device (&record, device);
          g_array_append_val (plan->records, record);
        }

      /* One MAC cannot go to several interfaces: libvirt picks one for each of them. */
      g_ptr_array_add (plan->device_xml,
                       options->as_interface
                       ? build_interface (address, options, plan->addresses->len == 1)
                       : build_hostdev (address, options, i == 0));
    }

  return g_steal_pointer (&plan);
}

FerryAssignPlan *
ferry_assign_plan_copy (const FerryAssignPlan *plan)
{
  FerryAssignPlan *copy = g_new0 (FerryAssignPlan, 1);

  copy->guest = g_strdup (plan->guest);
  copy->addresses = g_array_copy (plan->addresses);
  copy->detach_first = g_array_copy (plan->detach_first);
  copy->records = g_array_copy (plan->records);
  copy->device_xml = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < plan->device_xml->len; i++)
    g_ptr_array_add (copy->device_xml, g_strdup (plan->device_xml->pdata[i]));
  copy->live = plan->live;
  copy->config = plan->config;
  copy->roll_back_on_loss = plan->roll_back_on_loss;
  return copy;
}

void
ferry_assign_plan_free (FerryAssignPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->guest);
  g_clear_pointer (&plan->addresses, g_array_unref);
  g_clear_pointer (&plan->detach_first, g_array_unref);
  g_clear_pointer (&plan->records, g_array_unref);
  g_clear_pointer (&plan->device_xml, g_ptr_array_unref);
  g_free (plan);
}

/* Every device document, one after another: what the summary shows and lets one copy. */
char *
ferry_assign_plan_dup_xml (const FerryAssignPlan *plan)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < plan->device_xml->len; i++)
    {
      const char *xml = plan->device_xml->pdata[i];

      g_string_append (text, xml);
      if (text->len > 0 && text->str[text->len - 1] != '\n')
        g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* DOMAIN_XML, the guest's definition, as PLAN leaves it: every device appended and its
 * record in Ferry's <metadata> (what ferryctl assign --dry-run prints). */
char *
ferry_assign_plan_dup_definition (const FerryAssignPlan  *plan,
                                  const char             *domain_xml,
                                  GError                **error)
{
  g_autofree char *edited = g_strdup (domain_xml);
  g_autofree char *recorded = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (plan != NULL && domain_xml != NULL, NULL);

  for (guint i = 0; i < plan->device_xml->len; i++)
    {
      char *next = ferry_domain_edit_add_device (edited, plan->device_xml->pdata[i], error);

      if (next == NULL)
        return NULL;
      g_free (edited);
      edited = next;
    }
  if (!(recorded = ferry_domain_edit_put_records (edited, plan->records, error)) ||
      !(doc = ferry_xml_parse_for_edit (recorded, "domain", error)))
    return NULL;
  /* Laid out again, for people reading it: the appended devices have no indentation. */
  ferry_xml_drop_layout (xmlDocGetRootElement (doc));
  return ferry_xml_dump_indented (xmlDocGetRootElement (doc));
}

/* Whether GUEST has the function at ADDRESS assigned, in its definition (CONFIG) or while it
 * runs. */
static gboolean
guest_has (FerryGuest            *guest,
           const FerryPciAddress *address,
           gboolean               config)
{
  GListModel *assigned = ferry_guest_get_assigned (guest);

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);
      const FerryPciAddress *found = ferry_assigned_device_get_address (device);

      if (found != NULL && ferry_pci_address_equal (found, address) &&
          (config ? ferry_assigned_device_get_config (device)
                  : ferry_assigned_device_get_live (device)))
        return TRUE;
    }
  return FALSE;
}

static FerryGuest *
parse_guest (const char  *name,
             const char  *live_xml,
             const char  *config_xml,
             GError     **error)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new (name, NULL);

  if ((live_xml != NULL || config_xml != NULL) &&
      !ferry_guest_update_from_xml (guest, live_xml, config_xml, NULL, error))
    return NULL;
  return g_steal_pointer (&guest);
}

static char *
join_addresses (const FerryAssignPlan *plan,
                GArray                *indices)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < indices->len; i++)
    {
      g_autofree char *address = ferry_pci_address_to_string (
        &g_array_index (plan->addresses, FerryPciAddress, g_array_index (indices, guint, i)));

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, address);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What is true after the connection to HOST was lost while PLAN was being applied: the guest
 * read again (NOW_CONFIG, its definition, when the plan changes it; NOW_LIVE, the running
 * guest, when the plan changes that) compared with its definition read at the start
 * (BEFORE_CONFIG). Sets CHANGED when any of the plan's functions was added, and appends to
 * LIVE_ADDED (guint, may be NULL) the index of each one the running guest took, for undoing. */
char *
ferry_assign_plan_describe_loss (const FerryAssignPlan  *plan,
                                 const char             *host,
                                 const char             *before_config,
                                 const char             *now_config,
                                 const char             *now_live,
                                 gboolean               *changed,
                                 GArray                 *live_added,
                                 GError                **error)
{
  g_autoptr(FerryGuest) before = NULL;
  g_autoptr(FerryGuest) now = NULL;
  g_autoptr(GArray) in_config = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) in_live = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (plan != NULL && host != NULL, NULL);

  if (!(before = parse_guest (plan->guest, NULL, before_config, error)) ||
      !(now = parse_guest (plan->guest, now_live, now_config, error)))
    return NULL;

  for (guint i = 0; i < plan->addresses->len; i++)
    {
      const FerryPciAddress *address = &g_array_index (plan->addresses, FerryPciAddress, i);
      gboolean config = now_config != NULL && guest_has (now, address, TRUE) &&
                        !guest_has (before, address, TRUE);
      gboolean live = now_live != NULL && guest_has (now, address, FALSE);

      if (config)
        g_array_append_val (in_config, i);
      if (live)
        g_array_append_val (in_live, i);
      if (!(plan->config ? config : live))
        g_array_append_val (missing, i);
    }
  if (live_added != NULL)
    g_array_append_vals (live_added, in_live->data, in_live->len);
  *changed = in_config->len > 0 || in_live->len > 0;

  /* Translators: %s is a host name; the first sentence of a report */
  g_string_append_printf (text, _("The connection to %s was lost during the change."), host);
  g_string_append_c (text, ' ');
  if (!*changed)
    /* Translators: %s is a guest */
    g_string_append_printf (text, _("Ferry read %s again: nothing changed."), plan->guest);
  else
    {
      g_autofree char *config = join_addresses (plan, in_config);
      g_autofree char *live = join_addresses (plan, in_live);

      if (in_config->len > 0)
        g_string_append_printf (text,
                                /* Translators: a guest, then PCI addresses */
                                _("Ferry read %s again: its definition now has %s (added "
                                  "before the connection dropped)."), plan->guest, config);
      if (in_live->len > 0 && in_config->len > 0)
        {
          g_string_append_c (text, ' ');
          /* Translators: %s is a list of PCI addresses */
          g_string_append_printf (text, _("The running guest has %s too."), live);
        }
      else if (in_live->len > 0)
        g_string_append_printf (text,
                                /* Translators: a guest, then PCI addresses */
                                _("Ferry read %s again: the running guest now has %s (added "
                                  "before the connection dropped)."), plan->guest, live);
      if (missing->len > 0)
        {
          g_autofree char *rest = join_addresses (plan, missing);

          g_string_append_c (text, ' ');
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     /* Translators: PCI addresses */
                                                     "%s was not added.",
                                                     "%s were not added.", missing->len),
                                  rest);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
