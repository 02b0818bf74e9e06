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
# (*.pem the certificate, *.key its key.) Several test processes may run this at once: the work
# is done under an exclusive lock, and the folder appears by rename.
set -euo pipefail
out=${1:-${Q2686_PKI_CACHE:?give OUT or set Q2686_PKI_CACHE}/window}
[[ -f "$out/by-narrow-root.pem" ]] && exit 0
parent=$(dirname "$out")
mkdir -p "$parent"
exec 9>"$parent/.window.lock"
flock 9
[[ -f "$out/by-narrow-root.pem" ]] && exit 0
work=$(mktemp -d "$parent/window-work-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > ca.cnf <<'CNF'
[ ca ]
default_ca = window
[ window ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ root ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ inter ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ server ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

serial=8192
rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null; }
# sign NAME CN SIGNER(self|name) EXTENSIONS FROM UNTIL
sign() {
  local name=$1 cn=$2 signer=$3 ext=$4 from=$5 until=$6
  : > index.txt
  serial=$((serial + 1))
  printf '%X\n' "$serial" > serial
  openssl req -new -config ca.cnf -key "$name.key" -subj "/CN=$cn" -out "$name.csr" 2>/dev/null
  if [[ $signer == self ]]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$name.key" -in "$name.csr" -startdate "$from" \
      -enddate "$until" -extensions "$ext" -notext -out "$name.pem" 2>openssl.log
  else
    openssl ca -batch -config ca.cnf -cert "$signer.pem" -keyfile "$signer.key" -in "$name.csr" -startdate "$from" \
      -enddate "$until" -extensions "$ext" -notext -out "$name.pem" 2>openssl.log
  fi
}

rsa root && sign root "q2686emu Window Root CA" self root 20000101000000Z 21000101000000Z
rsa short-inter && sign short-inter "q2686emu Short Intermediate CA" root inter 20200101000000Z 20300615123456Z
rsa by-short-inter && sign by-short-inter api.example.com short-inter server 20240101000000Z 20340101000000Z
rsa narrow-root && sign narrow-root "q2686emu Narrow Root CA" self root 20250301080001Z 20330101000000Z
rsa by-narrow-root && sign by-narrow-root api.example.com narrow-root server 20240101000000Z 20340101000000Z

mkdir keep
for f in root short-inter by-short-inter narrow-root by-narrow-root; do
  mv "$f.pem" "$f.key" keep/
done
rm -rf "$out"
mv keep "$out"
