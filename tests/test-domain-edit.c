/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fixtures.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-domain-edit.h"
#include "ferry-error.h"
#include "ferry-guest.h"

/* Taking assigned devices out of a domain's XML and putting them back, the edit Ferry makes
 * for drivers without detach-device. */

static FerryAssignedDevice *
hostdev (const char *address)
{
  FerryAssignedDevice *device = ferry_assigned_device_new (FERRY_ASSIGNMENT_HOSTDEV);
  FerryPciAddress pci;

  g_assert_true (ferry_pci_address_parse (address, &pci));
  ferry_assigned_device_set_address (device, &pci);
  return device;
}

static guint
count_assigned (const char *xml)
{
  g_autoptr(FerryGuest) guest = ferry_guest_new ("g", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_guest_update_from_xml (guest, NULL, xml, NULL, &error));
  g_assert_no_error (error);
  return g_list_model_get_n_items (ferry_guest_get_assigned (guest));
}

/* Every XML Ferry writes is held to libvirt's schema (virt-xml-validate, from libvirt-clients,
 * which build-aux/test installs). */
static void
test_remove_and_add_back (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(FerryAssignedDevice) nvme = hostdev ("0000:07:00.0");
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *without = ferry_domain_edit_remove_device (xml, nvme, &removed, &error);
  g_autofree char *again = NULL;
  g_autofree char *removed_again = NULL;
  g_autofree char *round_trip = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (removed, "<hostdev mode='subsystem' type='pci' "
                                            "managed='no'>") ||
                 g_str_has_prefix (removed, "<hostdev mode=\"subsystem\" type=\"pci\" "
                                            "managed=\"no\">"));
  g_assert_null (strstr (without, "bus='0x07'"));
  g_assert_null (strstr (without, "bus=\"0x07\""));
  /* Everything else stays: the GPU, the disk, the USB device, the interfaces (the pool
   * interface is not an assignment here: no pools are given). */
  g_assert_nonnull (strstr (without, "workstation.qcow2"));
  g_assert_nonnull (strstr (without, "0xc52b"));
  g_assert_cmpuint (count_assigned (without), ==, 2);

  again = ferry_domain_edit_add_device (without, removed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_assigned (again), ==, 3);

  /* What Ferry would define passes libvirt's own schema, before and after. */
  fixture_assert_valid (without, "domain");
  fixture_assert_valid (again, "domain");

  /* Taken out again, the device reads the same as the first time. */
  round_trip = ferry_domain_edit_remove_device (again, nvme, &removed_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (removed_again, ==, removed);
}

static void
test_dup_interfaces (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(FerryAssignedDevice) vf = ferry_assigned_device_new (
    FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
  g_autoptr(FerryAssignedDevice) pool = ferry_assigned_device_new (
    FERRY_ASSIGNMENT_INTERFACE_POOL);
  g_autoptr(GError) error = NULL;
  g_autofree char *vf_xml = NULL;
  g_autofree char *pool_xml = NULL;
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.0", &address));
  ferry_assigned_device_set_address (vf, &address);
  vf_xml = ferry_domain_edit_dup_device (xml, vf, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vf_xml, "<interface"));
  g_assert_nonnull (strstr (vf_xml, "52:54:00:6d:90:02"));

  /* A pool interface is known by its network and MAC. */
  ferry_assigned_device_set_network (pool, "vf-pool");
  ferry_assigned_device_set_mac (pool, "52:54:00:11:22:33");
  pool_xml = ferry_domain_edit_dup_device (xml, pool, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (pool_xml, "vf-pool"));
  g_assert_null (strstr (pool_xml, "default"));
}

static void
test_errors (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(FerryAssignedDevice) absent = hostdev ("0000:42:00.0");
  g_autoptr(GError) error = NULL;
  char *result;

  result = ferry_domain_edit_remove_device (xml, absent, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  result = ferry_domain_edit_dup_device ("<domain><devices>", absent, &error);
  g_assert_null (result);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_clear_error (&error);

  /* Only a <hostdev> or an <interface> may be added, and only well-formed. */
  result = ferry_domain_edit_add_device (xml, "<disk type='file'/>", &error);
  g_assert_null (result);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
  g_clear_error (&error);
  result = ferry_domain_edit_add_device (xml, "<hostdev", &error);
  g_assert_null (result);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_XML);
}

