#!/usr/bin/env bash
# Races many tills through two posd instances on one database, all
# submitting the same bill numbers at once with org-wide unique numbers:
# exactly one bill must win each number, every other answer must be a clean
# ALREADY_EXISTS, and nothing else may fail.
#   uniqueness_race_test.sh BUILD_DIR   (RACE_RUNS=N repeats, default 3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
WORK=$(mktemp -d /tmp/tillstream-race-XXXXXX)
RUNS=${RACE_RUNS:-3}
TILLS=24
BILLS=5
export ROOT BUILD WORK
unset POS_DATABASE_URL
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT

source "$ROOT/tests/e2e/check.sh"
sql() { psql "$POS_DATABASE_URL" -Atq -v ON_ERROR_STOP=1 -c "$1"; }

ts_start_pg
PORT_A=$(ts_free_port); ts_start_posd posd-a "$PORT_A"
PORT_B=$(ts_free_port); ts_start_posd posd-b "$PORT_B"
SERVERS=127.0.0.1:$PORT_A,127.0.0.1:$PORT_B

"$BUILD/pos-load" --server "$SERVERS" --tills $TILLS --bills 1 --lines 1 >/dev/null
"$BUILD/posctl" --server "127.0.0.1:$PORT_A" set-rules loadorg unique=yes scope=org \
  window_days=30 reason="race test" >/dev/null

for run in $(seq 1 "$RUNS"); do
  tag="RACE$run"
  out=$("$BUILD/pos-load" --server "$SERVERS" --setup=false --tills $TILLS --bills $BILLS \
          --lines 1 --shared_numbers "$tag" || true)
  grep -q "other_errors=0" <<<"$out" || echo "$out"
  check "run $run: one winner per number, clean refusals for the rest" \
    "race: stored=$BILLS already_exists=$(((TILLS - 1) * BILLS)) other_errors=0" \
    "$(grep '^race:' <<<"$out")"
  check "run $run: the database holds each number exactly once" "$BILLS $BILLS" \
    "$(sql "SELECT count(*) || ' ' || count(DISTINCT bill_number) FROM bills
            WHERE org_id = 'loadorg' AND bill_number LIKE '$tag-%'")"
done
check "every stored race bill has its claim" 0 \
  "$(sql "SELECT count(*) FROM bills b WHERE org_id = 'loadorg' AND bill_number LIKE 'RACE%'
          AND NOT EXISTS (SELECT 1 FROM bill_number_claims c
                          WHERE c.org_id = b.org_id AND c.bill_id = b.bill_id)")"

check_summary race
