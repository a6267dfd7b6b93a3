#!/usr/bin/env python3
# ferryctl against the lab's L1 (build-aux/lab; build-aux/test starts one for the whole suite
# and exports FERRY_LAB_URI and FERRY_LAB_DIR): the inventory must match L1's sysfs (drivers,
# IOMMU groups), the VFIO back end check must follow `modprobe vfio-pci`, and VFs made through
# sriov_numvfs must appear with their PF. Drivers are only ever changed inside L1; at the end
# this machine's own PCI drivers must be as they were.
import glob
import json
import os
import subprocess
import sys
import time

ferryctl = sys.argv[1]
lab = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build-aux', 'lab')
uri = os.environ.get('FERRY_LAB_URI')
lab_dir = os.environ.get('FERRY_LAB_DIR')
if not uri or not lab_dir:
    print('SKIP:', os.environ.get('FERRY_LAB_SKIP_REASON', 'FERRY_LAB_URI is not set '
          '(build-aux/test starts the lab, build-aux/lab)'))
    sys.exit(77)

# Each libvirt call to a TCG L1 is slow (a full read was seen taking 10–70 s on a busy machine).
FERRY_TIMEOUT = 300
failures = []
started = time.monotonic()


def check(condition, message):
    if not condition:
        failures.append(message)
        print('FAIL:', message, flush=True)


def step(name, since):
    print(f'{name}: {time.monotonic() - since:.1f} s', flush=True)
    return time.monotonic()


def host_drivers():
    drivers = {}
    for path in glob.glob('/sys/bus/pci/devices/*'):
        link = os.path.join(path, 'driver')
        drivers[os.path.basename(path)] = os.readlink(link) if os.path.islink(link) else None
    return drivers


def ferry(*args):
    result = subprocess.run([ferryctl, '-c', uri, '--timeout', str(FERRY_TIMEOUT), *args,
                             '--json'],
                            capture_output=True, text=True, timeout=FERRY_TIMEOUT + 100)
    if result.returncode != 0:
        print(f'ferryctl {" ".join(args)} failed:', result.stderr, flush=True)
        sys.exit(1)
    return json.loads(result.stdout)


def in_lab(script):
    result = subprocess.run([lab, 'run', lab_dir, '--', 'sh', '-ec', script],
                            capture_output=True, text=True, timeout=700)
    if result.returncode != 0:
        print(f'in L1: {script}: exit {result.returncode}:', result.stderr, flush=True)
        sys.exit(1)
    return result.stdout


def lab_sysfs():
    """Every PCI function of L1: its driver, IOMMU group and PF (for VFs)."""
    text = in_lab('for d in /sys/bus/pci/devices/*; do '
                  'echo "${d##*/}'
                  ' $(basename "$(readlink $d/driver)")'
                  ' $(basename "$(readlink $d/iommu_group)")'
                  ' $(basename "$(readlink $d/physfn)")"; done')
    functions = {}
    for line in text.splitlines():
        fields = line.split(' ')
        functions[fields[0]] = {'driver': fields[1] or None,
                                'group': int(fields[2]) if fields[2] else None,
                                'pf': fields[3] or None}
    return functions


def compare_inventory(devices, functions, what):
    check(set(devices) == set(functions),
          f'{what}: addresses differ from L1 sysfs: {set(devices) ^ set(functions)}')
    for address, function in functions.items():
        device = devices.get(address)
        if device is None:
            continue
        check(device['driver'] == function['driver'],
              f'{what}: {address}: driver {device["driver"]} != {function["driver"]}')
        check(device['iommu_group'] == function['group'],
              f'{what}: {address}: group {device["iommu_group"]} != {function["group"]}')


host_before = host_drivers()
now = time.monotonic()

# A lab reused from an earlier run starts from the boot state: vfio unloaded, no VFs.
in_lab('for f in /sys/bus/pci/devices/*/sriov_numvfs; do '
       '[ "$(cat $f)" = 0 ] || echo 0 > $f; done; '
       'modprobe -r vfio_pci vfio_iommu_type1 vfio')
now = step('reset L1', now)

# Inventory: every function, with the driver and group L1's kernel has.
functions = lab_sysfs()
devices = {d['address']: d for d in ferry('devices')}
compare_inventory(devices, functions, 'inventory')
groups = {f['group'] for f in functions.values()}
check(len(functions) >= 20 and len(groups) >= 15,
      f'L1 has {len(functions)} functions in {len(groups)} groups: the topology is missing parts')
now = step(f'inventory ({len(functions)} functions, {len(groups)} groups)', now)

# Readiness: the VFIO back end follows vfio-pci.
checks = {c['id']: c for c in ferry('readiness')}
check(checks['libvirt-iommu']['status'] == 'pass',
      f'libvirt-iommu is {checks["libvirt-iommu"]["status"]} on an IOMMU host')
check(checks['hostdev-backend']['status'] == 'fail',
      f'hostdev-backend is {checks["hostdev-backend"]["status"]} before modprobe vfio-pci')
check('sudo modprobe vfio-pci' in (checks['hostdev-backend'].get('commands') or []),
      f'no modprobe fix offered: {checks["hostdev-backend"]}')
in_lab('modprobe vfio-pci')
checks = {c['id']: c for c in ferry('readiness')}
check(checks['hostdev-backend']['status'] == 'pass',
      f'hostdev-backend is {checks["hostdev-backend"]["status"]} after modprobe vfio-pci')
now = step('readiness before and after modprobe vfio-pci', now)

# SR-IOV: two VFs of the NVMe PF, left without a driver, appear with their PF.
pfs = [a for a, d in devices.items() if d['sriov']['role'] == 'pf']
check(len(pfs) == 1, f'SR-IOV PFs: {pfs}')
if pfs:
    pf = pfs[0]
    in_lab(f'cd /sys/bus/pci/devices/{pf}; echo 0 > sriov_drivers_autoprobe; '
           'echo 2 > sriov_numvfs')
    functions = lab_sysfs()
    vfs = sorted(a for a, f in functions.items() if f['pf'] == pf)
    check(len(vfs) == 2, f'L1 made VFs {vfs}')
    # libvirt learns of the VFs from udev events: give it a bounded while.
    for _ in range(10):
        devices = {d['address']: d for d in ferry('devices')}
        if all(v in devices for v in vfs):
            break
        time.sleep(3)
    compare_inventory(devices, functions, 'with VFs')
    for vf in vfs:
        device = devices.get(vf, {})
        check(device.get('sriov', {}).get('role') == 'vf' and device['sriov']['pf'] == pf,
              f'{vf}: sriov {device.get("sriov")}, expected a VF of {pf}')
    check(sorted(devices[pf]['sriov']['vfs']) == vfs,
          f'{pf}: vfs {devices[pf]["sriov"]["vfs"]} != {vfs}')
    in_lab(f'echo 0 > /sys/bus/pci/devices/{pf}/sriov_numvfs')
    now = step('SR-IOV VFs', now)

in_lab('modprobe -r vfio_pci vfio_iommu_type1 vfio')
check(host_drivers() == host_before, "this machine's PCI drivers changed during the lab tests")

print(f'lab tests: {time.monotonic() - started:.0f} s, {len(failures)} failures')
sys.exit(1 if failures else 0)
