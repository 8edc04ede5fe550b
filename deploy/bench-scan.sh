#!/usr/bin/env bash
# Scan latency at the till, side by side in one run, through the cashier's
# console: priced by posd over the till stream (the anchor) against priced
# from the till's local catalog copy while its LAN is down, with a copy of
# BENCH_ITEMS items fetched from posd (default 2000) and a synthetic copy of
# BENCH_LOCAL_ITEMS (default 200000); BENCH_SCANS scans each (default 2000).
# A private PostgreSQL cluster and an in-process posd, as the integration
# tests use.
#   bash deploy/bench-scan.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
source "$ROOT/deploy/lib.sh"
trap 'rm -rf "$WORK"' EXIT
ts_build --target local_scan_bench
"$BUILD/tests/local_scan_bench" --gtest_brief=1
