#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: unit tests,
# integration tests against throwaway PostgreSQL clusters they start
# themselves, the end-to-end store day with real processes, and the
# docker-compose validation.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
bash "$ROOT/deploy/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
cmake --build "$BUILD" -j "${JOBS:-2}"
ctest --test-dir "$BUILD" --output-on-failure
