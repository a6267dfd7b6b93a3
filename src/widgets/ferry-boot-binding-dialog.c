/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-boot-binding-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-boot-binding-dialog.h"
#include "ferry-rows.h"

/* Shows — never runs — the commands that have vfio-pci take a card when the host starts:
 * what the card is, what to know first, each step with a command to copy, and the way back. */
struct _FerryBootBindingDialog
{
  AdwWindow           parent_instance;

  GPtrArray          *groups;

  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (FerryBootBindingDialog, ferry_boot_binding_dialog, ADW_TYPE_WINDOW)

static void
add_steps (FerryBootBindingDialog *self,
           GPtrArray              *steps,
           const char             *heading,
           const char             *description)
{
  ferry_rows_add_group (self->page, self->groups, heading, description);
  for (guint i = 0; i < steps->len; i++)
    {
      FerryBootStep *step = steps->pdata[i];
      /* Translators: a numbered step: %u is its number, %s what it does */
      g_autofree char *title = g_strdup_printf (_("%u. %s"), i + 1, step->title);
      AdwPreferencesGroup *group = ferry_rows_add_group (self->page, self->groups, NULL, title);

      adw_preferences_group_add (group, ferry_rows_new_command (step->command));
    }
}

static void
fill (FerryBootBindingDialog *self,
      const FerryBootBinding *binding,
      const char             *os_name)
{
  g_autofree char *intro = NULL;
  AdwPreferencesGroup *group;

  if (os_name != NULL)
    /* Translators: %s is the host's distribution, e.g. "Debian GNU/Linux 12 (bookworm)" */
    intro = g_strdup_printf (_("Commands for this host, %s. Ferry does not run them: read them, "
                               "then run them in a terminal. vfio-pci takes every function of "
                               "the card from the next start on."), os_name);
  else
    intro = g_strdup (_("Commands for this host. Ferry does not run them: read them, then run "
                        "them in a terminal. vfio-pci takes every function of the card from the "
                        "next start on."));

  group = ferry_rows_add_group (self->page, self->groups, _("The Card"), intro);
  for (guint i = 0; i < binding->functions->len; i++)
    {
      FerryHostDevice *function = binding->functions->pdata[i];
      g_autofree char *title = ferry_host_device_dup_title (function);
      g_autofree char *address = ferry_pci_address_to_string (
        ferry_host_device_get_address (function));
      g_autofree char *subtitle = g_strdup_printf ("%s · %04x:%04x", address,
                                                   ferry_host_device_get_vendor_id (function),
                                                   ferry_host_device_get_product_id (function));
      AdwActionRow *row = ferry_rows_add_row (group, title, subtitle);

      adw_action_row_add_prefix (row, gtk_image_new_from_icon_name (
        ferry_host_device_get_icon_name (function)));
    }

  if (binding->warnings->len > 0)
    {
      group = ferry_rows_add_group (self->page, self->groups, _("Before You Start"), NULL);
      for (guint i = 0; i < binding->warnings->len; i++)
        {
          AdwActionRow *row = ferry_rows_add_row (group, binding->warnings->pdata[i], NULL);
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Warning"), -1);
          adw_action_row_add_prefix (row, icon);
        }
    }

  add_steps (self, binding->steps, _("Bind at Boot"),
             _("Run these as an administrator, in this order."));
  add_steps (self, binding->undo, _("Undo"),
             _("To give the card back to its host drivers at the next start."));
}

static void
ferry_boot_binding_dialog_dispose (GObject *object)
{
  FerryBootBindingDialog *self = (FerryBootBindingDialog *) object;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_BOOT_BINDING_DIALOG);

  G_OBJECT_CLASS (ferry_boot_binding_dialog_parent_class)->dispose (object);
}

static void
ferry_boot_binding_dialog_class_init (FerryBootBindingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_boot_binding_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-boot-binding-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryBootBindingDialog, page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_boot_binding_dialog_init (FerryBootBindingDialog *self)
{
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryBootBindingDialog *
ferry_boot_binding_dialog_new (GtkWindow              *parent,
                               const FerryBootBinding *binding,
                               const char             *os_name)
{
  FerryBootBindingDialog *self;

  g_return_val_if_fail (binding != NULL, NULL);

  self = g_object_new (FERRY_TYPE_BOOT_BINDING_DIALOG, "transient-for", parent, NULL);
  fill (self, binding, os_name);
  return self;
}
