#!/usr/bin/env python3
# gen-bench-host.py OUTPUT [FUNCTIONS GUESTS POOLS]
# Writes a libvirt test-driver host for the inventory benchmark: 4,096 PCI functions (64
# SR-IOV PFs with 32 VFs each, GPUs with audio, NVMe drives, root ports), their net
# interfaces, 300 guests holding VFs, GPUs and pool interfaces, and 40 VF pools. Smaller
# hosts of the same make (a PF per 64 functions, at most a pool per PF) keep tests fast.
import sys
import xml.etree.ElementTree as ET

TEST_NS = 'http://libvirt.org/schemas/domain/test/1.0'
ET.register_namespace('test', TEST_NS)
root = ET.Element('node')
devices = []   # (domain, bus, slot, function, class, vendor, product, extra)


def addr_attrs(d, b, s, f):
    return {'domain': '0x%04x' % d, 'bus': '0x%02x' % b, 'slot': '0x%02x' % s,
            'function': '0x%x' % f}


def nodedev_name(d, b, s, f):
    return 'pci_%04x_%02x_%02x_%x' % (d, b, s, f)


group = 0


def add_device(d, b, s, f, cls, vendor, product, members=None, vfs=None, pf=None,
               netdev=None):
    global group
    dev = ET.SubElement(root, 'device')
    ET.SubElement(dev, 'name').text = nodedev_name(d, b, s, f)
    ET.SubElement(dev, 'parent').text = 'computer'
    cap = ET.SubElement(dev, 'capability', type='pci')
    ET.SubElement(cap, 'class').text = '0x%06x' % cls
    for key, value in (('domain', d), ('bus', b), ('slot', s), ('function', f)):
        ET.SubElement(cap, key).text = str(value)
    ET.SubElement(cap, 'product', id='0x%04x' % product[0]).text = product[1]
    ET.SubElement(cap, 'vendor', id='0x%04x' % vendor[0]).text = vendor[1]
    if vfs is not None:
        vcap = ET.SubElement(cap, 'capability', type='virt_functions', maxCount=str(len(vfs)))
        for v in vfs:
            ET.SubElement(vcap, 'address', addr_attrs(*v))
    if pf is not None:
        pcap = ET.SubElement(cap, 'capability', type='phys_function')
        ET.SubElement(pcap, 'address', addr_attrs(*pf))
    grp = ET.SubElement(cap, 'iommuGroup', number=str(members[0]))
    for m in members[1]:
        ET.SubElement(grp, 'address', addr_attrs(*m))
    if netdev is not None:
        net = ET.SubElement(root, 'device')
        ET.SubElement(net, 'name').text = 'net_%s_00_11_22_33_44_%02x' % (netdev, s)
        ET.SubElement(net, 'parent').text = nodedev_name(d, b, s, f)
        ncap = ET.SubElement(net, 'capability', type='net')
        ET.SubElement(ncap, 'interface').text = netdev
        ET.SubElement(ncap, 'address').text = '00:11:22:33:44:%02x' % (s % 256)
        ET.SubElement(ncap, 'capability', type='80203')


INTEL = (0x8086, 'Intel Corporation')
NVIDIA = (0x10de, 'NVIDIA Corporation')
count = 0
vf_addresses = []
pf_names = []
FUNCTIONS, GUESTS, POOLS = ((int(a) for a in sys.argv[2:5]) if len(sys.argv) > 2
                             else (4096, 300, 40))
