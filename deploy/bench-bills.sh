#!/usr/bin/env bash
# Bills/s through posd against an anchor posd, side by side in one run: one
# private PostgreSQL, this tree's posd and ANCHOR_POSD (a posd binary built
# from an earlier commit, e.g. before the journal) on it, then pos-load
# against each in turn, REPEATS times (default 3), at each till count.
# Prints pos-load's figures per run and the median bills/s of each.
#   ANCHOR_POSD=/tmp/before/build/posd bash deploy/bench-bills.sh [TILLS...]
#   (default 16; BILLS=3200 bills a run, 3 lines each)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
# shellcheck source=deploy/lib.sh
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT
: "${ANCHOR_POSD:?set ANCHOR_POSD to the posd binary to compare with}"
ts_build --target posd pos-load
ts_start_pg
PORT=$(ts_free_port); ts_start_posd posd "$PORT"
# The anchor runs on the same schema (migrations only ever add), plaintext
# like the other, so only the server differs.
ANCHOR_PORT=$(ts_free_port); ts_start_insecure_posd anchor "$ANCHOR_PORT" "$ANCHOR_POSD"
CURRENT_PORT=$(ts_free_port); ts_start_insecure_posd current "$CURRENT_PORT"
"$BUILD/pos-load" --server "127.0.0.1:$PORT" --tills 200 --bills 1 --lines 1 >/dev/null
psql "$POS_DATABASE_URL" -qc ANALYZE
BILLS=${BILLS:-3200}
for tills in "${@:-16}"; do
  declare -A rates=()
  for run in $(seq 1 "${REPEATS:-3}"); do
    for which in anchor current; do
      port=$ANCHOR_PORT; [ "$which" = current ] && port=$CURRENT_PORT
      out=$("$BUILD/pos-load" --server "127.0.0.1:$port" --insecure --setup=false \
        --tills "$tills" --bills $((BILLS / tills)) --lines 3 2>&1 | tail -3)
      echo "== $which, $tills tills, run $run"; echo "$out"
      rates[$which]+="$(sed -n 's/.*bills\/s=\([0-9.]*\).*/\1/p' <<<"$out") "
    done
  done
  for which in anchor current; do
    printf '%s, %s tills: median bills/s %s (runs: %s)\n' "$which" "$tills" \
      "$(tr ' ' '\n' <<<"${rates[$which]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
      "${rates[$which]% }"
  done
done
