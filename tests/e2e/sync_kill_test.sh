#!/usr/bin/env bash
# kill -9 of the posd running a catalog sync: two posd on one database, a
# large sync uploaded to one; the posd that claimed it (its pid is in the
# claim) is killed mid-work; the other takes the job over when the lease
# runs out and the sync finishes, published exactly once.
#   sync_kill_test.sh BUILD_DIR   (SYNC_ROWS=N, default 300000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
WORK=$(mktemp -d /tmp/tillstream-synckill-XXXXXX)
ROWS=${SYNC_ROWS:-300000}
export ROOT BUILD WORK
unset POS_DATABASE_URL
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT

source "$ROOT/tests/e2e/check.sh"
sql() { psql "$POS_DATABASE_URL" -Atq -v ON_ERROR_STOP=1 -c "$1"; }

ts_start_pg
PORT_A=$(ts_free_port); ts_start_posd posd-a "$PORT_A"
PORT_B=$(ts_free_port); ts_start_posd posd-b "$PORT_B"
ctl=("$BUILD/posctl" --server "127.0.0.1:$PORT_A" --timeout_ms 120000)
"${ctl[@]}" create-org killorg "Kill org" EUR Europe/Berlin >/dev/null
python3 - "$ROWS" >"$WORK/big.csv" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"K{i:07d},Item {i},{1 + i % 90}.{i % 100:02d},7,each,{5000000000000 + i}")
PY

out=$("${ctl[@]}" sync-catalog killorg main "$WORK/big.csv")
sync_id=$(sed -n 's/^sync \([0-9a-f-]*\) started.*/\1/p' <<<"$out")
[ -n "$sync_id" ] || { echo "no sync id in: $out"; exit 1; }

# The claim names its posd's pid: kill that one as soon as it works.
victim=""
for _ in $(seq 1 600); do
  claim=$(sql "SELECT state || ' ' || coalesce(claimed_by, '') FROM catalog_syncs
               WHERE sync_id = '$sync_id'")
  if [ "${claim%% *}" = 2 ]; then
    victim=$(sed -n 's/^2 posd-\([0-9]*\)-.*/\1/p' <<<"$claim")
    break
  fi
  sleep 0.02
done
[ -n "$victim" ] || { echo "the sync was never seen IN_PROGRESS: $claim"; exit 1; }
kill -9 "$victim"
for name in posd-a posd-b; do
  [ "$(cat "$WORK/$name.pid")" = "$victim" ] && rm -f "$WORK/$name.pid" && killed=$name
done
echo "killed $killed (pid $victim) while it ran sync $sync_id"
check "the killed posd had published nothing" "0" \
  "$(sql "SELECT current_version FROM catalogs WHERE org_id = 'killorg' AND catalog_id = 'main'")"

survivor=127.0.0.1:$PORT_B; [ "$killed" = posd-b ] && survivor=127.0.0.1:$PORT_A
status=$(timeout 120 "$BUILD/posctl" --server "$survivor" sync-status killorg "$sync_id")
for _ in $(seq 1 600); do
  grep -q "SYNCED\|FAILED" <<<"$status" && break
  sleep 0.2
  status=$("$BUILD/posctl" --server "$survivor" sync-status killorg "$sync_id")
done
echo "$status"
check "the sync finished on the other posd" "SYNCED" \
  "$(sed -n 's/^sync [0-9a-f-]*: \([A-Z_]*\).*/\1/p' <<<"$status")"
check "taken over once: two attempts, the last by the survivor" "2 true" \
  "$(sql "SELECT attempts || ' ' || (claimed_by NOT LIKE 'posd-$victim-%')::text
          FROM catalog_syncs WHERE sync_id = '$sync_id'")"
check "published exactly once, as version 1 with every row" "1 1 $ROWS $ROWS" \
  "$(sql "SELECT c.current_version || ' ' || (SELECT count(*) FROM catalog_versions v
            WHERE v.org_id = c.org_id AND v.catalog_id = c.catalog_id) || ' ' ||
          (SELECT count(*) FROM catalog_items i WHERE i.org_id = c.org_id
            AND i.catalog_id = c.catalog_id AND i.to_version IS NULL) || ' ' ||
          (SELECT count(*) FROM catalog_barcodes b WHERE b.org_id = c.org_id
            AND b.catalog_id = c.catalog_id)
          FROM catalogs c WHERE c.org_id = 'killorg' AND c.catalog_id = 'main'")"
check_summary sync_kill
