/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "ferry-function-probe.h"
#include "ferry-host-probe.h"

/* What the host uses its PCI functions for, on fixture hosts (tests/data/roots/host-uses*), and
 * who holds them open and how they reset (tests/data/roots/holders). */

static GHashTable *
probe_fixture (const char *name)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "roots", name, NULL);

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  return ferry_host_probe_device_uses (root);
}

/* USES holds exactly the EXPECTED pairs (address, text, …, NULL). */
static void
assert_uses (GHashTable *uses,
             ...)
{
  const char *address;
  guint n = 0;
  va_list args;

  va_start (args, uses);
  while ((address = va_arg (args, const char *)) != NULL)
    {
      const char *text = va_arg (args, const char *);

      g_test_message ("%s: %s", address, (const char *) g_hash_table_lookup (uses, address));
      g_assert_cmpstr (g_hash_table_lookup (uses, address), ==, text);
      n++;
    }
  va_end (args);

  g_assert_cmpuint (g_hash_table_size (uses), ==, n);
}

static void
test_fixture_host (void)
{
  g_autoptr(GHashTable) uses = probe_fixture ("host-uses");

  assert_uses (uses,
               "0000:00:02.0", "It shows the host’s boot display (boot_vga)",
               "0000:00:1f.6", "Network interface eno1 is up",
               /* A VF's own interface; its PF's interface is down. */
               "0000:03:10.0", "Network interface enp3s0v0 is up",
               /* virtio: "unknown" operstate with IFF_UP, one directory below the function. */
               "0000:00:03.0", "Network interface ens3 is up",
               /* The controller, not the root port (0000:00:1d.0) above it; /home is on LVM on
                * LUKS on nvme0n1p3; / mounted twice counts once. */
               "0000:07:00.0", "It controls the disk of /, /boot/efi, /home and "
                               "/var/lib/containers/storage (nvme0n1)",
               /* dm-2 stripes over sda1 and sdb1; \040 in /proc/mounts is a space. */
               "0000:00:17.0", "It controls the disks of /srv/web data and /var/backup "
                               "(sda and sdb)",
               NULL);

  /* Down interfaces, the non-boot GPU and the root ports are the host's to give. */
  g_assert_false (g_hash_table_contains (uses, "0000:03:00.0"));
  g_assert_false (g_hash_table_contains (uses, "0000:00:04.0"));
  g_assert_false (g_hash_table_contains (uses, "0000:01:00.0"));
  g_assert_false (g_hash_table_contains (uses, "0000:00:1d.0"));
}

static void
test_odd_content (void)
{
  g_autoptr(GHashTable) uses = probe_fixture ("host-uses-odd");

  /* An absolute link and one climbing above the root still land inside the root; loops,
   * dangling links, garbage and a self-stacked device mapper device give nothing; mounts come
   * from proc/mounts when there is no proc/self. */
  assert_uses (uses,
               "0000:00:05.0", "It shows the host’s boot display (boot_vga); "
                               "Network interface abs is up",
               "0000:00:06.0", "Network interface dotdot is up",
               "0000:00:08.0", "It controls the disk of /mnt/café, /mnt/bad\xef\xbf\xbd\\7, "
                               "/data and /raid (vda)",
               NULL);
}

