#!/usr/bin/env bash
# Set up the machine, build, and run the demo:
#  1. the modem's clock story behind "Bad certificate": set AT+CCLK, let time pass, lose the
#     backup battery across a power cut, and watch the clock fall back to 98/01/01;
#  2. the story itself: the modem's HTTPS GET to a real `openssl s_server` fails with "Bad
#     certificate" while its clock says 1998 — and says why — then succeeds once AT+CCLK is set;
#  3. a bare-metal SHA-256 workload with its cycle count and virtual time;
#  4. the CPU benchmark (raw Unicorn vs our cycle accounting vs a per-instruction hook).
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
echo "=== q2686emu at: HTTPS over GPRS with the clock at 1998, then with AT+CCLK set"
pki=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$pki"; }
trap cleanup EXIT
# A demo PKI valid from today: a root CA (in the modem's flash object TLS:0) and api.example.com.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.pem" -days 3650 \
  -subj "/CN=q2686emu Demo Root CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$pki/server.key" -out "$pki/server.csr" \
  -subj "/CN=api.example.com" -addext "subjectAltName=DNS:api.example.com" 2>/dev/null
openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
  -copy_extensions copy -days 365 -out "$pki/server.pem" 2>/dev/null
port=44300
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$pki/server.pem" -key "$pki/server.key" \
  </dev/null >/dev/null 2>&1 &
server_pid=$!
sleep 0.5
"$emu" at --timestamps --flash-object "TLS:0=$pki/ca.pem" --host "api.example.com:443=127.0.0.1:$port" -- \
  'AT+CCLK?' wait:4s AT+WIPCFG=1 AT+WIPBR=1,6 'AT+WIPBR=2,6,11,"internet"' AT+WIPBR=4,6,0 \
  'AT+TLSGET="api.example.com",443,"/"' wait:5s \
  "AT+CCLK=\"$(date -u +%y/%m/%d,%H:%M:%S)+00\"" 'AT+TLSGET="api.example.com",443,"/"' wait:5s
echo
echo "=== q2686emu run: SHA-256 over 64 KiB on the emulated ARM946E-S (104 MHz)"
"$emu" run --speed max --elf build/arm/tests/sha256_bench.elf
echo
echo "=== q2686emu bench cpu: raw Unicorn vs cycle accounting vs per-instruction hook"
"$emu" bench cpu
