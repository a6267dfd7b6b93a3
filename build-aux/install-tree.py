#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""install-tree.py SOURCE DEST: installs the directory SOURCE as DEST (below $DESTDIR when it is
set) as it is, symbolic links included.

meson's install_subdir() turns a link to a directory into an empty directory and copies what a
link to a file points to (meson 1.0; follow_symlinks: false needs 1.3). The demo host's /sys
is mostly links, and Ferry's host probe reads the links themselves, so the demo tree is
installed with this instead. Every link must be relative and stay inside SOURCE, so that the
installed tree is self-contained wherever it lands."""

import os
import shutil
import sys


def check_links(source):
    """The links in SOURCE that are absolute, dangling or lead outside it."""
    root = os.path.realpath(source)
    bad = []
    for directory, dirs, files in os.walk(source):
        for name in dirs + files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                continue
            target = os.readlink(path)
            resolved = os.path.realpath(path)
            if os.path.isabs(target):
                bad.append(f'{path} -> {target}: absolute')
            elif os.path.commonpath([root, resolved]) != root:
                bad.append(f'{path} -> {target}: leads outside {source}')
            elif not os.path.exists(path):
                bad.append(f'{path} -> {target}: dangling')
    return bad


def install(source, dest):
    if os.path.lexists(dest):
        if os.path.isdir(dest) and not os.path.islink(dest):
            shutil.rmtree(dest)
        else:
            os.unlink(dest)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copytree(source, dest, symlinks=True)

    # Whatever the checkout's umask was, install like meson does (umask 022).
    for directory, dirs, files in os.walk(dest):
        for name in dirs + files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)
    os.chmod(dest, 0o755)


def main():
    if len(sys.argv) != 3:
        print(f'usage: {sys.argv[0]} SOURCE DEST', file=sys.stderr)
        return 2
    source, dest = sys.argv[1:]

    bad = check_links(source)
    if bad:
        print('\n'.join(bad), file=sys.stderr)
        return 1

    destdir = os.environ.get('DESTDIR', '')
    if destdir:
        dest = os.path.join(destdir, os.path.relpath(os.path.abspath(dest), os.path.abspath(os.sep)))

    if not os.environ.get('MESON_INSTALL_QUIET'):
        print(f'Installing {source} to {dest} (links as links)')
    install(source, dest)
    return 0


if __name__ == '__main__':
    sys.exit(main())
