/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-boot-binding-dialog.h"
#include "ferry-device-page.h"
#include "ferry-device-row.h"
#include "ferry-rows.h"
#include "ferry-text.h"

/* Everything Ferry knows about one PCI function: identity, driver, link, SR-IOV relations,
 * network interfaces, its IOMMU group with each member's status, and who uses it. Other
 * functions it mentions open on activation (host.show-device). Its title goes to the pane's
 * header (the host page is the FerrySubpage); the page starts with the way to assign it. */
struct _FerryDevicePage
{
  AdwBin              parent_instance;

  FerryHostDevice    *device;
  FerrySession       *session;
  GPtrArray          *groups;
  char               *title;

  GtkWidget          *assign_group;
  GtkWidget          *assign_button;
  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (FerryDevicePage, ferry_device_page, ADW_TYPE_BIN)

/* A row for another function that opens its page. */
static AdwActionRow *
add_device_link (AdwPreferencesGroup   *group,
                 FerrySession          *session,
                 const FerryPciAddress *address,
                 const char            *detail)
{
  FerryHostDevice *device = ferry_session_lookup_device (session, address);
  g_autofree char *text = ferry_pci_address_to_string (address);
  g_autofree char *title = device ? ferry_host_device_dup_title (device)
                                  : g_strdup (_("Not present on this host"));
  g_autofree char *subtitle = detail ? g_strdup_printf ("%s · %s", text, detail) : g_strdup (text);
  AdwActionRow *row = ferry_rows_add_row (group, title, subtitle);

  if (device != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* The target first: a name without its target warns. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", text);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "host.show-device");
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (
        ferry_host_device_get_icon_name (device)));
    }
  return row;
}

static char *
describe_link (const FerryPciLink *link)
{
  if (link->speed > 0)
    /* Translators: a PCIe link: %g is its speed in GT/s, %u its lane count */
    return g_strdup_printf (_("%g GT/s x%u"), link->speed, link->width);
  /* Translators: a PCIe link whose speed is not reported: %u is its lane count */
  return g_strdup_printf (_("x%u"), link->width);
}

/* What the host itself uses this function for ("It controls the disk of /"), or NULL: from
 * the local probes and libvirt's interfaces (owned by the session). */
static const char *
lookup_host_use (FerryDevicePage *self,
              FerrySession    *session)
{
  GHashTable *uses = ferry_session_get_host_uses (session);
  g_autofree char *key = ferry_pci_address_to_string (ferry_host_device_get_address (self->device));

  return uses ? g_hash_table_lookup (uses, key) : NULL;
}

static void
add_status_icon (AdwActionRow *row,
                 const char   *icon_name,
                 const char   *css_class,
                 const char   *label)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_prefix (row, icon);
}

/* How the kernel can reset the function, and a warning when a guest may leave it unusable:
 * known for local hosts and the demo only. */
static void
show_reset (FerryDevicePage     *self,
            FerrySession        *session,
            AdwPreferencesGroup *group)
{
  const FerryFunctionState *state = ferry_session_get_function_state (
    session, ferry_host_device_get_address (self->device));
  g_autofree char *methods = NULL;
  AdwActionRow *row;

  if (state == NULL || ferry_host_device_is_bridge (self->device))
    return;

  if (state->reset_methods == NULL)
    ferry_rows_add_property (group, _("Reset Methods"),
                             _("Not known: this kernel does not list them"));
  else if (state->reset_methods[0] == NULL)
    ferry_rows_add_property (group, _("Reset Methods"), _("None"));
  else
    {
      methods = g_strjoinv (", ", state->reset_methods);
      ferry_rows_add_property (group, _("Reset Methods"), methods);
    }

  switch (ferry_reset_risk_of (state, ferry_session_get_inventory (session), self->device, NULL))
    {
    case FERRY_RESET_RISK_NONE:
      return;
    case FERRY_RESET_RISK_NO_METHOD:
      row = ferry_rows_add_row (group, _("The kernel knows no way to reset this device"),
                                ferry_reset_risk_get_advice ());
      break;
    case FERRY_RESET_RISK_SHARED_BUS:
      row = ferry_rows_add_row (group, _("It can only be reset with its whole bus, which it "
                                         "shares with other functions"),
                                ferry_reset_risk_get_advice ());
      break;
    default:
      g_assert_not_reached ();
    }
  add_status_icon (row, "dialog-warning-symbolic", "warning", _("Warning"));
}

