#!/bin/sh
# Runs the memwho benchmark from a fresh checkout: configures and builds memwho and
# memwho-scene into build/ (Release, if build/ is not configured yet), then runs the runner.
#
#   tests/bench/run-bench.sh [--quick] [memwho_bench.py options...]
#
# Examples:
#   tests/bench/run-bench.sh --quick                       # 3 repetitions, all scenes
#   tests/bench/run-bench.sh --output docs/bench-results.md
#   tests/bench/run-bench.sh --scenes p50,maps20k --rows memwho
set -eu

repo=$(cd "$(dirname "$0")/../.." && pwd)
build="${MEMWHO_BUILD_DIR:-$repo/build}"

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
# memwho-scene and memwho-bench-run are required. memwho is built too; if it does not build (yet), its rows are
# reported as skipped rather than failing the whole run.
cmake --build "$build" --target memwho-scene memwho-bench-run -j "$(nproc)"
if ! cmake --build "$build" --target memwho -j "$(nproc)"; then
  echo "run-bench.sh: WARNING: memwho did not build; its rows will be skipped" >&2
fi

exec python3 "$repo/tests/bench/memwho_bench.py" --build-dir "$build" "$@"
