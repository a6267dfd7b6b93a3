#!/usr/bin/env python3
# ferryctl pool-create / pool-delete on a private libvirtd: a pf-form pool on one of this
# machine's interfaces, which has no VFs. Starting it fails with libvirt's "No usable Vf's"
# and Ferry's explanation; deleting it leaves nothing behind. The interface is only read.
import os
import subprocess
import sys

ferryctl = sys.argv[1]
uri = os.environ.get('FERRY_REAL_URI')
if not uri:
    print('SKIP:', os.environ.get('FERRY_REAL_SKIP_REASON', 'FERRY_REAL_URI is not set'))
    sys.exit(77)

NAME = 'ferry-test-pool'
interfaces = sorted(n for n in os.listdir('/sys/class/net')
                    if os.path.exists(f'/sys/class/net/{n}/device'))
if not interfaces:
    print('SKIP: this machine has no PCI network interface to name as a PF')
    sys.exit(77)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def ferry(*args):
    return subprocess.run([ferryctl, '-c', uri, '--timeout', '150', *args],
                          capture_output=True, text=True, timeout=200)


def virsh(*args):
    return subprocess.run(['virsh', '-q', '-c', uri, *args], capture_output=True, text=True)


virsh('net-destroy', NAME)
virsh('net-undefine', NAME)
try:
    created = ferry('pool-create', NAME, '--pf', interfaces[0], '--start')
    check(created.returncode == 1, f'pool-create --start exited {created.returncode}')
    check("No usable Vf's" in created.stderr, f'no libvirt message: {created.stderr}')
    check('sriov_numvfs' in created.stderr, f'no explanation: {created.stderr}')
    check(NAME in virsh('net-list', '--all', '--name').stdout, 'the pool was not defined')

    deleted = ferry('pool-delete', NAME)
    check(deleted.returncode == 0, f'pool-delete: {deleted.stderr}')
    check(NAME not in virsh('net-list', '--all', '--name').stdout, 'the pool is still there')
finally:
    virsh('net-destroy', NAME)
    virsh('net-undefine', NAME)

for failure in failures:
    print('FAIL:', failure)
print(f'pf-form pool on {interfaces[0]} (no VFs): {len(failures)} failures')
sys.exit(1 if failures else 0)
