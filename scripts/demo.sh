#!/usr/bin/env bash
# Set up the machine, build, and run the demo:
#  1. the story behind "Bad certificate" (q2686emu demo): a modem with a dead backup battery
#     boots with its clock at 98/01/01; its HTTPS GET to a built-in server with a CA-issued
#     certificate fails with "Bad certificate" — and q2686emu says why — then succeeds once
#     AT+CCLK is set; a self-signed server with WIP_SSL_NEVER connects too;
#  2. the modem's clock across power cuts, with and without the backup battery;
#  3. a bare-metal SHA-256 workload with its cycle count and virtual time;
#  4. the CPU benchmark (raw Unicorn vs our cycle accounting vs a per-instruction hook).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/setup.sh
bash scripts/build.sh default
emu=build/bin/q2686emu
echo
echo "=== q2686emu demo: \"Bad certificate\" on a Q2686, reproduced and explained"
"$emu" demo
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
