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

print(f'{count} descriptions checked, {failures} invalid')
sys.exit(1 if failures or count == 0 else 0)
