#!/usr/bin/env python3
# ferryctl on a host whose names hold newlines, carriage returns, C1 controls and bidi
# overrides (tests/data/host-hostile.xml): its text output shows them escaped, so no name can
# forge a row, drive the terminal or read backwards; its JSON output keeps them exact.
import json
import os
import subprocess
import sys

ferryctl, host = sys.argv[1:3]
uri = 'test://' + os.path.abspath(host)
failures = []
GUEST = 'win\u202egnp.exe'
PRODUCT_START = '82576 Gigabit\n0000:03:00.1'


def run(*args):
    return subprocess.run([ferryctl, '-c', uri, *args], capture_output=True, text=True)


def raw_controls(text):
    return sorted({'U+%04X' % ord(c) for c in text
                   if (ord(c) < 0x20 and c not in '\n\t') or 0x7f <= ord(c) <= 0x9f
                   or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069
                   or c in '\u200e\u200f\u061c'})


for args in (['host'], ['devices'], ['groups'], ['guests'], ['pools'], ['readiness'],
             ['guest', GUEST], ['guest', 'no\u202esuch'], ['check', '0000:03:00.0']):
    result = run(*args)
    for stream, text in (('stdout', result.stdout), ('stderr', result.stderr)):
        found = raw_controls(text)
        if found:
            failures.append('%s: raw %s on %s' % (' '.join(args), ', '.join(found), stream))
    # One line per device: a product name's newline must not start a forged row.
    if args == ['devices']:
        rows = [line for line in result.stdout.splitlines() if line.startswith('0000:')]
        if len(rows) != 1:
            failures.append('devices: %d rows for one function: %r' % (len(rows), rows))

# JSON is exact: it escapes by itself.
devices = json.loads(run('devices', '--json').stdout)
if not any(d.get('product', '').startswith(PRODUCT_START) for d in devices):
    failures.append('devices --json does not keep the product name exactly: %r' % devices)
guests = json.loads(run('guests', '--json').stdout)
if GUEST not in [g.get('name') for g in guests]:
    failures.append('guests --json does not keep the guest name exactly: %r' % guests)

for failure in failures:
    print('FAIL:', failure)
sys.exit(1 if failures else 0)
