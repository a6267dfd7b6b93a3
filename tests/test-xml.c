/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fixtures.h"

#include "ferry-error.h"
#include "ferry-host-device.h"
#include "ferry-network.h"
#include "ferry-text.h"
#include "ferry-xml.h"

/* XML from a hostile host: refused or bounded quickly, and never able to break the parsing
 * of the honest documents after it. Text from it: never able to forge what is printed. */

/* Seconds any one hostile document may cost, on a busy 2-core machine. */
#define MAX_SECONDS 2.0

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
assert_doctype_refused (const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = NULL;
  gint64 start = g_get_monotonic_time ();

  device = ferry_host_device_new_from_xml (xml, &error);
  g_assert_null (device);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_assert_nonnull (strstr (error->message, "document type declaration"));
  g_assert_cmpfloat (seconds_since (start), <, MAX_SECONDS);
}

static void
test_billion_laughs (void)
{
  g_autofree char *xml = fixture_load ("nodedev-billion-laughs.xml");

  assert_doctype_refused (xml);
}

/* One 100 kB internal entity referenced 10,000 times: 150 kB that expand to 1 GB. */
static void
test_entity_payload (void)
{
  g_autoptr(GString) xml = g_string_new ("<!DOCTYPE device [<!ENTITY big \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (xml, 'x');
  g_string_append (xml, "\">]><device><name>pci_0000_01_00_0</name><capability type='pci'>"
                        "<product id='0x1'>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (xml, "&big;");
  g_string_append (xml, "</product></capability></device>");

  assert_doctype_refused (xml->str);

  /* Whatever parses it, nothing reads it. */
  doc = ferry_xml_parse_for_edit (xml->str, "device", &error);
  g_assert_null (doc);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
}

static void
test_plain_doctype (void)
{
  assert_doctype_refused ("<!DOCTYPE device><device><name>pci_0000_01_00_0</name></device>");
}

/* The whole document is handed to the parser at once: one cut short, or with more after its
 * root, is still no document. */
static void
test_incomplete (void)
{
  const char *documents[] = {
    "<device><name>pci_0000_01_00_0</name>",
    "<device><name>pci_0000_01_00_0</name></device><device/>",
    "<device><name>pci_0000_01_00_0</name></device>trailing",
    "<device><name>pci_0000_01_00_0</nam",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) doc = ferry_xml_parse (documents[i], "device", &error);

      g_assert_null (doc);
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
    }
}

/* The predefined entities are text, not a DOCTYPE's: they still read as their characters. */
static void
test_predefined_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = ferry_xml_parse ("<device name='a&amp;b'><name>x&lt;y</name>"
                                           "<![CDATA[z]]></device>", "device", &error);
  xmlNode *root;
  g_autofree char *name = NULL;
  g_autofree char *prop = NULL;

  g_assert_no_error (error);
  root = xmlDocGetRootElement (doc);
  name = ferry_xml_child_text (root, "name");
  prop = ferry_xml_prop (root, "name");
  g_assert_cmpstr (name, ==, "x<y");
  g_assert_cmpstr (prop, ==, "a&b");
}

/* A host that sends more unique element names than a parser dictionary takes, over several
 * reloads (640,000 here; a shared dictionary gave out after about 300,000 of these), must
 * not break every later document. */
static void
test_many_names (void)
{
  g_autofree char *honest = fixture_load ("nodedev-gpu.xml");

  for (guint document = 0; document < 8; document++)
    {
      g_autoptr(GString) xml = g_string_new ("<device>");
      g_autoptr(xmlDoc) doc = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 80000; i++)
        g_string_append_printf (xml, "<unique-element-name-of-a-longer-kind-%u-%06u/>",
                                document, i);
      g_string_append (xml, "</device>");
      doc = ferry_xml_parse (xml->str, "device", &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (honest, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ferry_host_device_get_name (device), ==, "pci_0000_01_00_0");
    }
}

static char *
device_with_product (gsize length)
{
  g_autofree char *product = g_strnfill (length, 'A');

  return g_strdup_printf ("<device><name>pci_0000_01_00_0</name><capability type='pci'>"
                          "<domain>0</domain><bus>1</bus><slot>0</slot><function>0</function>"
                          "<product id='0x1e84'>%s</product><vendor id='0x10de'/>"
                          "</capability></device>", product);
}

/* A 16 kB product name costs that device, said with its name, and costs little time. */
static void
test_long_product (void)
{
  g_autofree char *xml = device_with_product (16 * 1024);
  g_autofree char *fits = device_with_product (FERRY_XML_MAX_TEXT);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = NULL;
  g_autoptr(FerryHostDevice) fitting = NULL;
  gint64 start = g_get_monotonic_time ();

  device = ferry_host_device_new_from_xml (xml, &error);
  g_assert_null (device);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_assert_nonnull (strstr (error->message, "pci_0000_01_00_0"));
  g_assert_nonnull (strstr (error->message, "<product>"));
  g_assert_cmpfloat (seconds_since (start), <, MAX_SECONDS);

  g_clear_error (&error);
  fitting = ferry_host_device_new_from_xml (fits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (ferry_host_device_get_product_name (fitting)), ==,
                    FERRY_XML_MAX_TEXT);
}

/* Texts and attributes read from any document stay within FERRY_XML_MAX_TEXT, cut at a
 * character; whole documents within FERRY_XML_MAX_DOCUMENT. */
