#!/usr/bin/env bash
# The certificates of the validity-window tests (tests/integration/tls_window_cli_test.cpp), made
# by the host's openssl into OUT (default: $Q2686_PKI_CACHE/window) once; later runs find them.
# The bounds fall inside a day, at odd seconds, so a sweep that is off by one second shows.
#
#   root.pem         q2686emu Window Root CA          2000-01-01 .. 2100-01-01
#   short-inter.pem  q2686emu Short Intermediate CA   2020-01-01 .. 2030-06-15T12:34:56Z, by the root
#   by-short-inter.* api.example.com                  2024-01-01 .. 2034-01-01, by the short intermediate
#                    → the window ends with the intermediate: 2024-01-01 .. 2030-06-15T12:34:56Z
#   narrow-root.pem  q2686emu Narrow Root CA          2025-03-01T08:00:01Z .. 2033-01-01T00:00:00Z
#   by-narrow-root.* api.example.com                  2024-01-01 .. 2034-01-01, by the narrow root
#                    → the window is the anchor's own: 2025-03-01T08:00:01Z .. 2033-01-01T00:00:00Z
# (*.pem the certificate, *.key its key.) The CA and the cache: test_ca.sh.
set -euo pipefail
out=${1:-${Q2686_PKI_CACHE:?give OUT or set Q2686_PKI_CACHE}/window}
source "$(dirname "${BASH_SOURCE[0]}")/test_ca.sh"
pki_begin "$out" by-narrow-root.pem 8192
pki_config

rsa root && sign root "q2686emu Window Root CA" self root 20000101000000Z 21000101000000Z
rsa short-inter && sign short-inter "q2686emu Short Intermediate CA" root inter 20200101000000Z 20300615123456Z
rsa by-short-inter && sign by-short-inter api.example.com short-inter server 20240101000000Z 20340101000000Z
rsa narrow-root && sign narrow-root "q2686emu Narrow Root CA" self root 20250301080001Z 20330101000000Z
rsa by-narrow-root && sign by-narrow-root api.example.com narrow-root server 20240101000000Z 20340101000000Z

pki_keep "$out" root short-inter by-short-inter narrow-root by-narrow-root