static void
show_identity (FerryDevicePage *self,
               FerrySession    *session)
{
  FerryHostDevice *device = self->device;
  AdwPreferencesGroup *group;
  g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (device));
  g_autofree char *ids = g_strdup_printf ("%04x:%04x", ferry_host_device_get_vendor_id (device),
                                          ferry_host_device_get_product_id (device));
  g_autofree char *driver = ferry_device_dup_driver_text (device);
  g_autofree char *vendor = ferry_text_dup_safe (ferry_host_device_get_vendor_name (device),
                                                 FERRY_TEXT_LABEL_MAX);
  FerryPciLink cap, sta;

  group = ferry_rows_add_group (self->page, self->groups, _("Device"), vendor);
  /* The header cuts a long name short: the whole of it is here, wrapped. */
  if (ferry_host_device_get_product_name (device) != NULL)
    {
      g_autofree char *product = ferry_text_dup_safe (ferry_host_device_get_product_name (device),
                                                      0);

      ferry_rows_add_property (group, _("Product"), product);
    }
  ferry_rows_add_property (group, _("PCI Address"), address);
  ferry_rows_add_property (group, _("Vendor and Product IDs"), ids);
  ferry_rows_add_property (group, _("Class"), ferry_host_device_get_class_name (device));
  if (ferry_host_device_get_driver (device) != NULL)
    ferry_rows_add_property (group, _("Driver"), ferry_host_device_get_driver (device));
  else
    ferry_rows_add_property (group, _("Driver"),
                  _("Not reported by this connection; it may be in use by the host"));

  if (ferry_host_device_get_numa_node (device) >= 0)
    {
      g_autofree char *numa = g_strdup_printf ("%d", ferry_host_device_get_numa_node (device));
      ferry_rows_add_property (group, _("NUMA Node"), numa);
    }

  if (ferry_host_device_get_link (device, &cap, &sta))
    {
      g_autofree char *now = describe_link (&sta);
      g_autofree char *can = describe_link (&cap);
      /* Translators: PCIe link; first %s is how it runs, second what it can do */
      g_autofree char *text = g_strdup_printf (_("%s (capable of %s)"), now, can);
      AdwActionRow *row = ferry_rows_add_property (group, _("PCIe Link"), text);

      if (ferry_host_device_is_link_degraded (device))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_widget_set_tooltip_text (icon, _("The link runs below what the device can do: "
                                               "check the slot it sits in"));
          adw_action_row_add_suffix (row, icon);
        }
    }

  ferry_rows_add_property (group, _("libvirt Node Device"), ferry_host_device_get_name (device));
  show_reset (self, session, group);
}

static void
show_sriov (FerryDevicePage *self,
            FerrySession    *session)
{
  FerryHostDevice *device = self->device;
  FerryInventory *inventory = ferry_session_get_inventory (session);
  AdwPreferencesGroup *group;

  if (ferry_host_device_get_pf (device) != NULL)
    {
      group = ferry_rows_add_group (self->page, self->groups, _("SR-IOV"), _("A virtual function of this physical function:"));
      add_device_link (group, session, ferry_host_device_get_pf (device), NULL);
    }

  if (ferry_host_device_is_pf (device))
    {
      const FerryPciAddress *vfs;
      guint n_vfs;
      g_autofree char *description = NULL;

      vfs = ferry_host_device_get_vfs (device, &n_vfs);
      /* Translators: first %u is the number of VFs the card has now, second its maximum */
      description = g_strdup_printf (_("A physical function with %u of at most %u virtual "
                                       "functions."), n_vfs, ferry_host_device_get_max_vfs (device));
      group = ferry_rows_add_group (self->page, self->groups, _("SR-IOV"), description);
      if (n_vfs == 0)
        {
          g_autofree char *command = ferry_host_device_dup_create_vfs_command (device);

          ferry_rows_add_row (group, _("No virtual functions yet"), command);
        }
      for (guint i = 0; i < n_vfs; i++)
        {
          GPtrArray *uses = ferry_inventory_get_uses (inventory, &vfs[i]);
          g_autofree char *detail = NULL;

          for (guint u = 0; uses != NULL && u < uses->len && detail == NULL; u++)
            if (!ferry_device_use_is_potential (uses->pdata[u]))
              detail = ferry_device_use_describe (uses->pdata[u]);
          add_device_link (group, session, &vfs[i], detail);
        }
    }
}

