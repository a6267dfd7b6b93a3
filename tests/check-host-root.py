#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-host-root.py INSTALL_TREE HOST_ROOT: the demo host's /proc, /sys and /etc install as
they are, links as links (meson's install_subdir() would make the links to directories empty
directories, and the host probe would find nothing), and the installer refuses links that are
absolute, dangling or lead out of the tree."""

import os
import subprocess
import sys
import tempfile


def entries(top):
    """Every path under TOP with what it is: ('link', target), ('dir',) or ('file', bytes)."""
    found = {}
    for directory, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(directory, name)
            key = os.path.relpath(path, top)
            if os.path.islink(path):
                found[key] = ('link', os.readlink(path))
            elif os.path.isdir(path):
                found[key] = ('dir',)
            else:
                with open(path, 'rb') as f:
                    found[key] = ('file', f.read())
    return found


def install(installer, source, destdir):
    return subprocess.run([sys.executable, installer, source, '/share/ferry/demo/host-root'],
                          env=dict(os.environ, DESTDIR=destdir, MESON_INSTALL_QUIET='1'),
                          capture_output=True, text=True)


def main():
    installer, host_root = sys.argv[1:]
    failures = []

    with tempfile.TemporaryDirectory() as destdir:
        result = install(installer, host_root, destdir)
        if result.returncode != 0:
            failures.append(f'install failed: {result.stderr.strip()}')
        else:
            installed = os.path.join(destdir, 'share', 'ferry', 'demo', 'host-root')
            want, got = entries(host_root), entries(installed)
            links = sum(1 for what in want.values() if what[0] == 'link')
            if links == 0:
                failures.append(f'{host_root} has no links: this check would prove nothing')
            for key in sorted(set(want) | set(got)):
                if want.get(key) != got.get(key):
                    failures.append(f'{key}: {want.get(key, ("missing",))[0]} in the source, '
                                    f'{got.get(key, ("missing",))[0]} installed')
            # Installing again over the first install replaces it.
            again = install(installer, host_root, destdir)
            if again.returncode != 0 or entries(installed) != want:
                failures.append('a second install differs from the first')

    for name, target in (('absolute', '/etc/os-release'), ('outside', '../../outside'),
                         ('dangling', 'nowhere')):
        with tempfile.TemporaryDirectory() as scratch:
            tree = os.path.join(scratch, 'tree')
            os.makedirs(os.path.join(tree, 'sub'))
            with open(os.path.join(scratch, 'outside'), 'w') as f:
                f.write('x\n')
            os.symlink(target, os.path.join(tree, 'sub', name))
            result = install(installer, tree, os.path.join(scratch, 'dest'))
            if result.returncode == 0 or name not in result.stderr:
                failures.append(f'a link that is {name} was installed: {result.stderr.strip()!r}')

    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