assert FUNCTIONS % 64 == 0 and POOLS <= FUNCTIONS // 64
# 64 PFs, each with 32 VFs on its own bus: 64 * 33 = 2,112 functions.
for p in range(FUNCTIONS // 64):
    bus = 0x10 + p * 2
    pf = (0, bus, 0, 0)
    vfs = [(0, bus + 1, v // 8, v % 8) for v in range(32)]
    add_device(*pf, 0x020000, INTEL, (0x10c9, '82576 Gigabit Network Connection'),
               members=(group, [pf]), vfs=vfs, netdev='ens%d' % p)
    group += 1
    pf_names.append('ens%d' % p)
    for v in vfs:
        add_device(*v, 0x020000, INTEL, (0x10ca, '82576 Virtual Function'),
                   members=(group, [v]), pf=pf)
        group += 1
        vf_addresses.append(v)
    count += 33
# GPUs with their audio function, sharing a group with a root port (3 functions each).
gpus = []
n = 0
while count + 3 <= FUNCTIONS - 64:
    domain = 1 + n // 200
    slot = n % 200 // 8
    bus = 0x80 + (n % 8) * 4 + (n // 200 % 4)
    port = (domain, 0, slot, n % 8)
    gpu = (domain, bus + 0x40, slot, 0)
    audio = (domain, bus + 0x40, slot, 1)
    members = [port, gpu, audio]
    add_device(*port, 0x060400, INTEL, (0x1901, 'PCIe Root Port'), members=(group, members))
    add_device(*gpu, 0x030000, NVIDIA, (0x1e84, 'TU104 [GeForce RTX 2070 SUPER]'),
               members=(group, members))
    add_device(*audio, 0x040300, NVIDIA, (0x10f8, 'TU104 HD Audio Controller'),
               members=(group, members))
    gpus.append(gpu)
    group += 1
    count += 3
    n += 1
# NVMe drives to round up to 4,096.
i = 0
while count < FUNCTIONS:
    nvme = (9, 0x10 + i // 32, i % 32, 0)
    add_device(*nvme, 0x010802, (0x144d, 'Samsung Electronics Co Ltd'),
               (0xa808, 'NVMe SSD Controller SM981/PM981/PM983'), members=(group, [nvme]))
    group += 1
    count += 1
    i += 1

# 40 pools: 20 on a PF's interface, 20 with explicit VF lists.
pools = []
for p in range(POOLS):
    net = ET.SubElement(root, 'network')
    ET.SubElement(net, 'name').text = 'pool-%02d' % p
    fwd = ET.SubElement(net, 'forward', mode='hostdev', managed='yes')
    if p < POOLS // 2:
        ET.SubElement(fwd, 'pf', dev=pf_names[p])
    else:
        for v in vf_addresses[p * 32:(p + 1) * 32:2]:
            ET.SubElement(fwd, 'address', type='pci', **addr_attrs(*v))
    pools.append('pool-%02d' % p)

# 300 guests: a VF hostdev interface, a GPU, or a pool interface; a third of them shut off.
for g in range(GUESTS):
    dom = ET.SubElement(root, 'domain', type='test')
    ET.SubElement(dom, 'name').text = 'guest-%03d' % g
    ET.SubElement(dom, 'memory').text = '1048576'
    os_el = ET.SubElement(dom, 'os')
    ET.SubElement(os_el, 'type', arch='x86_64').text = 'hvm'
    devs = ET.SubElement(dom, 'devices')
    kind = g % 3
    if kind == 0:
        iface = ET.SubElement(devs, 'interface', type='hostdev', managed='yes')
        ET.SubElement(iface, 'mac', address='52:54:00:00:%02x:%02x' % (g // 256, g % 256))
        src = ET.SubElement(iface, 'source')
        ET.SubElement(src, 'address', type='pci', **addr_attrs(*vf_addresses[(1500 + g) % len(vf_addresses)]))
    elif kind == 1:
        host = ET.SubElement(devs, 'hostdev', mode='subsystem', type='pci', managed='yes')
        src = ET.SubElement(host, 'source')
        ET.SubElement(src, 'address', addr_attrs(*gpus[g % len(gpus)]))
    else:
        iface = ET.SubElement(devs, 'interface', type='network')
        ET.SubElement(iface, 'source', network=pools[g % POOLS])
    if g % 3 == 2 or g % 7 == 0:
        ET.SubElement(dom, '{%s}runstate' % TEST_NS).text = '5'

ET.indent(root)
ET.ElementTree(root).write(sys.argv[1], encoding='unicode')
