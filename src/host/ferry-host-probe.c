/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-probe"

#include "config.h"

#include <net/if.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ferry-boot-binding.h"
#include "ferry-host-probe.h"
#include "ferry-host-root-private.h"
#include "ferry-pci-address.h"

/* Reads what passthrough depends on from a host's /proc, /sys and /etc under ROOT ("/" for
 * this machine; a fixture tree in tests). Only reads; anything missing stays unknown. */

static char *
read_file (const char *root,
           const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (full, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static gboolean
exists (const char *root,
        const char *path)
{
  g_autofree char *full = g_build_filename (root, path, NULL);

  return g_file_test (full, G_FILE_TEST_EXISTS);
}

static guint
count_entries (const char *root,
               const char *path,
               const char *prefix)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  g_autoptr(GDir) dir = g_dir_open (full, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (prefix == NULL || g_str_has_prefix (name, prefix))
      count++;

  return count;
}

static void
probe_cpu (const char     *root,
           FerryHostFacts *facts)
{
  g_autofree char *cpuinfo = read_file (root, "proc/cpuinfo");

  if (cpuinfo == NULL)
    facts->cpu_vendor = FERRY_CPU_UNKNOWN;
  else if (strstr (cpuinfo, "GenuineIntel") != NULL)
    facts->cpu_vendor = FERRY_CPU_INTEL;
  else if (strstr (cpuinfo, "AuthenticAMD") != NULL)
    facts->cpu_vendor = FERRY_CPU_AMD;
}

/* Intel: bit 3 (IR) of each DMAR unit's extended capability register; AMD-Vi always remaps
 * interrupts when it is on. */
static void
probe_interrupt_remapping (const char     *root,
                           FerryHostFacts *facts)
{
  g_autofree char *iommu_dir = g_build_filename (root, "sys/class/iommu", NULL);
  g_autoptr(GDir) dir = g_dir_open (iommu_dir, 0, NULL);
  const char *name;
  gboolean seen = FALSE, all_remap = TRUE;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *ecap_path = g_build_filename ("sys/class/iommu", name, "intel-iommu/ecap",
                                                     NULL);
      g_autofree char *ecap = read_file (root, ecap_path);
      guint64 value;

      if (g_str_has_prefix (name, "ivhd"))
        {
          seen = TRUE;
          continue;
        }
      if (ecap == NULL || !g_ascii_string_to_unsigned (g_strstrip (ecap), 16, 0, G_MAXUINT64,
                                                       &value, NULL))
        continue;

      seen = TRUE;
      all_remap &= (value & (1 << 3)) != 0;
    }

  facts->interrupt_remapping = !seen ? FERRY_TRISTATE_UNKNOWN
                               : all_remap ? FERRY_TRISTATE_YES : FERRY_TRISTATE_NO;
}

/* Whether LINE (stripped) gives MODULE options: modprobe treats '-' and '_' alike. */
static gboolean
is_options_for (const char *line,
                const char *module)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", 3);
  g_autofree char *name = NULL;

  if (g_strv_length (words) < 3 || !g_str_equal (words[0], "options"))
    return FALSE;
  name = g_strdelimit (g_strdup (words[1]), "-", '_');
  return g_str_equal (name, module);
}

/* What /etc/modprobe.d says: whether unsafe interrupts are allowed, the text of Ferry's own
 * file for cards bound at boot, and whether another file sets vfio-pci's ids too. */
