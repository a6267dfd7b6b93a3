#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# ferryctl assign when the connection drops under the call that changes the guest: a relay
# (tests/rpc-relay.py) in front of the private libvirtd (build-aux/private-libvirtd) lets the
# daemon add the device to a throwaway guest's definition, swallows the reply and hangs up.
# ferryctl must then say what is true, and what it says must match the definition the
# daemon has afterwards; asked to (--rollback-on-loss), it puts the guest back as it was.
# Real PCI functions of this machine are only ever written into the definition of a guest
# that never starts, managed='no': never taken from their drivers.
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ferryctl, relay_script = sys.argv[1:3]
uri = os.environ.get('FERRY_REAL_URI')
if not uri:
    print('SKIP:', os.environ.get('FERRY_REAL_SKIP_REASON', 'FERRY_REAL_URI is not set'))
    sys.exit(77)
match = re.search(r'[?&]socket=([^&]+)', uri)
if not match:
    print('SKIP: FERRY_REAL_URI names no socket for the relay to stand in front of')
    sys.exit(77)
daemon_socket = match.group(1)

GUEST = 'ferry-test-fault'
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def virsh(*args, **kwargs):
    return subprocess.run(['virsh', '-q', '-c', uri, *args], capture_output=True, text=True,
                          timeout=120, **kwargs)


def source_of(address):
    bus, rest = address.split(':')[1:]
    slot, function = rest.split('.')
    return f"bus='0x{bus}' slot='0x{slot}' function='0x{function}'"


def definition():
    return virsh('dumpxml', '--inactive', GUEST).stdout


def define():
    virsh('undefine', GUEST)
    defined = virsh('define', '/dev/stdin', input=f"""<domain type='qemu'>
  <name>{GUEST}</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
</domain>""")
    if defined.returncode != 0:
        print('cannot define a throwaway guest:', defined.stderr)
        sys.exit(1)


def assign_through_relay(directory, addresses, *extra):
    """ferryctl assign through a relay that cuts the reply to the first attach."""
    listen = os.path.join(directory, 'relay-sock')
    relay = subprocess.Popen([sys.executable, relay_script, '--listen', listen,
                              '--target', daemon_socket, '--cut', 'DOMAIN_ATTACH_DEVICE_FLAGS:1'],
                             stdout=subprocess.PIPE, text=True)
    try:
        check(relay.stdout.readline().strip() == 'listening', 'the relay did not start')
        started = time.monotonic()
        result = subprocess.run([ferryctl, '-c', f'qemu:///system?socket={listen}',
                                 '--timeout', '60', 'assign', ','.join(addresses),
                                 '--guest', GUEST, '--config', '--unmanaged', '--force', *extra],
                                capture_output=True, text=True, timeout=300)
        print(f'ferryctl assign {" ".join(extra)}: exit {result.returncode} after '
              f'{time.monotonic() - started:.1f} s')
        print(result.stderr.strip())
    finally:
        relay.terminate()
        relay.wait(timeout=10)
    return result


devices = json.loads(subprocess.run([ferryctl, '-c', uri, '--timeout', '120', 'devices',
                                     '--json'], capture_output=True, text=True,
                                    timeout=300).stdout or '[]')
endpoints = [d['address'] for d in devices if not d.get('is_bridge')]
if not endpoints:
    print('SKIP: this machine shows no PCI endpoint to libvirt')
    sys.exit(77)
picked = endpoints[:2]

with tempfile.TemporaryDirectory(prefix='ferry-fault-') as directory:
    try:
        # The reply to the first attach is lost: the first function is in the definition,
        # the second (if any) was never asked for. ferryctl says exactly that, exit 1.
        define()
        result = assign_through_relay(directory, picked)
        xml = definition()
        check(result.returncode == 1, f'exit {result.returncode} after a lost connection')
        check('was lost during the change' in result.stderr, 'no word of the lost connection')
        has_first = source_of(picked[0]) in xml
        check(has_first, 'the daemon did not apply the call whose reply was cut')
        check((f'its definition now has {picked[0]} (added before the connection dropped)'
               in result.stderr) == has_first,
              f'the report does not match the definition: {xml}')
        if len(picked) > 1:
            check(source_of(picked[1]) not in xml, 'the second function was added')
            check(f'{picked[1]} was not added' in result.stderr,
                  'the report does not name what was not added')
        check('libvirt said:' in result.stderr, "libvirt's words are missing")

        # Asked to, ferryctl puts the guest back: the definition is as before, and it says so.
        define()
        before = definition()
        result = assign_through_relay(directory, picked, '--rollback-on-loss')
        check(result.returncode == 1, f'exit {result.returncode} after a rollback')
        check('put the guest back as it was' in result.stderr, 'no word of the rollback')
        check(definition() == before, 'the rollback left the definition changed')
    finally:
        virsh('undefine', GUEST)

for failure in failures:
    print('FAIL:', failure)
print(f'a lost reply on the private libvirtd, {", ".join(picked)}: {len(failures)} failures')
sys.exit(1 if failures else 0)
