/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-guest-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-assigned-device-page.h"
#include "ferry-detach-dialog.h"
#include "ferry-device-change.h"
#include "ferry-guest-check.h"
#include "ferry-guest-device.h"
#include "ferry-guest-page.h"
#include "ferry-guest-repair.h"
#include "ferry-message.h"
#include "ferry-rows.h"
#include "ferry-subpage.h"

/* One guest's hardware: assigned PCI devices (each with its details, and Detach with Undo),
 * then its VirtIO and emulated devices, read-only. */
struct _FerryGuestPage
{
  AdwBin                   parent_instance;

  FerrySession            *session;
  FerryGuest              *guest;
  GCancellable            *cancellable;
  /* The guest on show: its state, and its assigned devices' changes. */
  GBindingGroup           *guest_bindings;
  GSignalGroup            *assigned_signals;

  GtkStack                *stack;
  AdwPreferencesPage      *overview;
  AdwActionRow            *state_row;
  GtkImage                *state_icon;
  AdwActionRow            *limit_row;
  GtkWidget               *problems_group;
  GtkListBox              *problems_list;
  GtkListBox              *devices_list;
  GtkWidget               *add_button;
  AdwPreferencesGroup     *virtio_group;
  GtkListBox              *virtio_list;
  AdwPreferencesGroup     *emulated_group;
  GtkListBox              *emulated_list;
  FerryAssignedDevicePage *device_page;
};

static void ferry_guest_page_subpage_init (FerrySubpageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryGuestPage, ferry_guest_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_SUBPAGE,
                                                      ferry_guest_page_subpage_init))

/* An assigned device's details are the sub-page, under the window's header. */
static const char *
compute_subpage_title (FerrySubpage *subpage)
{
  FerryGuestPage *self = FERRY_GUEST_PAGE (subpage);

  /* The template's children go first when the page is disposed. */
  if (self->device_page != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "device") == 0)
    return ferry_assigned_device_page_get_title (self->device_page);
  return NULL;
}

static void
leave_subpage (FerrySubpage *subpage)
{
  gtk_stack_set_visible_child_name (FERRY_GUEST_PAGE (subpage)->stack, "overview");
}

static void
ferry_guest_page_subpage_init (FerrySubpageInterface *iface)
{
  iface->compute_title = compute_subpage_title;
  iface->leave = leave_subpage;
}

static void detach_device (FerryGuestPage *self, FerryAssignedDevice *device);

static FerryHostDevice *
host_device_of (FerryGuestPage      *self,
                FerryAssignedDevice *device)
{
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);

  return address ? ferry_session_lookup_device (self->session, address) : NULL;
}

static char *
dup_title (FerryGuestPage      *self,
           FerryAssignedDevice *device)
{
  return ferry_assigned_device_dup_title (device, host_device_of (self, device));
}

/* The row's button detaches the device the row shows. */
static void
detach_clicked_cb (GtkButton      *button,
                   FerryGuestPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (
    ferry_guest_get_assigned (self->guest), gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)));

  if (device != NULL)
    detach_device (self, device);
}

/* Whether SELF's session is still reading the host's devices (a first connect shows its
 * guests before them): a device cannot be named, judged or changed until they are in. */
static gboolean
reading_devices (FerryGuestPage *self)
{
  return ferry_session_get_inventory (self->session) == NULL;
}

static GtkWidget *
create_device_row (gpointer item,
                   gpointer user_data)
{
  FerryGuestPage *self = user_data;
  FerryAssignedDevice *device = item;
  FerryHostDevice *host_device = host_device_of (self, device);
  const FerryPciAddress *address = ferry_assigned_device_get_address (device);
  /* Until the devices are in, an assigned function is its address, not "not present". */
  g_autofree char *title = reading_devices (self) && address != NULL
                           ? ferry_pci_address_to_string (address)
                           : ferry_assigned_device_dup_title (device, host_device);
  g_autofree char *subtitle = ferry_assigned_device_dup_summary (device);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *detach = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
    host_device ? ferry_host_device_get_icon_name (host_device) : "network-wired-symbolic"));

  gtk_widget_set_valign (detach, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (detach, "flat");
  gtk_widget_set_tooltip_text (detach, _("Detach…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (detach), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Detach…"), -1);
  g_signal_connect_object (detach, "clicked", G_CALLBACK (detach_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), detach);
  /* The end of the read rebuilds the rows (the guest's devices are taken anew). */
  if (reading_devices (self))
    {
      gtk_widget_set_sensitive (detach, FALSE);
      return row;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
    "go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static GtkWidget *
create_other_row (gpointer item,
                  gpointer user_data)
{
  FerryGuestDevice *device = item;
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (ferry_guest_device_get_model (device) != NULL && *ferry_guest_device_get_model (device))
    g_ptr_array_add (details, (gpointer) ferry_guest_device_get_model (device));
  if (ferry_guest_device_get_target (device) != NULL && *ferry_guest_device_get_target (device))
    g_ptr_array_add (details, (gpointer) ferry_guest_device_get_target (device));
  g_ptr_array_add (details, NULL);
  subtitle = g_strjoinv (" · ", (char **) details->pdata);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_guest_device_get_title (device));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (ferry_guest_device_get_icon_name (device)));
  return row;
}

