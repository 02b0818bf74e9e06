#!/usr/bin/env bash
# README.md's recipes that need a server on this host, run exactly as written — in a fresh
# folder, where build/bin/q2686emu is the binary under test — and checked for their answer:
# the TCP echo comes back; the HTTPS GET gets 200, not "not-yet-valid".
# Usage: readme_recipes.sh README.md Q2686EMU     (exit 77, skipped, without socat or openssl)
set -uo pipefail
readme=$1
cli=$2
for tool in socat openssl; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool is not installed (scripts/setup.sh installs it)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build/bin"
ln -s "$cli" "$work/build/bin/q2686emu"

# The ```sh block after the line "<!-- recipe: NAME ...".
recipe() {
  awk -v name="$1" '
    index($0, "<!-- recipe: " name " ") == 1 { found = 1; next }
    found && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }
  ' "$readme"
}

failed=0
# check NAME EXPECTED-ERE FORBIDDEN-ERE: runs the recipe as a reader pasting it into a shell
# would (no -e), in its own session so that its background server never outlives it.
check() {
  local name=$1 expected=$2 forbidden=$3 script out pid
  script=$(recipe "$name")
  if [ -z "$script" ]; then
    echo "FAIL $name: no recipe of that name in $readme"
    failed=1
    return
  fi
  (cd "$work" && exec setsid timeout 120 bash -c "$script" >"$work/$name.out" 2>&1) &
  pid=$!
  wait "$pid"
  pkill -s "$pid" 2>/dev/null  # the recipe's server, if it is still there
  out=$(cat "$work/$name.out")
  if ! grep -Eq -- "$expected" <<<"$out" || grep -Eq -- "$forbidden" <<<"$out"; then
    echo "FAIL $name: expected /$expected/, not /$forbidden/; it printed:"
    echo "$out"
    failed=1
    return
  fi
  echo "ok $name"
}

check tcp-echo '^< \+WIPDATA: 2,1,2,"hi"' 'ERROR|no final result code'
check https-get '^< \+TLSHTTP: 200' 'TLSERR|not-yet-valid|ERROR|no final result code'
exit $failed
