#!/usr/bin/env bash
# Builds memwho's libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) and runs
# each for N seconds (default 30) on a seed corpus taken from tests/fixtures and tests/fuzz/seeds.
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run-fuzz.sh 60 escape
#
# Targets: parse_status parse_stat parse_smaps parse_tables escape capture_archive capture_meta
# (default: all). Work goes to
# $MEMWHO_FUZZ_DIR (default: build-fuzz/ at the top of the repository): binaries, the growing
# corpus of each target (kept between runs), crash files and logs. Exits non-zero if a target
# found a crash. Needs clang++ (14 or later), libfmt-dev, libarchive-dev and nlohmann-json3-dev.
# libFuzzer's own -rss_limit_mb (2048) and -malloc_limit_mb stay: a capture must be read in less.
set -euo pipefail

check_only=
if [[ ${1:-} == --check ]]; then check_only=1; shift; fi
seconds=${1:-30}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${MEMWHO_FUZZ_DIR:-$repo/build-fuzz}
all_targets=(parse_status parse_stat parse_smaps parse_tables escape capture_archive capture_meta)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

cxx=${CXX_FUZZ:-}
if [[ -z $cxx ]]; then
  for c in clang++-14 clang++; do
    if command -v "$c" >/dev/null; then cxx=$c; break; fi
  done
fi
[[ -n $cxx || -n $check_only ]] || { echo "run-fuzz.sh: no clang++ found" >&2; exit 2; }

# FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION (libFuzzer's convention): the capture reader takes an
# archive whose digest is wrong, so mutated members get past it (see capture_archive.cpp).
flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
       -I"$repo/include" -I"$repo/src/proc")

# The src/ files each target needs (compiled directly: no CMake, no memwho_core).
sources_of() {
  case $1 in
    parse_status) echo "src/proc/parse_status.cpp src/proc/parse_smaps.cpp src/proc/smaps_counters.cpp" ;;
    parse_stat)   echo "src/proc/parse_stat.cpp src/proc/parse_statm.cpp" ;;
    parse_smaps)  echo "src/proc/parse_smaps.cpp src/proc/smaps_counters.cpp src/proc/shmem_mapping.cpp" ;;
    parse_tables) echo "src/proc/parse_cgroup.cpp src/proc/parse_sysvipc_shm.cpp src/proc/parse_smaps.cpp src/proc/smaps_counters.cpp" ;;
    escape)       echo "src/write/escape.cpp src/write/text_width.cpp" ;;
    capture_archive) echo "src/capture/capture_archive.cpp src/capture/capture_meta.cpp src/capture/capture_proc_source.cpp src/proc/dir_proc_source.cpp src/proc/read_buffer.cpp" ;;
    capture_meta) echo "src/capture/capture_meta.cpp" ;;
    *) echo "run-fuzz.sh: unknown target $1" >&2; exit 2 ;;
  esac
}

# Libraries beyond libfmt (nlohmann-json is header-only).
libs_of() {
  case $1 in
    capture_archive) echo "-larchive" ;;
  esac
}

# Seeds: the fixture files a target reads, the checked-in tests/fuzz/seeds/TARGET/ (small real
# captures), plus a few hand-written edge cases.
seed() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  local f n=0
  case $target in
    parse_status) pattern='status' ;;
    parse_stat)   pattern='stat*' ;;
    parse_smaps)  pattern='smaps*' ;;
    parse_tables) pattern='*memory.*' ;;
    escape)       pattern='cmdline' ;;
    *)            pattern= ;;
  esac
  while IFS= read -r -d '' f; do
    [[ -f $f ]] || continue
    cp "$f" "$dir/fixture-$n"
    n=$((n + 1))
  done < <([[ -z $pattern ]] || find "$repo/tests/fixtures" -name "$pattern" -print0)
  if [[ -d $here/seeds/$target ]]; then cp "$here/seeds/$target"/* "$dir/"; fi
  case $target in
    parse_status) printf 'Name:\ta\\\\b\\nc\nState:\tZ (zombie)\nVmRSS:\t18446744073709551615 kB\n' >"$dir/edge-0" ;;
    parse_stat)   printf '1 () S 1 2) R 0 0 0 0 -1 2129984 0 0 0 0 0 0 -1 -1 -100 -20 1 0 1 0 0\n' >"$dir/edge-0" ;;
    parse_tables) printf '11:cpu,memory:/a/../b (deleted)\n0::/docker-%064d.scope\ntotal_rss 18446744073709551615\n' 0 >"$dir/edge-0" ;;
    parse_smaps)  printf 'ffffffffff600000-ffffffffff601000 --xp 00000000 103:02 18446744073709551615 /a b\\012 (deleted)\nPss: 1 kB\nFoo: 2 kB\nVmFlags: rd \n' >"$dir/edge-0" ;;
    escape)       printf '\033[31m\302\233\342\200\256\300\200\355\240\200\377\\x41caf\303\251' >"$dir/edge-0" ;;
  esac
}

# --check: only verify that every target's sources exist (run by ctest, so that a moved file
# fails the suite at once rather than CI's fuzz stage after the long build).
if [[ -n $check_only ]]; then
  missing=0
  for t in "${all_targets[@]}"; do
    for f in "tests/fuzz/fuzz_$t.cpp" $(sources_of "$t"); do
      [[ -f $repo/$f ]] || { echo "run-fuzz.sh: target $t: missing $f" >&2; missing=1; }
    done
  done
  exit $missing
fi

mkdir -p "$out"
status=0
for t in "${targets[@]}"; do
  bin=$out/fuzz_$t
  read -r -a srcs <<<"$(sources_of "$t")"
  echo "== building $t"
  read -r -a libs <<<"$(libs_of "$t")"
  (cd "$repo" && "$cxx" "${flags[@]}" "tests/fuzz/fuzz_$t.cpp" "${srcs[@]}" -lfmt "${libs[@]}" -o "$bin")
  corpus=$out/corpus-$t
  seed "$t" "$out/seeds-$t"
  mkdir -p "$corpus" "$out/crashes-$t"
  echo "== running $t for ${seconds}s (corpus $corpus)"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$out/crashes-$t/" "$corpus" "$out/seeds-$t" >"$out/$t.log" 2>&1; then
    echo "!! $t: crash or error; see $out/$t.log and $out/crashes-$t/" >&2
    status=1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )' "$out/$t.log" || true
done
exit $status
