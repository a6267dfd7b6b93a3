/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-function-probe"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ferry-function-probe.h"
#include "ferry-host-root-private.h"

/* Who holds a function's device nodes open, and how the kernel can reset it, read from
 * /sys and /proc under a root. It runs on the session's reader thread at every read, so it
 * stays cheap: nodes come from names in sysfs (no stat of /dev), and the walk through
 * /proc reads at most MAX_FDS links. */

/* About what a busy desktop has open in all; a process past it counts as not checked. */
#define MAX_FDS 65536

/* The nodes of the DRM devices (cardN, renderDN) under a function's drm/ directory. */
static void
add_drm_nodes (const char         *root,
               const char         *device_dir,
               FerryFunctionState *state)
{
  g_autofree char *drm_dir = g_build_filename (device_dir, "drm", NULL);
  g_autoptr(GPtrArray) names = ferry_root_list (root, drm_dir);

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (names->pdata[i], "card") || g_str_has_prefix (names->pdata[i], "renderD"))
      g_ptr_array_add (state->nodes, g_build_filename ("/dev/dri", names->pdata[i], NULL));
}

/* The nodes of the ALSA cards under sound/: sound/card0/controlC0 is /dev/snd/controlC0. */
static void
add_sound_nodes (const char         *root,
                 const char         *device_dir,
                 FerryFunctionState *state)
{
  g_autofree char *sound_dir = g_build_filename (device_dir, "sound", NULL);
  g_autoptr(GPtrArray) cards = ferry_root_list (root, sound_dir);

  for (guint i = 0; i < cards->len; i++)
    {
      g_autofree char *card_dir = g_build_filename (sound_dir, cards->pdata[i], NULL);
      g_autoptr(GPtrArray) names = NULL;

      if (!g_str_has_prefix (cards->pdata[i], "card"))
        continue;

      names = ferry_root_list (root, card_dir);
      for (guint n = 0; n < names->len; n++)
        {
          const char *name = names->pdata[n];

          if (g_str_has_prefix (name, "controlC") || g_str_has_prefix (name, "pcmC") ||
              g_str_has_prefix (name, "hwC") || g_str_has_prefix (name, "midiC"))
            g_ptr_array_add (state->nodes, g_build_filename ("/dev/snd", name, NULL));
        }
    }
}

/* NVIDIA's own driver has no drm/ nodes of its own for compute: /dev/nvidiaN, N being the
 * "Device Minor" it reports per GPU. (/dev/nvidiactl and nvidia-uvm serve every GPU at
 * once, so they tell nothing about one.) */
static void
add_nvidia_node (const char         *root,
                 const char         *address,
                 FerryFunctionState *state)
{
  g_autofree char *path = g_build_filename ("proc/driver/nvidia/gpus", address, "information",
                                            NULL);
  g_autofree char *information = ferry_root_read (root, path);
  g_auto(GStrv) lines = NULL;

  if (information == NULL)
    return;

  lines = g_strsplit (information, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      guint64 minor;

      if (colon == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], colon - lines[i]));
      value = g_strstrip (g_strdup (colon + 1));
      if (g_str_equal (key, "Device Minor") &&
          g_ascii_string_to_unsigned (value, 10, 0, 255, &minor, NULL))
        g_ptr_array_add (state->nodes,
                         g_strdup_printf ("/dev/nvidia%u", (guint) minor));
    }
}

/* sysfs reset_method (Linux 5.15 and later) lists the methods, best first. The kernel shows
 * neither it nor the older reset file for a function it cannot reset; an older kernel shows
 * only reset when it can, without saying how: then the methods are not known. */
static GStrv
read_reset_methods (const char *root,
                    const char *device_dir)
{
  g_autofree char *methods_path = g_build_filename (device_dir, "reset_method", NULL);
  g_autofree char *reset_path = g_build_filename (device_dir, "reset", NULL);
  g_autofree char *methods = ferry_root_read (root, methods_path);
  g_autofree char *reset = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  if (methods == NULL)
    {
      reset = ferry_root_resolve (root, reset_path);
      return reset != NULL ? NULL : g_new0 (char *, 1);
    }

  words = g_strsplit_set (methods, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);
  return g_strv_builder_end (builder);
}

/* A block device's node goes to the function its disk hangs from (a partition's too). */
static void
add_block_nodes (const char *root,
                 GHashTable *states)
{
  g_autoptr(GPtrArray) names = ferry_root_list (root, "sys/class/block");

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename ("sys/class/block", names->pdata[i], NULL);
      g_autofree char *resolved = ferry_root_resolve (root, path);
      g_autofree char *address = resolved ? ferry_root_nearest_pci_function (resolved) : NULL;
      FerryFunctionState *state = address ? g_hash_table_lookup (states, address) : NULL;

      if (state != NULL)
        g_ptr_array_add (state->nodes, g_build_filename ("/dev", names->pdata[i], NULL));
    }
}

static gboolean
is_pid (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return name[0] != '\0' && strlen (name) < 11;
}

