#!/usr/bin/env python3
# The demo host file is read by libvirt's test driver, which is lenient: hold every guest,
# network and node device in it to libvirt's own schemas with virt-xml-validate.
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

demo, validator = sys.argv[1:3]
TEST_NS = '{http://libvirt.org/schemas/domain/test/1.0}'
kinds = {'domain': 'domain', 'network': 'network', 'device': 'nodedev'}

root = ET.parse(demo).getroot()
failures = 0
count = 0
with tempfile.TemporaryDirectory() as tmp:
    for element in root:
        kind = kinds.get(element.tag)
        if kind is None:
            continue
        # The test driver's own namespace (run state) is not part of libvirt's domain schema.
        for child in list(element):
            if child.tag.startswith(TEST_NS):
                element.remove(child)
        path = os.path.join(tmp, f'{kind}-{count}.xml')
        ET.ElementTree(element).write(path, encoding='unicode')
        result = subprocess.run([validator, path, kind], capture_output=True, text=True)
        count += 1
        if result.returncode != 0:
            failures += 1
            name = element.findtext('name')
            print(f'{kind} {name}: {result.stdout}{result.stderr}')

# The demo's /sys beside it is the same host: readiness counts the kernel's IOMMU groups there,
# the Host page the node devices' groups, and the two must tell the same number.
groups = {}
for group in root.iter('iommuGroup'):
    groups[group.get('number')] = sorted(
        '%04x:%02x:%02x.%x' % tuple(int(a.get(k), 16) for k in ('domain', 'bus', 'slot', 'function'))
        for a in group.findall('address'))
sysfs = os.path.join(os.path.dirname(demo), 'host-root', 'sys', 'kernel', 'iommu_groups')
kernel = {n: sorted(os.listdir(os.path.join(sysfs, n, 'devices'))) for n in os.listdir(sysfs)}
if kernel != groups:
    failures += 1
    print(f'{sysfs} has {len(kernel)} groups, the node devices {len(groups)}, or other members')

print(f'{count} descriptions checked, {failures} invalid')
sys.exit(1 if failures or count == 0 else 0)
