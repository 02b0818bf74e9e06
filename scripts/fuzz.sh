#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/, the `fuzz` preset: clang, ASan+UBSan) and run each
# for SECONDS (default 25) from its seed corpus as a CTest; libFuzzer's closing statistics are
# printed, then one line per target: inputs run, and whether it found anything.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-25}
cd "$repo"
cmake --preset fuzz -DQ2686_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build --preset fuzz
log=build-fuzz/fuzz-smoke.log
status=0
ctest --preset fuzz --output-on-failure >"$log" 2>&1 || status=$?
# libFuzzer's progress lines are many: the whole log only when something failed.
if [ "$status" != 0 ]; then cat "$log"; else grep -vE '^[0-9]+: (#[0-9]+|\s+NEW_FUNC)' "$log"; fi
# The figures for docs/reliability.md: "N: Done RUNS runs in S second(s)" per test number N.
echo "=== fuzz figures (inputs run per target; artifacts of any finding in build-fuzz/fuzz-artifacts/)"
awk '/Test +#[0-9]+: fuzz_/ { n = $3; sub(/#/, "", n); sub(/:/, "", n); name[n] = $4 }
     /^[0-9]+: Done [0-9]+ runs/ { split($1, a, ":"); runs[a[1]] = $3; secs[a[1]] = $6 }
     END { for (n in name) { sub(/_runs_without_a_finding/, "", name[n]);
                             printf "  %-20s %10s inputs in %s s\n", name[n], runs[n], secs[n] } }' "$log" | sort
exit "$status"