static void
test_checks (void)
{
  const char *bad_macs[] = { "", "52:54:00:12:34", "52:54:00:12:34:5g", "01:00:5e:00:00:01",
                             "00:00:00:00:00:00", "52-54-00-12-34-56", "525:4:00:12:34:56" };
  const char *bad_vlans[] = { "0", "4095", "-1", "10x", "99999" };
  g_autoptr(GError) error = NULL;
  int vlan = -1;

  g_assert_true (ferry_domain_edit_check_mac ("52:54:00:ab:CD:ef", &error));
  for (guint i = 0; i < G_N_ELEMENTS (bad_macs); i++)
    {
      g_assert_false (ferry_domain_edit_check_mac (bad_macs[i], &error));
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  g_assert_true (ferry_domain_edit_check_vlan ("100", &vlan, &error));
  g_assert_cmpint (vlan, ==, 100);
  g_assert_true (ferry_domain_edit_check_vlan ("", &vlan, &error));
  g_assert_cmpint (vlan, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad_vlans); i++)
    {
      g_assert_false (ferry_domain_edit_check_vlan (bad_vlans[i], &vlan, &error));
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
}

/* A guest NIC on a VF pool: goes into a definition that still passes the schema, and comes
 * back out as the last interface; a bad MAC stops it before any XML exists. */
static void
test_pool_interface (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-virtio.xml");
  g_autoptr(GError) error = NULL;
  g_autofree char *interface = ferry_domain_edit_new_pool_interface ("vf-pool",
                                                                     "52:54:00:aa:bb:cc",
                                                                     &error);
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  g_autofree char *auto_mac = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (interface, "network=\"vf-pool\""));
  with = ferry_domain_edit_add_device (xml, interface, &error);
  g_assert_no_error (error);
  fixture_assert_valid (with, "domain");
  g_assert_nonnull (strstr (with, "52:54:00:aa:bb:cc"));

  without = ferry_domain_edit_remove_last_interface (with, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (without, "52:54:00:aa:bb:cc"));
  fixture_assert_valid (without, "domain");

  auto_mac = ferry_domain_edit_new_pool_interface ("vf-pool", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (auto_mac, "<mac"));

  g_assert_null (ferry_domain_edit_new_pool_interface ("vf-pool", "01:00:5e:00:00:01", &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
}

static void
test_update (void)
{
  g_autofree char *xml = fixture_load ("domain-q35-assigned.xml");
  g_autoptr(FerryAssignedDevice) vf = ferry_assigned_device_new (
    FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
  g_autoptr(FerryAssignedDevice) gpu = hostdev ("0000:01:00.0");
  g_autoptr(FerryGuest) guest = ferry_guest_new ("g", NULL);
  g_autoptr(FerryAssignedDevice) read_back = NULL;
  g_autoptr(GError) error = NULL;
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  g_autofree char *edited = NULL;
  g_autofree char *untagged = NULL;
  g_autofree char *rom = NULL;
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.0", &address));
  ferry_assigned_device_set_address (vf, &address);

  settings.vlan = 100;
  settings.mac = "52:54:00:00:00:64";
  edited = ferry_domain_edit_update_device (xml, vf, &settings, &error);
  g_assert_no_error (error);
  fixture_assert_valid (edited, "domain");
  g_assert_true (ferry_guest_update_from_xml (guest, NULL, edited, NULL, &error));
  read_back = g_list_model_get_item (ferry_guest_get_assigned (guest), 2);
  g_assert_cmpuint (ferry_assigned_device_get_vlan (read_back), ==, 100);
  g_assert_cmpstr (ferry_assigned_device_get_mac (read_back), ==, "52:54:00:00:00:64");

  /* 0 takes the tag away. */
  settings = (FerryDeviceSettings) FERRY_DEVICE_SETTINGS_INIT;
  settings.vlan = 0;
  untagged = ferry_domain_edit_update_device (edited, vf, &settings, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (untagged, "<vlan"));

  /* Invalid values never reach the XML, nor do settings a hostdev does not have. */
  settings.vlan = 4095;
  g_assert_null (ferry_domain_edit_update_device (xml, vf, &settings, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  settings = (FerryDeviceSettings) FERRY_DEVICE_SETTINGS_INIT;
  settings.mac = "01:00:5e:00:00:01";
  g_assert_null (ferry_domain_edit_update_device (xml, vf, &settings, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  settings.mac = "52:54:00:00:00:64";
  g_assert_null (ferry_domain_edit_update_device (xml, gpu, &settings, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* ROM BAR and managed on a hostdev. */
  settings = (FerryDeviceSettings) FERRY_DEVICE_SETTINGS_INIT;
  settings.rom_bar = FERRY_TRISTATE_NO;
  settings.managed = FERRY_TRISTATE_NO;
  rom = ferry_domain_edit_update_device (xml, gpu, &settings, &error);
  g_assert_no_error (error);
  fixture_assert_valid (rom, "domain");
  g_assert_true (strstr (rom, "bar=\"off\"") || strstr (rom, "bar='off'"));
}

/* Settings that leave the VLAN empty keep a trunk the single tag cannot show. */
static void
test_keeps_vlan_trunk (void)
{
  g_autofree char *xml = fixture_load ("domain-odd-devices.xml");
  g_autoptr(FerryAssignedDevice) vf = ferry_assigned_device_new (
    FERRY_ASSIGNMENT_INTERFACE_HOSTDEV);
  g_autoptr(GError) error = NULL;
  FerryDeviceSettings settings = FERRY_DEVICE_SETTINGS_INIT;
  g_autofree char *edited = NULL;
  FerryPciAddress address;

  g_assert_true (ferry_pci_address_parse ("0000:0b:10.0", &address));
  ferry_assigned_device_set_address (vf, &address);
  settings.vlan = 0;
  settings.mac = "52:54:00:00:00:64";
  edited = ferry_domain_edit_update_device (xml, vf, &settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (edited, "<vlan trunk=\"yes\">"));
  g_assert_nonnull (strstr (edited, "<tag id=\"42\" nativeMode=\"untagged\"/>"));
  g_assert_nonnull (strstr (edited, "<tag id=\"47\"/>"));
  g_assert_nonnull (strstr (edited, "52:54:00:00:00:64"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain-edit/remove-and-add-back", test_remove_and_add_back);
  g_test_add_func ("/domain-edit/dup-interfaces", test_dup_interfaces);
  g_test_add_func ("/domain-edit/errors", test_errors);
  g_test_add_func ("/domain-edit/checks", test_checks);
  g_test_add_func ("/domain-edit/update", test_update);
  g_test_add_func ("/domain-edit/keeps-vlan-trunk", test_keeps_vlan_trunk);
  g_test_add_func ("/domain-edit/pool-interface", test_pool_interface);

  return g_test_run ();
}
