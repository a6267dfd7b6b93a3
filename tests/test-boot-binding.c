/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ferry-boot-binding.h"
#include "ferry-error.h"
#include "ferry-host-probe.h"
#include "fixtures.h"

/* The bind-at-boot commands over fixture hosts (tests/data/roots/boot-…): what each
 * distribution's initramfs tool and boot loader need, every function of the card, the
 * drivers to load after vfio-pci, and the ids the host shares with other devices. */

static FerryHostFacts *
probe_root (const char *name)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "roots", name, NULL);
  FerryHostFacts *facts = ferry_host_facts_new ();

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  ferry_host_probe (root, facts);
  return facts;
}

static FerryHostDevice *
load_device (const char *name)
{
  g_autofree char *xml = fixture_load (name);
  g_autoptr(GError) error = NULL;
  FerryHostDevice *device = ferry_host_device_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return device;
}

/* Two GPUs with their audio functions (the NVIDIA one already on vfio-pci, the AMD audio
 * without a reported driver), and two identical NICs on different buses. */
static FerryInventory *
new_inventory (void)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);
  const char *names[] = { "nodedev-gpu.xml", "nodedev-gpu-audio.xml", "nodedev-gpu2.xml",
                          "nodedev-gpu2-audio.xml", "nodedev-pf.xml" };
  g_autofree char *nic_xml = fixture_load ("nodedev-pf.xml");
  g_autoptr(GString) twin = g_string_new (nic_xml);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (devices, load_device (names[i]));

  g_string_replace (twin, "pci_0000_0a_00_0", "pci_0000_0b_00_0", 0);
  g_string_replace (twin, "<bus>10</bus>", "<bus>11</bus>", 0);
  g_ptr_array_add (devices, ferry_host_device_new_from_xml (twin->str, &error));
  g_assert_no_error (error);

  return ferry_inventory_new (devices, guests, networks);
}

static FerryHostDevice *
lookup (FerryInventory *inventory,
        const char     *text)
{
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse (text, &address));
  return ferry_inventory_lookup (inventory, &address);
}

static FerryBootBinding *
bind_on (const char *root,
         const char *address,
         GHashTable *host_uses)
{
  g_autoptr(FerryHostFacts) facts = probe_root (root);
  g_autoptr(FerryInventory) inventory = new_inventory ();
  g_autoptr(GError) error = NULL;
  FerryBootBinding *binding = ferry_boot_binding_new (facts, inventory,
                                                      lookup (inventory, address),
                                                      host_uses, &error);

  g_assert_no_error (error);
  g_assert_nonnull (binding);
  return binding;
}

/* All steps' commands, one after another. */
static char *
join_commands (GPtrArray *steps)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    g_string_append_printf (text, "%s\n", ((FerryBootStep *) steps->pdata[i])->command);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_probe_distributions (void)
{
  g_autoptr(FerryHostFacts) debian = probe_root ("boot-debian");
  g_autoptr(FerryHostFacts) fedora = probe_root ("boot-fedora");
  g_autoptr(FerryHostFacts) arch = probe_root ("boot-arch");

  g_assert_cmpstr (debian->os_name, ==, "Debian GNU/Linux 12 (bookworm)");
  g_assert_true (debian->debian_like);
  g_assert_cmpint (debian->initramfs_tools, ==, FERRY_INITRAMFS_UPDATE_INITRAMFS);
  g_assert_cmpint (debian->bootloader, ==, FERRY_BOOTLOADER_GRUB);
  g_assert_cmpint (debian->vfio_pci_builtin, ==, FERRY_TRISTATE_NO);

  g_assert_true (g_strv_contains ((const char * const *) fedora->os_ids, "fedora"));
  g_assert_false (fedora->debian_like);
  g_assert_cmpint (fedora->initramfs_tools, ==, FERRY_INITRAMFS_DRACUT);
  /* Fedora's GRUB reads /boot/loader/entries too: still GRUB. */
  g_assert_cmpint (fedora->bootloader, ==, FERRY_BOOTLOADER_GRUB);
  g_assert_cmpint (fedora->vfio_pci_builtin, ==, FERRY_TRISTATE_YES);

  g_assert_cmpint (arch->initramfs_tools, ==, FERRY_INITRAMFS_MKINITCPIO);
  g_assert_cmpint (arch->bootloader, ==, FERRY_BOOTLOADER_SYSTEMD_BOOT);
  g_assert_cmpstr (arch->loader_entries, ==, "/boot/loader/entries");
  g_assert_true (arch->kernel_cmdline_file);
  g_assert_cmpint (arch->vfio_pci_builtin, ==, FERRY_TRISTATE_UNKNOWN);
}

