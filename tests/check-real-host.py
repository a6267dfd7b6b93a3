#!/usr/bin/env python3
# ferryctl against a private libvirtd on this machine (build-aux/private-libvirtd): the
# inventory must match lspci -D and sysfs (addresses, ids, drivers, interfaces, IOMMU
# groups), and readiness must agree with /sys/kernel/iommu_groups. Only reads.
import glob
import json
import os
import subprocess
import sys

ferryctl = sys.argv[1]
uri = os.environ.get('FERRY_REAL_URI')
if not uri:
    print('SKIP:', os.environ.get('FERRY_REAL_SKIP_REASON', 'FERRY_REAL_URI is not set '
          '(build-aux/test starts a private libvirtd)'))
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def ferry(*args):
    result = subprocess.run([ferryctl, '-c', uri, '--timeout', '150', *args, '--json'],
                            capture_output=True,
                            text=True, timeout=200)
    if result.returncode != 0:
        print(result.stderr)
        sys.exit(1)
    return json.loads(result.stdout)


lspci = {}
for line in subprocess.run(['lspci', '-Dn'], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    fields = line.split()
    vendor, product = fields[2].split(':')
    lspci[fields[0]] = ('0x' + vendor, '0x' + product)

devices = {d['address']: d for d in ferry('devices')}
check(set(devices) == set(lspci), f'addresses differ from lspci: {set(devices) ^ set(lspci)}')

groups_dir = '/sys/kernel/iommu_groups'
sysfs_groups = {}
for path in glob.glob(f'{groups_dir}/*/devices/*'):
    sysfs_groups[os.path.basename(path)] = int(path.split('/')[4])

for address, (vendor, product) in lspci.items():
    device = devices.get(address)
    if device is None:
        continue
    check(device['vendor_id'] == vendor and device['product_id'] == product,
          f'{address}: ids {device["vendor_id"]}:{device["product_id"]} != {vendor}:{product}')
    driver_link = f'/sys/bus/pci/devices/{address}/driver'
    driver = os.path.basename(os.readlink(driver_link)) if os.path.islink(driver_link) else None
    check(device['driver'] == driver, f'{address}: driver {device["driver"]} != {driver}')
    # Interfaces sit in the function's own net/ or, for virtio, one level down (virtio0/net).
    netdevs = sorted(os.path.basename(p) for pattern in ('net/*', 'virtio*/net/*')
                     for p in glob.glob(f'/sys/bus/pci/devices/{address}/{pattern}'))
    check(sorted(device['netdevs']) == netdevs, f'{address}: interfaces {device["netdevs"]} != {netdevs}')
    check(device['iommu_group'] == sysfs_groups.get(address),
          f'{address}: group {device["iommu_group"]} != {sysfs_groups.get(address)}')

checks = {c['id']: c for c in ferry('readiness')}
iommu_on = bool(sysfs_groups)
check(checks['iommu-active']['status'] == ('pass' if iommu_on else 'fail'),
      f'iommu-active is {checks["iommu-active"]["status"]} with iommu_on={iommu_on}')
if not iommu_on:
    # No groups at all: every function says so, and the fix is spelled out.
    check(all(d['iommu_group'] is None for d in devices.values()), 'a device claims a group')
    check(checks['iommu-active']['remedy'], 'no remedy for the IOMMU being off')
    check(checks['libvirt-iommu']['status'] in ('fail', 'unknown'), 'libvirt claims an IOMMU')

for failure in failures:
    print('FAIL:', failure)
print(f'{len(devices)} real PCI functions checked against lspci and sysfs '
      f'(IOMMU {"on" if iommu_on else "off"}), {len(failures)} failures')
sys.exit(1 if failures else 0)