static void
test_empty_roots (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("ferry-host-uses-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autoptr(GHashTable) empty_uses = NULL;
  g_autoptr(GHashTable) missing_uses = NULL;

  g_assert_no_error (error);
  missing = g_build_filename (empty, "does-not-exist", NULL);

  empty_uses = ferry_host_probe_device_uses (empty);
  missing_uses = ferry_host_probe_device_uses (missing);
  g_assert_cmpuint (g_hash_table_size (empty_uses), ==, 0);
  g_assert_cmpuint (g_hash_table_size (missing_uses), ==, 0);

  g_assert_cmpint (g_rmdir (empty), ==, 0);
}

/* This machine's own /sys and /proc: whatever they hold, the probe must get through them. */
static void
test_real_root (void)
{
  g_autoptr(GHashTable) uses = ferry_host_probe_device_uses ("/");
  GHashTableIter iter;
  gpointer address, text;

  g_assert_nonnull (uses);
  g_hash_table_iter_init (&iter, uses);
  while (g_hash_table_iter_next (&iter, &address, &text))
    {
      g_test_message ("%s: %s", (const char *) address, (const char *) text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

/* A per-user session needs /dev/vfio/GROUP to be the user's: the groups the probe finds
 * openable on the fixture root (tests/data/roots/session-vfio). */
static void
test_vfio_groups (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "roots", "session-vfio",
                                                 NULL);
  g_autoptr(GHashTable) groups = ferry_host_probe_vfio_groups (root);
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_dir_make_tmp ("ferry-vfio-XXXXXX", &error);
  g_autofree char *dev = NULL;
  g_autofree char *group = NULL;
  g_autofree char *container = NULL;
  g_autoptr(GHashTable) copy_groups = NULL;

  /* 7 and 12; 9 links to 7 inside the root; not the container, a dangling link or 12.bak. */
  g_assert_cmpuint (g_hash_table_size (groups), ==, 3);
  g_assert_true (g_hash_table_contains (groups, GINT_TO_POINTER (7)));
  g_assert_true (g_hash_table_contains (groups, GINT_TO_POINTER (9)));
  g_assert_true (g_hash_table_contains (groups, GINT_TO_POINTER (12)));

  /* A group that is not the user's (the kernel's own check: root may open anything). */
  g_assert_no_error (error);
  dev = g_build_filename (copy, "dev", "vfio", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dev, 0700), ==, 0);
  group = g_build_filename (dev, "15", NULL);
  container = g_build_filename (dev, "vfio", NULL);
  g_assert_true (g_file_set_contents (group, "", 0, &error));
  g_assert_true (g_file_set_contents (container, "", 0, &error));
  g_assert_cmpint (g_chmod (group, 0), ==, 0);
  copy_groups = ferry_host_probe_vfio_groups (copy);
  g_assert_cmpuint (g_hash_table_size (copy_groups), ==, geteuid () == 0 ? 1 : 0);

  g_assert_cmpint (g_unlink (group), ==, 0);
  g_assert_cmpint (g_unlink (container), ==, 0);
  g_assert_cmpint (g_rmdir (dev), ==, 0);
  g_clear_pointer (&dev, g_free);
  dev = g_build_filename (copy, "dev", NULL);
  g_assert_cmpint (g_rmdir (dev), ==, 0);
  g_assert_cmpint (g_rmdir (copy), ==, 0);
}

/* STATE has exactly the NULL-terminated NODES. */
static void
assert_nodes (const FerryFunctionState *state,
              ...)
{
  guint n = 0;
  va_list args;

  va_start (args, state);
  for (const char *node = va_arg (args, const char *); node != NULL;
       node = va_arg (args, const char *))
    {
      g_assert_cmpuint (n, <, state->nodes->len);
      g_assert_cmpstr (state->nodes->pdata[n++], ==, node);
    }
  va_end (args);
  g_assert_cmpuint (state->nodes->len, ==, n);
}

static void
assert_holder (const FerryFunctionState *state,
               guint                     index,
               guint                     pid,
               const char               *command,
               const char               *node)
{
  FerryDeviceHolder *holder;

  g_assert_cmpuint (index, <, state->holders->len);
  holder = state->holders->pdata[index];
  g_assert_cmpuint (holder->pid, ==, pid);
  g_assert_cmpstr (holder->command, ==, command);
  g_assert_cmpstr (holder->node, ==, node);
}

static void
assert_reset_methods (const FerryFunctionState *state,
                      const char               *methods)
{
  g_autofree char *joined = NULL;

  if (methods == NULL)
    {
      g_assert_null (state->reset_methods);
      return;
    }
  g_assert_nonnull (state->reset_methods);
  joined = g_strjoinv (" ", state->reset_methods);
  g_assert_cmpstr (joined, ==, methods);
}

static void
test_holders_fixture (void)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "roots", "holders", NULL);
  g_autoptr(GHashTable) states = ferry_host_probe_functions (root);
  FerryFunctionState *igpu = g_hash_table_lookup (states, "0000:00:02.0");
  FerryFunctionState *nvidia = g_hash_table_lookup (states, "0000:01:00.0");
  FerryFunctionState *audio = g_hash_table_lookup (states, "0000:01:00.1");
  FerryFunctionState *hda = g_hash_table_lookup (states, "0000:00:1f.3");
  FerryFunctionState *sata = g_hash_table_lookup (states, "0000:00:17.0");
  g_autofree char *said = NULL;

  g_assert_cmpuint (g_hash_table_size (states), ==, 5);

  /* DRM nodes from drm/; gnome-shell's two fds on card1 count once. */
  assert_nodes (igpu, "/dev/dri/card1", "/dev/dri/renderD129", NULL);
  g_assert_cmpuint (igpu->holders->len, ==, 2);
  assert_holder (igpu, 0, 1234, "gnome-shell", "/dev/dri/card1");
  assert_holder (igpu, 1, 1234, "gnome-shell", "/dev/dri/renderD129");
  said = ferry_device_holder_describe (igpu->holders->pdata[0]);
  g_assert_cmpstr (said, ==, "gnome-shell (pid 1234) has /dev/dri/card1 open");
  /* Xwayland's and pulseaudio's fd directories could not be read: counted, not guessed. */
  g_assert_cmpuint (igpu->unchecked, ==, 2);
  assert_reset_methods (igpu, "flr");

  /* NVIDIA's minor from /proc/driver/nvidia; a CUDA job holds it. */
  assert_nodes (nvidia, "/dev/nvidia1", NULL);
  g_assert_cmpuint (nvidia->holders->len, ==, 1);
  assert_holder (nvidia, 0, 300, "python3", "/dev/nvidia1");
  assert_reset_methods (nvidia, "bus");

  /* ALSA nodes from sound/cardN; the kernel's absolute link form; an older kernel (reset
   * without reset_method) does not say how. */
  assert_nodes (audio, "/dev/snd/controlC2", "/dev/snd/hwC2D0", "/dev/snd/pcmC2D3p", NULL);
  g_assert_cmpuint (audio->holders->len, ==, 1);
  assert_holder (audio, 0, 77, "pipewire", "/dev/snd/controlC2");
  assert_reset_methods (audio, NULL);

  /* No nodes: nothing to hold, nothing unchecked; neither reset file: no reset at all. */
  assert_nodes (hda, NULL);
  g_assert_cmpuint (hda->holders->len, ==, 0);
  g_assert_cmpuint (hda->unchecked, ==, 0);
  assert_reset_methods (hda, "");
  g_assert_null (hda->reset_methods[0]);

  /* Block devices under the controller; a process without comm still counts. */
  assert_nodes (sata, "/dev/sda", "/dev/sda1", NULL);
  g_assert_cmpuint (sata->holders->len, ==, 1);
  assert_holder (sata, 0, 900, "a process", "/dev/sda1");
  assert_reset_methods (sata, "pm bus");
}

