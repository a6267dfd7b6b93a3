#!/usr/bin/env python3
# ferryctl detach on a private libvirtd (build-aux/private-libvirtd): a throwaway guest that is
# never started, holding a PCI address this machine does not have, so no real device is ever
# touched. A live detach from the stopped guest fails and changes nothing; a detach from its
# persistent definition takes the device out.
import json
import os
import subprocess
import sys

ferryctl = sys.argv[1]
uri = os.environ.get('FERRY_REAL_URI')
if not uri:
    print('SKIP:', os.environ.get('FERRY_REAL_SKIP_REASON', 'FERRY_REAL_URI is not set'))
    sys.exit(77)

NAME = 'ferry-test-throwaway'
ADDRESS = '0000:7f:1f.7'
DOMAIN = f"""<domain type='qemu'>
  <name>{NAME}</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x7f' slot='0x1f' function='0x7'/></source>
    </hostdev>
  </devices>
</domain>"""
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def virsh(*args, **kwargs):
    return subprocess.run(['virsh', '-q', '-c', uri, *args], capture_output=True, text=True,
                          **kwargs)


def ferry(*args):
    return subprocess.run([ferryctl, '-c', uri, '--timeout', '150', *args], capture_output=True,
                          text=True,
                          timeout=200)


check(not os.path.exists(f'/sys/bus/pci/devices/{ADDRESS}'), f'{ADDRESS} exists here')
virsh('undefine', NAME)
defined = virsh('define', '/dev/stdin', input=DOMAIN)
if defined.returncode != 0:
    print('cannot define the throwaway guest:', defined.stderr)
    sys.exit(1)

try:
    guest = json.loads(ferry('guest', NAME, '--json').stdout)
    check([a['address'] for a in guest['assigned']] == [ADDRESS], f'assigned: {guest["assigned"]}')
    check(guest['assigned'][0]['present_on_host'] is False, 'present_on_host should be false')

    before = virsh('dumpxml', '--inactive', NAME).stdout
    live = ferry('detach', ADDRESS, '--guest', NAME, '--live')
    check(live.returncode == 1 and 'not running' in live.stderr,
          f'live detach: {live.returncode} {live.stderr}')
    check(virsh('dumpxml', '--inactive', NAME).stdout == before, 'a failed detach changed XML')

    config = ferry('detach', ADDRESS, '--guest', NAME, '--config')
    check(config.returncode == 0, f'config detach: {config.stderr}')
    after = virsh('dumpxml', '--inactive', NAME).stdout
    check('<hostdev' not in after, 'the hostdev is still in the definition')
    check(f"<name>{NAME}</name>" in after, 'the guest lost its name')
finally:
    virsh('undefine', NAME)

for failure in failures:
    print('FAIL:', failure)
print(f'throwaway guest on the private libvirtd: {len(failures)} failures')
sys.exit(1 if failures else 0)
