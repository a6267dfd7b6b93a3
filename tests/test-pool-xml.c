/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-error.h"
#include "ferry-network.h"
#include "ferry-pool-xml.h"
#include "fixtures.h"

/* VF pool XML: both forms built from scratch, a hand-written pool edited without losing what
 * the editor does not own and laid out evenly, every result held to libvirt's network schema. */

static FerryNetwork *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  FerryNetwork *network = ferry_network_new_from_xml (xml, &error);

  g_assert_no_error (error);
  return network;
}

/* Every line indented by two spaces per level of nesting, none blank, no tabs. */
static void
assert_evenly_indented (const char *xml)
{
  g_auto(GStrv) lines = g_strsplit (xml, "\n", -1);
  int depth = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *text = line + strspn (line, " ");

      g_assert_cmpstr (text, !=, "");
      g_assert_cmpint (text[0], ==, '<');
      if (g_str_has_prefix (text, "</"))
        depth--;
      g_assert_cmpint (text - line, ==, 2 * depth);
      /* An element opened and not closed on its own line holds the lines that follow. */
      if (text[1] != '/' && text[1] != '!' && !g_str_has_suffix (text, "/>") &&
          strstr (text, "</") == NULL)
        depth++;
    }
  g_assert_cmpint (depth, ==, 0);
}

