#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# A connection lost during the first read of a host: the private libvirtd
# (build-aux/private-libvirtd) behind a relay (tests/rpc-relay.py) that hangs up in the middle
# of the node-device XML calls. ferryctl must say the connection was lost and exit 1 — never
# report a half-read host as if it were whole, nor blame its driver. A host that goes silent
# instead (the relay keeps the socket open and relays nothing) is given up on after about
# --timeout seconds, while a slow host that keeps answering is read however long that takes.
# Only reads real devices.
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
# libvirt's remote_protocol.x: REMOTE_PROC_NODE_DEVICE_GET_XML_DESC.
NODE_DEVICE_GET_XML_DESC = 114
failures = []



def relayed_ferryctl(args, relay_args, timeout):
    """Runs ferryctl ARGS through a relay started with RELAY_ARGS; its result, or None."""
    with tempfile.TemporaryDirectory(prefix='ferry-lost-') as directory:
        listen = os.path.join(directory, 'relay-sock')
        relay = subprocess.Popen([sys.executable, relay_script, '--listen', listen,
                                  '--target', daemon_socket] + relay_args,
                                 stdout=subprocess.PIPE, text=True)
        try:
            if relay.stdout.readline().strip() != 'listening':
                failures.append('the relay did not start')
                return None
            started = time.monotonic()
            try:
                result = subprocess.run([ferryctl, '-c', f'qemu:///system?socket={listen}']
                                        + args, capture_output=True, text=True,
                                        timeout=timeout)
            except subprocess.TimeoutExpired:
                failures.append(f'ferryctl {" ".join(args)} still ran after {timeout} s')
                return None
            print(f'ferryctl {" ".join(args)}: exit {result.returncode} after '
                  f'{time.monotonic() - started:.1f} s')
            print(result.stderr.strip())
            return result
        finally:
            relay.terminate()
            relay.wait(timeout=10)


for command in ('readiness', 'devices'):
    result = relayed_ferryctl(['--timeout', '60', command],
                              ['--cut', f'{NODE_DEVICE_GET_XML_DESC}:3'], 300)
    if result and (result.returncode != 1 or 'lost' not in result.stderr):
        failures.append(f'{command} after a lost connection: exit {result.returncode}, '
                        f'{result.stderr.strip()!r}, {result.stdout[:200]!r}')

# Silent after the third node-device XML call: with --timeout 3 the connection counts as lost
# about 3 s later. The default keepalive would wait 30 s, past this run's 40 s limit with the
# connect before it (12 s here when idle); before Ferry watched for it, ferryctl hung for ever.
result = relayed_ferryctl(['--timeout', '3', 'devices'],
                          ['--cut', f'{NODE_DEVICE_GET_XML_DESC}:3', '--go-silent'], 40)
if result and (result.returncode != 1 or 'lost' not in result.stderr):
    failures.append(f'devices from a silent host: exit {result.returncode}, '
                    f'{result.stderr.strip()!r}')

# Every message 300 ms late each way: the read outlasts --timeout, and is not cut short.
result = relayed_ferryctl(['--timeout', '5', '--json', 'devices'], ['--delay-ms', '300'], 300)
if result and result.returncode != 0:
    failures.append(f'devices from a slow host: exit {result.returncode}, '
                    f'{result.stderr.strip()!r}')

for failure in failures:
    print('FAIL:', failure)
sys.exit(1 if failures else 0)
