#!/usr/bin/env bash
# End-to-end: a private PostgreSQL, two posd instances on it, four
# pos-terminal processes ringing up a scripted day at once (two tills per
# server). Then checks, to the cent, that what landed in the database is what
# the scripts rang up (totals computed by the generator, independently of the
# server), and that a bill whose answer was lost, resent by two processes at
# once through both servers, is stored exactly once.
#   store_day_test.sh BUILD_DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
WORK=$(mktemp -d /tmp/tillstream-e2e-XXXXXX)
export ROOT BUILD WORK
unset POS_DATABASE_URL
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT

source "$ROOT/tests/e2e/check.sh"
sql() { psql "$POS_DATABASE_URL" -Atq -v ON_ERROR_STOP=1 "$@"; }

ts_start_pg
PORT_A=$(ts_free_port); ts_start_posd posd-a "$PORT_A"
PORT_B=$(ts_free_port); ts_start_posd posd-b "$PORT_B"
A=127.0.0.1:$PORT_A
B=127.0.0.1:$PORT_B
ORG=e2e

python3 "$ROOT/deploy/demo/store_day.py" "$WORK/day" --bills 30 --seed 14
ts_setup_org "$ORG" "$WORK/day" "$A" >/dev/null
ts_set_demo_rules "$ORG" "$A"
ts_set_demo_loyalty "$ORG" "$A"