static void
test_pf_form (void)
{
  FerryPoolSpec spec = { "vf-pool-eth2", "eth2", NULL, 0, TRUE, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = ferry_pool_xml_build (NULL, &spec, &error);
  g_autoptr(FerryNetwork) network = NULL;
  guint n_vfs;

  g_assert_no_error (error);
  fixture_assert_valid (xml, "network");
  network = parse (xml);
  g_assert_cmpstr (ferry_network_get_name (network), ==, "vf-pool-eth2");
  g_assert_true (ferry_network_is_hostdev_pool (network));
  g_assert_true (ferry_network_get_managed (network));
  g_assert_cmpstr (ferry_network_get_pf_device (network), ==, "eth2");
  ferry_network_get_vfs (network, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 0);
  g_assert_nonnull (strstr (xml, "vfio"));
}

static void
test_address_form (void)
{
  FerryPciAddress vfs[2];
  FerryPoolSpec spec = { "selected & <odd> name", NULL, vfs, 2, FALSE, 42 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(FerryNetwork) network = NULL;
  const FerryPciAddress *read_back;
  guint n_vfs;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.0", &vfs[0]));
  g_assert_true (ferry_pci_address_parse ("0000:0b:11.4", &vfs[1]));
  xml = ferry_pool_xml_build (NULL, &spec, &error);
  g_assert_no_error (error);
  fixture_assert_valid (xml, "network");

  /* Special characters in the name are text, escaped, never markup. */
  network = parse (xml);
  g_assert_cmpstr (ferry_network_get_name (network), ==, "selected & <odd> name");
  g_assert_false (ferry_network_get_managed (network));
  g_assert_null (ferry_network_get_pf_device (network));
  read_back = ferry_network_get_vfs (network, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 2);
  g_assert_true (ferry_pci_address_equal (&read_back[1], &vfs[1]));
  g_assert_nonnull (strstr (xml, "<tag id=\"42\"/>"));
  /* A new pool is laid out for people to read. */
  g_assert_nonnull (strstr (xml, "\n  <forward"));
}

static void
test_edit_keeps_the_rest (void)
{
  g_autofree char *handmade = fixture_load ("network-pool-handmade.xml");
  FerryPciAddress vf;
  FerryPoolSpec spec = { "tenant-b", NULL, &vf, 1, TRUE, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *again = NULL;
  g_autoptr(FerryNetwork) network = NULL;
  guint n_vfs;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.1", &vf));
  xml = ferry_pool_xml_build (handmade, &spec, &error);
  g_assert_no_error (error);
  fixture_assert_valid (xml, "network");

  network = parse (xml);
  g_assert_cmpstr (ferry_network_get_name (network), ==, "tenant-b");
  g_assert_null (ferry_network_get_pf_device (network));
  ferry_network_get_vfs (network, &n_vfs);
  g_assert_cmpuint (n_vfs, ==, 1);
  /* What the editor does not own is still there, as it was. */
  g_assert_nonnull (strstr (xml, "<portgroup name=\"engineering\" default=\"yes\">"));
  g_assert_nonnull (strstr (xml, "<inbound average=\"1000\" peak=\"5000\" burst=\"1024\"/>"));
  g_assert_nonnull (strstr (xml, "7a9c3e1f-5b2d-4c8e-9f10-2a3b4c5d6e7f"));
  g_assert_null (strstr (xml, "tenant-a"));

  /* Back to the pf form: the address list goes, everything else stays. */
  spec.pf_device = "eth3";
  spec.n_vfs = 0;
  again = ferry_pool_xml_build (xml, &spec, &error);
  g_assert_no_error (error);
  fixture_assert_valid (again, "network");
  g_assert_null (strstr (again, "<address"));
  g_assert_nonnull (strstr (again, "<portgroup"));
  assert_evenly_indented (xml);
  assert_evenly_indented (again);
}

/* A pool as virsh prints it, with a hand-added comment, turned from the pf form into the
 * address form with a VLAN: the edit is laid out evenly, the rest kept as it was. */
static void
test_edit_lays_out_evenly (void)
{
  g_autofree char *virsh = fixture_load ("network-pool-virsh.xml");
  FerryPciAddress vfs[2];
  FerryPoolSpec spec = { "tenant-c", NULL, vfs, 2, TRUE, 7 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  const char *expected =
    "<network>\n"
    "  <name>tenant-c</name>\n"
    "  <uuid>3f6d1c2a-8e4b-4a7f-b2c9-5d0e1f2a3b4c</uuid>\n"
    "  <forward mode=\"hostdev\" managed=\"yes\">\n"
    "    <driver name=\"vfio\"/>\n"
    "    <!-- the left port of the 82576 -->\n"
    "    <address type=\"pci\" domain=\"0x0000\" bus=\"0x0b\" slot=\"0x10\" function=\"0x1\"/>\n"
    "    <address type=\"pci\" domain=\"0x0000\" bus=\"0x0b\" slot=\"0x10\" function=\"0x3\"/>\n"
    "  </forward>\n"
    "  <bandwidth>\n"
    "    <inbound average=\"1000\" peak=\"5000\" burst=\"1024\"/>\n"
    "    <outbound average=\"128\"/>\n"
    "  </bandwidth>\n"
    "  <!-- engineering's switch ports trunk VLAN 42 -->\n"
    "  <portgroup name=\"engineering\" default=\"yes\">\n"
    "    <vlan>\n"
    "      <tag id=\"42\"/>\n"
    "    </vlan>\n"
    "  </portgroup>\n"
    "  <vlan>\n"
    "    <tag id=\"7\"/>\n"
    "  </vlan>\n"
    "</network>";

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.1", &vfs[0]));
  g_assert_true (ferry_pci_address_parse ("0000:0b:10.3", &vfs[1]));
  xml = ferry_pool_xml_build (virsh, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, expected);
  assert_evenly_indented (xml);
  fixture_assert_valid (xml, "network");
}

/* Blanks that are an element's whole content are data, not layout. */
static void
test_edit_keeps_blank_content (void)
{
  const char *existing =
    "<network>\n"
    "  <name>p</name>\n"
    "  <metadata>\n"
    "    <f:note xmlns:f='https://example.org/ferry-test'>  </f:note>\n"
    "  </metadata>\n"
    "</network>\n";
  FerryPoolSpec spec = { "p", "eth3", NULL, 0, TRUE, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = ferry_pool_xml_build (existing, &spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "\n    <f:note xmlns:f=\"https://example.org/ferry-test\">"
                                 "  </f:note>\n"));
  assert_evenly_indented (xml);
  fixture_assert_valid (xml, "network");
}

static void
test_checks (void)
{
  const char *taken[] = { "default", "vf-pool", NULL };
  FerryPoolSpec spec = { "ok", "eth2", NULL, 0, TRUE, 4095 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_pool_xml_check_name ("tenant", taken, &error));
  g_assert_false (ferry_pool_xml_check_name ("", taken, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ferry_pool_xml_check_name ("a/b", taken, &error));
  g_clear_error (&error);
  g_assert_false (ferry_pool_xml_check_name ("tab\there", taken, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ferry_pool_xml_check_name ("esc\x1b[31m", NULL, &error));
  g_clear_error (&error);
  /* C1 controls too (U+009B is a terminal's CSI). */
  g_assert_false (ferry_pool_xml_check_name ("csi\xc2\x9b", NULL, &error));
  g_clear_error (&error);
  g_assert_false (ferry_pool_xml_check_name ("vf-pool", taken, &error));
  g_assert_nonnull (strstr (error->message, "vf-pool"));
  g_clear_error (&error);

  /* Invalid specs build nothing. */
  g_assert_null (ferry_pool_xml_build (NULL, &spec, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  spec.vlan = 0;
  spec.pf_device = NULL;
  g_assert_null (ferry_pool_xml_build (NULL, &spec, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  spec.pf_device = "eth2";
  g_assert_null (ferry_pool_xml_build ("<network><name>x", &spec, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
}

/* A VLAN trunk, which the editor's single tag cannot show, survives an edit that sets no
 * tag, tags, trunk and native mode all; a tag of the editor's own replaces it. */
static void
test_edit_keeps_vlan_trunk (void)
{
  const char *trunk = "<network><name>trunk</name><forward mode='hostdev' managed='yes'>"
                      "<pf dev='eth3'/></forward><vlan trunk='yes'>"
                      "<tag id='42' nativeMode='untagged'/><tag id='47'/></vlan></network>";
  FerryPoolSpec spec = { "trunk", "eth3", NULL, 0, FALSE, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *replaced = NULL;
  g_autoptr(FerryNetwork) network = NULL;

  kept = ferry_pool_xml_build (trunk, &spec, &error);
  g_assert_no_error (error);
  fixture_assert_valid (kept, "network");
  g_assert_nonnull (strstr (kept, "<vlan trunk=\"yes\">"));
  g_assert_nonnull (strstr (kept, "<tag id=\"42\" nativeMode=\"untagged\"/>"));
  g_assert_nonnull (strstr (kept, "<tag id=\"47\"/>"));
  g_assert_nonnull (strstr (kept, "managed=\"no\""));
  network = parse (kept);
  g_assert_cmpstr (ferry_network_get_vlan_label (network), ==,
                   "VLAN trunk 42 (native, untagged), 47");

  spec.vlan = 100;
  replaced = ferry_pool_xml_build (trunk, &spec, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (replaced, "trunk=\"yes\""));
  g_assert_nonnull (strstr (replaced, "<tag id=\"100\"/>"));
  g_assert_null (strstr (replaced, "<tag id=\"47\"/>"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pool-xml/pf-form", test_pf_form);
  g_test_add_func ("/pool-xml/address-form", test_address_form);
  g_test_add_func ("/pool-xml/edit-keeps-the-rest", test_edit_keeps_the_rest);
  g_test_add_func ("/pool-xml/edit-lays-out-evenly", test_edit_lays_out_evenly);
  g_test_add_func ("/pool-xml/edit-keeps-blank-content", test_edit_keeps_blank_content);
  g_test_add_func ("/pool-xml/checks", test_checks);
  g_test_add_func ("/pool-xml/edit-keeps-vlan-trunk", test_edit_keeps_vlan_trunk);

  return g_test_run ();
}