static void
test_debian (void)
{
  g_autoptr(FerryBootBinding) binding = bind_on ("boot-debian", "0000:01:00.0", NULL);
  g_autofree char *steps = join_commands (binding->steps);
  g_autofree char *undo = join_commands (binding->undo);

  g_assert_true (strstr (steps, "sudo tee /etc/modprobe.d/vfio-pci-ferry.conf <<'EOF'\n") != NULL);
  g_assert_true (strstr (steps, "/etc/initramfs-tools/modules") != NULL);
  g_assert_true (strstr (steps, "for m in vfio vfio_iommu_type1 vfio_pci; do") != NULL);
  g_assert_true (strstr (steps, "sudo update-initramfs -u\n") != NULL);
  g_assert_true (strstr (steps, "lspci -nnk -s 0000:01:00\n") != NULL);
  /* vfio-pci is a module here: nothing touches the boot loader. */
  g_assert_null (strstr (steps, "grub"));
  g_assert_null (strstr (steps, "dracut"));

  g_assert_true (strstr (undo, "sudo rm /etc/modprobe.d/vfio-pci-ferry.conf\n") != NULL);
  g_assert_true (strstr (undo, "/d' /etc/initramfs-tools/modules") != NULL);
  g_assert_true (strstr (undo, "sudo update-initramfs -u\n") != NULL);
  g_assert_cmpuint (binding->warnings->len, ==, 0);
}

static void
test_fedora_grub_builtin (void)
{
  g_autoptr(FerryBootBinding) binding = bind_on ("boot-fedora", "0000:02:00.0", NULL);
  g_autofree char *steps = join_commands (binding->steps);
  g_autofree char *undo = join_commands (binding->undo);

  g_assert_true (strstr (steps, "force_drivers+=\" vfio vfio_iommu_type1 vfio-pci \"") != NULL);
  g_assert_true (strstr (steps, "sudo tee /etc/dracut.conf.d/vfio-pci-ferry.conf") != NULL);
  g_assert_true (strstr (steps, "sudo dracut -f\n") != NULL);
  /* vfio-pci is built in: the ids go on GRUB's command line, for UEFI. */
  g_assert_true (strstr (steps, "s/^GRUB_CMDLINE_LINUX=\"/&vfio-pci.ids=1002:73ff,1002:ab28 /' "
                         "/etc/default/grub") != NULL);
  g_assert_true (strstr (steps, "sudo grub2-mkconfig -o /etc/grub2-efi.cfg\n") != NULL);
  g_assert_null (strstr (steps, "update-initramfs"));

  g_assert_true (strstr (undo, "sudo rm /etc/modprobe.d/vfio-pci-ferry.conf "
                         "/etc/dracut.conf.d/vfio-pci-ferry.conf\n") != NULL);
  g_assert_true (strstr (undo, "s/vfio-pci.ids=1002:73ff,1002:ab28 //' /etc/default/grub") != NULL);
  g_assert_true (strstr (undo, "sudo dracut -f\n") != NULL);
}

static void
test_arch_systemd_boot (void)
{
  g_autoptr(FerryBootBinding) binding = bind_on ("boot-arch", "0000:01:00.1", NULL);
  g_autofree char *steps = join_commands (binding->steps);
  g_autofree char *undo = join_commands (binding->undo);
  gboolean conditional = FALSE;

  g_assert_true (strstr (steps, "sudo sed -i 's/^MODULES=(/&vfio_pci vfio vfio_iommu_type1 /' "
                         "/etc/mkinitcpio.conf") != NULL);
  g_assert_true (strstr (steps, "sudo mkinitcpio -P\n") != NULL);
  /* Whether vfio-pci is built in is not known: the command line step is offered, with its
   * condition, for systemd-boot's files rather than GRUB's. */
  g_assert_true (strstr (steps, "sudo sed -i 's/$/ vfio-pci.ids=10de:1e84,10de:10f8/' "
                         "/etc/kernel/cmdline\n") != NULL);
  g_assert_true (strstr (steps, "sudo sed -i '/^options/ s/$/ vfio-pci.ids=10de:1e84,10de:10f8/' "
                         "/boot/loader/entries/*.conf\n") != NULL);
  g_assert_null (strstr (steps, "grub"));
  for (guint i = 0; i < binding->steps->len; i++)
    conditional |= g_str_has_prefix (((FerryBootStep *) binding->steps->pdata[i])->title, "If ");
  g_assert_true (conditional);

  g_assert_true (strstr (undo, "s/^MODULES=(vfio_pci vfio vfio_iommu_type1 /MODULES=(/'") != NULL);
  g_assert_true (strstr (undo, "sudo sed -i 's/ vfio-pci.ids=10de:1e84,10de:10f8//' "
                         "/etc/kernel/cmdline\n") != NULL);
}

