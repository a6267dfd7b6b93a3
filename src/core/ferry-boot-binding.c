/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-boot-binding"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-boot-binding.h"
#include "ferry-error.h"

/* The forum recipe for binding a card to vfio-pci at boot, written for the host at hand:
 * which initramfs tool it has, whether vfio-pci is a module, which boot loader reads the
 * kernel command line. Every id and driver name that reaches a command is checked to be
 * plain, so nothing from a host's XML can turn into shell. */

#define DRACUT_FILE "/etc/dracut.conf.d/vfio-pci-ferry.conf"
#define INITRAMFS_TOOLS_MODULES "/etc/initramfs-tools/modules"
#define MKINITCPIO_CONF "/etc/mkinitcpio.conf"
#define MKINITCPIO_MODULES "vfio_pci vfio vfio_iommu_type1"

static void
step_free (FerryBootStep *step)
{
  g_free (step->title);
  g_free (step->command);
  g_free (step);
}

static void
add_step (GPtrArray  *steps,
          const char *title,
          char       *command)
{
  FerryBootStep *step = g_new0 (FerryBootStep, 1);

  step->title = g_strdup (title);
  step->command = command;
  g_ptr_array_add (steps, step);
}

void
ferry_boot_binding_free (FerryBootBinding *binding)
{
  if (binding == NULL)
    return;

  g_clear_pointer (&binding->functions, g_ptr_array_unref);
  g_free (binding->ids);
  g_free (binding->kept_ids);
  g_strfreev (binding->drivers);
  g_clear_pointer (&binding->warnings, g_ptr_array_unref);
  g_clear_pointer (&binding->steps, g_ptr_array_unref);
  g_clear_pointer (&binding->undo, g_ptr_array_unref);
  g_free (binding);
}

/* A module name modprobe could mean: letters, digits, '_' and '-'. */
static gboolean
is_module_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

/* The driver a function has on the host, or — when the connection does not say, or vfio-pci
 * has it already — the drivers such a card usually gets. NULL when neither is known. */
static const char * const *
usual_drivers (FerryHostDevice *function)
{
  static const char * const nvidia[] = { "nouveau", "nvidia", NULL };
  static const char * const amd[] = { "amdgpu", "radeon", NULL };
  static const char * const intel[] = { "i915", NULL };
  static const char * const audio[] = { "snd_hda_intel", NULL };

  switch (ferry_host_device_get_category (function))
    {
    case FERRY_DEVICE_CATEGORY_GPU:
      switch (ferry_host_device_get_vendor_id (function))
        {
        case 0x10de:
          return nvidia;
        case 0x1002:
          return amd;
        case 0x8086:
          return intel;
        default:
          return NULL;
        }
    case FERRY_DEVICE_CATEGORY_AUDIO:
      return audio;
    case FERRY_DEVICE_CATEGORY_OTHER:
    case FERRY_DEVICE_CATEGORY_NETWORK:
    case FERRY_DEVICE_CATEGORY_STORAGE:
    case FERRY_DEVICE_CATEGORY_USB:
    case FERRY_DEVICE_CATEGORY_BRIDGE:
    default:
      return NULL;
    }
}

static gboolean
is_vfio_driver (const char *driver)
{
  return g_strcmp0 (driver, "vfio-pci") == 0 || g_strcmp0 (driver, "vfio_pci") == 0 ||
         g_strcmp0 (driver, "pci-stub") == 0;
}

static void
add_unique (GPtrArray  *strings,
            const char *string)
{
  if (!g_ptr_array_find_with_equal_func (strings, string, g_str_equal, NULL))
    g_ptr_array_add (strings, g_strdup (string));
}

static char *
describe_function (FerryHostDevice *function)
{
  g_autofree char *title = ferry_host_device_dup_title (function);
  g_autofree char *address = ferry_pci_address_to_string (ferry_host_device_get_address (function));

  /* Translators: a PCI function: %s is its name, the second %s its address */
  return g_strdup_printf (_("%s (%s)"), title, address);
}

