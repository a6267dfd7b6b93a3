/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_TRISTATE_UNKNOWN,
  FERRY_TRISTATE_NO,
  FERRY_TRISTATE_YES,
} FerryTristate;

typedef enum
{
  FERRY_CPU_UNKNOWN,
  FERRY_CPU_INTEL,
  FERRY_CPU_AMD,
} FerryCpuVendor;

typedef enum
{
  FERRY_BOOT_UNKNOWN,
  FERRY_BOOT_BIOS,
  FERRY_BOOT_UEFI,
} FerryBootMode;

/* The tools that build an initramfs, as found under a host's /usr/sbin, /sbin, /usr/bin. */
typedef enum
{
  FERRY_INITRAMFS_UPDATE_INITRAMFS = 1 << 0,  /* initramfs-tools: Debian, Ubuntu */
  FERRY_INITRAMFS_DRACUT           = 1 << 1,  /* Fedora, RHEL, openSUSE */
  FERRY_INITRAMFS_MKINITCPIO       = 1 << 2,  /* Arch */
} FerryInitramfsTools;

typedef enum
{
  FERRY_BOOTLOADER_UNKNOWN,
  FERRY_BOOTLOADER_GRUB,
  FERRY_BOOTLOADER_SYSTEMD_BOOT,
} FerryBootloader;

/* What Ferry knows about a host before judging it: libvirt's view (works remotely) and, for
 * a local connection, what /proc, /sys and /etc say. Plain data, filled by the session and
 * the host probe, read by the readiness rules. */
typedef struct
{
  /* From libvirt. */
  gboolean       test_driver;          /* libvirt's test driver: a host made of XML */
  char          *system_uri;           /* on a per-user session connection, the same host's
                                        * system connection; NULL on any other */
  gboolean       libvirt_known;        /* FALSE: the driver does not report these */
  FerryTristate  libvirt_iommu;        /* capabilities <iommu support=…> */
  char         **pci_backends;         /* domain capabilities hostdev pciBackend values */

  /* From the host itself (local connections only). */
  gboolean       local;
  FerryCpuVendor cpu_vendor;
  guint          n_iommu_groups;
  gboolean       iommu_units;          /* /sys/class/iommu has DMAR/IVHD units */
  char          *cmdline;
  gboolean       vfio_loaded;
  FerryTristate  interrupt_remapping;
  FerryTristate  unsafe_interrupts_runtime;
  char          *unsafe_interrupts_file; /* the modprobe.d file that allows them, if any */
  gboolean       debian_like;          /* update-grub rather than grub2-mkconfig */
  FerryBootMode  boot_mode;
  char          *grub_file;            /* /etc/default/grub or /etc/sysconfig/grub */
  char          *os_name;              /* os-release PRETTY_NAME, or NULL */
  char         **os_ids;               /* os-release ID then ID_LIKE words ("ubuntu", "debian") */
  FerryInitramfsTools initramfs_tools;
  FerryBootloader bootloader;
  char          *loader_entries;       /* systemd-boot's entries directory, e.g. /boot/loader/entries */
  gboolean       kernel_cmdline_file;  /* /etc/kernel/cmdline, read by kernel-install */
  FerryTristate  vfio_pci_builtin;     /* vfio-pci in the running kernel's modules.builtin */
  char          *boot_binding_conf;    /* Ferry's own modprobe.d file (cards bound at boot):
                                        * its text, or NULL when there is none */
  char          *other_vfio_ids_file;  /* another modprobe.d file setting vfio-pci's ids */
} FerryHostFacts;

FerryHostFacts *ferry_host_facts_new  (void);
void            ferry_host_facts_free (FerryHostFacts *facts);
gboolean        ferry_host_facts_cmdline_has (const FerryHostFacts *facts,
                                              const char           *option);
gboolean        ferry_host_facts_read_capabilities (FerryHostFacts *facts,
                                                    const char     *xml,
                                                    GError        **error);
gboolean        ferry_host_facts_read_domain_capabilities (FerryHostFacts *facts,
                                                           const char     *xml,
                                                           GError        **error);

GStrv           ferry_host_facts_grub_commands (const FerryHostFacts *facts,
                                                const char           *parameter,
                                                gboolean              remove);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryHostFacts, ferry_host_facts_free)

G_END_DECLS