static void
show_device (FerryGuestPage      *self,
             FerryAssignedDevice *device)
{
  ferry_assigned_device_page_show (self->device_page, self->session, self->guest, device);
  gtk_stack_set_visible_child_name (self->stack, "device");
  ferry_subpage_update_title (FERRY_SUBPAGE (self));
}

static void
device_activated_cb (FerryGuestPage *self,
                     GtkListBoxRow  *row)
{
  g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (
    ferry_guest_get_assigned (self->guest), gtk_list_box_row_get_index (row));

  if (device != NULL)
    show_device (self, device);
}

static void
device_page_detach_cb (FerryGuestPage *self)
{
  detach_device (self, ferry_assigned_device_page_get_device (self->device_page));
}

/* ---- Detach, and Undo -------------------------------------------------------------------- */

static GtkWindow *
get_window (FerryGuestPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

/* What a toast's Undo puts back, and the page that does it. */
typedef struct
{
  FerryGuestPage    *page;
  FerryDeviceChange *change;
} Undo;

static void
undo_free (gpointer data,
           GClosure *closure)
{
  Undo *undo = data;

  g_object_unref (undo->page);
  g_object_unref (undo->change);
  g_free (undo);
}

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryGuestPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_undo_finish (FERRY_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_message_show_error (get_window (self), _("Cannot Undo"), error);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Undo     *undo)
{
  ferry_session_undo_async (undo->page->session, undo->change, undo->page->cancellable,
                            undone_cb, g_object_ref (undo->page));
}

static void
detached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryGuestPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDeviceChange) change = NULL;
  GtkWidget *overlay;
  AdwToast *toast;
  Undo *undo;
  g_autofree char *title = NULL;

  change = ferry_session_detach_finish (FERRY_SESSION (object), result, &error);
  if (change == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_message_show_error (get_window (self), _("Cannot Detach"), error);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "overview");
  if (ferry_device_change_get_warning (change) != NULL)
    ferry_message_show (get_window (self), _("Detached, Not Given Back"),
                        ferry_device_change_get_warning (change));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* Translators: %u is a number of devices, %s a guest */
                                        "Detached %u device from %s",
                                        "Detached %u devices from %s",
                                        ferry_device_change_get_count (change)),
                           ferry_device_change_get_count (change),
                           ferry_device_change_get_guest (change));
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  undo = g_new (Undo, 1);
  undo->page = g_object_ref (self);
  undo->change = g_steal_pointer (&change);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo, undo_free,
                         0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The guest's other assignments from DEVICE's IOMMU group: a group left half-assigned keeps
 * the guest from starting. */
static GPtrArray *
dup_group_mates (FerryGuestPage      *self,
                 FerryAssignedDevice *device)
{
  GPtrArray *mates = g_ptr_array_new_with_free_func (g_object_unref);
  FerryHostDevice *host_device = host_device_of (self, device);
  GListModel *assigned = ferry_guest_get_assigned (self->guest);
  int group;

  if (host_device == NULL ||
      (group = ferry_host_device_get_iommu_group (host_device)) == FERRY_NO_IOMMU_GROUP)
    return mates;

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) other = g_list_model_get_item (assigned, i);
      FerryHostDevice *other_host = host_device_of (self, other);

      if (other != device && other_host != NULL &&
          ferry_host_device_get_iommu_group (other_host) == group)
        g_ptr_array_add (mates, g_object_ref (other));
    }

  return mates;
}

static void
confirm_response_cb (FerryDetachDialog *dialog,
                     const char        *response,
                     FerryGuestPage    *self)
{
  g_autoptr(GPtrArray) devices = ferry_detach_dialog_dup_devices (dialog, response);

  if (devices == NULL)
    return;

  ferry_session_detach_async (self->session, ferry_guest_get_name (self->guest), devices,
                              ferry_detach_dialog_get_flags (dialog), self->cancellable,
                              detached_cb, g_object_ref (self));
}

