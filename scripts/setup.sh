#!/usr/bin/env bash
# Set up a Debian 12 (bookworm) machine to build and test q2686emu.
#
#  - installs every Debian package the project needs (idempotent, non-interactive);
#  - adds a deb-src entry mirroring the machine's own bookworm deb entries, so that
#    `apt-get source` works without naming any mirror here;
#  - fetches the Debian *source* packages the ARM firmware is built from (wolfssl, lwip)
#    into the build cache (build-cache/src by default) — never into git.
#
# Run as root. Safe to run again: it skips what is already done.
# Environment: Q2686_CACHE (default: <repo>/build-cache), Q2686_SKIP_APT=1 to skip installs.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${Q2686_CACHE:-$repo/build-cache}
export DEBIAN_FRONTEND=noninteractive

# Packages, grouped by what needs them. Keep this list the single source of truth.
packages=(
  # host toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # ARM cross toolchain for rom-stubs/ and firmware/
  gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi
  # emulator core
  libunicorn-dev libcapstone-dev
  # tcmalloc_minimal, the host executables' malloc (cmake/FastAllocator.cmake): Unicorn 2.0.1
  # allocates and frees on every guest store (docs/performance.md, "Blocked")
  libgoogle-perftools-dev
  # host libraries
  libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libyaml-cpp-dev
  libslirp-dev libpcap-dev libwolfssl-dev libsdl2-dev libimgui-dev libpng-dev fonts-dejavu-core
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # libFuzzer targets (the `fuzz` preset: clang with its runtime libraries)
  clang libclang-rt-14-dev
  # the comparison with QEMU in `q2686emu bench` (docs/performance.md)
  qemu-system-arm
  # real peers used by integration tests
  gdb-multiarch openssl socat tshark xvfb xauth
  # apt-get source
  dpkg-dev
)

have_all_packages() {
  dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -vc '^install ok installed$' | grep -qx 0
}

add_deb_src() {
  # Mirror the machine's own bookworm "deb" entries as "deb-src" (same URIs, same keys),
  # unless source entries already exist.
  if grep -qsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/*; then
    return 0
  fi
  local f name
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && grep -q bookworm "$f" || continue
    name=$(basename "$f" .sources)
    sed 's/^Types: *deb$/Types: deb-src/' "$f" > "/etc/apt/sources.list.d/q2686emu-src-$name.sources"
  done
  if [ -f /etc/apt/sources.list ] && grep -q '^deb .*bookworm' /etc/apt/sources.list; then
    grep '^deb .*bookworm' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
      > /etc/apt/sources.list.d/q2686emu-src.list
  fi
  apt_updated=0
}

apt_updated=0
if [ "${Q2686_SKIP_APT:-0}" != 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: run as root (apt-get install is needed), or set Q2686_SKIP_APT=1" >&2
    exit 2
  fi
  add_deb_src
  if ! have_all_packages || [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  if ! have_all_packages; then
    echo "setup: installing Debian packages"
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  fi
fi

# Debian source packages for the ARM side (unpacked with Debian's patches applied).
mkdir -p "$cache/src"
for src in wolfssl lwip; do
  if ! ls -d "$cache/src/$src"-*/ >/dev/null 2>&1; then
    echo "setup: fetching Debian source package $src"
    (cd "$cache/src" && apt-get source -qq "$src" >/dev/null)
  fi
done
echo "setup: done (sources in $cache/src)"
