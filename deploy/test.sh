#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: unit tests,
# integration tests against throwaway PostgreSQL clusters they start
# themselves, the end-to-end store day with real processes, and the
# docker-compose validation; then the fuzz targets for a short while.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
bash "$ROOT/deploy/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake --build "$BUILD" -j "${JOBS:-2}"
ctest --test-dir "$BUILD" --output-on-failure
# The fuzz targets, briefly (ASan + UBSan, their own tree build-fuzz/).
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash "$ROOT/deploy/fuzz.sh"