static void
detach_device (FerryGuestPage      *self,
               FerryAssignedDevice *device)
{
  g_autoptr(GPtrArray) mates = dup_group_mates (self, device);
  g_autofree char *title = dup_title (self, device);
  FerryDetachDialog *dialog;

  dialog = ferry_detach_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                    self->guest, device, title, mates);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Moving a device whose address now holds other hardware ------------------------------- */

/* One move of the hardware-change guard's repair: the device at MOVE[0] given MOVE[1]
 * instead, and the way back for Undo. */
typedef struct
{
  FerryGuestPage  *page;
  FerryPciAddress  move[2];
} Move;

static Move *
move_new (FerryGuestPage        *self,
          const FerryPciAddress *from,
          const FerryPciAddress *to)
{
  Move *move = g_new (Move, 1);

  move->page = g_object_ref (self);
  move->move[0] = *from;
  move->move[1] = *to;
  return move;
}

static void
move_free (Move *move)
{
  g_object_unref (move->page);
  g_free (move);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Move, move_free)

static void
start_move (Move                *move,
            GAsyncReadyCallback  callback)
{
  FerryGuestPage *self = move->page;

  ferry_session_repair_async (self->session, ferry_guest_get_name (self->guest), move->move, 1,
                              self->cancellable, callback, move);
}

static void
unmoved_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_session_repair_finish (FERRY_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_message_show_error (get_window (move->page), _("Cannot Undo"), error);
}

static void
undo_move_cb (AdwToast *toast,
              Move     *move)
{
  start_move (move_new (move->page, &move->move[1], &move->move[0]), unmoved_cb);
}

static void
move_closure_free (gpointer  data,
                   GClosure *closure)
{
  move_free (data);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Move) move = user_data;
  FerryGuestPage *self = move->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *title = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (!ferry_session_repair_finish (FERRY_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_message_show_error (get_window (self), _("Cannot Move the Device"), error);
      return;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  from = ferry_pci_address_to_string (&move->move[0]);
  to = ferry_pci_address_to_string (&move->move[1]);
  /* Translators: two PCI addresses; the guest gets the second at its next boot */
  title = g_strdup_printf (_("Moved %s to %s"), from, to);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_move_cb),
                         g_steal_pointer (&move), move_closure_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
move_clicked_cb (GtkButton *button,
                 Move      *move)
{
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  start_move (move_new (move->page, &move->move[0], &move->move[1]), moved_cb);
}

/* A problem's row, with the move the hardware-change guard found for it. */
static GtkWidget *
new_problem_row (FerryGuestPage *self,
                 FerryFinding   *finding)
{
  GtkWidget *row = ferry_rows_new_finding (finding);

  for (guint f = 0; f < ferry_finding_get_n_fixes (finding); f++)
    {
      const FerryPciAddress *pair;
      GtkWidget *button;
      guint n;

      if (ferry_finding_get_fix_kind (finding, f) != FERRY_FIX_MOVE_DEVICE)
        continue;
      pair = ferry_finding_get_fix_devices (finding, f, &n);
      button = gtk_button_new_with_label (ferry_finding_get_fix_label (finding, f));
      gtk_widget_set_halign (button, GTK_ALIGN_END);
      gtk_widget_set_tooltip_text (button, _("Give the guest the recorded device at its new "
                                             "address, from its next boot"));
      g_signal_connect_data (button, "clicked", G_CALLBACK (move_clicked_cb),
                             move_new (self, &pair[0], &pair[1]), move_closure_free, 0);
      gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))), button);
    }
  return row;
}

/* ---- The page ------------------------------------------------------------------------------ */

static void
update_problems (FerryGuestPage *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  GtkWidget *child;

  /* Judged against the host's devices, once they are in. */
  problems = reading_devices (self)
             ? g_ptr_array_new ()
             : ferry_guest_check (self->guest, ferry_session_get_inventory (self->session),
                                 ferry_session_get_host_uses (self->session));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < problems->len; i++)
    gtk_list_box_append (self->problems_list, new_problem_row (self, problems->pdata[i]));
  gtk_widget_set_visible (self->problems_group, problems->len > 0);
}

