#!/usr/bin/env bash
# What a catalog sync costs: one private PostgreSQL and one posd, then, side
# by side in one run, for each size N: the old way (posctl load-catalog,
# UpsertItems 1000 rows a call, item by item) and a sync (posctl
# sync-catalog: one upload, COPY into a staging table, one merge), each into
# a fresh catalog; then a sync of the same N with every 10th price changed.
# The old way is slow (minutes for 100,000): it loads the first OLD_ITEMS
# rows only (default 20000; OLD_ITEMS=0 for all N) and prints its rate.
#   bash deploy/bench-sync.sh [N...]     (default: 100000 200000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
# shellcheck source=deploy/lib.sh
source "$ROOT/deploy/lib.sh"
trap 'ts_stop_all; rm -rf "$WORK"' EXIT
ts_build --target posd posctl
ts_start_pg
PORT=$(ts_free_port); ts_start_posd posd "$PORT"
ctl=("$BUILD/posctl" --server "127.0.0.1:$PORT" --timeout_ms 600000)
"${ctl[@]}" create-org bench "Bench" EUR Europe/Berlin >/dev/null

# catalog N CHANGE_EVERY: N items; every CHANGE_EVERY-th one a cent dearer.
catalog() {
  python3 - "$1" "$2" <<'PY'
import sys
n, every = int(sys.argv[1]), int(sys.argv[2])
out = ["sku,name,price,tax_percent,unit,barcodes"]
for i in range(n):
    cents = 100 + i % 900 + (1 if every and i % every == 0 else 0)
    out.append(f"S{i:07d},Item {i} of the bench,{cents // 100}.{cents % 100:02d},7,each,{4000000000000 + i}")
print("\n".join(out))
PY
}
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

for n in "${@:-100000 200000}"; do
  catalog "$n" 0 >"$WORK/c$n.csv"
  catalog "$n" 10 >"$WORK/c$n-changed.csv"
  old=${OLD_ITEMS:-20000}; { [ "$old" -eq 0 ] || [ "$old" -gt "$n" ]; } && old=$n
  head -n $((old + 1)) "$WORK/c$n.csv" >"$WORK/old$n.csv"
  "${ctl[@]}" create-catalog bench "old$n" "load-catalog $n" >/dev/null
  "${ctl[@]}" create-catalog bench "sync$n" "sync $n" >/dev/null
  t0=$(date +%s.%N)
  "${ctl[@]}" load-catalog bench EUR "$WORK/old$n.csv" "old$n" >/dev/null
  t1=$(date +%s.%N)
  "${ctl[@]}" sync-catalog bench "sync$n" "$WORK/c$n.csv" wait=yes >"$WORK/s1.out"
  t2=$(date +%s.%N)
  "${ctl[@]}" sync-catalog bench "sync$n" "$WORK/c$n-changed.csv" wait=yes >"$WORK/s2.out"
  t3=$(date +%s.%N)
  echo "== $n items"
  printf '  load-catalog (UpsertItems, 1000 a call): %8s s for %d items (%s items/s)\n' \
    "$(secs "$t0" "$t1")" "$old" "$(python3 -c "print(round($old / ($t1 - $t0)))")"
  printf '  sync-catalog, all new                  : %8s s (%s items/s)  %s\n' "$(secs "$t1" "$t2")" \
    "$(python3 -c "print(round($n / ($t2 - $t1)))")" "$(tail -1 "$WORK/s1.out")"
  printf '  sync-catalog, every 10th price changed : %8s s   %s\n' "$(secs "$t2" "$t3")" "$(tail -1 "$WORK/s2.out")"
done
grep "catalog sync .* in .* ms" "$WORK/posd.log" | sed 's/^/  posd: /'