static void
probe_modprobe (const char     *root,
                FerryHostFacts *facts)
{
  g_autofree char *runtime = read_file (root,
                                        "sys/module/vfio_iommu_type1/parameters/"
                                        "allow_unsafe_interrupts");
  g_autofree char *modprobe_dir = g_build_filename (root, "etc/modprobe.d", NULL);
  g_autoptr(GDir) dir = g_dir_open (modprobe_dir, 0, NULL);
  const char *ferry_name = FERRY_BOOT_BINDING_FILE + strlen ("/etc/modprobe.d/");
  const char *name;

  if (runtime != NULL)
    facts->unsafe_interrupts_runtime = g_str_has_prefix (runtime, "Y") ? FERRY_TRISTATE_YES
                                                                       : FERRY_TRISTATE_NO;

  g_clear_pointer (&facts->boot_binding_conf, g_free);
  g_clear_pointer (&facts->other_vfio_ids_file, g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("etc/modprobe.d", name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      gboolean ferry_file = g_str_equal (name, ferry_name);

      if (!g_str_has_suffix (name, ".conf") || !(contents = read_file (root, path)))
        continue;

      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = g_strstrip (g_strdup (lines[i]));

          if (is_options_for (line, "vfio_iommu_type1") &&
              strstr (line, "allow_unsafe_interrupts=1"))
            {
              g_free (facts->unsafe_interrupts_file);
              facts->unsafe_interrupts_file = g_build_filename ("/etc/modprobe.d", name, NULL);
            }
          if (!ferry_file && facts->other_vfio_ids_file == NULL &&
              is_options_for (line, "vfio_pci") && strstr (line, "ids=") != NULL)
            facts->other_vfio_ids_file = g_build_filename ("/etc/modprobe.d", name, NULL);
        }
      if (ferry_file)
        facts->boot_binding_conf = g_steal_pointer (&contents);
    }
}

/* An os-release value without its quotes (the file is shell syntax, but values are plain). */
static char *
os_release_value (const char *os_release,
                  const char *key)
{
  g_auto(GStrv) lines = g_strsplit (os_release, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        char *value = g_strdup (lines[i] + strlen (prefix));

        return g_strstrip (g_strdelimit (value, "\"'", ' '));
      }

  return NULL;
}