static void
collect_drivers (FerryBootBinding *binding)
{
  g_autoptr(GPtrArray) drivers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < binding->functions->len; i++)
    {
      FerryHostDevice *function = binding->functions->pdata[i];
      const char *driver = ferry_host_device_get_driver (function);
      const char * const *usual = usual_drivers (function);
      g_autofree char *name = NULL;

      if (is_module_name (driver) && !is_vfio_driver (driver))
        {
          /* modprobe treats '-' and '_' alike; the kernel reports names with '_'. */
          g_autofree char *module = g_strdelimit (g_strdup (driver), "-", '_');

          add_unique (drivers, module);
          continue;
        }

      name = describe_function (function);
      if (usual == NULL)
        {
          if (!is_vfio_driver (driver))
            g_ptr_array_add (binding->warnings, g_strdup_printf (
              /* Translators: %s is a PCI function, e.g. "Ethernet Controller (0000:03:00.0)" */
              _("The host driver of %s is not known: no softdep line names it, so that "
                "driver may still take the function before vfio-pci at boot."), name));
          continue;
        }

      for (guint u = 0; usual[u] != NULL; u++)
        add_unique (drivers, usual[u]);
    }

  g_ptr_array_add (drivers, NULL);
  binding->drivers = (GStrv) g_ptr_array_steal (drivers, NULL);
}

static gboolean
contains_function (GPtrArray       *functions,
                   FerryHostDevice *device)
{
  for (guint i = 0; i < functions->len; i++)
    if (ferry_pci_address_equal (ferry_host_device_get_address (functions->pdata[i]),
                                 ferry_host_device_get_address (device)))
      return TRUE;
  return FALSE;
}

/* Binding by id takes every function with those ids: two identical NICs go together. */
static void
warn_shared_ids (FerryBootBinding *binding,
                 FerryInventory   *inventory,
                 GHashTable       *host_uses)
{
  GListModel *devices = ferry_inventory_get_devices (inventory);
  g_auto(GStrv) ids = g_strsplit (binding->ids, ",", -1);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(FerryHostDevice) other = g_list_model_get_item (devices, i);
      g_autofree char *id = g_strdup_printf ("%04x:%04x", ferry_host_device_get_vendor_id (other),
                                             ferry_host_device_get_product_id (other));
      g_autofree char *address = NULL;
      g_autofree char *name = NULL;
      const char *use;

      if (contains_function (binding->functions, other) ||
          !g_strv_contains ((const char * const *) ids, id))
        continue;

      address = ferry_pci_address_to_string (ferry_host_device_get_address (other));
      name = describe_function (other);
      use = host_uses ? g_hash_table_lookup (host_uses, address) : NULL;
      if (use != NULL)
        g_ptr_array_add (binding->warnings, g_strdup_printf (
          /* Translators: first %s is a PCI function, second its vendor:device ids, third what
           * the host uses it for ("Network interface eno2 is up") */
          _("%s has the same ids (%s) and is not part of this card: vfio-pci takes it at boot "
            "too, and the host loses it. %s."), name, id, use));
      else
        g_ptr_array_add (binding->warnings, g_strdup_printf (
          /* Translators: first %s is a PCI function, second its vendor:device ids */
          _("%s has the same ids (%s) and is not part of this card: vfio-pci takes it at boot "
            "too."), name, id));
    }
}

static void
warn_host_uses (FerryBootBinding *binding,
                GHashTable       *host_uses)
{
  for (guint i = 0; host_uses != NULL && i < binding->functions->len; i++)
    {
      FerryHostDevice *function = binding->functions->pdata[i];
      g_autofree char *address = ferry_pci_address_to_string (
        ferry_host_device_get_address (function));
      const char *use = g_hash_table_lookup (host_uses, address);
      g_autofree char *name = NULL;

      if (use == NULL)
        continue;

      name = describe_function (function);
      g_ptr_array_add (binding->warnings, g_strdup_printf (
        /* Translators: first %s is a PCI function, second what the host uses it for */
        _("The host uses %s now (%s): after the restart it will not. Make sure the host can do "
          "without it — a display on another card, a network connection elsewhere."),
        name, use));
    }
}

/* The cards bound before are read from Ferry's file, on this computer only; and another
 * file's ids line would still override the whole line. */
static void
warn_other_files (FerryBootBinding     *binding,
                  const FerryHostFacts *facts)
{
  if (!facts->local)
    g_ptr_array_add (binding->warnings, g_strdup (
      _("Ferry could not read this host’s /etc/modprobe.d (it reads only this computer’s): if "
        "other cards are bound at boot already, add their ids to the options line below, or "
        "vfio-pci takes only this card.")));
  else if (facts->other_vfio_ids_file != NULL)
    g_ptr_array_add (binding->warnings, g_strdup_printf (
      /* Translators: %s is a file, e.g. /etc/modprobe.d/vfio.conf */
      _("%s sets vfio-pci’s ids too. modprobe does not merge two such lines: the last one it "
        "reads wins. Add that file’s ids to the options line below and remove its own line."),
      facts->other_vfio_ids_file));
}

