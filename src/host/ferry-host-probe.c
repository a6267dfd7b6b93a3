/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-probe"

#include "config.h"

#include <string.h>

#include "ferry-host-probe.h"

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

static void
probe_unsafe_interrupts (const char     *root,
                         FerryHostFacts *facts)
{
  g_autofree char *runtime = read_file (root,
                                        "sys/module/vfio_iommu_type1/parameters/"
                                        "allow_unsafe_interrupts");
  g_autofree char *modprobe_dir = g_build_filename (root, "etc/modprobe.d", NULL);
  g_autoptr(GDir) dir = g_dir_open (modprobe_dir, 0, NULL);
  const char *name;

  if (runtime != NULL)
    facts->unsafe_interrupts_runtime = g_str_has_prefix (runtime, "Y") ? FERRY_TRISTATE_YES
                                                                       : FERRY_TRISTATE_NO;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("etc/modprobe.d", name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".conf") || !(contents = read_file (root, path)))
        continue;

      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = g_strstrip (g_strdup (lines[i]));

          if (g_str_has_prefix (line, "options") && strstr (line, "vfio_iommu_type1") &&
              strstr (line, "allow_unsafe_interrupts=1"))
            {
              g_free (facts->unsafe_interrupts_file);
              facts->unsafe_interrupts_file = g_build_filename ("/etc/modprobe.d", name, NULL);
            }
        }
    }
}

/* Whether os-release's ID or ID_LIKE (quoted or not, a space-separated list) names NAME. */
static gboolean
os_release_is (const char *os_release,
               const char *name)
{
  g_auto(GStrv) lines = g_strsplit (os_release, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) values = NULL;
      g_autofree char *value = NULL;

      if (g_str_has_prefix (lines[i], "ID="))
        value = g_strdup (lines[i] + 3);
      else if (g_str_has_prefix (lines[i], "ID_LIKE="))
        value = g_strdup (lines[i] + 8);
      else
        continue;

      g_strdelimit (value, "\"'", ' ');
      values = g_strsplit_set (value, " \t", -1);
      if (g_strv_contains ((const char * const *) values, name))
        return TRUE;
    }

  return FALSE;
}

static void
probe_boot (const char     *root,
            FerryHostFacts *facts)
{
  g_autofree char *os_release = read_file (root, "etc/os-release");

  facts->boot_mode = exists (root, "sys/firmware/efi") ? FERRY_BOOT_UEFI : FERRY_BOOT_BIOS;
  facts->debian_like = os_release != NULL &&
                       (os_release_is (os_release, "debian") ||
                        os_release_is (os_release, "ubuntu"));

  g_free (facts->grub_file);
  facts->grub_file = g_strdup (exists (root, "etc/default/grub") ? "/etc/default/grub"
                               : exists (root, "etc/sysconfig/grub") ? "/etc/sysconfig/grub"
                               : NULL);
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
  probe_unsafe_interrupts (root, facts);
  probe_boot (root, facts);
}