/* Asked from the audio function, the binding still covers the whole card: the GPU on
 * vfio-pci already gets the drivers NVIDIA cards usually have, the audio its own. */
static void
test_multifunction (void)
{
  g_autoptr(FerryBootBinding) nvidia = bind_on ("boot-debian", "0000:01:00.1", NULL);
  g_autoptr(FerryBootBinding) amd = bind_on ("boot-debian", "0000:02:00.0", NULL);
  const char * const nvidia_drivers[] = { "nouveau", "nvidia", "snd_hda_intel", NULL };
  const char * const amd_drivers[] = { "amdgpu", "snd_hda_intel", NULL };
  const char *modprobe = ((FerryBootStep *) nvidia->steps->pdata[0])->command;

  g_assert_cmpuint (nvidia->functions->len, ==, 2);
  g_assert_cmpstr (nvidia->ids, ==, "10de:1e84,10de:10f8");
  g_assert_cmpstrv (nvidia->drivers, nvidia_drivers);
  g_assert_true (strstr (modprobe, "# 0000:01:00.0 0000:01:00.1 (Ferry)\n"
                                   "options vfio-pci ids=10de:1e84,10de:10f8\n"
                                   "softdep nouveau pre: vfio-pci\n"
                                   "softdep nvidia pre: vfio-pci\n"
                                   "softdep snd_hda_intel pre: vfio-pci\n"
                                   "EOF") != NULL);

  g_assert_cmpstr (amd->ids, ==, "1002:73ff,1002:ab28");
  g_assert_cmpstrv (amd->drivers, amd_drivers);
}

static void
test_shared_ids (void)
{
  g_autoptr(GHashTable) uses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerryBootBinding) binding = NULL;
  const char *warning = NULL;

  g_hash_table_insert (uses, (char *) "0000:0b:00.0", (char *) "Network interface eno2 is up");
  binding = bind_on ("boot-debian", "0000:0a:00.0", uses);

  g_assert_cmpstr (binding->ids, ==, "8086:10c9");
  g_assert_cmpuint (binding->functions->len, ==, 1);
  /* The twin NIC, and this NIC's unknown driver. */
  g_assert_cmpuint (binding->warnings->len, ==, 2);
  for (guint i = 0; i < binding->warnings->len; i++)
    if (strstr (binding->warnings->pdata[i], "0000:0b:00.0") != NULL)
      warning = binding->warnings->pdata[i];
  g_assert_nonnull (warning);
  g_assert_true (strstr (warning, "8086:10c9") != NULL);
  g_assert_true (strstr (warning, "eno2 is up") != NULL);
}

static void
test_host_use_and_refusals (void)
{
  g_autoptr(GHashTable) uses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerryBootBinding) binding = NULL;
  g_autoptr(FerryHostFacts) facts = probe_root ("boot-debian");
  g_autoptr(FerryHostDevice) vf = load_device ("nodedev-vf.xml");
  g_autoptr(FerryInventory) inventory = new_inventory ();
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (uses, (char *) "0000:02:00.0",
                       (char *) "It shows the host’s boot display (boot_vga)");
  binding = bind_on ("boot-debian", "0000:02:00.1", uses);
  g_assert_cmpuint (binding->warnings->len, ==, 1);
  g_assert_true (strstr (binding->warnings->pdata[0], "boot_vga") != NULL);

  g_assert_null (ferry_boot_binding_new (facts, inventory, vf, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_SUPPORTED);
}

/* A host without any known initramfs tool or boot loader still gets the modprobe.d file,
 * and says what it could not write. */
