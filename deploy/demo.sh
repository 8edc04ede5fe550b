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
"$BUILD/posctl" --server "$SERVER" day-summary "$ORG" "$(TZ=Europe/Berlin date +%F)"
[ "$failed" -eq 0 ] || { ts_log "a terminal ended with unsent bills or did not run"; exit 1; }
