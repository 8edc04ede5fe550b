#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UBSan (gcc) in a tree of its
# own, build-asan/, and runs the unit and integration tests there. A leak, an
# out-of-bounds access or undefined behaviour fails the test it happens in.
#   bash deploy/sanitize.sh                      # every ctest test
#   SANITIZE_TESTS=till bash deploy/sanitize.sh  # only tests matching a regex
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${ASAN_BUILD:-$ROOT/build-asan}
bash "$ROOT/deploy/install-deps.sh"
mkdir -p "$BUILD"
cmake -S "$ROOT" -B "$BUILD" -DTILLSTREAM_ASAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  > "$BUILD/configure.log" 2>&1 || { cat "$BUILD/configure.log"; exit 1; }
cmake --build "$BUILD" -j "${JOBS:-2}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/deploy/lsan-suppressions.txt:print_suppressions=0}
args=(--test-dir "$BUILD" --output-on-failure --timeout 900)
if [[ -n "${SANITIZE_TESTS:-}" ]]; then args+=(-R "$SANITIZE_TESTS"); fi
ctest "${args[@]}"
echo "sanitize: every selected test passed under ASan + UBSan"
