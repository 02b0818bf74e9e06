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
# (*.pem the certificate, *.key its key.) The CA, its fixed dates and the cache: test_ca.sh.
set -euo pipefail
out=${1:-${Q2686_PKI_CACHE:?give OUT or set Q2686_PKI_CACHE}/odd}
source "$(dirname "${BASH_SOURCE[0]}")/test_ca.sh"
pki_begin "$out" by-big-inter.pem 4096
# Leaves whose keyUsage lacks digitalSignature (RFC 8446 §4.4.2.2 requires it under TLS 1.3).
pki_config "$(for usage in encipher:keyEncipherment certsign:keyCertSign agreement:keyAgreement; do
  printf '[ ku_%s ]\nbasicConstraints = CA:false\nkeyUsage = critical,%s\nextendedKeyUsage = serverAuth\n' \
    "${usage%%:*}" "${usage#*:}"
  printf 'subjectAltName = DNS:api.example.com\nauthorityKeyIdentifier = keyid\n'
done)"

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

pki_keep "$out" root ku-encipher ku-certsign ku-agreement old-root by-old-root future-root by-future-root \
  old-inter by-old-inter md5 big-inter by-big-inter