static void
show_interfaces (FerryDevicePage *self)
{
  const char * const *netdevs = ferry_host_device_get_netdevs (self->device);
  AdwPreferencesGroup *group;

  if (netdevs[0] == NULL)
    return;

  group = ferry_rows_add_group (self->page, self->groups, _("Network Interfaces"),
                     _("The host uses these interfaces while the device is bound to its driver."));
  for (guint i = 0; netdevs[i] != NULL; i++)
    {
      g_autofree char *name = ferry_text_dup_safe (netdevs[i], FERRY_TEXT_LABEL_MAX);

      ferry_rows_add_row (group, name, NULL);
    }
}

static char *
describe_member (FerryInventory  *inventory,
                 FerryHostDevice *member)
{
  GPtrArray *uses = ferry_inventory_get_uses (inventory, ferry_host_device_get_address (member));

  if (ferry_host_device_is_bridge (member))
    return g_strdup (_("bridge or port: stays with the host, never assigned"));

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    if (!ferry_device_use_is_potential (uses->pdata[i]))
      return ferry_device_use_describe (uses->pdata[i]);

  return ferry_device_dup_driver_text (member);
}

static void
show_group (FerryDevicePage *self,
            FerrySession    *session)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  int number = ferry_host_device_get_iommu_group (self->device);
  FerryIommuGroup *group_record = ferry_inventory_get_group (inventory, number);
  const FerryPciAddress *members;
  AdwPreferencesGroup *group;
  g_autofree char *title = NULL;
  guint n_members;

  if (number == FERRY_NO_IOMMU_GROUP)
    {
      ferry_rows_add_group (self->page, self->groups, _("No IOMMU group"),
                 _("This function belongs to no IOMMU group: the host’s IOMMU is off, or the "
                   "device sits outside every group. It cannot be assigned until the IOMMU is "
                   "on; see Host Readiness."));
      return;
    }

  /* Translators: %d is an IOMMU group number */
  title = g_strdup_printf (_("IOMMU group %d"), number);
  group = ferry_rows_add_group (self->page, self->groups, title,
                     !(group_record && ferry_iommu_group_is_isolated (group_record))
                     ? _("Shared: every endpoint here must go to the same guest, or be detached "
                         "from the host; bridges and ports stay behind.")
                     : lookup_host_use (self, session) != NULL
                     ? _("Isolated, but the host uses this function now: giving it to a guest "
                         "takes it from the host.")
                     : _("Isolated: this function can go to a guest on its own."));

  members = ferry_host_device_get_group_members (self->device, &n_members);
  for (guint i = 0; i < n_members; i++)
    {
      FerryHostDevice *member = ferry_session_lookup_device (session, &members[i]);
      g_autofree char *detail = member ? describe_member (inventory, member) : NULL;

      if (ferry_pci_address_equal (&members[i], ferry_host_device_get_address (self->device)))
        {
          g_autofree char *name = ferry_host_device_dup_title (member);
          AdwActionRow *row = ferry_rows_add_row (group, name, detail);
          GtkWidget *label = gtk_label_new (_("This device"));

          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (
            ferry_host_device_get_icon_name (member)));
          adw_action_row_add_suffix (row, label);
        }
      else
        add_device_link (group, session, &members[i], detail);
    }
}

