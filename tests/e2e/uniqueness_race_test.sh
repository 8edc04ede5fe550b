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

# Loyalty: eight pos-terminal processes, half on each posd, all spend 100 of
# one customer's 300 points at once, then all try one single-use coupon.
ctl=("$BUILD/posctl" --server "127.0.0.1:$PORT_A")
"${ctl[@]}" create-org raceorg "Race org" EUR Europe/Berlin 49 >/dev/null
"${ctl[@]}" create-store raceorg s1 "Race store" >/dev/null
printf 'sku,name,price,tax_percent,unit,barcodes\nR1,Race item,2.00,19,each,2000001\n' \
  >"$WORK/race.csv"
"${ctl[@]}" load-catalog raceorg EUR "$WORK/race.csv" >/dev/null
"${ctl[@]}" enrol-customer raceorg name=Racer mobile=+4915199999999 >/dev/null
"${ctl[@]}" adjust-points raceorg +4915199999999 300 reason="race stake" >/dev/null
"${ctl[@]}" create-coupon-series raceorg race "Race coupon" 1.00 2020-01-01 2099-12-31 >/dev/null
"${ctl[@]}" issue-coupon raceorg race code=ONCE >/dev/null
race_tills() {  # race_tills ROUND SCRIPT_LINES...
  local round=$1 i; shift
  printf '%s\n' "$@" >"$WORK/race-$round.txt"
  for i in 1 2 3 4 5 6 7 8; do
    "${ctl[@]}" create-till raceorg s1 "r$i" >/dev/null
    local port=$PORT_A; [ $((i % 2)) -eq 0 ] && port=$PORT_B
    ts_run_till raceorg s1 "r$i" "127.0.0.1:$port" "$WORK/race-$round.txt"
    eval "pid_$i=\$!"
  done
  # pos-terminal exits 4 when a bill was refused, 0 when all were recorded.
  refused_exits=0 other_exits=0
  for i in 1 2 3 4 5 6 7 8; do
    local rc=0
    eval "wait \$pid_$i" || rc=$?
    case $rc in
      0) ;;
      4) refused_exits=$((refused_exits + 1)) ;;
      *) other_exits=$((other_exits + 1)); echo "till r$i exited $rc" ;;
    esac
  done
}
refused_bills() { cat "$WORK"/till-s1-r*.out | grep -c '^! bill .* refused (' || true; }
race_tills points "customer +4915199999999" 2000001 "points 100" "pay cash"
check "points race: exactly 300 points were redeemed, in 3 bills" "3 300" \
  "$(sql "SELECT count(*) || ' ' || -sum(points) FROM points_ledger
          WHERE org_id = 'raceorg' AND kind = 2")"
# A till refused at its points check pays cash; one that passed the check
# but lost at submit has its bill refused whole (no bill without its points).
stored=$(sql "SELECT count(*) FROM bills WHERE org_id = 'raceorg'")
lost=$(cat "$WORK"/till-s1-r*.out | grep -c 'refused (FAILED_PRECONDITION)' || true)
check "points race: every till's bill was stored or refused whole" 8 $((stored + lost))
check "points race: tills with a refused bill exit 4, the others 0" "$lost 0" \
  "$refused_exits $other_exits"
# 2.00 bills: 1.00 in points earns 1 point, all cash earns 2.
check "points race: the balance is what the ledger says" \
  "$((3 + 2 * (stored - 3))) $((3 + 2 * (stored - 3)))" \
  "$(sql "SELECT a.balance || ' ' || sum(l.points) FROM loyalty_accounts a
          JOIN points_ledger l USING (org_id, customer_id) WHERE a.org_id = 'raceorg'
          GROUP BY a.balance")"
race_tills coupon 2000001 "coupon ONCE" "pay cash"
check "coupon race: tills with a refused bill exit 4, the others 0" "$(refused_bills) 0" \
  "$refused_exits $other_exits"
check "coupon race: the single-use coupon was redeemed once" 1 \
  "$(sql "SELECT count(*) FROM coupon_redemptions WHERE org_id = 'raceorg'")"
check "no till saw an error other than a refusal" "" \
  "$(cat "$WORK"/till-s1-r*.out | grep -E '^! ' | grep -vE 'not enough points|already used|refused \(FAILED_PRECONDITION\)' || true)"

check_summary race
