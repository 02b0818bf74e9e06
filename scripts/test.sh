#!/usr/bin/env bash
# Set up the machine, build both presets (RelWithDebInfo and ASan+UBSan) and run every test
# in each with CTest, then the fuzz smoke: the libFuzzer targets (clang, the `fuzz` preset) for
# Q2686_FUZZ_SECONDS each (default 25). This is what CI runs (.ci/run).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bash scripts/setup.sh
for preset in default asan; do
  echo "=== build: $preset"
  bash scripts/build.sh "$preset"
  echo "=== test: $preset"
  ctest --preset "$preset" --output-on-failure
done
echo "=== fuzz smoke"
bash scripts/fuzz.sh "${Q2686_FUZZ_SECONDS:-25}"
