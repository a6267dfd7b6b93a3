#!/usr/bin/env python3
# ferryctl on the demo host against the demo host's own XML: every PCI function with its ids,
# names, IOMMU group and SR-IOV relations; groups that agree with the <iommuGroup> lists; the
# documented exit statuses.
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

ferryctl, demo = sys.argv[1:3]
uri = 'test://' + os.path.abspath(demo)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(*args):
    """ferryctl on the demo host; one that has not ended after 60 s is a failure that names it
    (the whole test once ran into meson's timeout with nothing said)."""
    try:
        return subprocess.run([ferryctl, '-c', uri, *args], capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        print(f'FAIL: ferryctl {" ".join(args)}: still running after 60 s', flush=True)
        sys.exit(1)


def address(node):
    return '%04x:%02x:%02x.%x' % tuple(int(node.get(k), 16) for k in
                                        ('domain', 'bus', 'slot', 'function'))


expected = {}
netdevs = {}
for device in ET.parse(demo).getroot().iter('device'):
    name = device.findtext('name')
    for cap in device.findall('capability'):
        if cap.get('type') == 'net':
            netdevs.setdefault(device.findtext('parent'), []).append(cap.findtext('interface'))
        if cap.get('type') != 'pci':
            continue
        addr = '%04x:%02x:%02x.%x' % tuple(int(cap.findtext(k)) for k in
                                           ('domain', 'bus', 'slot', 'function'))
        group = cap.find('iommuGroup')
        sub = {c.get('type'): c for c in cap.findall('capability')}
        expected[addr] = {
            'name': name,
            'vendor_id': cap.find('vendor').get('id'),
            'product_id': cap.find('product').get('id'),
            'vendor': cap.findtext('vendor'),
            'product': cap.findtext('product'),
            'class': cap.findtext('class'),
            'group': int(group.get('number')) if group is not None else None,
            'members': sorted(address(a) for a in group.findall('address')) if group is not None else [],
            'pf': address(sub['phys_function'].find('address')) if 'phys_function' in sub else None,
            'vfs': [address(a) for a in sub['virt_functions'].findall('address')] if 'virt_functions' in sub else [],
        }

result = run('devices', '--json')
check(result.returncode == 0, f'devices --json exited {result.returncode}: {result.stderr}')
devices = {d['address']: d for d in json.loads(result.stdout)}
check(set(devices) == set(expected), f'devices differ: {set(devices) ^ set(expected)}')

for addr, want in expected.items():
    got = devices.get(addr)
    if got is None:
        continue
    for key in ('name', 'vendor_id', 'product_id', 'vendor', 'product', 'class'):
        check(got[key] == want[key], f'{addr} {key}: {got[key]!r} != {want[key]!r}')
    check(got['iommu_group'] == want['group'], f'{addr} group {got["iommu_group"]} != {want["group"]}')
    check(got['sriov']['pf'] == want['pf'], f'{addr} pf {got["sriov"]["pf"]} != {want["pf"]}')
    check(sorted(got['sriov']['vfs']) == sorted(want['vfs']), f'{addr} vfs differ')
    check(sorted(got['netdevs']) == sorted(netdevs.get(want['name'], [])), f'{addr} netdevs differ')
    check(got['sriov']['role'] == ('pf' if want['vfs'] else 'vf' if want['pf'] else None),
          f'{addr} role {got["sriov"]["role"]}')

# The GPU is held by win11, live and at next boot; its audio function by nobody.
gpu = devices.get('0000:01:00.0', {})
check(any(u['guest'] == 'win11' and u['via'] == 'hostdev' and u['live'] and u['config']
          for u in gpu.get('used_by', [])), 'the GPU is not shown in use by win11')
check(devices.get('0000:01:00.1', {}).get('used_by') == [], 'the GPU audio shows an owner')

# The demo's host-root: gnome-shell holds the iGPU's card0, one process of another user could
# not be checked; the Radeon resets only with its bus (shared with its audio), which has none.
igpu = devices.get('0000:00:02.0', {})
check(igpu.get('held_by') == [{'pid': 1234, 'command': 'gnome-shell', 'node': '/dev/dri/card0'}],
      f'iGPU held_by: {igpu.get("held_by")}')
check(igpu.get('held_by_unchecked') == 1, f'iGPU held_by_unchecked: {igpu.get("held_by_unchecked")}')
check(igpu.get('reset_methods') == ['flr'], f'iGPU reset_methods: {igpu.get("reset_methods")}')
check(devices.get('0000:09:00.0', {}).get('reset_methods') == ['bus'], 'Radeon reset_methods')
check(devices.get('0000:09:00.1', {}).get('reset_methods') == [], 'Radeon audio reset_methods')
check(all(d.get('held_by') == [] for a, d in devices.items() if a != '0000:00:02.0'),
      'a device other than the iGPU shows a holder')

result = run('groups', '--json')
check(result.returncode == 0, f'groups --json exited {result.returncode}')
groups = json.loads(result.stdout)
for group in groups:
    for addr in group['devices']:
        want = expected[addr]
        check(want['group'] == group['group'], f'{addr} listed in group {group["group"]}')
        check(sorted(group['devices']) == want['members'], f'group {group["group"]} members differ')
    check(group['endpoints'] + group['bridges'] == len(group['devices']), f'group {group["group"]} counts')
check(sum(len(g['devices']) for g in groups) == len(expected), 'groups do not cover every device')

result = run('readiness', '--json')
check(result.returncode == 0, 'readiness --json failed')
statuses = {c['id']: c['status'] for c in json.loads(result.stdout)}
check(statuses.get('iommu-active') == 'pass', f'demo readiness: {statuses}')
check(all(s in ('pass', 'warn', 'fail', 'unknown') for s in statuses.values()), 'bad status')

# connect: each run is its own test-driver host, so what is checked is the outcome and the
# refusals (the persistent result is checked in test-session's connect-pool).
result = run('connect', 'vf-pool', '--guest', 'scratch', '--mac', '52:54:00:aa:bb:cc')
check(result.returncode == 0, f'connect failed: {result.stderr}')
result = run('connect', 'vf-pool', '--guest', 'scratch', '--mac', '52:54:00:aa')
check(result.returncode == 2 and '--mac' in result.stderr and 'MAC' in result.stderr,
      f'bad MAC not refused: {result.returncode} {result.stderr}')
result = run('connect', 'no-such-pool', '--guest', 'scratch')
check(result.returncode == 1 and 'no-such-pool' in result.stderr, 'unknown pool not refused')
check(run('connect', 'vf-pool').returncode == 2, 'connect without --guest does not exit 2')
result = run('connect', 'vf-pool', '--guest', 'no-such-guest')
check(result.returncode == 1 and 'ferryctl:' in result.stderr, 'unknown guest not refused')

# One rule for pools: the NAT network is not Ferry's to delete or connect to; vf-pool, which
# running web-01 uses, is deleted only with --force; web-01 then says its network is gone.
for args in (('pool-delete', 'default'), ('connect', 'default', '--guest', 'scratch')):
    result = run(*args)
    check(result.returncode == 1 and 'not a VF pool' in result.stderr,
          f'{" ".join(args)} not refused: {result.returncode} {result.stderr}')
result = run('pool-delete', 'vf-pool')
check(result.returncode == 1 and 'web-01' in result.stderr,
      f'pool-delete of a pool in use not refused: {result.returncode} {result.stderr}')
result = run('pool-delete', 'vf-pool', '--force')
check(result.returncode == 0, f'pool-delete --force: {result.returncode} {result.stderr}')

# check: the wizard's rules, as JSON; exit 3 on an error finding.
result = run('check', '0000:01:00.1', '--guest', 'build-runner', '--json')
check(result.returncode == 3, f'group split not exit 3: {result.returncode} {result.stderr}')
report = json.loads(result.stdout or '{}')
check(report.get('guest') == 'build-runner', f'check guest: {report.get("guest")}')
check(report.get('devices') == ['0000:01:00.1'], f'check devices: {report.get("devices")}')
split = [f for f in report.get('findings', []) if f['code'] == 'group-split']
check(len(split) == 1 and split[0]['severity'] == 'error' and split[0]['guests'] == ['win11']
      and '0000:01:00.0' in split[0]['devices'], f'group-split finding: {split}')
check(set(report.get('findings', [])[0]) == {'code', 'severity', 'message', 'devices', 'guests'}
      if report.get('findings') else False, 'finding members')
result = run('check', '0000:09:00.0', '--guest', 'scratch', '--json')
check(result.returncode == 0, f'Radeon video check exited {result.returncode}')
codes = [f['code'] for f in json.loads(result.stdout or '{}').get('findings', [])]
check('multifunction' in codes, f'multifunction not found: {codes}')
result = run('check', '0000:09:00.0,0000:09:00.1', '--guest', 'scratch')
check(result.returncode == 0 and 'multifunction' not in result.stdout,
      f'both functions still warned: {result.stdout}')
result = run('check', '0000:09:00.0,0000:09:00.1', '--guest', 'scratch', '--json')
resets = [f for f in json.loads(result.stdout or '{}').get('findings', []) if f['code'] == 'reset']
check(len(resets) == 2 and all(f['severity'] == 'warning' for f in resets),
      f'reset warnings for the Radeon and its audio: {resets}')
result = run('check', '0000:00:02.0', '--guest', 'scratch', '--json')
held = [f for f in json.loads(result.stdout or '{}').get('findings', []) if f['code'] == 'host-held']
check(result.returncode == 3 and len(held) == 1 and held[0]['severity'] == 'error'
      and 'gnome-shell (pid 1234) has /dev/dri/card0 open' in held[0]['message'],
      f'host-held for the iGPU: {result.returncode} {held}')
check(run('check', '0000:00:01.0', '--guest', 'scratch').returncode == 3, 'bridge not exit 3')
check(run('check', '01:00.1').returncode == 2, 'check without --guest does not exit 2')
check(run('check', 'nonsense', '--guest', 'scratch').returncode == 2, 'bad address not exit 2')

# assign: refused on errors unless --force; --all-functions takes the audio function too.
result = run('assign', '0000:01:00.1', '--guest', 'build-runner', '--config')
check(result.returncode == 3 and 'group-split' in result.stdout,
      f'assign over a group split not refused: {result.returncode} {result.stdout}')
result = run('assign', '0000:09:00.0', '--guest', 'scratch', '--all-functions')
check(result.returncode == 0 and 'Assigned 2 devices to scratch' in result.stdout,
      f'assign --all-functions: {result.returncode} {result.stdout} {result.stderr}')
result = run('assign', '0000:09:00.0', '--guest', 'build-runner', '--live', '--all-functions')
check(result.returncode == 1 and 'cannot change a running guest' in result.stderr,
      f'live assign on the test driver: {result.returncode} {result.stderr}')
# Without --live or --config: what the test driver can, said (win11 runs).
result = run('assign', '0000:09:00.0,0000:09:00.1', '--guest', 'win11')
check(result.returncode == 0 and '(at next boot)' in result.stdout,
      f'assign to a running guest on the test driver: {result.returncode} {result.stdout}')

# detach from a running guest on the test driver: the definition, said; --live refused in words.
result = run('detach', '0000:01:00.0', '--guest', 'win11')
check(result.returncode == 0 and 'Detached from the next boot.' in result.stdout,
      f'detach on the test driver: {result.returncode} {result.stdout} {result.stderr}')
result = run('detach', '0000:01:00.0', '--guest', 'win11', '--live')
check(result.returncode == 1 and 'cannot change a running guest' in result.stderr,
      f'live detach on the test driver: {result.returncode} {result.stderr}')

# What the host stands on: the NVMe of /, /boot/efi and /home and the boot display are
# errors (exit 3) naming the use, warnings and all printed; --force takes them anyway.
for device, use in (('0000:08:00.0', '/boot/efi'), ('0000:00:02.0', 'boot display')):
    for command in ('check', 'assign'):
        result = run(command, device, '--guest', 'scratch')
        check(result.returncode == 3 and 'host-critical' in result.stdout and use in result.stdout,
              f'{command} {device}: {result.returncode} {result.stdout}')
result = run('assign', '0000:08:00.0', '--guest', 'scratch', '--force')
check(result.returncode == 0 and 'host-critical' in result.stdout and 'Assigned 1 device' in result.stdout,
      f'assign --force of the root NVMe: {result.returncode} {result.stdout} {result.stderr}')

# pools: only hostdev networks, each with the guests that use it.
result = run('pools', '--json')
check(result.returncode == 0, f'pools --json exited {result.returncode}: {result.stderr}')
pools = {p['name']: p for p in json.loads(result.stdout or '[]')}
check(set(pools) == {'vf-pool'}, f'pools listed: {sorted(pools)}')
check(pools.get('vf-pool', {}).get('guests') == ['web-01'],
      f"vf-pool guests: {pools.get('vf-pool', {}).get('guests')}")
# web-01 runs on vf-pool, and the test driver does not say which VF it holds: not "0 of 7 in
# use" but at least one, in words (as the window says it) and in JSON.
vf_pool = pools.get('vf-pool', {})
check((vf_pool.get('vf_count'), vf_pool.get('in_use'), vf_pool.get('unplaced_guests')) == (7, 0, 1),
      f"vf-pool vf_count, in_use, unplaced_guests: {vf_pool.get('vf_count')}, "
      f"{vf_pool.get('in_use')}, {vf_pool.get('unplaced_guests')}")
result = subprocess.run([ferryctl, '-c', uri, 'pools'], capture_output=True, text=True, timeout=60,
                        env=dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8'))
line = next((l for l in result.stdout.splitlines() if l.startswith('vf-pool ')), '')
check(result.returncode == 0 and line.endswith('at least 1/7 VFs in use: the host does not say '
                                               'which VF its 1 running guest holds'),
      f'pools in words: {result.returncode} {result.stdout!r} {result.stderr!r}')
# eth3 is up and has its VFs: nothing stands in the pool's way.
check(pools.get('vf-pool', {}).get('problems') == [],
      f"vf-pool problems: {pools.get('vf-pool', {}).get('problems')}")

# The test driver cannot take a device from its host driver or give it back: said in plain
# words, before any libvirt call, and nothing changes.
for verb in ('host-detach', 'host-reattach'):
    result = subprocess.run([ferryctl, '-c', uri, verb, '0000:01:00.0'], capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8'))
    check(result.returncode == 1 and 'cannot detach devices from the host' in result.stderr
          and 'vir' not in result.stderr.lower().replace('virtual', ''),
          f'{verb} on the test driver: {result.returncode} {result.stderr!r}')

check(run('frobnicate').returncode == 2, 'bad usage does not exit 2')

# Usage is checked before connecting: against a port where nothing listens (connecting would
# fail with exit 1), each refusal exits 2 and says what was wrong.
unreachable = 'qemu+tcp://127.0.0.1:1/system'
refusals = [
    (['frobnicate'], ['"frobnicate"', 'host, guests', 'assign']),
    ([], ['Usage: ferryctl']),
    (['host', 'extra'], ['host', '"extra"']),
    (['guest'], ['guest needs NAME']),
    (['check', '0000:01:00.0'], ['check needs --guest NAME']),
    (['check', '', '--guest', 'scratch'], ['check: ""', 'not a PCI address']),
    (['check', '0000:01:00.0,nonsense', '--guest', 'scratch'], ['"nonsense"', 'not a PCI address']),
    (['detach', '01:00', '--guest', 'scratch'], ['detach: "01:00"', 'not a PCI address']),
    (['assign', '0000:01:00.0', '--guest', 'scratch', '--mac', '52:54:00:aa:bb:cc'],
     ['--mac is not an option of assign', 'connect']),
    (['detach', '0000:01:00.0', '--guest', 'scratch', '--json'], ['--json is not an option of detach']),
    (['pools', '--live'], ['--live is not an option of pools']),
    (['host', '--frobnicate'], ['--frobnicate', 'no such option']),
    (['host', '--json=yes'], ['--json', 'takes no value']),
    (['connect', 'vf-pool', '--guest'], ['--guest', 'needs a value']),
    (['connect', 'vf-pool', '--guest', ''], ['--guest', 'needs a value']),
    (['connect', 'vf-pool', '--guest', 'scratch', '--mac', '52:54:00:aa'], ['--mac', '"52:54:00:aa"']),
    (['connect', 'vf-pool', '--guest', 'scratch', '--mac', '01:00:00:00:00:01'], ['--mac', 'unicast']),
    (['pool-create', 'p', '--pf', 'eth3', '--vlan', '5000'], ['--vlan', '"5000"', '4094']),
    (['pool-create', 'p', '--pf', 'eth3', '--vlan', '0'], ['--vlan', '"0"']),
    (['pool-create', 'p', '--pf', 'eth3', '--vlan', 'ten'], ['--vlan', '"ten"']),
    (['pool-create', 'p'], ['pool-create needs exactly one of --pf IFNAME | --vf']),
    (['pool-create', 'p', '--pf', 'eth3', '--vf', '0000:02:10.0'], ['exactly one of']),
    (['pool-create', 'p', '--vf', '0000:02:10.0,bad'], ['--vf: "bad"', 'not a PCI address']),
    (['pool-create', 'tab\tpool', '--pf', 'eth3', '--dry-run'], ['pool-create', 'control characters']),
    (['pool-create', 'a/b', '--pf', 'eth3'], ['pool-create', '"/"']),
    (['host', '--timeout', '-1'], ['--timeout: "-1"', 'seconds']),
    (['host', '--timeout', 'abc'], ['--timeout: "abc"', 'seconds']),
    (['host', '--demo'], ['--connect and --demo']),
    (['guest', ''], ['guest: NAME is empty']),
    (['host-detach'], ['host-detach needs ADDRESS']),
    (['host-reattach', '06:02'], ['host-reattach: "06:02"', 'not a PCI address']),
]
for args, words in refusals:
    try:
        result = subprocess.run([ferryctl, '-c', unreachable, *args], capture_output=True,
                                text=True, timeout=20, env=dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8'))
    except subprocess.TimeoutExpired:
        check(False, f'{args}: still waiting after 20 s')
        continue
    stderr = result.stderr.replace('\u201c', '"').replace('\u201d', '"')
    check(result.returncode == 2, f'{args}: exit {result.returncode}, not 2: {result.stderr}')
    check(all(w in stderr for w in words), f'{args}: {words} not in {result.stderr!r}')
    check(result.stdout == '', f'{args}: printed {result.stdout!r}')

# --help prints the usage generated from the table, and exits 0 without connecting.
result = subprocess.run([ferryctl, '-c', unreachable, '--help'], capture_output=True, text=True,
                        timeout=20, env=dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8'))
check(result.returncode == 0, f'--help exited {result.returncode}')
for line in ('check ADDRESS[,…] --guest NAME [--json]', 'pool-create NAME (--pf IFNAME | --vf',
             '--mac MAC', 'Exit status'):
    check(line in result.stdout, f'--help lacks {line!r}')
# Options may come before or after the command, in any order.
result = run('--json', 'check', '--guest', 'scratch', '0000:09:00.0,0000:09:00.1')
check(result.returncode == 0 and json.loads(result.stdout or '{}').get('guest') == 'scratch',
      f'options before the command: {result.returncode} {result.stderr}')
# A pool name that libvirt already uses is the host's answer, not a usage error.
result = run('pool-create', 'vf-pool', '--pf', 'eth3', '--dry-run')
check(result.returncode == 1 and 'vf-pool' in result.stderr,
      f'taken pool name: {result.returncode} {result.stderr}')
result = run('pool-create', 'tenant', '--vf', '0000:02:10.0', '--vlan', '42', '--dry-run')
check(result.returncode == 0 and "<tag id='42'/>" in result.stdout.replace('"', "'"),
      f'pool-create --dry-run: {result.returncode} {result.stdout} {result.stderr}')
# The hardware-change guard: media-box's 04:00.0 now holds other hardware.
result = run('guest', 'media-box', '--json')
media = json.loads(result.stdout or '{}')
changed = [p for p in media.get('problems', []) if p['code'] == 'hardware-changed']
check(len(changed) == 1 and changed[0]['severity'] == 'error' and changed[0]['devices'] == ['0000:04:00.0']
      and '1b21:1242' in changed[0]['message'] and '1b21:0612' in changed[0]['message']
      and '0000:03:00.0' in changed[0]['message'],
      f'media-box hardware-changed: {media.get("problems")}')
check([d['remembered'] for d in media.get('assigned', [])] == [True],
      f'media-box remembered: {media.get("assigned")}')
win11 = json.loads(run('guest', 'win11', '--json').stdout or '{}')
check(win11.get('problems') == [] and not any(d['remembered'] for d in win11.get('assigned', [])),
      f'win11 (assigned before the guard): {win11.get("problems")} {win11.get("assigned")}')
result = run('repair', 'media-box')
check(result.returncode == 0 and 'Moved 0000:04:00.0 to 0000:03:00.0' in result.stdout,
      f'repair media-box: {result.returncode} {result.stdout} {result.stderr}')
result = run('repair', 'win11')
check(result.returncode == 0 and 'Nothing to repair' in result.stdout,
      f'repair win11: {result.returncode} {result.stdout} {result.stderr}')
# assign --dry-run: the whole definition, records included, on standard output alone, and
# nothing done (no "Assigned" line).
result = run('assign', '0000:09:00.0,0000:09:00.1', '--guest', 'scratch', '--dry-run')
check(result.returncode == 0 and 'Assigned' not in result.stdout,
      f'assign --dry-run: {result.returncode} {result.stdout} {result.stderr}')
if result.returncode == 0:
    definition = ET.fromstring(result.stdout)
    ns = '{https://github.com/ferry-app/ferry/hostdev/1}'
    recorded = {d.get('address'): d.get('product')
                for d in definition.iter(ns + 'device')}
    check(definition.findtext('name') == 'scratch'
          and recorded == {'0000:09:00.0': '0x67df', '0000:09:00.1': '0xaaf0'}
          and len(definition.findall('devices/hostdev')) == 2,
          f'assign --dry-run definition: {result.stdout}')
bad = subprocess.run([ferryctl, '-c', 'test:///nonexistent/ferry.xml', 'devices'],
                     capture_output=True, text=True)
check(bad.returncode == 1 and 'ferryctl:' in bad.stderr, 'a libvirt error does not exit 1')

for failure in failures:
    print('FAIL:', failure)
print(f'{len(expected)} devices, {len(groups)} groups checked, {len(failures)} failures')
sys.exit(1 if failures else 0)
