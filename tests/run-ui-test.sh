#!/bin/sh
# Runs one widget test in a private X server and a private session bus, so tests never touch
# the desktop of whoever runs them.
set -eu
exec dbus-run-session -- xvfb-run --auto-servernum \
  --server-args="-screen 0 1280x800x24 -nolisten tcp" "$@"
