#!/usr/bin/env bash
# TLS scenarios of tests/scenarios/ give one trace hash per scenario, run after run, while 12
# busy loops load this machine's cores: the built-in servers are served in process, in virtual
# time (docs/tls.md "In virtual time"), so the host's load cannot reach a trace.
# Usage: scenario_hashes_under_load.sh Q2686EMU SCENARIO_DIR [RUNS [FILE...]]
#   RUNS: default 20. FILEs: names in SCENARIO_DIR; default every file with a tls-connect step
#   (the whole set takes about 12 s a run on two cores unloaded, 20 runs under load about 8
#   minutes; CTest runs three that cover the built-in server's kinds of traffic — TLS versions,
#   hostile peers, a server replaced mid-run, loss and retransmission — in about 3 minutes).
# The loops run at nice 10: the scenarios still get most of the CPU, and are preempted by them
# all the time; the load average stays above 12 while this runs.
set -uo pipefail
cli=$1
dir=$2
runs=${3:-20}
shift $(( $# < 3 ? $# : 3 ))
busy_loops=12

work=$(mktemp -d)
script=$$
loops=()
stop_loops() {
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap stop_loops EXIT
trap 'exit 130' INT TERM HUP
for _ in $(seq "$busy_loops"); do
  # A loop also ends by itself once this script is gone, however it ended (a kill -9 included).
  nice -n 10 bash -c "while kill -0 $script 2>/dev/null; do :; done" &
  loops+=("$!")
done

files=()
for name in "$@"; do files+=("$dir/$name"); done
if [ "${#files[@]}" -eq 0 ]; then mapfile -t files < <(grep -l 'tls-connect' "$dir"/*.yaml | sort); fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "no TLS scenarios in $dir"
  exit 1
fi
echo "${#files[@]} TLS scenarios, $runs runs, $busy_loops busy loops (nice 10)"

first=""
for run in $(seq "$runs"); do
  out="$work/run-$run.txt"
  if ! "$cli" scenario "${files[@]}" --jobs 2 --trace-hash >"$out" 2>&1; then
    echo "run $run: a scenario failed"
    cat "$out"
    exit 1
  fi
  # One "  trace-hash HEX" line after each scenario's line, in file order.
  hashes=$(grep -E '^  trace-hash [0-9a-f]{64}$' "$out")
  if [ "$(printf '%s\n' "$hashes" | wc -l)" -ne "${#files[@]}" ]; then
    echo "run $run: expected ${#files[@]} trace hashes"
    cat "$out"
    exit 1
  fi
  if [ -z "$first" ]; then
    first=$hashes
    cp "$out" "$work/first.txt"
  elif [ "$hashes" != "$first" ]; then
    echo "run $run: a trace hash differs from run 1's"
    diff <(grep -E '^(  trace-hash|[^ ])' "$work/first.txt") <(grep -E '^(  trace-hash|[^ ])' "$out")
    exit 1
  fi
  echo "run $run: $(tail -n 1 "$out")"
done
echo "$runs runs: one trace hash per scenario (${#files[@]} scenarios)"
