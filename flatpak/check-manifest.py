#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sanity checks for Ferry's flatpak-builder manifest.

Usage: check-manifest.py MANIFEST.json

Checks that the manifest is valid JSON, names the right application and
command, builds the libraries Ferry links against before Ferry itself, and
lets the sandbox reach libvirt's sockets and the network.  Prints one line per
check and exits non-zero if any of them fails.
"""

import json
import sys

APP_ID = "io.github.ferry.Ferry"
COMMAND = "ferry"
REQUIRED_MODULES = ["pciutils", "libvirt", "libvirt-glib"]
LAST_MODULE = "ferry"


def module_names(modules):
    """Names of the modules in build order, nested modules before their parent."""
    names = []
    for module in modules:
        if isinstance(module, str):
            # A path to a separate module file: its name is not known here.
            names.append(module)
            continue
        names.extend(module_names(module.get("modules", [])))
        names.append(module.get("name", ""))
    return names


def has_filesystem(finish_args, path):
    """Whether --filesystem=PATH is granted, with or without a :ro/:rw/:create suffix."""
    for arg in finish_args:
        if not arg.startswith("--filesystem="):
            continue
        value = arg[len("--filesystem="):]
        if value == path or value.rsplit(":", 1)[0] == path:
            return True
    return False


def check(manifest):
    """Yield (ok, message) for each check."""
    app_id = manifest.get("app-id", manifest.get("id"))
    yield app_id == APP_ID, f"app-id is {APP_ID!r} (found {app_id!r})"

    command = manifest.get("command")
    yield command == COMMAND, f"command is {COMMAND!r} (found {command!r})"

    for key in ("runtime", "sdk", "runtime-version"):
        yield bool(manifest.get(key)), f"{key} is set"

    names = module_names(manifest.get("modules", []))
    for name in REQUIRED_MODULES + [LAST_MODULE]:
        yield name in names, f"module {name!r} is built"
    yield bool(names) and names[-1] == LAST_MODULE, (
        f"module {LAST_MODULE!r} is built last (order: {', '.join(names)})"
    )
    if all(name in names for name in REQUIRED_MODULES + [LAST_MODULE]):
        order = [names.index(name) for name in REQUIRED_MODULES]
        yield order == sorted(order), "pciutils, libvirt and libvirt-glib are built in that order"

    finish_args = manifest.get("finish-args", [])
    yield has_filesystem(finish_args, "/run/libvirt"), (
        "finish-args reach the system libvirt sockets (--filesystem=/run/libvirt)"
    )
    yield has_filesystem(finish_args, "xdg-run/libvirt"), (
        "finish-args reach the session libvirt sockets (--filesystem=xdg-run/libvirt)"
    )
    yield "--share=network" in finish_args, "finish-args share the network (--share=network)"
    yield "--socket=wayland" in finish_args, "finish-args allow Wayland (--socket=wayland)"
    yield "--filesystem=host" not in finish_args and "--filesystem=home" not in finish_args, (
        "finish-args do not expose the whole host or home directory"
    )


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} MANIFEST.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"not ok - cannot read {argv[1]}: {e}")
        return 1
    if not isinstance(manifest, dict):
        print(f"not ok - {argv[1]} does not hold a JSON object")
        return 1

    failed = 0
    passed = 0
    for ok, message in check(manifest):
        print(("ok - " if ok else "not ok - ") + message)
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"# {passed + failed} checks, {failed} not ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