/* ID, then the words of ID_LIKE: the distribution and those it derives from. */
static GStrv
os_release_ids (const char *os_release)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *keys[] = { "ID", "ID_LIKE" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_autofree char *value = os_release_value (os_release, keys[k]);
      g_auto(GStrv) words = value ? g_strsplit_set (value, " \t", -1) : NULL;

      for (guint i = 0; words != NULL && words[i] != NULL; i++)
        if (words[i][0] != '\0')
          g_strv_builder_add (builder, words[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
has_program (const char *root,
             const char *name)
{
  const char *directories[] = { "usr/sbin", "sbin", "usr/bin" };

  for (guint i = 0; i < G_N_ELEMENTS (directories); i++)
    {
      g_autofree char *path = g_build_filename (directories[i], name, NULL);

      if (exists (root, path))
        return TRUE;
    }

  return FALSE;
}

/* GRUB first: Fedora's GRUB reads Boot Loader Specification entries from /boot/loader too. */
static void
probe_bootloader (const char     *root,
                  FerryHostFacts *facts)
{
  const char *entries[] = { "boot/loader/entries", "efi/loader/entries",
                            "boot/efi/loader/entries" };

  facts->kernel_cmdline_file = exists (root, "etc/kernel/cmdline");
  g_clear_pointer (&facts->loader_entries, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (entries) && facts->loader_entries == NULL; i++)
    if (exists (root, entries[i]))
      facts->loader_entries = g_strconcat ("/", entries[i], NULL);

  if (facts->grub_file != NULL || exists (root, "boot/grub") || exists (root, "boot/grub2"))
    facts->bootloader = FERRY_BOOTLOADER_GRUB;
  else if (facts->loader_entries != NULL || facts->kernel_cmdline_file)
    facts->bootloader = FERRY_BOOTLOADER_SYSTEMD_BOOT;
  else
    facts->bootloader = FERRY_BOOTLOADER_UNKNOWN;
}

/* Options in modprobe.d reach a module, never code built into the kernel: whether vfio-pci
 * is built in decides where its ids go. */
static void
probe_vfio_pci_builtin (const char     *root,
                        FerryHostFacts *facts)
{
  g_autofree char *release = read_file (root, "proc/sys/kernel/osrelease");
  const char *directories[] = { "lib/modules", "usr/lib/modules" };

  facts->vfio_pci_builtin = FERRY_TRISTATE_UNKNOWN;
  if (release == NULL || strchr (g_strstrip (release), '/') != NULL || release[0] == '\0' ||
      g_str_equal (release, ".."))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (directories); i++)
    {
      g_autofree char *path = g_build_filename (directories[i], release, "modules.builtin", NULL);
      g_autofree char *builtin = read_file (root, path);

      if (builtin != NULL)
        {
          facts->vfio_pci_builtin = strstr (builtin, "/vfio-pci.ko\n") != NULL
                                    ? FERRY_TRISTATE_YES : FERRY_TRISTATE_NO;
          return;
        }
    }
}

static void
probe_boot (const char     *root,
            FerryHostFacts *facts)
{
  g_autofree char *os_release = read_file (root, "etc/os-release");
  const char *tools[] = { "update-initramfs", "dracut", "mkinitcpio" };

  if (os_release == NULL)
    os_release = read_file (root, "usr/lib/os-release");

  facts->boot_mode = exists (root, "sys/firmware/efi") ? FERRY_BOOT_UEFI : FERRY_BOOT_BIOS;
  g_strfreev (facts->os_ids);
  facts->os_ids = os_release_ids (os_release ? os_release : "");
  g_free (facts->os_name);
  facts->os_name = os_release ? os_release_value (os_release, "PRETTY_NAME") : NULL;
  facts->debian_like = g_strv_contains ((const char * const *) facts->os_ids, "debian") ||
                       g_strv_contains ((const char * const *) facts->os_ids, "ubuntu");

  g_free (facts->grub_file);
  facts->grub_file = g_strdup (exists (root, "etc/default/grub") ? "/etc/default/grub"
                               : exists (root, "etc/sysconfig/grub") ? "/etc/sysconfig/grub"
                               : NULL);

  facts->initramfs_tools = 0;
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (has_program (root, tools[i]))
      facts->initramfs_tools |= 1 << i;

  probe_bootloader (root, facts);
  probe_vfio_pci_builtin (root, facts);
}

void
ferry_host_probe (const char     *root,
                  FerryHostFacts *facts)
{
  g_return_if_fail (root != NULL);
  g_return_if_fail (facts != NULL);

  facts->local = TRUE;
  probe_cpu (root, facts);

  g_free (facts->cmdline);
  facts->cmdline = read_file (root, "proc/cmdline");
  if (facts->cmdline != NULL)
    g_strstrip (facts->cmdline);

  facts->n_iommu_groups = count_entries (root, "sys/kernel/iommu_groups", NULL);
  facts->iommu_units = count_entries (root, "sys/class/iommu", NULL) > 0;
  facts->vfio_loaded = exists (root, "sys/module/vfio_pci");

  probe_interrupt_remapping (root, facts);
  /* The hardware may remap interrupts and the kernel still be told not to. */
  if (ferry_host_facts_cmdline_has (facts, "intremap=off") ||
      ferry_host_facts_cmdline_has (facts, "nointremap"))
    facts->interrupt_remapping = FERRY_TRISTATE_NO;
  probe_modprobe (root, facts);
  probe_boot (root, facts);
}

/* What the host uses its PCI functions for. Everything goes through ferry_root_resolve(), so
 * a fixture tree's links are followed inside the fixture and never into the real /sys. */

/* LVM on LUKS on RAID stacks three deep; more than this is a loop in odd sysfs content. */
#define MAX_STACK 8

/* Sentences go to USES (address → GPtrArray of sentences) in the order they are found. */
static void
add_use (GHashTable *uses,
         const char *address,
         char       *sentence)
{
  GPtrArray *sentences = g_hash_table_lookup (uses, address);

  if (sentences == NULL)
    {
      sentences = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (uses, g_strdup (address), sentences);
    }
  g_ptr_array_add (sentences, sentence);
}

static void
probe_boot_display (const char *root,
                    GHashTable *uses)
{
  g_autoptr(GPtrArray) names = ferry_root_list (root, "sys/bus/pci/devices");

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *address = ferry_root_parse_pci_function (names->pdata[i]);
      g_autofree char *path = g_build_filename ("sys/bus/pci/devices", names->pdata[i],
                                                "boot_vga", NULL);
      g_autofree char *boot_vga = NULL;

      if (address == NULL || (boot_vga = ferry_root_read (root, path)) == NULL ||
          !g_str_equal (boot_vga, "1"))
        continue;

      add_use (uses, address, g_strdup (_("It shows the host’s boot display (boot_vga)")));
    }
}

static gboolean
interface_is_up (const char *root,
                 const char *name)
{
  g_autofree char *operstate_path = g_build_filename ("sys/class/net", name, "operstate", NULL);
  g_autofree char *flags_path = g_build_filename ("sys/class/net", name, "flags", NULL);
  g_autofree char *operstate = ferry_root_read (root, operstate_path);
  g_autofree char *flags = NULL;
  const char *digits;
  guint64 value;

  if (operstate == NULL)
    return FALSE;
  if (g_str_equal (operstate, "up"))
    return TRUE;

  /* Drivers that do not track a carrier (virtio on some hosts, tun) say "unknown"; then the
   * administrative IFF_UP flag tells whether the host has the interface in use. */
  if (!g_str_equal (operstate, "unknown") || (flags = ferry_root_read (root, flags_path)) == NULL)
    return FALSE;

  digits = g_str_has_prefix (flags, "0x") || g_str_has_prefix (flags, "0X") ? flags + 2 : flags;
  return g_ascii_string_to_unsigned (digits, 16, 0, G_MAXUINT64, &value, NULL) &&
         (value & IFF_UP) != 0;
}

static void
probe_networks (const char *root,
                GHashTable *uses)
{
  g_autoptr(GPtrArray) names = ferry_root_list (root, "sys/class/net");

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *device_path = g_build_filename ("sys/class/net", name, "device", NULL);
      g_autofree char *device = NULL;
      g_autofree char *address = NULL;
      g_autofree char *display_name = NULL;

      /* Bridges, bonds and lo have no device link: they are nobody's PCI function. */
      if (!interface_is_up (root, name) ||
          (device = ferry_root_resolve (root, device_path)) == NULL ||
          (address = ferry_root_nearest_pci_function (device)) == NULL)
        continue;

      display_name = g_utf8_make_valid (name, -1);
      /* Translators: %s is a network interface name, e.g. eno1 */
      add_use (uses, address, g_strdup_printf (_("Network interface %s is up"), display_name));
    }
}

