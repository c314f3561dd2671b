#!/usr/bin/env bash
# CI's checks beyond the README's test line: the whole suite once more built with ASan and
# UBSan, and every libFuzzer target (tests/fuzz/run-fuzz.sh's default list, the capture reader's
# included) for a bounded time. A sanitizer report or a fuzzer finding fails CI. Run from
# anywhere, as root on a fresh Debian 12 (it installs clang for the fuzzers).
#
#   tests/ci/sanitize-and-fuzz.sh [FUZZ_SECONDS]    (default 60 per target)
set -euo pipefail
seconds=${1:-60}
repo=$(cd "$(dirname "$0")/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive

if ! command -v clang++-14 >/dev/null || ! dpkg -s libclang-rt-14-dev >/dev/null 2>&1; then
  apt-get install -y clang-14 libclang-rt-14-dev
fi
# The capture fuzzers link libarchive and include nlohmann-json (the build needs them too).
if ! dpkg -s libarchive-dev nlohmann-json3-dev >/dev/null 2>&1; then
  apt-get install -y libarchive-dev nlohmann-json3-dev
fi

echo "== the suite under ASan and UBSan"
# halt_on_error: a report is a failure, not a warning in a log nobody reads.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cmake -S "$repo" -B "$repo/build-sanitize" -DMEMWHO_SANITIZE=address,undefined \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-fno-sanitize-recover=undefined
cmake --build "$repo/build-sanitize" -j"$(nproc)"
(cd "$repo/build-sanitize" && ctest --output-on-failure)

echo "== fuzzers, ${seconds}s each"
MEMWHO_FUZZ_DIR="$repo/build-fuzz" "$repo/tests/fuzz/run-fuzz.sh" "$seconds"