static int
compare_holders (gconstpointer a,
                 gconstpointer b)
{
  const FerryDeviceHolder *holder_a = *(FerryDeviceHolder * const *) a;
  const FerryDeviceHolder *holder_b = *(FerryDeviceHolder * const *) b;

  if (holder_a->pid != holder_b->pid)
    return holder_a->pid < holder_b->pid ? -1 : 1;
  return strcmp (holder_a->node, holder_b->node);
}

static gboolean
has_holder (FerryFunctionState *state,
            guint               pid,
            const char         *node)
{
  for (guint i = 0; i < state->holders->len; i++)
    {
      FerryDeviceHolder *holder = state->holders->pdata[i];

      if (holder->pid == pid && g_str_equal (holder->node, node))
        return TRUE;
    }
  return FALSE;
}

/* The processes holding NODES (device node → FerryFunctionState) open, from the links in
 * /proc/PID/fd. Returns how many processes could not be checked: those whose fd directory
 * cannot be read (other users', for anyone but root; a fixture says so by leaving it out)
 * and those past the budget. A process that ended meanwhile is simply gone. */
static guint
find_holders (const char *root,
              GHashTable *nodes)
{
  g_autoptr(GPtrArray) entries = ferry_root_list (root, "proc");
  guint budget = MAX_FDS;
  guint unchecked = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const char *name = entries->pdata[i];
      g_autofree char *process_dir = NULL;
      g_autofree char *fd_dir = NULL;
      g_autofree char *comm = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *fd;
      guint64 pid;

      if (!is_pid (name) || !g_ascii_string_to_unsigned (name, 10, 1, G_MAXUINT, &pid, NULL))
        continue;

      process_dir = g_build_filename (root, "proc", name, NULL);
      fd_dir = g_build_filename (process_dir, "fd", NULL);
      if (budget == 0 || (dir = g_dir_open (fd_dir, 0, NULL)) == NULL)
        {
          if (g_file_test (process_dir, G_FILE_TEST_IS_DIR))
            unchecked++;
          continue;
        }

      while (budget > 0 && (fd = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *link = g_build_filename (fd_dir, fd, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);
          g_autofree char *base = NULL;
          g_autofree char *node = NULL;
          FerryFunctionState *state;

          budget--;
          if (target == NULL)
            continue;

          /* The kernel's links are absolute; a fixture's are relative, so that it stays
           * inside its tree: "../../../dev/dri/card0" from proc/PID/fd. */
          base = g_build_filename ("/proc", name, "fd", NULL);
          node = g_canonicalize_filename (target, base);
          state = g_hash_table_lookup (nodes, node);
          if (state == NULL || has_holder (state, pid, node))
            continue;

          if (comm == NULL)
            {
              g_autofree char *comm_path = g_build_filename ("proc", name, "comm", NULL);

              comm = ferry_root_read (root, comm_path);
              if (comm == NULL)
                /* Translators: stands for a process whose command name is not known */
                comm = g_strdup (_("a process"));
            }
          g_ptr_array_add (state->holders, ferry_device_holder_new (pid, comm, node));
        }
      /* Cut short by the budget: what it still holds is not known. */
      if (budget == 0 && g_dir_read_name (dir) != NULL)
        unchecked++;
    }

  return unchecked;
}

GHashTable *
ferry_host_probe_functions (const char *root)
{
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GHashTable) nodes = NULL;
  g_autoptr(GPtrArray) names = NULL;
  GHashTableIter iter;
  gpointer value;
  guint unchecked;

  g_return_val_if_fail (root != NULL, NULL);

  states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) ferry_function_state_free);
  names = ferry_root_list (root, "sys/bus/pci/devices");
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *address = ferry_root_parse_pci_function (names->pdata[i]);
      g_autofree char *link = g_build_filename ("sys/bus/pci/devices", names->pdata[i], NULL);
      g_autofree char *device_dir = NULL;
      FerryFunctionState *state;

      if (address == NULL || (device_dir = ferry_root_resolve (root, link)) == NULL)
        continue;

      state = ferry_function_state_new ();
      state->reset_methods = read_reset_methods (root, device_dir);
      add_drm_nodes (root, device_dir, state);
      add_sound_nodes (root, device_dir, state);
      add_nvidia_node (root, address, state);
      g_hash_table_insert (states, g_steal_pointer (&address), state);
    }
  add_block_nodes (root, states);

  nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FerryFunctionState *state = value;

      for (guint i = 0; i < state->nodes->len; i++)
        g_hash_table_insert (nodes, state->nodes->pdata[i], state);
    }

  /* Nothing to hold, nothing to look for: no walk through /proc. */
  if (g_hash_table_size (nodes) == 0)
    return g_steal_pointer (&states);

  unchecked = find_holders (root, nodes);
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FerryFunctionState *state = value;

      if (state->nodes->len > 0)
        state->unchecked = unchecked;
      g_ptr_array_sort (state->holders, compare_holders);
    }

  return g_steal_pointer (&states);
}