/* The disks under mount points, per controller. */
typedef struct
{
  GPtrArray *mount_points;
  GPtrArray *disks;
} DiskUse;

static void
disk_use_free (DiskUse *use)
{
  g_ptr_array_unref (use->mount_points);
  g_ptr_array_unref (use->disks);
  g_free (use);
}

static void
add_unique (GPtrArray  *strings,
            const char *string)
{
  if (!g_ptr_array_find_with_equal_func (strings, string, g_str_equal, NULL))
    g_ptr_array_add (strings, g_strdup (string));
}

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static char *
unescape_mount_field (const char *field)
{
  GString *text = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
          p[3] >= '0' && p[3] <= '7' && (p[1] != '0' || p[2] != '0' || p[3] != '0'))
        {
          g_string_append_c (text, (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) |
                                           (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static gboolean
is_block_device (const char *root,
                 const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *resolved = NULL;

  if (name[0] == '\0' || g_str_equal (name, ".") || g_str_equal (name, "..") ||
      strchr (name, '/') != NULL)
    return FALSE;

  path = g_build_filename ("sys/class/block", name, NULL);
  resolved = ferry_root_resolve (root, path);
  return resolved != NULL;
}

/* Device mapper devices by their /dev/mapper name (dm/name), for roots without /dev. */
static char *
find_dm_device (const char *root,
                const char *dm_name)
{
  g_autoptr(GPtrArray) names = ferry_root_list (root, "sys/class/block");

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename ("sys/class/block", names->pdata[i], "dm/name",
                                                NULL);
      g_autofree char *name = NULL;

      if (g_str_has_prefix (names->pdata[i], "dm-") &&
          (name = ferry_root_read (root, path)) != NULL && g_str_equal (name, dm_name))
        return g_strdup (names->pdata[i]);
    }

  return NULL;
}

/* The kernel's name (sys/class/block/NAME) of the device a mount's source names: /dev/sda1,
 * or a link to it (/dev/mapper/…, /dev/VG/LV, /dev/disk/by-uuid/…). */
static char *
block_device_of_source (const char *root,
                        const char *source)
{
  g_autofree char *resolved = NULL;
  g_autofree char *name = NULL;

  if (!g_str_has_prefix (source, "/dev/") || source[5] == '\0')
    return NULL;

  resolved = ferry_root_resolve (root, source + 1);
  name = g_path_get_basename (resolved != NULL ? resolved : source);
  if (is_block_device (root, name))
    return g_steal_pointer (&name);

  if (g_str_has_prefix (source, "/dev/mapper/"))
    return find_dm_device (root, source + strlen ("/dev/mapper/"));
  return NULL;
}

/* Whether RESOLVED (a sysfs block device) is a partition: it sits in the directory of its
 * disk, which is itself a block device. */
static gboolean
is_partition (const char *root,
              const char *resolved)
{
  g_autofree char *partition_path = g_build_filename (resolved, "partition", NULL);
  g_autofree char *parent = g_path_get_dirname (resolved);
  g_autofree char *parent_name = g_path_get_basename (parent);
  g_autofree char *parent_class = NULL;
  g_autofree char *parent_resolved = NULL;
  g_autofree char *partition = ferry_root_read (root, partition_path);

  if (partition != NULL)
    return TRUE;

  if (g_str_equal (parent_name, ".") || g_str_equal (parent_name, "/"))
    return FALSE;
  parent_class = g_build_filename ("sys/class/block", parent_name, NULL);
  parent_resolved = ferry_root_resolve (root, parent_class);
  return g_strcmp0 (parent_resolved, parent) == 0;
}

/* Adds MOUNT_POINT to the controllers of block device NAME: through partitions to their
 * disk, and through device mapper and md to the devices they are built on. */
static void
collect_disk_use (const char *root,
                  const char *name,
                  const char *mount_point,
                  guint       depth,
                  GHashTable *controllers)
{
  g_autofree char *class_path = g_build_filename ("sys/class/block", name, NULL);
  g_autofree char *resolved = ferry_root_resolve (root, class_path);
  g_autofree char *disk_path = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *slaves_path = NULL;
  g_autofree char *controller = NULL;
  g_autoptr(GPtrArray) slaves = NULL;
  DiskUse *use;

  if (resolved == NULL || resolved[0] == '\0' || depth > MAX_STACK)
    return;

  disk_path = is_partition (root, resolved) ? g_path_get_dirname (resolved)
                                            : g_strdup (resolved);
  disk = g_path_get_basename (disk_path);

  /* The host loses the mount when it loses any device under it. */
  slaves_path = g_build_filename (disk_path, "slaves", NULL);
  slaves = ferry_root_list (root, slaves_path);
  if (slaves->len > 0)
    {
      for (guint i = 0; i < slaves->len; i++)
        collect_disk_use (root, slaves->pdata[i], mount_point, depth + 1, controllers);
      return;
    }

  controller = ferry_root_nearest_pci_function (disk_path);
  if (controller == NULL)
    return;

  use = g_hash_table_lookup (controllers, controller);
  if (use == NULL)
    {
      use = g_new0 (DiskUse, 1);
      use->mount_points = g_ptr_array_new_with_free_func (g_free);
      use->disks = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (controllers, g_steal_pointer (&controller), use);
    }
  add_unique (use->mount_points, mount_point);
  add_unique (use->disks, disk);
}

/* "a", "a and b", "a, b and c". */
static char *
join_list (GPtrArray *items)
{
  g_autofree char *text = g_strdup (items->len > 0 ? items->pdata[0] : "");

  for (guint i = 1; i < items->len; i++)
    {
      char *longer;

      if (i + 1 == items->len)
        /* Translators: ends a list, e.g. of mount points: "/, /boot and /home" */
        longer = g_strdup_printf (C_("list", "%s and %s"), text, (char *) items->pdata[i]);
      else
        /* Translators: continues a list, e.g. of mount points: "/, /boot" */
        longer = g_strdup_printf (C_("list", "%s, %s"), text, (char *) items->pdata[i]);
      g_free (text);
      text = longer;
    }

  return g_steal_pointer (&text);
}

static void
probe_disks (const char *root,
             GHashTable *uses)
{
  g_autoptr(GHashTable) controllers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) disk_use_free);
  g_autofree char *mounts = ferry_root_read (root, "proc/self/mounts");
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (mounts == NULL)
    mounts = ferry_root_read (root, "proc/mounts");
  if (mounts == NULL)
    return;

  lines = g_strsplit (mounts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      g_autofree char *source = NULL;
      g_autofree char *target = NULL;
      g_autofree char *mount_point = NULL;
      g_autofree char *device = NULL;

      if (g_strv_length (fields) < 2)
        continue;

      source = unescape_mount_field (fields[0]);
      target = unescape_mount_field (fields[1]);
      if ((device = block_device_of_source (root, source)) == NULL)
        continue;

      mount_point = g_utf8_make_valid (target, -1);
      collect_disk_use (root, device, mount_point, 0, controllers);
    }

  g_hash_table_iter_init (&iter, controllers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DiskUse *use = value;
      g_autofree char *mount_points = join_list (use->mount_points);
      g_autofree char *disks = join_list (use->disks);
      char *sentence;

      /* Translators: first %s lists mount points ("/ and /home"), second the disks ("sda") */
      sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "It controls the disk of %s (%s)",
                                               "It controls the disks of %s (%s)",
                                               use->disks->len),
                                  mount_points, disks);
      add_use (uses, key, sentence);
    }
}

