#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/: clang-14, AddressSanitizer and
# UBSan) in a tree of their own, replays every saved regression input, then
# fuzzes each target for FUZZ_SECONDS (default 20) from its seeds.
#   bash deploy/fuzz.sh                    # the short run CI does
#   FUZZ_SECONDS=1800 bash deploy/fuzz.sh  # a long run
# Exits non-zero on a crash, a leak, a sanitizer report or a broken
# invariant; the input is kept in build-fuzz/crashes/<target>/ (copy it to
# tests/fuzz/regressions/<target>/ with the fix, so it is replayed forever).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
EACH=${FUZZ_SECONDS:-20}
TARGETS=${FUZZ_TARGETS:-till_request text_fields catalog_rows purchase cert_request}
bash "$ROOT/deploy/install-deps.sh"
mkdir -p "$BUILD"
CC=clang-14 CXX=clang++-14 cmake -S "$ROOT" -B "$BUILD" -DTILLSTREAM_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$BUILD/configure.log" 2>&1 ||
  { cat "$BUILD/configure.log"; exit 1; }
cmake --build "$BUILD" -j "${JOBS:-2}" --target fuzz_targets
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

total=0
for name in $TARGETS; do
  bin="$BUILD/tests/fuzz/${name}_fuzz"
  corpus="$BUILD/corpus/$name"
  crashes="$BUILD/crashes/$name"
  mkdir -p "$corpus" "$crashes"
  # Seeds: till requests are kept as text protos and encoded here.
  for seed in "$ROOT/tests/fuzz/seeds/$name"/*; do
    case "$seed" in
      *.txtpb) protoc --proto_path="$ROOT/proto" --encode=pos.v1.TillRequest \
                 pos/v1/pos.proto < "$seed" > "$corpus/seed-$(basename "$seed" .txtpb)" ;;
      *) cp "$seed" "$corpus/seed-$(basename "$seed")" ;;
    esac
  done
  regressions="$ROOT/tests/fuzz/regressions/$name"
  if compgen -G "$regressions/*" > /dev/null; then
    "$bin" -runs=0 "$regressions"/* > "$BUILD/$name.regressions.log" 2>&1 ||
      { tail -40 "$BUILD/$name.regressions.log"; echo "fuzz: $name: a regression input fails"; exit 1; }
  fi
  log="$BUILD/$name.log"
  if ! "$bin" -max_total_time="$EACH" -max_len=65536 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$corpus" > "$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz: $name: FAILED, input kept in $crashes/"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  inputs=$(find "$corpus" -type f | wc -l)
  total=$((total + ${runs:-0}))
  echo "fuzz: $name: ${runs:-0} executions in ${EACH} s, corpus $inputs inputs, no failure"
done
echo "fuzz: $total executions in all, no failure"
