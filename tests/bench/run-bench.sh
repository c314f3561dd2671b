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
cmake --build "$build" --target memwho-scene memwho-bench-run memwho-bench-floor-frames -j "$(nproc)"
if ! cmake --build "$build" --target memwho -j "$(nproc)"; then
  echo "run-bench.sh: WARNING: memwho did not build; its rows will be skipped" >&2
fi

# ps_mem is not packaged by Debian; the workplace keeps it beside the checkout
# (../shared/peers/ps_mem.py). Put it on PATH for the run when it is there.
peers="$repo/../shared/peers"
if ! command -v ps_mem >/dev/null 2>&1 && [ -f "$peers/ps_mem.py" ]; then
  bindir=$(mktemp -d)
  trap 'rm -rf "$bindir"' EXIT
  printf '#!/bin/sh\nexec /usr/bin/python3 %s "$@"\n' "$peers/ps_mem.py" >"$bindir/ps_mem"
  chmod +x "$bindir/ps_mem"
  PATH="$bindir:$PATH"
  export PATH
fi

python3 "$repo/tests/bench/memwho_bench.py" --build-dir "$build" "$@"
