/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-detach-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-detach-dialog.h"

/* Asks before a device leaves a guest: what the guest loses and when, the rest of its IOMMU
 * group the guest holds (the responses "detach" and "detach-group"), and, for a device
 * libvirt does not manage, whether to give it back to the host driver. The caller detaches. */
struct _FerryDetachDialog
{
  AdwMessageDialog     parent_instance;

  FerryAssignedDevice *device;
  GPtrArray           *group_mates;

  GtkCheckButton      *give_back;
};

G_DEFINE_FINAL_TYPE (FerryDetachDialog, ferry_detach_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ferry_detach_dialog_dispose (GObject *object)
{
  FerryDetachDialog *self = (FerryDetachDialog *) object;

  g_clear_object (&self->device);
  g_clear_pointer (&self->group_mates, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_DETACH_DIALOG);

  G_OBJECT_CLASS (ferry_detach_dialog_parent_class)->dispose (object);
}

static void
ferry_detach_dialog_class_init (FerryDetachDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_detach_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-detach-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDetachDialog, give_back);
}

static void
ferry_detach_dialog_init (FerryDetachDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* TITLE names DEVICE; GROUP_MATES are the guest's other devices from its IOMMU group. */
FerryDetachDialog *
ferry_detach_dialog_new (GtkWindow           *parent,
                         FerryGuest          *guest,
                         FerryAssignedDevice *device,
                         const char          *title,
                         GPtrArray           *group_mates)
{
  AdwMessageDialog *dialog;
  FerryDetachDialog *self;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *name;

  g_return_val_if_fail (FERRY_IS_GUEST (guest), NULL);
  g_return_val_if_fail (FERRY_IS_ASSIGNED_DEVICE (device), NULL);
  g_return_val_if_fail (group_mates != NULL, NULL);

  self = g_object_new (FERRY_TYPE_DETACH_DIALOG, "transient-for", parent, NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->device = g_object_ref (device);
  self->group_mates = g_ptr_array_ref (group_mates);
  name = ferry_guest_get_display_name (guest);

  /* Translators: %s is a device name */
  heading = g_strdup_printf (_("Detach “%s”?"), title);
  if (ferry_guest_is_active (guest) && ferry_assigned_device_get_live (device))
    /* Translators: %s is a guest name */
    g_string_printf (body, _("%s loses the device now, and does not get it back at its next "
                             "boot."), name);
  else
    /* Translators: %s is a guest name */
    g_string_printf (body, _("%s will not have the device at its next boot."), name);

  if (group_mates->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The guest holds %u more device of the same IOMMU "
                                           "group. A group left half-assigned keeps the guest "
                                           "from starting.",
                                           "The guest holds %u more devices of the same IOMMU "
                                           "group. A group left half-assigned keeps the guest "
                                           "from starting.", group_mates->len),
                              group_mates->len);
    }
  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_set_body (dialog, body->str);

  /* The responses depend on the group, and libadwaita 1.2 cannot hide one: added here, in
   * the order they show. */
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (group_mates->len > 0)
    {
      adw_message_dialog_add_response (dialog, "detach-group", _("Detach the _Whole Group"));
      adw_message_dialog_set_response_appearance (dialog, "detach-group",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (dialog, "detach", _("_Detach"));
  adw_message_dialog_set_response_appearance (dialog, "detach", ADW_RESPONSE_DESTRUCTIVE);

  gtk_widget_set_visible (GTK_WIDGET (self->give_back),
                          !ferry_assigned_device_get_managed (device) &&
                          ferry_assigned_device_get_address (device) != NULL);
  return self;
}

/* The devices RESPONSE detaches, the dialog's device first; NULL for Cancel. */
GPtrArray *
ferry_detach_dialog_dup_devices (FerryDetachDialog *self,
                                 const char        *response)
{
  GPtrArray *devices;

  g_return_val_if_fail (FERRY_IS_DETACH_DIALOG (self), NULL);
  g_return_val_if_fail (response != NULL, NULL);

  if (g_str_equal (response, "detach"))
    devices = g_ptr_array_new_with_free_func (g_object_unref);
  else if (g_str_equal (response, "detach-group"))
    devices = g_ptr_array_copy (self->group_mates, (GCopyFunc) (void (*) (void)) g_object_ref,
                                NULL);
  else
    return NULL;

  g_ptr_array_set_free_func (devices, g_object_unref);
  g_ptr_array_insert (devices, 0, g_object_ref (self->device));
  return devices;
}

FerryDetachFlags
ferry_detach_dialog_get_flags (FerryDetachDialog *self)
{
  FerryDetachFlags flags = FERRY_DETACH_LIVE | FERRY_DETACH_CONFIG;

  g_return_val_if_fail (FERRY_IS_DETACH_DIALOG (self), flags);

  if (gtk_widget_get_visible (GTK_WIDGET (self->give_back)) &&
      gtk_check_button_get_active (self->give_back))
    flags |= FERRY_DETACH_GIVE_BACK;
  return flags;
}
