#!/usr/bin/env bash
# Set up the machine, build, and run the demo: a bare-metal SHA-256 workload on the emulated
# ARM946E-S with its cycle count and virtual time, then the CPU benchmark.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/setup.sh
bash scripts/build.sh default
emu=build/bin/q2686emu
echo
echo "=== q2686emu run: SHA-256 over 64 KiB on the emulated ARM946E-S (104 MHz)"
"$emu" run --speed max --elf build/arm/tests/sha256_bench.elf
echo
echo "=== q2686emu bench cpu: raw Unicorn vs cycle accounting vs per-instruction hook"
"$emu" bench cpu