static void
update_header (FerryGuestPage *self)
{
  guint n_assigned = g_list_model_get_n_items (ferry_guest_get_assigned (self->guest));
  /* Translators: assigned devices of a guest against the reference limit, e.g. "2 of 32" */
  g_autofree char *limit = g_strdup_printf (_("%u of %u"), n_assigned,
                                            (guint) FERRY_GUEST_MAX_ASSIGNED);

  adw_action_row_set_subtitle (self->limit_row, limit);
  update_problems (self);
  gtk_widget_set_visible (GTK_WIDGET (self->virtio_group),
                          g_list_model_get_n_items (ferry_guest_get_virtio (self->guest)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->emulated_group),
                          g_list_model_get_n_items (ferry_guest_get_emulated (self->guest)) > 0);
}

/* A reload replaced the assignments: follow the one on show, or go back to the list. */
static void
assigned_changed_cb (FerryGuestPage *self)
{
  GListModel *assigned = ferry_guest_get_assigned (self->guest);
  FerryAssignedDevice *shown = ferry_assigned_device_page_get_device (self->device_page);

  update_header (self);
  if (shown == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "device") != 0)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (assigned); i++)
    {
      g_autoptr(FerryAssignedDevice) device = g_list_model_get_item (assigned, i);

      if (ferry_assigned_device_same (device, shown) || ferry_assigned_device_same (shown, device))
        {
          show_device (self, device);
          return;
        }
    }
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

void
ferry_guest_page_show (FerryGuestPage *self,
                       FerrySession   *session,
                       FerryGuest     *guest)
{
  g_return_if_fail (FERRY_IS_GUEST_PAGE (self));
  g_return_if_fail (FERRY_IS_SESSION (session));
  g_return_if_fail (FERRY_IS_GUEST (guest));

  if (self->guest == NULL ||
      g_strcmp0 (ferry_guest_get_name (self->guest), ferry_guest_get_name (guest)) != 0)
    ferry_rows_scroll_to_top (self->overview);
  g_set_object (&self->session, session);
  g_set_object (&self->guest, guest);
  g_binding_group_set_source (self->guest_bindings, guest);
  g_signal_group_set_target (self->assigned_signals, ferry_guest_get_assigned (guest));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_button), "(ss)",
                                    ferry_guest_get_name (guest), "");

  gtk_list_box_bind_model (self->devices_list, ferry_guest_get_assigned (guest),
                           create_device_row, self, NULL);
  gtk_list_box_bind_model (self->virtio_list, ferry_guest_get_virtio (guest),
                           create_other_row, NULL, NULL);
  gtk_list_box_bind_model (self->emulated_list, ferry_guest_get_emulated (guest),
                           create_other_row, NULL, NULL);
  update_header (self);
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

static void
ferry_guest_page_dispose (GObject *object)
{
  FerryGuestPage *self = (FerryGuestPage *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->devices_list != NULL)
    {
      gtk_list_box_bind_model (self->devices_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->virtio_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->emulated_list, NULL, NULL, NULL, NULL);
    }
  g_clear_object (&self->guest_bindings);
  g_clear_object (&self->assigned_signals);
  g_clear_object (&self->guest);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  /* The template's root (the stack) is a bound child: let AdwBin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_GUEST_PAGE);

  G_OBJECT_CLASS (ferry_guest_page_parent_class)->dispose (object);
}

static void
ferry_guest_page_class_init (FerryGuestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_guest_page_dispose;
  ferry_subpage_class_install_title (object_class);

  g_type_ensure (FERRY_TYPE_ASSIGNED_DEVICE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferry/Ferry/ferry-guest-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, overview);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, limit_row);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, devices_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, virtio_group);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, virtio_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, emulated_group);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, emulated_list);
  gtk_widget_class_bind_template_child (widget_class, FerryGuestPage, device_page);
  gtk_widget_class_bind_template_callback (widget_class, device_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, device_page_detach_cb);
}

static void
ferry_guest_page_init (FerryGuestPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (ferry_subpage_update_title), self, G_CONNECT_SWAPPED);

  self->guest_bindings = g_binding_group_new ();
  g_binding_group_bind (self->guest_bindings, "state-label", self->state_row, "subtitle",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->guest_bindings, "state-icon", self->state_icon, "icon-name",
                        G_BINDING_SYNC_CREATE);

  self->assigned_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_object (self->assigned_signals, "items-changed",
                                 G_CALLBACK (assigned_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_set_placeholder (self->devices_list,
                                ferry_rows_new_placeholder (_("No PCI devices are assigned to this "
                                                      "guest")));
}