static char *
join_uses (GPtrArray *sentences)
{
  g_autofree char *text = g_strdup (sentences->pdata[0]);

  for (guint i = 1; i < sentences->len; i++)
    {
      /* Translators: joins two things the host uses a device for, e.g. two sentences */
      char *longer = g_strdup_printf (_("%s; %s"), text, (char *) sentences->pdata[i]);

      g_free (text);
      text = longer;
    }

  return g_steal_pointer (&text);
}

GHashTable *
ferry_host_probe_device_uses (const char *root)
{
  g_autoptr(GHashTable) uses = NULL;
  GHashTable *result;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (root != NULL, NULL);

  uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
  probe_boot_display (root, uses);
  probe_networks (root, uses);
  probe_disks (root, uses);

  result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (result, g_strdup (key), join_uses (value));

  return result;
}

GHashTable *
ferry_host_probe_vfio_groups (const char *root)
{
  GHashTable *groups = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) names = NULL;

  g_return_val_if_fail (root != NULL, groups);

  names = ferry_root_list (root, "dev/vfio");
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *relative = g_build_filename ("dev/vfio", name, NULL);
      g_autofree char *resolved = ferry_root_resolve (root, relative);
      g_autofree char *full = NULL;
      guint64 group;

      /* "vfio" itself is the container, not a group. */
      if (!g_ascii_string_to_unsigned (name, 10, 0, G_MAXINT, &group, NULL) || resolved == NULL)
        continue;
      full = g_build_filename (root, resolved, NULL);
      /* The rights the kernel will check when QEMU, running as this user, opens it. */
      if (access (full, R_OK | W_OK) == 0)
        g_hash_table_add (groups, GINT_TO_POINTER ((int) group));
    }

  return groups;
}
