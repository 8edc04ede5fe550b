#!/usr/bin/env bash
# The fault suite's long run (tests/faults/fault_suite.py): builds, then
# repeats every scenario FAULT_RUNS times (default 3) with FAULT_TILLS real
# tills (default 50) ringing for FAULT_SECONDS each (default 30) while posd
# is killed (FAULT_KILLS times per run, default 4), PostgreSQL crashes, the
# LAN freezes or resets, posd is stopped under load and with its database
# work blocked, and the tills' disks fill up, turn read-only or fail fsync.
# ctest runs the same suite short (8 tills, 9 s, once).
#   bash deploy/faults.sh
#   FAULT_RUNS=10 FAULT_ONLY=posd_kill9,pg_immediate bash deploy/faults.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/tillstream-faults-build-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ROOT WORK
source "$ROOT/deploy/lib.sh"
bash "$ROOT/deploy/install-deps.sh"
ts_build
FAULT_RUNS=${FAULT_RUNS:-3} FAULT_TILLS=${FAULT_TILLS:-50} FAULT_SECONDS=${FAULT_SECONDS:-30} \
  FAULT_KILLS=${FAULT_KILLS:-4} python3 "$ROOT/tests/faults/fault_suite.py" "$BUILD"
