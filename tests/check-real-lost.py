#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A connection lost during the first read of a host: the private libvirtd
# (build-aux/private-libvirtd) behind a relay (tests/rpc-relay.py) that hangs up in the middle
# of the node-device XML calls. ferryctl must say the connection was lost and exit 1 — never
# report a half-read host as if it were whole, nor blame its driver. Only reads real devices.
import os
import re
import subprocess
import sys
import tempfile

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
# libvirt's remote_protocol.x: REMOTE_PROC_NODE_DEVICE_GET_XML_DESC.
NODE_DEVICE_GET_XML_DESC = 114
failures = []

for command in ('readiness', 'devices'):
    with tempfile.TemporaryDirectory(prefix='ferry-lost-') as directory:
        listen = os.path.join(directory, 'relay-sock')
        relay = subprocess.Popen([sys.executable, relay_script, '--listen', listen,
                                  '--target', daemon_socket,
                                  '--cut', f'{NODE_DEVICE_GET_XML_DESC}:3'],
                                 stdout=subprocess.PIPE, text=True)
        try:
            if relay.stdout.readline().strip() != 'listening':
                failures.append('the relay did not start')
                continue
            result = subprocess.run([ferryctl, '-c', f'qemu:///system?socket={listen}',
                                     '--timeout', '60', command],
                                    capture_output=True, text=True, timeout=300)
            print(f'ferryctl {command}: exit {result.returncode}')
            print(result.stderr.strip())
            if result.returncode != 1 or 'lost' not in result.stderr:
                failures.append(f'{command} after a lost connection: exit {result.returncode}, '
                                f'{result.stderr.strip()!r}, {result.stdout[:200]!r}')
        finally:
            relay.terminate()
            relay.wait(timeout=10)

for failure in failures:
    print('FAIL:', failure)
sys.exit(1 if failures else 0)