static void
test_unknown_host (void)
{
  g_autoptr(FerryHostFacts) facts = ferry_host_facts_new ();
  g_autoptr(FerryInventory) inventory = new_inventory ();
  g_autoptr(FerryBootBinding) binding = NULL;
  g_autoptr(GError) error = NULL;

  binding = ferry_boot_binding_new (facts, inventory, lookup (inventory, "0000:01:00.0"), NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (binding->steps->len, ==, 2);
  g_assert_cmpuint (binding->warnings->len, ==, 3);
  /* Not this computer: the cards bound before are not known. */
  g_assert_true (strstr (binding->warnings->pdata[0], "/etc/modprobe.d") != NULL);
  g_assert_true (strstr (binding->warnings->pdata[1], "mkinitcpio") != NULL);
  g_assert_true (strstr (binding->warnings->pdata[2], "vfio-pci.ids=10de:1e84,10de:10f8") != NULL);
}

/* A second card: modprobe keeps only the last "options vfio-pci ids=" line, so Ferry's file is
 * written whole, with the ids already bound (the AMD card, in the fixture's file) and the
 * new card's; the dialog says which were there; the undo gives back only the new card. */
static void
test_second_card (void)
{
  g_autoptr(FerryBootBinding) binding = bind_on ("boot-bound", "0000:01:00.0", NULL);
  g_autoptr(FerryBootBinding) again = bind_on ("boot-bound", "0000:02:00.1", NULL);
  FerryBootStep *first = binding->steps->pdata[0];
  FerryBootStep *undo_first = binding->undo->pdata[0];
  g_autofree char *undo = join_commands (binding->undo);

  g_assert_cmpstr (binding->ids, ==, "10de:1e84,10de:10f8");
  g_assert_cmpstr (binding->kept_ids, ==, "1002:73ff,1002:ab28");
  g_assert_nonnull (strstr (first->title, "1002:73ff,1002:ab28"));
  g_assert_cmpstr (first->command, ==,
                   "sudo tee /etc/modprobe.d/vfio-pci-ferry.conf <<'EOF'\n"
                   "# 0000:02:00.0 0000:02:00.1 0000:01:00.0 0000:01:00.1 (Ferry)\n"
                   "options vfio-pci ids=1002:73ff,1002:ab28,10de:1e84,10de:10f8\n"
                   "softdep amdgpu pre: vfio-pci\n"
                   "softdep snd_hda_intel pre: vfio-pci\n"
                   "softdep nouveau pre: vfio-pci\n"
                   "softdep nvidia pre: vfio-pci\n"
                   "EOF");
  g_assert_cmpuint (binding->warnings->len, ==, 0);

  /* Undo: the file again as it was; vfio-pci stays in the initramfs for the other card. */
  g_assert_nonnull (strstr (undo_first->title, "1002:73ff,1002:ab28"));
  g_assert_true (g_str_has_prefix (undo_first->command,
                                   "sudo tee /etc/modprobe.d/vfio-pci-ferry.conf <<'EOF'\n"
                                   "# 0000:02:00.0 0000:02:00.1 (Ferry)\n"
                                   "options vfio-pci ids=1002:73ff,1002:ab28\n"));
  g_assert_null (strstr (undo, "sudo rm"));
  g_assert_null (strstr (undo, "/etc/initramfs-tools/modules"));
  g_assert_nonnull (strstr (undo, "sudo update-initramfs -u\n"));

  /* The card already bound, asked again: nothing else is kept, the undo removes the file. */
  g_assert_null (again->kept_ids);
  g_assert_nonnull (strstr (((FerryBootStep *) again->steps->pdata[0])->command,
                            "options vfio-pci ids=1002:73ff,1002:ab28\n"));
  g_assert_nonnull (strstr (((FerryBootStep *) again->undo->pdata[0])->command,
                            "sudo rm /etc/modprobe.d/vfio-pci-ferry.conf\n"));
}

/* The administrator's own ids line in another file would override Ferry's: say so. */
static void
test_other_ids_file (void)
{
  g_autoptr(FerryHostFacts) facts = probe_root ("boot-bound-twice");
  g_autoptr(FerryBootBinding) binding = bind_on ("boot-bound-twice", "0000:01:00.0", NULL);

  g_assert_cmpstr (facts->other_vfio_ids_file, ==, "/etc/modprobe.d/vfio.conf");
  g_assert_null (facts->boot_binding_conf);
  g_assert_null (binding->kept_ids);
  g_assert_cmpuint (binding->warnings->len, ==, 1);
  g_assert_nonnull (strstr (binding->warnings->pdata[0], "/etc/modprobe.d/vfio.conf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/boot-binding/probe", test_probe_distributions);
  g_test_add_func ("/boot-binding/debian", test_debian);
  g_test_add_func ("/boot-binding/fedora-grub-builtin", test_fedora_grub_builtin);
  g_test_add_func ("/boot-binding/arch-systemd-boot", test_arch_systemd_boot);
  g_test_add_func ("/boot-binding/multifunction", test_multifunction);
  g_test_add_func ("/boot-binding/shared-ids", test_shared_ids);
  g_test_add_func ("/boot-binding/host-use-and-refusals", test_host_use_and_refusals);
  g_test_add_func ("/boot-binding/unknown-host", test_unknown_host);
  g_test_add_func ("/boot-binding/second-card", test_second_card);
  g_test_add_func ("/boot-binding/other-ids-file", test_other_ids_file);

  return g_test_run ();
}
