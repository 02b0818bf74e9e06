#!/usr/bin/env bash
# The odd certificates of the TLS verdict tests (tests/integration/tls_verdicts_test.cpp), made
# by the host's openssl into OUT (default: $Q2686_PKI_CACHE/odd) once; later runs find them there.
#
#   root.pem            q2686emu Odd Root CA            2000-01-01 .. 2100-01-01  RSA-2048
#   ku-encipher.*       api.example.com, keyUsage critical keyEncipherment       (by the root)
#   ku-certsign.*       api.example.com, keyUsage critical keyCertSign           (by the root)
#   ku-agreement.*      api.example.com, EC P-256, keyUsage critical keyAgreement (by the root)
#   old-root.pem        q2686emu Old Root CA            2010-01-01 .. 2020-01-01
#   by-old-root.*       api.example.com                 2024 .. 2034, by the old root
#   future-root.pem     q2686emu Future Root CA         2030-01-01 .. 2040-01-01
#   by-future-root.*    api.example.com                 2024 .. 2034, by the future root
#   old-inter.pem       q2686emu Old Intermediate CA    2010-01-01 .. 2020-01-01, by the root
#   by-old-inter.*      api.example.com                 2024 .. 2034, by the old intermediate
#   md5.*               api.example.com, signed md5WithRSAEncryption by the root
#   big-inter.pem       q2686emu RSA-8192 Intermediate  2020 .. 2040, RSA-8192, by the root
#   by-big-inter.*      api.example.com                 2024 .. 2034, by the RSA-8192 intermediate
# (*.pem the certificate, *.key its key.) Dates are fixed (openssl ca -startdate/-enddate), so a
# test that sets the modem's RTC gets the same verdict on any day. Several test processes may
# run this at once: the work is done under an exclusive lock, and the folder appears by rename.
set -euo pipefail
out=${1:-${Q2686_PKI_CACHE:?give OUT or set Q2686_PKI_CACHE}/odd}
[[ -f "$out/by-big-inter.pem" ]] && exit 0
parent=$(dirname "$out")
mkdir -p "$parent"
exec 9>"$parent/.odd.lock"
flock 9
[[ -f "$out/by-big-inter.pem" ]] && exit 0
work=$(mktemp -d "$parent/odd-work-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > ca.cnf <<'EOF'
[ ca ]
default_ca = odd
[ odd ]
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
[ ku_encipher ]
basicConstraints = CA:false
keyUsage = critical,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
authorityKeyIdentifier = keyid
[ ku_certsign ]
basicConstraints = CA:false
keyUsage = critical,keyCertSign
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
authorityKeyIdentifier = keyid
[ ku_agreement ]
basicConstraints = CA:false
keyUsage = critical,keyAgreement
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
authorityKeyIdentifier = keyid
EOF

serial=4096
rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" -out "$1.key" 2>/dev/null; }
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
# sign NAME CN SIGNER(self|name) EXTENSIONS FROM UNTIL [extra openssl ca options]
sign() {
  local name=$1 cn=$2 signer=$3 ext=$4 from=$5 until=$6
  shift 6
  : > index.txt
  serial=$((serial + 1))
  printf '%X\n' "$serial" > serial
  openssl req -new -config ca.cnf -key "$name.key" -subj "/CN=$cn" -out "$name.csr" 2>/dev/null
  if [[ $signer == self ]]; then
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$name.key" -in "$name.csr" -startdate "$from" \
      -enddate "$until" -extensions "$ext" -notext -out "$name.pem" "$@" 2>openssl.log
  else
    openssl ca -batch -config ca.cnf -cert "$signer.pem" -keyfile "$signer.key" -in "$name.csr" -startdate "$from" \
      -enddate "$until" -extensions "$ext" -notext -out "$name.pem" "$@" 2>openssl.log
  fi
}
y2000=20000101000000Z y2010=20100101000000Z y2020=20200101000000Z y2024=20240101000000Z
y2030=20300101000000Z y2034=20340101000000Z y2040=20400101000000Z y2100=21000101000000Z

rsa root && sign root "q2686emu Odd Root CA" self root $y2000 $y2100
rsa ku-encipher && sign ku-encipher api.example.com root ku_encipher $y2024 $y2034
rsa ku-certsign && sign ku-certsign api.example.com root ku_certsign $y2024 $y2034
ec ku-agreement && sign ku-agreement api.example.com root ku_agreement $y2024 $y2034
rsa old-root && sign old-root "q2686emu Old Root CA" self root $y2010 $y2020
rsa by-old-root && sign by-old-root api.example.com old-root server $y2024 $y2034
rsa future-root && sign future-root "q2686emu Future Root CA" self root $y2030 $y2040
rsa by-future-root && sign by-future-root api.example.com future-root server $y2024 $y2034
rsa old-inter && sign old-inter "q2686emu Old Intermediate CA" root inter $y2010 $y2020
rsa by-old-inter && sign by-old-inter api.example.com old-inter server $y2024 $y2034
rsa md5 && sign md5 api.example.com root server $y2024 $y2034 -md md5
rsa big-inter 8192 && sign big-inter "q2686emu RSA-8192 Intermediate CA" root inter $y2020 $y2040
rsa by-big-inter && sign by-big-inter api.example.com big-inter server $y2024 $y2034

mkdir keep
for f in root ku-encipher ku-certsign ku-agreement old-root by-old-root future-root by-future-root old-inter \
         by-old-inter md5 big-inter by-big-inter; do
  mv "$f.pem" "$f.key" keep/
done
rm -rf "$out"
mv keep "$out"
