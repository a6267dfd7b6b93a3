# Sourced by build-aux/run and build-aux/test: the Debian 12 packages Ferry needs, and an
# installer that adds only the missing ones (as root, or through sudo).

FERRY_BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc gettext libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libvirt-dev libvirt-glib-1.0-dev
  libpci-dev pci.ids libxml2-dev libjson-glib-dev
  desktop-file-utils appstream python3
)
FERRY_TEST_PACKAGES=(
  xvfb xauth dbus-daemon libvirt-clients libxml2-utils fonts-dejavu-core
)
# For the real-daemon tests: a private libvirtd with the qemu driver, lspci to compare, and
# sshd for the real-ssh test (its own, on 127.0.0.1; the package's service is not used).
# Optional: without them (or without root) those tests are skipped, saying why.
FERRY_DAEMON_PACKAGES=(
  libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 pciutils openssh-server
)
# For the lab (build-aux/lab): L1 runs this machine's own userspace, so its libvirtd and QEMU
# are these; the kernel, kmod and udev for L1 are downloaded, never installed here.
FERRY_LAB_PACKAGES=(
  qemu-system-x86 busybox-static cpio gzip iproute2 util-linux libvirt-clients
  libvirt-daemon libvirt-daemon-driver-qemu
)
FERRY_RUN_PACKAGES=(
  fonts-cantarell fonts-noto-cjk adwaita-icon-theme dconf-gsettings-backend
)

ferry_install_missing () {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "Ferry needs these packages; please install them as root: ${missing[*]}" >&2
      return 1
    fi
  fi

  echo "Installing: ${missing[*]}" >&2
  # sudo resets the environment: pass DEBIAN_FRONTEND through env so no prompt can wait.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}
