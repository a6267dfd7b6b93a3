/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-device-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-device-row.h"
#include "ferry-rows.h"
#include "ferry-text.h"

/* One PCI function in the Host page's list: names, address, driver, and badges for what
 * matters before passthrough (SR-IOV role, bridge, owners, pools, vfio-pci, a slow link).
 * Every row is one line of each, cut with "…" rather than wrapped, so a list of thousands
 * measures each row once, not once per width tried; a cut text shows whole in its tooltip,
 * and on the device's page.
 *
 * The same row shows an IOMMU group's heading in that list, with its title and subtitle
 * labels: GTK 4.8's list view builds ~200 items whatever its height, each item then had a
 * heading and a row, and every widget costs memory (its CSS node and style, its accessible
 * context). For the same reason the badges' box comes with the first badge. */
struct _FerryDeviceRow
{
  GtkWidget   parent_instance;

  GtkImage   *icon;
  GtkLabel   *title;
  GtkLabel   *subtitle;
  GtkBox     *badges;         /* NULL until a bind needs one */
  GtkWidget  *chevron;
  GtkWidget  *next_badge;     /* during a bind: the label add_badge reuses next */
  gboolean    picking;
  gboolean    heading;
  FerryHostDevice *device;   /* the function shown, since the last bind */
};

G_DEFINE_FINAL_TYPE (FerryDeviceRow, ferry_device_row, GTK_TYPE_WIDGET)

/* "0b:10.2" for domain 0, the way lspci prints it; the full form otherwise. */
char *
ferry_device_dup_short_address (const FerryPciAddress *address)
{
  if (address->domain != 0)
    return ferry_pci_address_to_string (address);

  return g_strdup_printf ("%02x:%02x.%x", address->bus, address->slot, address->function);
}

/* libvirt's test driver and some hosts do not report the driver: say so, and that an unknown
 * driver may mean the host is using the device. */
char *
ferry_device_dup_driver_text (FerryHostDevice *device)
{
  const char *driver = ferry_host_device_get_driver (device);

  if (driver == NULL)
    return g_strdup (_("driver not reported"));

  /* Translators: %s is a kernel driver name such as nvidia or vfio-pci */
  return g_strdup_printf (_("driver %s"), driver);
}

/* The next badge, reusing the labels of the row's last bind (rows are rebound all the time
 * while scrolling), or a new one. */
static GtkWidget *
add_badge (FerryDeviceRow *self,
           const char     *text,
           const char     *style)
{
  const char *classes[] = { "ferry-badge", style, NULL };
  GtkWidget *label = self->next_badge;

  if (label != NULL)
    self->next_badge = gtk_widget_get_next_sibling (label);
  else
    {
      if (self->badges == NULL)
        {
          GtkLayoutManager *grid = gtk_widget_get_layout_manager (GTK_WIDGET (self));
          GtkGridLayoutChild *cell;

          self->badges = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
          gtk_widget_set_margin_top (GTK_WIDGET (self->badges), 3);
          /* Hidden until the bind ends: show_badges () then spans the icons over it. */
          gtk_widget_set_visible (GTK_WIDGET (self->badges), FALSE);
          gtk_widget_insert_before (GTK_WIDGET (self->badges), GTK_WIDGET (self), self->chevron);
          cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (
            grid, GTK_WIDGET (self->badges)));
          gtk_grid_layout_child_set_column (cell, 1);
          gtk_grid_layout_child_set_row (cell, 2);
        }
      label = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      ferry_rows_tooltip_when_cut (GTK_LABEL (label));
      gtk_box_append (self->badges, label);
    }
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, NULL);
  gtk_widget_set_css_classes (label, classes);
  gtk_widget_set_visible (label, TRUE);
  return label;
}

/* The icon and the chevron stand centred beside the texts: beside the badges' row too while it
 * shows, and not beside an empty one (the grid would space it). */
static void
show_badges (FerryDeviceRow *self,
             gboolean        shown)
{
  GtkLayoutManager *grid = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  if (self->badges == NULL || gtk_widget_get_visible (GTK_WIDGET (self->badges)) == shown)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->badges), shown);
  gtk_grid_layout_child_set_row_span (
    GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (grid, GTK_WIDGET (self->icon))),
    shown ? 3 : 2);
  gtk_grid_layout_child_set_row_span (
    GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (grid, self->chevron)),
    shown ? 3 : 2);
}