static void
show_owners (FerryDevicePage *self,
             FerrySession    *session)
{
  FerryInventory *inventory = ferry_session_get_inventory (session);
  const FerryPciAddress *address = ferry_host_device_get_address (self->device);
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);
  const char * const *pools = ferry_inventory_get_pools (inventory, address);
  g_autoptr(GPtrArray) siblings = ferry_inventory_dup_slot_siblings (inventory, address);
  AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups, _("Used By"), NULL);
  const char *host_use = lookup_host_use (self, session);
  const FerryFunctionState *state = ferry_session_get_function_state (session, address);

  if (host_use != NULL)
    {
      AdwActionRow *row = ferry_rows_add_row (group, _("The host itself"), host_use);

      add_status_icon (row, "dialog-warning-symbolic", "error", _("Used by the host"));
    }
  for (guint i = 0; state != NULL && i < state->holders->len; i++)
    {
      g_autofree char *holder = ferry_device_holder_describe (state->holders->pdata[i]);
      AdwActionRow *row = ferry_rows_add_row (group, holder,
                                              _("Quit it before giving the device to a guest: "
                                                "taking a device a program holds can hang the "
                                                "detach or freeze the desktop."));

      add_status_icon (row, "dialog-error-symbolic", "error", _("Held by a process"));
    }
  if (state != NULL && state->nodes->len > 0 && state->unchecked > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             /* Translators: %u is a count
                                                                of processes */
                                                             "%u process of another user "
                                                             "could not be checked",
                                                             "%u processes of other users "
                                                             "could not be checked",
                                                             state->unchecked),
                                                state->unchecked);
      AdwActionRow *row = ferry_rows_add_row (group, title,
                                              _("Ferry cannot see what other users’ processes "
                                                "have open: one of them may hold this device."));

      add_status_icon (row, "dialog-information-symbolic", "dim-label", _("Not checked"));
    }
  else if (ferry_session_get_host_uses_partial (session))
    {
      const char * const *blocks = ferry_host_device_get_blocks (self->device);
      g_autofree char *disks = g_strjoinv (", ", (char **) blocks);
      g_autofree char *text = NULL;
      AdwActionRow *row;
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-question-symbolic");

      if (blocks[0] != NULL)
        /* Translators: %s lists the host's disks on this device ("sda, sdb") */
        text = g_strdup_printf (_("It holds the disks %s. Ferry cannot tell over a remote "
                                  "connection whether the host uses them: its mounts are not "
                                  "visible from here."),
                                disks);
      else
        text = g_strdup (_("Ferry cannot tell over a remote connection whether the host uses "
                           "this device: its mounts, boot display and programs are not visible "
                           "from here."));
      row = ferry_rows_add_row (group, _("The host itself"), text);

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not known"), -1);
      adw_action_row_add_prefix (row, icon);
    }
  if ((uses == NULL || uses->len == 0) && pools == NULL)
    ferry_rows_add_row (group, _("No guest uses this device"), NULL);

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      g_autofree char *text = ferry_device_use_describe (uses->pdata[i]);
      AdwActionRow *row = ferry_rows_add_row (group, ferry_device_use_get_guest (uses->pdata[i]), text);

      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("computer-symbolic"));
    }
  for (guint i = 0; pools != NULL && pools[i] != NULL; i++)
    {
      /* Translators: %s is an SR-IOV pool (network) name */
      g_autofree char *title = g_strdup_printf (_("SR-IOV pool %s"), pools[i]);
      AdwActionRow *row = ferry_rows_add_row (group, title,
                                   _("The pool may hand this function to any guest on it."));

      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name ("network-workgroup-symbolic"));
    }

  if (siblings->len > 0)
    {
      group = ferry_rows_add_group (self->page, self->groups, _("Other Functions of This Slot"),
                         _("Functions of one card (a GPU and its HDMI audio, the ports of a "
                           "NIC) usually go to a guest together."));
      for (guint i = 0; i < siblings->len; i++)
        {
          FerryHostDevice *sibling = siblings->pdata[i];
          g_autofree char *detail = describe_member (inventory, sibling);

          add_device_link (group, session, ferry_host_device_get_address (sibling), detail);
        }
    }
}

static FerryBootBinding *
new_boot_binding (FerryDevicePage *self,
                  GError         **error)
{
  return ferry_boot_binding_new (ferry_session_get_host_facts (self->session),
                                 ferry_session_get_inventory (self->session), self->device,
                                 ferry_session_get_host_uses (self->session), error);
}

