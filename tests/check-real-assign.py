#!/usr/bin/env python3
# ferryctl assign on a private libvirtd (build-aux/private-libvirtd), with a real PCI function
# of this machine that is only ever written into definitions, never taken from its driver:
# - a throwaway guest that is never started gets it in its persistent definition (the qemu
#   driver accepts it), and ferryctl detach takes it out again;
# - a throwaway TCG guest that runs is asked to take it live with managed='no' (so libvirt
#   never unbinds the host driver, whatever the host supports): libvirt refuses, ferryctl
#   says libvirt's words, and the guest's definition is as it was.
import json
import os
import subprocess
import sys

ferryctl = sys.argv[1]
uri = os.environ.get('FERRY_REAL_URI')
if not uri:
    print('SKIP:', os.environ.get('FERRY_REAL_SKIP_REASON', 'FERRY_REAL_URI is not set'))
    sys.exit(77)

STOPPED = 'ferry-test-assign-stopped'
RUNNING = 'ferry-test-assign-running'
failures = []


def domain(name):
    return f"""<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>
</domain>"""


def check(condition, message):
    if not condition:
        failures.append(message)


def virsh(*args, **kwargs):
    return subprocess.run(['virsh', '-q', '-c', uri, *args], capture_output=True, text=True,
                          **kwargs)


def ferry(*args):
    return subprocess.run([ferryctl, '-c', uri, '--timeout', '300', *args], capture_output=True,
                          text=True, timeout=400)


def cleanup():
    for name in (STOPPED, RUNNING):
        virsh('destroy', name)
        virsh('undefine', name)


devices = json.loads(ferry('devices', '--json').stdout or '[]')
endpoints = [d['address'] for d in devices if not d.get('is_bridge')]
if not endpoints:
    print('SKIP: this machine shows no PCI endpoint to libvirt')
    sys.exit(77)
address = endpoints[0]
bus, rest = address.split(':')[1:]
slot, function = rest.split('.')
source = f"bus='0x{bus}' slot='0x{slot}' function='0x{function}'"

cleanup()
try:
    for name in (STOPPED, RUNNING):
        defined = virsh('define', '/dev/stdin', input=domain(name))
        if defined.returncode != 0:
            print('cannot define a throwaway guest:', defined.stderr)
            sys.exit(1)

    # Never started: its definition takes the function, and gives it up again.
    assigned = ferry('assign', address, '--guest', STOPPED, '--config', '--force')
    check(assigned.returncode == 0, f'config assign: {assigned.returncode} {assigned.stderr}')
    xml = virsh('dumpxml', '--inactive', STOPPED).stdout
    check('<hostdev' in xml and source in xml, f'the hostdev is not in the definition: {xml}')
    removed = ferry('detach', address, '--guest', STOPPED, '--config')
    check(removed.returncode == 0, f'config detach: {removed.stderr}')
    check('<hostdev' not in virsh('dumpxml', '--inactive', STOPPED).stdout,
          'the hostdev stayed in the definition')

    started = virsh('start', RUNNING)
    if started.returncode != 0:
        failures.append(f'the TCG guest does not start: {started.stderr.strip()}')
    else:
        before = virsh('dumpxml', '--inactive', RUNNING).stdout
        live = ferry('assign', address, '--guest', RUNNING, '--live', '--unmanaged', '--force')
        check(live.returncode == 1, f'live assign exited {live.returncode}: {live.stdout}')
        check('refused' in live.stderr and 'ferryctl:' in live.stderr,
              f'live refusal without libvirt’s words: {live.stderr}')
        check(virsh('dumpxml', '--inactive', RUNNING).stdout == before,
              'a refused live assign changed the definition')
        check('<hostdev' not in virsh('dumpxml', RUNNING).stdout,
              'the running guest holds the hostdev')
        print('libvirt said:', live.stderr.strip())
finally:
    cleanup()

for failure in failures:
    print('FAIL:', failure)
print(f'throwaway guests on the private libvirtd, {address}: {len(failures)} failures')
sys.exit(1 if failures else 0)
