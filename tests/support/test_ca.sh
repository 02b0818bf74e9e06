# test_ca.sh — sourced by the tests' certificate scripts (odd_certificates.sh,
# window_certificates.sh): a throw-away openssl CA that signs with fixed dates (openssl ca
# -startdate/-enddate), so a test that sets the modem's RTC gets the same verdict on any day.
# The certificates are made once into a cache folder; several test processes may ask at once,
# so the work is done under an exclusive lock and the folder appears by rename.
#
#   pki_begin OUT MARKER SERIAL   exits the script at once if OUT/MARKER exists; else locks, and
#                                 works in a fresh folder beside OUT (serials from SERIAL + 1)
#   pki_config [SECTIONS]         ca.cnf: extension sections root, inter, server (+ SECTIONS)
#   rsa NAME [BITS] / ec NAME     a key NAME.key (RSA-2048 by default / EC P-256)
#   sign NAME CN SIGNER EXT FROM UNTIL [openssl ca options]
#                                 NAME.pem for NAME.key, signed by SIGNER (a NAME, or self)
#   pki_keep OUT NAMES...         NAME.pem and NAME.key of each into OUT, atomically

pki_begin() {
  local out=$1 marker=$2
  [[ -f "$out/$marker" ]] && exit 0
  local parent
  parent=$(dirname "$out")
  mkdir -p "$parent"
  exec 9>"$parent/.$(basename "$out").lock"
  flock 9
  [[ -f "$out/$marker" ]] && exit 0
  pki_work=$(mktemp -d "$parent/$(basename "$out")-work-XXXXXX")
  trap 'rm -rf "$pki_work"' EXIT
  cd "$pki_work"
  serial=$3
}

pki_config() {
  cat > ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
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
${1:-}
CNF
}

rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" -out "$1.key" 2>/dev/null; }
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

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

pki_keep() {
  local out=$1
  shift
  mkdir keep
  for f in "$@"; do
    mv "$f.pem" "$f.key" keep/
  done
  rm -rf "$out"
  mv keep "$out"
}
