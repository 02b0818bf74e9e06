#!/usr/bin/env bash
# Set up the machine, build, and run the demo:
#  1. the modem's clock story behind "Bad certificate": set AT+CCLK, let time pass, lose the
#     backup battery across a power cut, and watch the clock fall back to 98/01/01;
#  2. a bare-metal SHA-256 workload with its cycle count and virtual time;
#  3. the CPU benchmark (raw Unicorn vs our cycle accounting vs a per-instruction hook).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/setup.sh
bash scripts/build.sh default
emu=build/bin/q2686emu
echo
echo "=== q2686emu at: the RTC across a power cut, with and without the backup battery"
"$emu" at --timestamps \
  'AT+CCLK?' \
  'AT+CCLK="26/11/25,10:00:00+04"' wait:65s 'AT+CCLK?' \
  power:off wait:1h power:on 'AT+CCLK?' \
  battery:off power:off wait:10s power:on 'AT+CCLK?' \
  'AT+CMEE=2' 'AT+CCLK="26/02/30,10:00:00+04"'
echo
echo "=== q2686emu run: SHA-256 over 64 KiB on the emulated ARM946E-S (104 MHz)"
"$emu" run --speed max --elf build/arm/tests/sha256_bench.elf
echo
echo "=== q2686emu bench cpu: raw Unicorn vs cycle accounting vs per-instruction hook"
"$emu" bench cpu
