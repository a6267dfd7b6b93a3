/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ferry-host-facts"

#include "config.h"

#include <string.h>

#include "ferry-host-facts.h"
#include "ferry-xml.h"

FerryHostFacts *
ferry_host_facts_new (void)
{
  return g_new0 (FerryHostFacts, 1);
}

void
ferry_host_facts_free (FerryHostFacts *facts)
{
  if (facts == NULL)
    return;

  g_free (facts->system_uri);
  g_strfreev (facts->pci_backends);
  g_free (facts->cmdline);
  g_free (facts->unsafe_interrupts_file);
  g_free (facts->grub_file);
  g_free (facts->os_name);
  g_strfreev (facts->os_ids);
  g_free (facts->loader_entries);
  g_free (facts->boot_binding_conf);
  g_free (facts->other_vfio_ids_file);
  g_free (facts);
}

/* Whether the kernel command line carries OPTION ("intel_iommu=on", or a bare name such as
 * "pcie_acs_override" matching any value). Words are compared whole. */
gboolean
ferry_host_facts_cmdline_has (const FerryHostFacts *facts,
                              const char           *option)
{
  g_auto(GStrv) words = NULL;
  gboolean bare;

  g_return_val_if_fail (facts != NULL && option != NULL, FALSE);

  if (facts->cmdline == NULL)
    return FALSE;

  bare = strchr (option, '=') == NULL;
  words = g_strsplit_set (facts->cmdline, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_strcmp0 (words[i], option) == 0)
        return TRUE;
      if (bare && g_str_has_prefix (words[i], option) && words[i][strlen (option)] == '=')
        return TRUE;
    }

  return FALSE;
}

/* Adds PARAMETER inside GRUB_CMDLINE_LINUX="…" (saying so when the file has no such line
 * rather than changing nothing quietly), or with REMOVE takes it out again, then regenerates
 * GRUB's configuration the way this distribution does. */
GStrv
ferry_host_facts_grub_commands (const FerryHostFacts *facts,
                                const char           *parameter,
                                gboolean              remove)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *grub_file;
  g_autofree char *edit = NULL;

  g_return_val_if_fail (facts != NULL && parameter != NULL, NULL);

  grub_file = facts->grub_file ? facts->grub_file : "/etc/default/grub";
  if (remove)
    edit = g_strdup_printf ("sudo sed -i '/^GRUB_CMDLINE_LINUX=/ s/%s //' %s", parameter,
                            grub_file);
  else
    edit = g_strdup_printf ("grep -q '^GRUB_CMDLINE_LINUX=\"' %s && "
                            "sudo sed -i 's/^GRUB_CMDLINE_LINUX=\"/&%s /' %s || "
                            "echo 'No GRUB_CMDLINE_LINUX=\"…\" line in %s: add %s by hand'",
                            grub_file, parameter, grub_file, grub_file, parameter);
  g_strv_builder_add (builder, edit);

  if (facts->debian_like)
    g_strv_builder_add (builder, "sudo update-grub");
  else if (facts->boot_mode == FERRY_BOOT_UEFI)
    g_strv_builder_add (builder, "sudo grub2-mkconfig -o /etc/grub2-efi.cfg");
  else
    g_strv_builder_add (builder, "sudo grub2-mkconfig -o /etc/grub2.cfg");

  return g_strv_builder_end (builder);
}

/* libvirt's <capabilities>: <host><iommu support='yes|no'/></host>. */
gboolean
ferry_host_facts_read_capabilities (FerryHostFacts  *facts,
                                    const char      *xml,
                                    GError         **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *support = NULL;

  g_return_val_if_fail (facts != NULL, FALSE);

  if (!(doc = ferry_xml_parse (xml, "capabilities", error)))
    return FALSE;

  support = ferry_xml_prop (ferry_xml_child (ferry_xml_child (xmlDocGetRootElement (doc), "host"),
                                             "iommu"),
                            "support");
  facts->libvirt_known = TRUE;
  facts->libvirt_iommu = g_strcmp0 (support, "yes") == 0 ? FERRY_TRISTATE_YES
                         : g_strcmp0 (support, "no") == 0 ? FERRY_TRISTATE_NO
                         : FERRY_TRISTATE_UNKNOWN;
  return TRUE;
}

/* libvirt's <domainCapabilities>: the pciBackend values of <devices><hostdev>. */
gboolean
ferry_host_facts_read_domain_capabilities (FerryHostFacts  *facts,
                                           const char      *xml,
                                           GError         **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GStrvBuilder) backends = g_strv_builder_new ();
  xmlNode *hostdev;

  g_return_val_if_fail (facts != NULL, FALSE);

  if (!(doc = ferry_xml_parse (xml, "domainCapabilities", error)))
    return FALSE;

  hostdev = ferry_xml_child (ferry_xml_child (xmlDocGetRootElement (doc), "devices"), "hostdev");
  ferry_xml_foreach (item, hostdev, "enum")
    {
      g_autofree char *name = ferry_xml_prop (item, "name");

      if (g_strcmp0 (name, "pciBackend") != 0)
        continue;
      ferry_xml_foreach (value, item, "value")
        {
          g_autofree char *text = ferry_xml_text (value);

          if (text != NULL)
            g_strv_builder_add (backends, text);
        }
    }

  g_strfreev (facts->pci_backends);
  facts->pci_backends = g_strv_builder_end (backends);
  return TRUE;
}