static int
compare_functions (gconstpointer a,
                   gconstpointer b)
{
  return ferry_pci_address_compare (
    ferry_host_device_get_address (*(FerryHostDevice **) a),
    ferry_host_device_get_address (*(FerryHostDevice **) b));
}

/* The distribution's own tool when it has it, else whichever tool the host has. */
static FerryInitramfsTools
choose_tool (const FerryHostFacts *facts)
{
  static const struct { const char *id; FerryInitramfsTools tool; } usual[] = {
    { "debian", FERRY_INITRAMFS_UPDATE_INITRAMFS },
    { "ubuntu", FERRY_INITRAMFS_UPDATE_INITRAMFS },
    { "fedora", FERRY_INITRAMFS_DRACUT },
    { "rhel", FERRY_INITRAMFS_DRACUT },
    { "centos", FERRY_INITRAMFS_DRACUT },
    { "suse", FERRY_INITRAMFS_DRACUT },
    { "opensuse", FERRY_INITRAMFS_DRACUT },
    { "arch", FERRY_INITRAMFS_MKINITCPIO },
  };
  const FerryInitramfsTools order[] = { FERRY_INITRAMFS_UPDATE_INITRAMFS, FERRY_INITRAMFS_DRACUT,
                                        FERRY_INITRAMFS_MKINITCPIO };

  for (guint i = 0; facts->os_ids != NULL && facts->os_ids[i] != NULL; i++)
    for (guint u = 0; u < G_N_ELEMENTS (usual); u++)
      if (g_str_equal (facts->os_ids[i], usual[u].id) && (facts->initramfs_tools & usual[u].tool))
        return usual[u].tool;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (facts->initramfs_tools & order[i])
      return order[i];

  return 0;
}

/* What Ferry's modprobe.d file on the host binds already, for other cards: the addresses its
 * comment names, vfio-pci's ids, the drivers it loads vfio-pci before. Only plain words are
 * taken (they go into commands); the file is Ferry's, so its lines are Ferry's shapes. */
typedef struct
{
  GPtrArray *addresses;
  GPtrArray *ids;
  GPtrArray *drivers;
} Bound;

static void
bound_clear (Bound *bound)
{
  g_clear_pointer (&bound->addresses, g_ptr_array_unref);
  g_clear_pointer (&bound->ids, g_ptr_array_unref);
  g_clear_pointer (&bound->drivers, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bound, bound_clear)

/* A vfio-pci id: "vendor:device", hex (the longer forms with subsystem and class too). */
static gboolean
is_vfio_id (const char *id)
{
  return g_regex_match_simple ("^[0-9a-fA-F]{1,8}(:[0-9a-fA-F]{1,8}){1,5}$", id, 0, 0);
}

static void
read_bound (const char *conf,
            Bound      *bound)
{
  g_auto(GStrv) lines = g_strsplit (conf ? conf : "", "\n", -1);

  bound->addresses = g_ptr_array_new_with_free_func (g_free);
  bound->ids = g_ptr_array_new_with_free_func (g_free);
  bound->drivers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = g_strv_length (words);

      if (n >= 2 && g_str_equal (words[0], "#") && g_str_equal (words[n - 1], "(Ferry)"))
        for (guint w = 1; w + 1 < n; w++)
          {
            FerryPciAddress address;

            if (ferry_pci_address_parse (words[w], &address))
              add_unique (bound->addresses, words[w]);
          }
      else if (n >= 3 && g_str_equal (words[0], "options") &&
               (g_str_equal (words[1], "vfio-pci") || g_str_equal (words[1], "vfio_pci")))
        for (guint w = 2; w < n; w++)
          {
            g_auto(GStrv) ids = NULL;

            if (!g_str_has_prefix (words[w], "ids="))
              continue;
            ids = g_strsplit (words[w] + strlen ("ids="), ",", -1);
            for (guint d = 0; ids[d] != NULL; d++)
              if (is_vfio_id (ids[d]))
                add_unique (bound->ids, ids[d]);
          }
      else if (n == 4 && g_str_equal (words[0], "softdep") && is_module_name (words[1]) &&
               g_str_equal (words[2], "pre:") && g_str_equal (words[3], "vfio-pci"))
        add_unique (bound->drivers, words[1]);
    }
}

static void
remove_string (GPtrArray  *strings,
               const char *string)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (strings, string, g_str_equal, &index))
    g_ptr_array_remove_index (strings, index);
}