static void
add_badges (FerryDeviceRow  *self,
            FerryHostDevice *device,
            FerryInventory  *inventory,
            GHashTable      *host_uses)
{
  const FerryPciAddress *address = ferry_host_device_get_address (device);
  g_autofree char *key = ferry_pci_address_to_string (address);
  const char *host_use = host_uses ? g_hash_table_lookup (host_uses, key) : NULL;
  GPtrArray *uses = ferry_inventory_get_uses (inventory, address);
  const char * const *pools = ferry_inventory_get_pools (inventory, address);
  const char * const *netdevs = ferry_host_device_get_netdevs (device);

  /* First: what giving it away would cost the host itself (the tooltip says what). */
  if (host_use != NULL)
    gtk_widget_set_tooltip_text (add_badge (self, _("Used by the host"), "error"), host_use);

  if (ferry_host_device_get_pf (device) != NULL)
    {
      g_autofree char *pf = ferry_device_dup_short_address (ferry_host_device_get_pf (device));
      /* Translators: %s is the PCI address of an SR-IOV physical function */
      g_autofree char *text = g_strdup_printf (_("VF of %s"), pf);
      add_badge (self, text, NULL);
    }
  if (ferry_host_device_is_pf (device))
    {
      guint n_vfs;
      g_autofree char *text = NULL;

      ferry_host_device_get_vfs (device, &n_vfs);
      /* Translators: SR-IOV physical function; first %u is its VFs, second the maximum */
      text = g_strdup_printf (_("PF · %u of %u VFs"), n_vfs, ferry_host_device_get_max_vfs (device));
      add_badge (self, text, NULL);
    }
  if (ferry_host_device_is_bridge (device))
    add_badge (self, _("Bridge"), NULL);
  if (ferry_host_device_get_iommu_group (device) == FERRY_NO_IOMMU_GROUP)
    add_badge (self, _("No IOMMU group"), "warning");

  for (guint i = 0; netdevs[i] != NULL; i++)
    add_badge (self, netdevs[i], NULL);

  for (guint i = 0; uses != NULL && i < uses->len; i++)
    {
      FerryDeviceUse *use = uses->pdata[i];
      g_autofree char *text = NULL;
      g_autofree char *guest = NULL;

      if (ferry_device_use_is_potential (use))
        continue;

      guest = ferry_text_dup_safe (ferry_device_use_get_guest (use), FERRY_TEXT_LABEL_MAX);
      if (ferry_device_use_get_live (use))
        /* Translators: %s is a guest name */
        text = g_strdup_printf (_("In use by %s"), guest);
      else
        /* Translators: %s is a guest name; the guest gets the device when it next starts */
        text = g_strdup_printf (_("%s at next boot"), guest);
      add_badge (self, text, ferry_device_use_get_live (use) ? "accent" : NULL);
    }

  for (guint i = 0; pools != NULL && pools[i] != NULL; i++)
    {
      /* Translators: %s is the name of an SR-IOV pool (a libvirt network) */
      g_autofree char *text = g_strdup_printf (_("Pool %s"), pools[i]);
      add_badge (self, text, NULL);
    }

  if (g_strcmp0 (ferry_host_device_get_driver (device), "vfio-pci") == 0)
    add_badge (self, "vfio-pci", "success");

  if (ferry_host_device_is_link_degraded (device))
    {
      FerryPciLink cap, sta;
      g_autofree char *text = NULL;

      ferry_host_device_get_link (device, &cap, &sta);
      /* Translators: a PCIe link running below its capability; %u are lane counts */
      text = g_strdup_printf (_("Link x%u of x%u"), sta.width, cap.width);
      add_badge (self, text, "warning");
    }
}

/* A heading: the title in the heading style over its detail, without icon, badges or chevron,
 * and its room around it rather than a row's (style.css). A device: the other way round. */
static void
set_heading_mode (FerryDeviceRow *self,
                  gboolean        heading)
{
  if (self->heading == heading)
    return;

  self->heading = heading;
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !heading);
  gtk_widget_set_visible (self->chevron, !heading && !self->picking);
  show_badges (self, FALSE);
  gtk_grid_layout_set_row_spacing (
    GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), heading ? 2 : 3);
  if (heading)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "ferry-group-heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "ferry-group-heading");
      gtk_widget_remove_css_class (GTK_WIDGET (self->title), "heading");
      gtk_label_set_single_line_mode (self->subtitle, TRUE);
      gtk_label_set_wrap (self->subtitle, FALSE);
      gtk_label_set_ellipsize (self->subtitle, PANGO_ELLIPSIZE_END);
    }
}

