#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs a demo store day:
# a private PostgreSQL (unless POS_DATABASE_URL is set), posd, and four
# pos-terminal processes (2 stores x 2 tills) ringing up a scripted day at
# once, a web invoice and purchases recorded from an ERP, closed by posctl's
# day summary.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/tillstream-demo-XXXXXX)
export ROOT WORK
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT

bash "$ROOT/deploy/install-deps.sh" >&2
ts_log "building (first build takes a few minutes)"
ts_build --target posd pos-terminal posctl
ts_start_pg
PORT=$(ts_free_port)
ts_start_posd posd "$PORT"
SERVER=127.0.0.1:$PORT
ORG=demo

python3 "$ROOT/deploy/demo/store_day.py" "$WORK/day" --bills "${DEMO_BILLS:-25}"
ts_setup_org "$ORG" "$WORK/day" "$SERVER"
ts_set_demo_rules "$ORG" "$SERVER"
ts_set_demo_loyalty "$ORG" "$SERVER"
"$BUILD/posctl" --server "$SERVER" show-rules "$ORG"

ts_log "enrolling the 4 tills: a one-time code each (posctl enrol-till), then pos-terminal --enrol CODE"
for st in s001:t01 s001:t02 s002:t01 s002:t02; do
  ts_enrol_till "$ORG" "${st%:*}" "${st#*:}" "$SERVER" "$WORK/state-${st%:*}-${st#*:}"
done
cat "$WORK/enrolments.log"
ts_log "the stores as locations: status derived from their catalog and tills (posctl stores)"
"$BUILD/posctl" --server "$SERVER" stores "$ORG"
ts_log "4 tills ringing up the day at once"
pids=()
for st in s001:t01 s001:t02 s002:t01 s002:t02; do
  ts_run_till "$ORG" "${st%:*}" "${st#*:}" "$SERVER" "$WORK/day/till-${st%:*}-${st#*:}.txt"
  pids+=($!)
done
# pos-terminal exits 4 when the back office refused a bill (the script has
# such bills on purpose); anything else but 0 means bills left unsent.
failed=0
for pid in "${pids[@]}"; do
  rc=0; wait "$pid" || rc=$?
  case $rc in 0 | 4) ;; *) failed=1 ;; esac
done
ts_log "the stores again: each till fetched the catalog when it connected and said it holds it"
"$BUILD/posctl" --server "$SERVER" stores "$ORG"

# A fifth till loses its LAN: it keeps selling from its catalog copy. The
# price of the first item changes meanwhile; the grace during which a
# replaced version's prices stand is cut to 1 s here so that the flag shows.
ts_log "till s001/t03 loses its LAN mid-day and keeps selling offline"
"$BUILD/posctl" --server "$SERVER" create-till "$ORG" s001 t03 >/dev/null
"$BUILD/posctl" --server "$SERVER" set-rules "$ORG" offline_grace_seconds=1 by=demo \
  reason="demo: show a flagged offline price" >/dev/null
mapfile -t offline_items < <(awk -F, 'NR >= 2 && NR <= 3 {print $1 "," $NF}' "$WORK/day/catalog.csv")
first_sku=${offline_items[0]%,*}
awk -F, -v sku="$first_sku" 'NR == 1 || $1 == sku {if (NR > 1) $3 = sprintf("%.2f", $3 + 0.50); print}' \
  OFS=, "$WORK/day/catalog.csv" >"$WORK/price-change.csv"
TS_WHILE_OFFLINE="\"\$BUILD/posctl\" --server $SERVER load-catalog $ORG EUR $WORK/price-change.csv >/dev/null && sleep 1.5" \
  ts_offline_till "$ORG" s001 t03 "$PORT" c-s001-t01 "$(awk -F, '$1 == "c-s001-t01" {print $4}' "$WORK/day/staff.csv")" \
  "${offline_items[0]#*,}" "${offline_items[0]#*,}" "${offline_items[1]#*,}" || failed=1
grep -E "OFFLINE|rung OFFLINE|needs the back office|reachable again|sent from the outbox|catalog .* held" \
  "$WORK/till-s001-t03.out" | sed 's/^/  t03: /'

echo
echo "A receipt from till s001/t01:"
awk '/^====/{n++; print; if (n == 2) exit; next} n == 1' "$WORK/till-s001-t01.out"
echo
for st in s001-t01 s001-t02 s002-t01 s002-t02; do
  printf 'till %s: %s bills recorded, %s refusals shown to the cashier\n' "$st" \
    "$(grep -c '^recorded bill' "$WORK/till-$st.out")" "$(grep -c '^!' "$WORK/till-$st.out" || true)"
done
echo
echo "The cashiers (PINs kept as argon2id hashes; returns and voids approved by the supervisor):"
"$BUILD/posctl" --server "$SERVER" list-cashiers "$ORG"
grep -h "approved by supervisor\|voided by supervisor" "$WORK"/till-*.out || true
echo
echo "What the cashiers were told when the back office refused a bill:"
grep -h "refused" "$WORK"/till-*.out || true
echo
echo "Off the tills: a web shop's invoice, redeemed, and an ERP's web order with a refund:"
ts_web_day "$ORG" "$SERVER" "$WORK/day"
echo
echo "The journal: every bill, return, deletion and tagging chained per till (posctl verify-journal):"
"$BUILD/posctl" --server "$SERVER" verify-journal "$ORG" || failed=1
echo
"$BUILD/posctl" --server "$SERVER" day-summary "$ORG" "$(TZ=Europe/Berlin date +%F)"
[ "$failed" -eq 0 ] || { ts_log "a terminal ended with unsent bills or did not run"; exit 1; }