static void
add_all_unique (GPtrArray *strings,
                GPtrArray *more)
{
  for (guint i = 0; i < more->len; i++)
    add_unique (strings, more->pdata[i]);
}

/* STRINGS joined with SEPARATOR. */
static char *
join (GPtrArray  *strings,
      const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? separator : "", (char *) strings->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The command that writes Ferry's modprobe.d file whole: one "options vfio-pci ids=" line for
 * every card (modprobe would keep only the last of several). */
static char *
modprobe_command (const Bound *bound)
{
  g_autofree char *addresses = join (bound->addresses, " ");
  g_autofree char *ids = join (bound->ids, ",");
  g_autoptr(GString) text = g_string_new ("sudo tee " FERRY_BOOT_BINDING_FILE " <<'EOF'\n");

  g_string_append_printf (text, "# %s (Ferry)\noptions vfio-pci ids=%s\n", addresses, ids);
  for (guint i = 0; i < bound->drivers->len; i++)
    g_string_append_printf (text, "softdep %s pre: vfio-pci\n", (char *) bound->drivers->pdata[i]);
  g_string_append (text, "EOF");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
rebuild_command (FerryInitramfsTools tool)
{
  switch (tool)
    {
    case FERRY_INITRAMFS_UPDATE_INITRAMFS:
      return "sudo update-initramfs -u";
    case FERRY_INITRAMFS_DRACUT:
      return "sudo dracut -f";
    case FERRY_INITRAMFS_MKINITCPIO:
      return "sudo mkinitcpio -P";
    default:
      g_assert_not_reached ();
    }
}

/* OTHERS: other cards stay bound at boot, so vfio-pci stays in the initramfs. */
static void
add_initramfs_steps (FerryBootBinding    *binding,
                     FerryInitramfsTools  tool,
                     gboolean             others)
{
  const char *title = _("Load vfio-pci early, from the initramfs");
  const char *undo_title = _("Remove the files");

  switch (tool)
    {
    case FERRY_INITRAMFS_UPDATE_INITRAMFS:
      add_step (binding->steps, title,
                g_strdup ("for m in vfio vfio_iommu_type1 vfio_pci; do\n"
                          "  grep -qx \"$m\" " INITRAMFS_TOOLS_MODULES " ||\n"
                          "    echo \"$m\" | sudo tee -a " INITRAMFS_TOOLS_MODULES "\n"
                          "done"));
      if (!others)
        add_step (binding->undo, undo_title,
                  g_strdup ("sudo rm " FERRY_BOOT_BINDING_FILE "\n"
                            "sudo sed -i '/^\\(vfio\\|vfio_iommu_type1\\|vfio_pci\\)$/d' "
                            INITRAMFS_TOOLS_MODULES));
      break;

    case FERRY_INITRAMFS_DRACUT:
      add_step (binding->steps, title,
                g_strdup ("echo 'force_drivers+=\" vfio vfio_iommu_type1 vfio-pci \"' |\n"
                          "  sudo tee " DRACUT_FILE));
      if (!others)
        add_step (binding->undo, undo_title,
                  g_strdup ("sudo rm " FERRY_BOOT_BINDING_FILE " " DRACUT_FILE));
      break;

    case FERRY_INITRAMFS_MKINITCPIO:
      /* The modconf hook, in Arch's default HOOKS, copies modprobe.d into the image. */
      add_step (binding->steps, title,
                g_strdup ("grep -q '^MODULES=(" MKINITCPIO_MODULES "' " MKINITCPIO_CONF " ||\n"
                          "  sudo sed -i 's/^MODULES=(/&" MKINITCPIO_MODULES " /' "
                          MKINITCPIO_CONF));
      if (!others)
        add_step (binding->undo, undo_title,
                  g_strdup ("sudo rm " FERRY_BOOT_BINDING_FILE "\n"
                            "sudo sed -i 's/^MODULES=(" MKINITCPIO_MODULES " /MODULES=(/' "
                            MKINITCPIO_CONF));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* vfio-pci built into the kernel never reads modprobe.d: the ids go on the command line. */
static void
add_cmdline_steps (FerryBootBinding     *binding,
                   const FerryHostFacts *facts,
                   const char           *ids)
{
  /* Every card's ids too: of two vfio-pci.ids= on the command line, the last one wins. */
  g_autofree char *parameter = g_strdup_printf ("vfio-pci.ids=%s", ids);
  g_autoptr(GString) add = g_string_new (NULL);
  g_autoptr(GString) remove = g_string_new (NULL);
  const char *title = facts->vfio_pci_builtin == FERRY_TRISTATE_YES
                      ? _("vfio-pci is built into this kernel: put the ids on the kernel "
                          "command line")
                      : _("If vfio-pci is built into the kernel (check with "
                          "“grep vfio-pci /lib/modules/$(uname -r)/modules.builtin”), put the "
                          "ids on the kernel command line too");

  if (facts->bootloader == FERRY_BOOTLOADER_GRUB)
    {
      g_auto(GStrv) on = ferry_host_facts_grub_commands (facts, parameter, FALSE);
      g_auto(GStrv) off = ferry_host_facts_grub_commands (facts, parameter, TRUE);
      g_autofree char *on_text = g_strjoinv ("\n", on);
      g_autofree char *off_text = g_strjoinv ("\n", off);

      g_string_append (add, on_text);
      g_string_append (remove, off_text);
    }
  else if (facts->bootloader == FERRY_BOOTLOADER_SYSTEMD_BOOT)
    {
      /* kernel-install writes new kernels' entries from /etc/kernel/cmdline; the entries
       * already there carry their own options line. */
      if (facts->kernel_cmdline_file)
        {
          g_string_append_printf (add, "sudo sed -i 's/$/ %s/' /etc/kernel/cmdline\n", parameter);
          g_string_append_printf (remove, "sudo sed -i 's/ %s//' /etc/kernel/cmdline\n",
                                  parameter);
        }
      if (facts->loader_entries != NULL)
        {
          g_string_append_printf (add, "sudo sed -i '/^options/ s/$/ %s/' %s/*.conf\n", parameter,
                                  facts->loader_entries);
          g_string_append_printf (remove, "sudo sed -i '/^options/ s/ %s//' %s/*.conf\n",
                                  parameter, facts->loader_entries);
        }
      /* Each line above ends in a newline; the block does not. */
      if (add->len > 0)
        {
          g_string_truncate (add, add->len - 1);
          g_string_truncate (remove, remove->len - 1);
        }
    }
  else
    {
      g_ptr_array_add (binding->warnings, g_strdup_printf (
        /* Translators: %s is a kernel parameter, e.g. vfio-pci.ids=10de:1e84 */
        _("Ferry found neither GRUB nor systemd-boot on this host: if vfio-pci is built into "
          "the kernel, add %s to the kernel command line in your boot loader’s settings."),
        parameter));
      return;
    }

  add_step (binding->steps, title, g_string_free (g_steal_pointer (&add), FALSE));
  add_step (binding->undo, _("Take the ids off the kernel command line"),
            g_string_free (g_steal_pointer (&remove), FALSE));
}

FerryBootBinding *
ferry_boot_binding_new (const FerryHostFacts *facts,
                        FerryInventory       *inventory,
                        FerryHostDevice      *device,
                        GHashTable           *host_uses,
                        GError              **error)
{
  g_autoptr(FerryBootBinding) binding = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const FerryPciAddress *address;
  FerryInitramfsTools tool;
  g_autofree char *slot = NULL;
  g_autofree char *check = NULL;
  g_autofree char *all_ids = NULL;
  g_auto(Bound) kept = { NULL };
  g_auto(Bound) all = { NULL };
  gboolean others;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_INVENTORY (inventory), NULL);
  g_return_val_if_fail (FERRY_IS_HOST_DEVICE (device), NULL);

  if (ferry_host_device_is_bridge (device))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_SUPPORTED,
                           _("Bridges and ports stay with the host: they are never bound to "
                             "vfio-pci."));
      return NULL;
    }
  if (ferry_host_device_is_vf (device))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_SUPPORTED,
                           _("Virtual functions are made after boot, by their physical function’s "
                             "driver: they cannot be bound to vfio-pci at boot."));
      return NULL;
    }

  binding = g_new0 (FerryBootBinding, 1);
  binding->functions = g_ptr_array_new_with_free_func (g_object_unref);
  binding->warnings = g_ptr_array_new_with_free_func (g_free);
  binding->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  binding->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);

  /* The whole card: its functions share domain, bus and slot. VFs come later, from the PF. */
  address = ferry_host_device_get_address (device);
  siblings = ferry_inventory_dup_slot_siblings (inventory, address);
  g_ptr_array_add (siblings, g_object_ref (device));
  g_ptr_array_sort (siblings, compare_functions);
  for (guint i = 0; i < siblings->len; i++)
    {
      FerryHostDevice *function = siblings->pdata[i];
      g_autofree char *id = NULL;

      if (ferry_host_device_is_vf (function) || ferry_host_device_is_bridge (function))
        continue;
      g_ptr_array_add (binding->functions, g_object_ref (function));
      id = g_strdup_printf ("%04x:%04x", ferry_host_device_get_vendor_id (function),
                            ferry_host_device_get_product_id (function));
      add_unique (ids, id);
    }
  g_ptr_array_add (ids, NULL);
  binding->ids = g_strjoinv (",", (char **) ids->pdata);

  collect_drivers (binding);
  warn_shared_ids (binding, inventory, host_uses);
  warn_host_uses (binding, host_uses);
  warn_other_files (binding, facts);

  /* Cards bound before stay bound: Ferry's file is written whole, theirs and this one's. */
  read_bound (facts->boot_binding_conf, &kept);
  all.addresses = g_ptr_array_new_with_free_func (g_free);
  all.ids = g_ptr_array_new_with_free_func (g_free);
  all.drivers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < binding->functions->len; i++)
    {
      g_autofree char *function = ferry_pci_address_to_string (
        ferry_host_device_get_address (binding->functions->pdata[i]));

      remove_string (kept.addresses, function);
    }
  for (guint i = 0; ids->pdata[i] != NULL; i++)
    remove_string (kept.ids, ids->pdata[i]);
  add_all_unique (all.addresses, kept.addresses);
  add_all_unique (all.ids, kept.ids);
  /* The drivers of the cards before are not told apart: all stay, an extra softdep only has
   * vfio-pci load first. */
  add_all_unique (all.drivers, kept.drivers);
  for (guint i = 0; i < binding->functions->len; i++)
    {
      g_autofree char *function = ferry_pci_address_to_string (
        ferry_host_device_get_address (binding->functions->pdata[i]));

      add_unique (all.addresses, function);
    }
  for (guint i = 0; ids->pdata[i] != NULL; i++)
    add_unique (all.ids, ids->pdata[i]);
  for (guint i = 0; binding->drivers[i] != NULL; i++)
    add_unique (all.drivers, binding->drivers[i]);
  all_ids = join (all.ids, ",");
  others = kept.ids->len > 0;

  if (others)
    {
      g_autofree char *title = NULL;

      binding->kept_ids = join (kept.ids, ",");
      title = g_strdup_printf (
        /* Translators: %s lists vfio-pci ids, e.g. "10de:1e84,10de:10f8" */
        _("Have vfio-pci take the card’s ids before its host drivers load, and keep the ids it "
          "takes already for other cards (%s)"), binding->kept_ids);
      add_step (binding->steps, title, modprobe_command (&all));
      g_free (title);
      title = g_strdup_printf (
        /* Translators: %s lists vfio-pci ids, e.g. "10de:1e84,10de:10f8" */
        _("Have vfio-pci take only the other cards’ ids (%s)"), binding->kept_ids);
      add_step (binding->undo, title, modprobe_command (&kept));
    }
  else
    add_step (binding->steps, _("Have vfio-pci take the card’s ids, before its host drivers load"),
              modprobe_command (&all));

  tool = choose_tool (facts);
  if (tool != 0)
    add_initramfs_steps (binding, tool, others);
  else
    {
      g_ptr_array_add (binding->warnings, g_strdup (
        _("Ferry found none of update-initramfs, dracut or mkinitcpio on this host: add vfio, "
          "vfio_iommu_type1 and vfio-pci to the initramfs with your distribution’s tool, and "
          "rebuild it.")));
      if (!others)
        add_step (binding->undo, _("Remove the files"),
                  g_strdup ("sudo rm " FERRY_BOOT_BINDING_FILE));
    }

  if (facts->vfio_pci_builtin != FERRY_TRISTATE_NO)
    add_cmdline_steps (binding, facts, all_ids);

  if (tool != 0)
    {
      add_step (binding->steps, _("Rebuild the initramfs"), g_strdup (rebuild_command (tool)));
      add_step (binding->undo, _("Rebuild the initramfs"), g_strdup (rebuild_command (tool)));
    }

  slot = g_strdup_printf ("%04x:%02x:%02x", address->domain, address->bus, address->slot);
  check = g_strdup_printf ("lspci -nnk -s %s", slot);
  add_step (binding->steps,
            _("Restart, then check that each function shows “Kernel driver in use: vfio-pci”"),
            g_strdup (check));
  add_step (binding->undo,
            _("Restart, then check that each function has its host driver again"),
            g_strdup (check));

  return g_steal_pointer (&binding);
}