# --- a concurrent store day through two servers --------------------------
pids=()
for st in s001:t01 s001:t02 s002:t01 s002:t02; do
  store=${st%:*}; till=${st#*:}
  server=$A; [ "$store" == s002 ] && server=$B
  ts_run_till "$ORG" "$store" "$till" "$server" "$WORK/day/till-$store-$till.txt"
  pids+=($!)
done
codes=""
for pid in "${pids[@]}"; do rc=0; wait "$pid" || rc=$?; codes="$codes $rc"; done
# Exit 4: s001/t01's script has a hand-written duplicate number the server refuses.
check "nothing left unsent; only the till with the refused bill exits 4" " 4 0 0 0" "$codes"

for st in s001/t01 s001/t02 s002/t01 s002/t02; do
  store=${st%/*}; till=${st#*/}
  want_bills=$(python3 -c "import json;print(json.load(open('$WORK/day/expected.json'))['$st']['bills'])")
  want_total=$(python3 -c "import json;print(json.load(open('$WORK/day/expected.json'))['$st']['total_minor'])")
  got=$(sql -c "SELECT count(*) || ' ' || coalesce(sum(total_minor),0) FROM bills
                WHERE org_id = '$ORG' AND store_id = '$store' AND till_id = '$till'")
  check "$st: bills and total in the database match the script" "$want_bills $want_total" "$got"
  printed=$(awk '/^recorded bill/ {n++; v = $7; sub(/\./, "", v); s += v} END {print n+0 " " s+0}' "$WORK/till-$store-$till.out")
  check "$st: receipts the till printed match the database" "$got" "$printed"
done
check "every bill's lines add up to its total" 0 \
  "$(sql -c "SELECT count(*) FROM bills b WHERE org_id = '$ORG' AND total_minor <>
             (SELECT sum(amount_minor) FROM bill_lines l WHERE l.org_id = b.org_id AND l.bill_id = b.bill_id)")"
check "tenders cover every bill and change is what was over" 0 \
  "$(sql -c "SELECT count(*) FROM bills b WHERE org_id = '$ORG' AND tendered_minor - change_minor <> total_minor")"
check "the hand-written duplicate number was refused" 1 \
  "$(grep -c "refused (ALREADY_EXISTS)" "$WORK/till-s001-t01.out" || true)"
check "the training bill is stored as an OUTLIER" 3 \
  "$(sql -c "SELECT status FROM bills WHERE org_id = '$ORG' AND bill_number = 'TRN-0001'")"
check "the sale rung in error was voided by the supervisor at its till" \
  "1 supervisor sup1 at till $ORG/s001/t01" \
  "$(sql -c "SELECT count(*) || ' ' || min(deleted_by) FROM bills WHERE org_id = '$ORG'
             AND status = 5")"
check "two returns were stored, each pointing at its original" 2 \
  "$(sql -c "SELECT count(*) FROM bills r JOIN bills o ON o.org_id = r.org_id
             AND o.bill_id = r.original_bill_id WHERE r.org_id = '$ORG' AND r.bill_type = 2")"
check "the second full return of the same sale was refused" 1 \
  "$(grep -c "returned in full already" "$WORK/till-s001-t02.out" || true)"
check "no original refunded more than was paid" 0 \
  "$(sql -c "SELECT count(*) FROM bills o WHERE org_id = '$ORG' AND bill_type = 1 AND
             o.total_minor + coalesce((SELECT sum(total_minor) FROM bills r WHERE
             r.org_id = o.org_id AND r.original_bill_id = o.bill_id), 0) < 0")"
check "no bill number used twice by one till" 0 \
  "$(sql -c "SELECT count(*) FROM (SELECT 1 FROM bills WHERE org_id = '$ORG'
             GROUP BY store_id, till_id, bill_number HAVING count(*) > 1) d")"

# --- the journal: every bill of both servers chained, gapless, matching ----
journal=$("$BUILD/posctl" --server "$B" verify-journal "$ORG") || { echo "$journal"; exit 1; }
check "verify-journal: every chain and bill matches" 1 \
  "$(grep -c "every chain and bill matches" <<<"$journal")"
check "every bill is in its till's journal" 0 \
  "$(sql -c "SELECT count(*) FROM bills b WHERE org_id = '$ORG' AND NOT EXISTS
             (SELECT 1 FROM journal_entries j WHERE j.org_id = b.org_id
              AND j.record_id = b.bill_id::text AND j.record_type IN (1, 2))")"
"$BUILD/posctl" --server "$A" export-journal "$ORG" "$WORK/journal" >/dev/null
check "the journal export: files as the manifest says, every chain recomputed" ok \
  "$(python3 "$ROOT/tests/e2e/check_journal_export.py" "$WORK/journal")"
check "each till's journal numbers are gapless" 0 \
  "$(sql -c "SELECT count(*) FROM (SELECT store_id, till_id FROM journal_entries
             WHERE org_id = '$ORG' GROUP BY store_id, till_id
             HAVING max(seq) <> count(*)) g")"

# --- loyalty: the day summary against the generator's figures --------------
summary=$("$BUILD/posctl" --server "$A" day-summary "$ORG" "$(TZ=Europe/Berlin date +%F)")
want() { python3 -c "import json;print(json.load(open('$WORK/day/expected.json'))['loyalty']['$1'])"; }
figure() { awk -v k="$1" 'index($0, k) == 3 {print $(NF - ('"${2:-0}"'))}' <<<"$summary"; }
check "summary: points earned" "$(want points_earned)" "$(figure "points earned")"
check "summary: points redeemed" "$(want points_redeemed)" "$(figure "points redeemed")"
check "summary: points reversed by returns" "$(want points_reversed)" \
  "$(figure "points reversed by returns")"
check "summary: coupons redeemed" "$(want coupons_redeemed) 2.00" \
  "$(figure "coupons redeemed" 1) $(figure "coupons redeemed")"
check "summary: bills with a customer, tagged afterwards" \
  "$(want customer_bills) ($(want bills_tagged)" \
  "$(awk 'index($0, "bills with a customer") == 3 {print $5, $6}' <<<"$summary")"
check "the walk-in enrolled at the till" 1 \
  "$(sql -c "SELECT count(*) FROM customers WHERE org_id = '$ORG' AND mobile = '+4915100000999'")"
check "every customer's balance is what the ledger says" 0 \
  "$(sql -c "SELECT count(*) FROM loyalty_accounts a WHERE org_id = '$ORG' AND balance <>
             (SELECT sum(points) FROM points_ledger l WHERE l.org_id = a.org_id
              AND l.customer_id = a.customer_id)")"

# --- off the tills: a web invoice and an ERP's purchases, through server B --
ts_web_day "$ORG" "$B" "$WORK/day" >"$WORK/web.out"
summary=$("$BUILD/posctl" --server "$A" day-summary "$ORG" "$(TZ=Europe/Berlin date +%F)")
web() { python3 -c "import json;print(json.load(open('$WORK/day/expected.json'))['$1']['$2'])"; }
money() { python3 -c "m=$1;print(('-' if m < 0 else '') + f'{abs(m)//100}.{abs(m)%100:02d}')"; }
line() { awk -v k="$1" 'index($0, k) == 3 {print $(NF - 1), $NF}' <<<"$summary"; }
check "summary: web invoices committed" \
  "$(web invoices committed) $(money "$(web invoices invoiced_minor)")" "$(line committed)"
check "summary: invoice payments taken and scheduled" \
  "$(money "$(web invoices paid_minor)") $(money "$(web invoices scheduled_minor)")" \
  "$(line "paid " | cut -d' ' -f2) $(line scheduled | cut -d' ' -f2)"
check "summary: invoice items redeemed" "$(web invoices items_redeemed)" \
  "$(line "items redeemed" | cut -d' ' -f2)"
check "the redeemed course signs on with its enrolment" 1 \
  "$(grep -c 'sign on at https://learn.example.com/start?enrolment=[0-9a-f-]*&course=COURSE-PY1' "$WORK/web.out")"
check "summary: purchases recorded, amount paid" \
  "$(web purchases purchases) $(money "$(web purchases paid_minor)")" \
  "$(line "recorded (amount paid)")"
check "summary: purchases with refunds" \
  "$(web purchases with_refunds) $(money "$(web purchases refunded_minor)")" \
  "$(line "with refunds (refunded)")"
check "summary: points earned and reversed by purchases" \
  "$(web purchases points_earned) $(web purchases points_reversed)" \
  "$(line "earned points" | cut -d' ' -f2) $(line "reversed points" | cut -d' ' -f2)"
check "the resent refund is recognised, not recorded twice" 1 \
  "$(grep -c '^purchase .* WEB-1001-R1 .*(recorded before)' "$WORK/web.out")"
check "the buyer's balance is still what the ledger says" 0 \
  "$(sql -c "SELECT count(*) FROM loyalty_accounts a WHERE org_id = '$ORG' AND balance <>
             (SELECT sum(points) FROM points_ledger l WHERE l.org_id = a.org_id
              AND l.customer_id = a.customer_id)")"

# --- a lost answer, resent by two processes through both servers at once ---
mkfifo "$WORK/cashier"
# The same till with a fresh counter and outbox: its identity files copied.
mkdir -p "$WORK/lost"
cp "$WORK/state-s001-t01"/till.{id,key,crt} "$WORK/lost/"
"$BUILD/pos-terminal" --server "$A" --org "$ORG" --store s001 --till t01 \
  --state_dir "$WORK/lost" --input "$WORK/cashier" --timeout_ms 1000 --max_attempts 2 \
  >"$WORK/lost.out" 2>&1 &
lost_pid=$!
exec 3>"$WORK/cashier"
echo "signin c-s001-t01 1008" >&3   # the org requires a cashier (deploy/demo/store_day.py)
echo "billno LOST-1" >&3   # this till's own counter restarts with a new state dir
echo "4000000000001" >&3
echo "4000000000002" >&3
for _ in $(seq 1 100); do [ "$(grep -c 'total ' "$WORK/lost.out" || true)" -ge 2 ] && break; sleep 0.1; done
kill -STOP "$(cat "$WORK/posd-a.pid")"   # the server hangs: the answer never comes
echo "pay card" >&3
exec 3>&-
set +e; wait "$lost_pid"; lost_rc=$?; set -e
check "the till reports the bill as unsent" 3 "$lost_rc"
bill_file=$(ls "$WORK/lost/outbox")
bill_id=${bill_file%.pb}
bill_id=${bill_id#*-}   # outbox files are PLACE-BILLID.pb, in the order paid
check "the unacknowledged bill waits in the till's outbox" 1 "$(ls "$WORK/lost/outbox" | wc -l)"
kill -CONT "$(cat "$WORK/posd-a.pid")"
cp -r "$WORK/lost" "$WORK/lost-copy"
"$BUILD/pos-terminal" --server "$A" --org "$ORG" --store s001 --till t01 \
  --state_dir "$WORK/lost" --input /dev/null >"$WORK/resend-a.out" 2>&1 &
ra=$!
"$BUILD/pos-terminal" --server "$B" --org "$ORG" --store s001 --till t01 \
  --state_dir "$WORK/lost-copy" --input /dev/null >"$WORK/resend-b.out" 2>&1 &
rb=$!
rc=0; wait "$ra" || rc=1; wait "$rb" || rc=1
check "both resending terminals got an answer" 0 "$rc"
check "both answers name the same bill" 2 \
  "$(cat "$WORK/resend-a.out" "$WORK/resend-b.out" | grep -c "^recorded bill .* id $bill_id")"
check "the bill is stored exactly once" 1 \
  "$(sql -c "SELECT count(*) FROM bills WHERE org_id = '$ORG' AND bill_id = '$bill_id'")"
check "its lines are stored exactly once" 2 \
  "$(sql -c "SELECT count(*) FROM bill_lines WHERE org_id = '$ORG' AND bill_id = '$bill_id'")"
check "outboxes are empty after the answer" 0 \
  "$(ls "$WORK/lost/outbox" "$WORK/lost-copy/outbox" | grep -c '\.pb' || true)"

# --- graceful shutdown -------------------------------------------------------
ts_stop_posd posd-a
ts_stop_posd posd-b
check "posd drains and stops on SIGTERM" 2 "$(cat "$WORK"/posd-*.log | grep -c 'posd: stopped')"

check_summary e2e
