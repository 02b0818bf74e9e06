#!/usr/bin/env bash
# Configure and build one CMake preset (default: "default"). Incremental; uses ccache.
# Usage: scripts/build.sh [default|asan]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-default}
cd "$repo"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
