#!/usr/bin/env bash
# What TLS costs the tills: one private PostgreSQL, two posd on it (one TLS,
# one --insecure), then pos-load at each till count against both, side by
# side in one run. Prints pos-load's figures per mode and till count, and
# what one till's reconnect costs (200 in a row: TCP, TLS handshake, hello).
#   bash deploy/bench-tls.sh [TILLS...]     (default: 16 200; 3200 bills each)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
# shellcheck source=deploy/lib.sh
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT
ts_build --target posd pos-load
ts_start_pg
PORT_TLS=$(ts_free_port); ts_start_posd posd-tls "$PORT_TLS"
PORT_PLAIN=$(ts_free_port); ts_start_insecure_posd posd-plain "$PORT_PLAIN"
# Org, tills and catalog once, then statistics, so both modes meet the same plans.
"$BUILD/pos-load" --server "127.0.0.1:$PORT_TLS" --tills 200 --bills 1 --lines 1 >/dev/null
psql "$POS_DATABASE_URL" -qc ANALYZE
BILLS=${BILLS:-3200}
for tills in "${@:-16 200}"; do
  for tills_n in $tills; do
    for mode in tls plaintext; do
      if [ "$mode" = tls ]; then args=(--server "127.0.0.1:$PORT_TLS");
      else args=(--server "127.0.0.1:$PORT_PLAIN" --insecure); fi
      echo "== $mode, $tills_n tills"
      "$BUILD/pos-load" "${args[@]}" --setup=false --tills "$tills_n" --reconnects 200 \
        --bills $((BILLS / tills_n)) --lines 3 2>&1 | tail -4
    done
  done
done