/* HOST_USES: what the host itself uses functions for (address text → sentence), or NULL. */
void
ferry_device_row_bind (FerryDeviceRow  *self,
                       FerryHostDevice *device,
                       FerryInventory  *inventory,
                       GHashTable      *host_uses)
{
  g_autofree char *title = NULL;
  g_autofree char *address = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *group = NULL;
  const char *parts[5] = { NULL, };
  guint n_parts = 0;

  g_return_if_fail (FERRY_IS_DEVICE_ROW (self));
  g_return_if_fail (FERRY_IS_HOST_DEVICE (device));

  g_set_object (&self->device, device);
  set_heading_mode (self, FALSE);

  title = ferry_host_device_dup_title (device);
  vendor = ferry_text_dup_safe (ferry_host_device_get_vendor_name (device), FERRY_TEXT_LABEL_MAX);
  address = ferry_pci_address_to_string (ferry_host_device_get_address (device));
  driver = ferry_device_dup_driver_text (device);
  /* A flat list of choices has no group headings: the group goes with each function. */
  if (self->picking && ferry_host_device_get_iommu_group (device) != FERRY_NO_IOMMU_GROUP)
    /* Translators: %d is an IOMMU group number */
    group = g_strdup_printf (_("IOMMU group %d"), ferry_host_device_get_iommu_group (device));
  /* What passthrough turns on first, the vendor (its name is often in the title too) last:
   * a narrow window cuts the end. */
  parts[n_parts++] = address;
  if (group != NULL)
    parts[n_parts++] = group;
  parts[n_parts++] = driver;
  parts[n_parts++] = vendor ? vendor : ferry_host_device_get_class_name (device);
  subtitle = g_strjoinv (" · ", (char **) parts);

  gtk_image_set_from_icon_name (self->icon, ferry_host_device_get_icon_name (device));
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, subtitle);

  self->next_badge = self->badges ? gtk_widget_get_first_child (GTK_WIDGET (self->badges)) : NULL;
  if (inventory != NULL)
    add_badges (self, device, inventory, host_uses);
  if (self->badges == NULL)
    return;
  /* Labels this bind did not need wait hidden for the next. */
  for (GtkWidget *unused = self->next_badge; unused != NULL;
       unused = gtk_widget_get_next_sibling (unused))
    gtk_widget_set_visible (unused, FALSE);
  show_badges (self, self->next_badge != gtk_widget_get_first_child (GTK_WIDGET (self->badges)));
  self->next_badge = NULL;
}

/* Shows an IOMMU group's heading instead of a device: TITLE over DETAIL, which wraps when
 * WRAP (a sentence rather than facts) and is cut with "…" otherwise. The Host list's items
 * are rebound between groups and devices all the time: only what differs is set. */
void
ferry_device_row_show_heading (FerryDeviceRow *self,
                               const char     *title,
                               const char     *detail,
                               gboolean        wrap)
{
  g_return_if_fail (FERRY_IS_DEVICE_ROW (self));

  g_clear_object (&self->device);
  set_heading_mode (self, TRUE);
  gtk_label_set_single_line_mode (self->subtitle, !wrap);
  gtk_label_set_wrap (self->subtitle, wrap);
  gtk_label_set_ellipsize (self->subtitle, wrap ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, detail);
}

/* The function the row shows; NULL before its first bind and while it shows a heading. */
FerryHostDevice *
ferry_device_row_get_device (FerryDeviceRow *self)
{
  g_return_val_if_fail (FERRY_IS_DEVICE_ROW (self), NULL);
  return self->device;
}

static void
ferry_device_row_dispose (GObject *object)
{
  g_clear_object (&FERRY_DEVICE_ROW (object)->device);
  gtk_widget_dispose_template (GTK_WIDGET (object), FERRY_TYPE_DEVICE_ROW);
  /* The badges' box is no template child: a plain GtkWidget unparents it itself. */
  if (FERRY_DEVICE_ROW (object)->badges != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&FERRY_DEVICE_ROW (object)->badges)));

  G_OBJECT_CLASS (ferry_device_row_parent_class)->dispose (object);
}

static void
ferry_device_row_class_init (FerryDeviceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_device_row_dispose;

  /* Its padding is in the style sheet, inside the focus ring a list draws around it. */
  gtk_widget_class_set_css_name (widget_class, "devicerow");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-device-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDeviceRow, icon);
  gtk_widget_class_bind_template_child (widget_class, FerryDeviceRow, title);
  gtk_widget_class_bind_template_child (widget_class, FerryDeviceRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, FerryDeviceRow, chevron);
}

static void
ferry_device_row_init (FerryDeviceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_rows_tooltip_when_cut (self->title);
  ferry_rows_tooltip_when_cut (self->subtitle);
}

GtkWidget *
ferry_device_row_new (void)
{
  return g_object_new (FERRY_TYPE_DEVICE_ROW, NULL);
}

/* A row to pick rather than to open (the add-device wizard): no chevron, and its IOMMU group
 * spelled out. */
void
ferry_device_row_set_picking (FerryDeviceRow *self,
                              gboolean        picking)
{
  g_return_if_fail (FERRY_IS_DEVICE_ROW (self));

  self->picking = picking;
  gtk_widget_set_visible (self->chevron, !picking && !self->heading);
}