static void
test_holders_empty_roots (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("ferry-holders-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autoptr(GHashTable) empty_states = NULL;
  g_autoptr(GHashTable) missing_states = NULL;

  g_assert_no_error (error);
  missing = g_build_filename (empty, "does-not-exist", NULL);

  empty_states = ferry_host_probe_functions (empty);
  missing_states = ferry_host_probe_functions (missing);
  g_assert_cmpuint (g_hash_table_size (empty_states), ==, 0);
  g_assert_cmpuint (g_hash_table_size (missing_states), ==, 0);

  g_assert_cmpint (g_rmdir (empty), ==, 0);
}

/* This machine: every process's fds, within the budget, on the reader thread at each read. */
static void
test_holders_real_root (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GHashTable) states = ferry_host_probe_functions ("/");
  GHashTableIter iter;
  gpointer address, value;

  g_test_message ("probed %u functions in %.1f ms", g_hash_table_size (states),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, &address, &value))
    {
      FerryFunctionState *state = value;

      g_test_message ("%s: %u nodes, %u holders, %u unchecked", (const char *) address,
                      state->nodes->len, state->holders->len, state->unchecked);
      for (guint i = 0; i < state->holders->len; i++)
        g_assert_true (g_utf8_validate (((FerryDeviceHolder *) state->holders->pdata[i])->command,
                                        -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-uses/fixture-host", test_fixture_host);
  g_test_add_func ("/host-uses/odd-content", test_odd_content);
  g_test_add_func ("/host-uses/empty-roots", test_empty_roots);
  g_test_add_func ("/host-uses/real-root", test_real_root);
  g_test_add_func ("/host-uses/vfio-groups", test_vfio_groups);
  g_test_add_func ("/function-probe/fixture", test_holders_fixture);
  g_test_add_func ("/function-probe/empty-roots", test_holders_empty_roots);
  g_test_add_func ("/function-probe/real-root", test_holders_real_root);

  return g_test_run ();
}