/* Only where Ferry read the host's own /etc: a remote host's files are out of reach. */
static void
show_boot_binding (FerryDevicePage *self)
{
  AdwPreferencesGroup *group;
  AdwActionRow *row;
  g_autoptr(FerryBootBinding) binding = NULL;
  g_autoptr(GError) error = NULL;

  if (ferry_host_device_is_bridge (self->device))
    return;

  group = ferry_rows_add_group (self->page, self->groups, _("At Host Start"), NULL);
  if (ferry_session_get_host_facts (self->session) == NULL)
    {
      ferry_rows_add_row (group, _("Bind to vfio-pci at Boot"),
                          _("Only for this computer: Ferry cannot read a remote host’s "
                            "distribution and boot files."));
      return;
    }

  binding = new_boot_binding (self, &error);
  if (binding == NULL)
    {
      ferry_rows_add_row (group, _("Bind to vfio-pci at Boot"), error->message);
      return;
    }

  row = ferry_rows_add_row (group, _("Bind to vfio-pci at Boot"),
                            _("The commands that keep the card from its host drivers when the "
                              "host starts, and how to undo them"));
  gtk_widget_set_name (GTK_WIDGET (row), "bind-at-boot");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "device.bind-at-boot");
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
bind_at_boot_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryDevicePage *self = FERRY_DEVICE_PAGE (widget);
  g_autoptr(FerryBootBinding) binding = NULL;
  const FerryHostFacts *facts;
  FerryBootBindingDialog *dialog;

  if (self->session == NULL || self->device == NULL ||
      (facts = ferry_session_get_host_facts (self->session)) == NULL ||
      (binding = new_boot_binding (self, NULL)) == NULL)
    return;

  dialog = ferry_boot_binding_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), binding,
                                          facts->os_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ferry_device_page_show (FerryDevicePage *self,
                        FerrySession    *session,
                        FerryHostDevice *device)
{
  g_autofree char *address = NULL;

  g_return_if_fail (FERRY_IS_DEVICE_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_HOST_DEVICE (device));

  ferry_rows_clear (self->page, self->groups);
  if (self->device == NULL ||
      !ferry_pci_address_equal (ferry_host_device_get_address (self->device),
                                ferry_host_device_get_address (device)))
    ferry_rows_scroll_to_top (self->page);
  g_set_object (&self->device, device);
  g_set_object (&self->session, session);

  g_free (self->title);
  self->title = ferry_host_device_dup_title (device);
  address = ferry_pci_address_to_string (ferry_host_device_get_address (device));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->assign_button), "(ss)", "", address);
  /* Bridges and ports are never assigned: no button to try. */
  gtk_widget_set_visible (self->assign_group, !ferry_host_device_is_bridge (device));

  show_identity (self, session);
  show_sriov (self, session);
  show_interfaces (self);
  show_group (self, session);
  show_owners (self, session);
  show_boot_binding (self);
}

FerryHostDevice *
ferry_device_page_get_device (FerryDevicePage *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_PAGE (self), NULL);
  return self->device;
}

/* The device's name for the pane's header; NULL before the first device. */
const char *
ferry_device_page_get_title (FerryDevicePage *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_PAGE (self), NULL);
  return self->title;
}

static void
ferry_device_page_dispose (GObject *object)
{
  FerryDevicePage *self = (FerryDevicePage *) object;

  g_clear_object (&self->device);
  g_clear_object (&self->session);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  /* The template's root (the page) is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (ferry_device_page_parent_class)->dispose (object);
}

static void
ferry_device_page_class_init (FerryDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_device_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDevicePage, assign_group);
  gtk_widget_class_bind_template_child (widget_class, FerryDevicePage, assign_button);
  gtk_widget_class_bind_template_child (widget_class, FerryDevicePage, page);
  gtk_widget_class_install_action (widget_class, "device.bind-at-boot", NULL,
                                   bind_at_boot_action);
}

static void
ferry_device_page_init (FerryDevicePage *self)
{
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