static void
test_bounds (void)
{
  g_autoptr(GString) xml = g_string_new ("<network name='");
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prop = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append (xml, "é");
  g_string_append (xml, "'><name>");
  for (guint i = 0; i < 5000; i++)
    g_string_append (xml, "ü");
  g_string_append (xml, "</name></network>");

  doc = ferry_xml_parse (xml->str, "network", &error);
  g_assert_no_error (error);
  text = ferry_xml_child_text (xmlDocGetRootElement (doc), "name");
  prop = ferry_xml_prop (xmlDocGetRootElement (doc), "name");
  g_assert_cmpuint (strlen (text), ==, FERRY_XML_MAX_TEXT);
  g_assert_cmpuint (strlen (prop), ==, FERRY_XML_MAX_TEXT);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_utf8_validate (prop, -1, NULL));

  huge = g_strnfill (FERRY_XML_MAX_DOCUMENT + 1, ' ');
  memcpy (huge, "<network>", strlen ("<network>"));
  g_clear_pointer (&doc, xmlFreeDoc);
  doc = ferry_xml_parse (huge, "network", &error);
  g_assert_null (doc);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
}

static void
test_vlan (void)
{
  struct
  {
    const char *xml;
    guint       single_tag;
    const char *label;
  } cases[] = {
    { "<vlan><tag id='42'/></vlan>", 42, "VLAN 42" },
    { "<vlan trunk='yes'><tag id='42'/></vlan>", 0, "VLAN trunk 42" },
    { "<vlan trunk='yes'><tag id='42'/><tag id='47'/></vlan>", 0, "VLAN trunk 42, 47" },
    { "<vlan trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan>", 0,
      "VLAN trunk 42 (native, untagged), 47" },
    { "<vlan><tag id='x'/></vlan>", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) doc = ferry_xml_parse (cases[i].xml, "vlan", &error);
      g_autofree char *label = NULL;
      guint single_tag = 99;

      g_assert_no_error (error);
      label = ferry_xml_read_vlan (xmlDocGetRootElement (doc), &single_tag);
      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_cmpuint (single_tag, ==, cases[i].single_tag);
    }
}

static void
test_text_safe (void)
{
  struct
  {
    const char *text;
    gsize       max_chars;
    const char *safe;
  } cases[] = {
    { "GeForce RTX 2070", 0, "GeForce RTX 2070" },
    { "evil\x1b[2Jname", 0, "evil\\x1b[2Jname" },
    { "tab\there\nline\r", 0, "tab\\x09here\\x0aline\\x0d" },
    { "del\x7f", 0, "del\\x7f" },
    { "csi\xc2\x9b" "31m", 0, "csi\\x9b31m" },
    { "abc\xe2\x80\xae" "fdp.exe", 0, "abc\\u202efdp.exe" },
    { "\xe2\x81\xa6isolate\xe2\x81\xa9", 0, "\\u2066isolate\\u2069" },
    { "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0, "\\u202a\\u202b\\u202c\\u202d" },
    { "bad \xff byte", 0, "bad \xef\xbf\xbd byte" },
    { "Grafikkarte für Spiele", 0, "Grafikkarte für Spiele" },
    { "显卡", 0, "显卡" },
    { "abcdef", 4, "abc…" },
    { "abcd", 4, "abcd" },
    { "ab\x1b", 4, "ab…" },
    { "", 4, "" },
  };
  g_autofree char *long_name = g_strnfill (10000, 'n');
  g_autofree char *label = ferry_text_dup_safe (long_name, FERRY_TEXT_LABEL_MAX);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *safe = ferry_text_dup_safe (cases[i].text, cases[i].max_chars);

      g_assert_cmpstr (safe, ==, cases[i].safe);
    }
  g_assert_null (ferry_text_dup_safe (NULL, 0));
  g_assert_cmpuint (g_utf8_strlen (label, -1), ==, FERRY_TEXT_LABEL_MAX);
  g_assert_true (g_str_has_suffix (label, "…"));
}

/* A host's product name reaches labels and terminals through the device's title. */
static void
test_title_safe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryHostDevice) device = ferry_host_device_new_from_xml (
    "<device><name>pci_0000_01_00_0</name><capability type='pci'>"
    "<domain>0</domain><bus>1</bus><slot>0</slot><function>0</function>"
    "<product id='0x1e84'>GPU&#x9b;31m&#x7f; &#x202e;gpj.exe</product><vendor id='0x10de'/>"
    "</capability></device>", &error);
  g_autofree char *title = NULL;

  g_assert_no_error (error);
  title = ferry_host_device_dup_title (device);
  g_assert_cmpstr (title, ==, "GPU\\x9b31m\\x7f \\u202egpj.exe");
}

/* A property setter notifies only on a real change, NULL included. */
static void
test_text_set (void)
{
  g_autofree char *field = NULL;

  g_assert_false (ferry_text_set (&field, NULL));
  g_assert_true (ferry_text_set (&field, "Device"));
  g_assert_cmpstr (field, ==, "Device");
  g_assert_false (ferry_text_set (&field, "Device"));
  g_assert_true (ferry_text_set (&field, "Pool"));
  g_assert_true (ferry_text_set (&field, NULL));
  g_assert_null (field);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xml/billion-laughs", test_billion_laughs);
  g_test_add_func ("/xml/entity-payload", test_entity_payload);
  g_test_add_func ("/xml/plain-doctype", test_plain_doctype);
  g_test_add_func ("/xml/incomplete", test_incomplete);
  g_test_add_func ("/xml/predefined-entities", test_predefined_entities);
  g_test_add_func ("/xml/many-names", test_many_names);
  g_test_add_func ("/xml/long-product", test_long_product);
  g_test_add_func ("/xml/bounds", test_bounds);
  g_test_add_func ("/xml/vlan", test_vlan);
  g_test_add_func ("/text/safe", test_text_safe);
  g_test_add_func ("/text/title", test_title_safe);
  g_test_add_func ("/text/set", test_text_set);

  return g_test_run ();
}
