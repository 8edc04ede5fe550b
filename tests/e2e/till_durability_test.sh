#!/usr/bin/env bash
# End-to-end: a till whose disk fails, and a back office that comes back.
# Real pos-terminal processes against a real posd and PostgreSQL; the till's
# state directory on a small tmpfs this script mounts (full, then read-only),
# fsync failures injected by strace. Every refused payment must store
# nothing, leave nothing behind on the disk and hold the sale; the same sale
# completes once after the disk recovers; a refused sale never leaks into the
# next; a bill kept while posd was down arrives without restarting the till.
#   till_durability_test.sh BUILD_DIR   (needs root for mount; exit 77 = skipped)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$1" && pwd)
WORK=$(mktemp -d /tmp/tillstream-durability-XXXXXX)
DISK=$WORK/disk
export ROOT BUILD WORK
unset POS_DATABASE_URL
source "$ROOT/deploy/lib.sh"
cleanup() {
  for fd in ${TILL_FDS:-}; do eval "exec $fd>&-" 2>/dev/null || true; done
  umount "$DISK" 2>/dev/null || true
  ts_stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
source "$ROOT/tests/e2e/check.sh"
sql() { psql "$POS_DATABASE_URL" -Atq -v ON_ERROR_STOP=1 -c "$1"; }

mkdir -p "$DISK"
if ! mount -t tmpfs -o size=256k tmpfs "$DISK" 2>/dev/null; then
  echo "SKIP: cannot mount a tmpfs here (needs root); the unit tests cover the same faults"
  exit 77
fi

ts_start_pg
PORT_A=$(ts_free_port); ts_start_posd posd-a "$PORT_A"
PORT_B=$(ts_free_port); ts_start_posd posd-b "$PORT_B"
A=127.0.0.1:$PORT_A
ctl=("$BUILD/posctl" --server "$A")
"${ctl[@]}" create-org dur "Durable Markets" EUR Europe/Berlin 49 >/dev/null
"${ctl[@]}" create-store dur s1 "Main Street" >/dev/null
for t in t1 t2 t3; do "${ctl[@]}" create-till dur s1 "$t" >/dev/null; done
# Long SKUs make a 250-line bill take more than one 4 KiB page on disk.
printf 'sku,name,price,tax_percent,unit,barcodes\n%s\n%s\n' \
  "DURABILITY-TEST-ITEM-000001,Bread,2.50,7,each,4000000000001" \
  "DURABILITY-TEST-ITEM-000002,Gum,0.10,19,each,4000000000002" >"$WORK/catalog.csv"
"${ctl[@]}" load-catalog dur EUR "$WORK/catalog.csv" >/dev/null

# till_start NAME SERVER STATE_DIR [WRAPPER...]: a till reading from a FIFO;
# its write end is in the variable NAME_IN, its pid in NAME_PID.
till_start() {
  local name=$1 server=$2 state=$3; shift 3
  ts_enrol_till dur s1 "$name" "$server" "$state"
  mkfifo "$WORK/$name.in"
  "$@" "$BUILD/pos-terminal" --server "$server" --org dur --store s1 --till "$name" \
    --state_dir "$state" --input "$WORK/$name.in" --timeout_ms 1000 --max_attempts 2 \
    --outbox_retry_max_ms 500 >"$WORK/$name.out" 2>&1 &
  eval "${name}_PID=$!"
  local fd
  exec {fd}>"$WORK/$name.in"
  eval "${name}_IN=$fd"
  TILL_FDS="${TILL_FDS:-} $fd"
}
type_in() { local fd; eval "fd=\$${1}_IN"; shift; printf '%s\n' "$@" >&"$fd"; }
# wait_for NAME PATTERN [COUNT]: until the till printed PATTERN COUNT times.
wait_for() {
  local n
  for _ in $(seq 1 200); do
    n=$(grep -c -- "$2" "$WORK/$1.out" || true)
    [ "$n" -ge "${3:-1}" ] && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1's output:"; tail -20 "$WORK/$1.out"
}
till_end() {  # till_end NAME: end of input; its exit code in RC
  local fd pid
  eval "fd=\$${1}_IN; pid=\$${1}_PID"
  eval "exec $fd>&-"
  RC=0
  wait "$pid" || RC=$?
}
bills() { sql "SELECT count(*) FROM bills WHERE org_id = 'dur' AND till_id = '$1'"; }
lines_of() {
  sql "SELECT count(*) FROM bill_lines l JOIN bills b USING (org_id, bill_id)
       WHERE b.org_id = 'dur' AND b.bill_number = '$1'"
}
temporaries() { find "$1" -name '*.tmp' | wc -l; }
free_kib() { df --output=avail -k "$DISK" | tail -1 | tr -d ' '; }
fill_disk() {  # fill_disk [PAGES_TO_LEAVE]
  local i=0
  while dd if=/dev/zero of="$DISK/fill.$i" bs=4096 count=1 status=none 2>/dev/null; do
    i=$((i + 1))
  done
  rm -f "$DISK/fill.$i"
  for _ in $(seq 1 "${1:-0}"); do i=$((i - 1)); rm -f "$DISK/fill.$i"; done
}

# --- a full disk: one free page holds the counter, not a 250-line bill -----
STATE=$DISK/t1
till_start t1 "$A" "$STATE"
type_in t1 4000000000001 "pay cash"
wait_for t1 "^recorded bill t1-000001"
fill_disk 1
check "one page is left on the till's disk" 4 "$(free_kib)"
for _ in $(seq 1 250); do type_in t1 4000000000002; done
wait_for t1 "Gum" 250
type_in t1 "pay card"
wait_for t1 "PAYMENT REFUSED"
check "full disk: the payment is refused in plain words" 1 \
  "$(grep -c "the till's disk is full (.*No space left on device" "$WORK/t1.out" || true)"
check "full disk: nothing was stored" 1 "$(bills t1)"
check "full disk: no temporary file is left" 0 "$(temporaries "$STATE")"
check "full disk: the free page is free again" 4 "$(free_kib)"
check "full disk: the outbox holds nothing" 0 "$(ls "$STATE/outbox" | wc -l)"
type_in t1 4000000000001
wait_for t1 "the open sale is held"
check "the next customer's scan does not join the held sale" 250 \
  "$(grep -c "Gum" "$WORK/t1.out")"
rm -f "$DISK"/fill.*
type_in t1 "pay card"
wait_for t1 "^recorded bill t1-000002"
check "after the disk recovers the same sale is stored once, all its lines" "2 250" \
  "$(bills t1) $(lines_of t1-000002)"
type_in t1 4000000000001 "pay cash"
wait_for t1 "^recorded bill t1-000003"
check "the next sale has only its own line" 1 "$(lines_of t1-000003)"

# --- a read-only disk, with a hand-written number --------------------------
mount -o remount,ro "$DISK"
type_in t1 "billno HW-1" 4000000000001 "pay cash"
wait_for t1 "read-only"
check "read-only disk: the payment is refused and nothing stored" "1 0" \
  "$(grep -c "PAYMENT REFUSED.*read-only" "$WORK/t1.out") $(sql "SELECT count(*) FROM bills
     WHERE org_id = 'dur' AND bill_number = 'HW-1'")"
mount -o remount,rw "$DISK"
type_in t1 "pay cash"
wait_for t1 "^recorded bill HW-1"
check "read-only disk: once writable, the sale is stored once" "1 1" \
  "$(sql "SELECT count(*) FROM bills WHERE org_id = 'dur' AND bill_number = 'HW-1'") $(lines_of HW-1)"

# --- a full disk, hand-written number, and the cashier cancels -------------
fill_disk 0
type_in t1 "billno HW-2" 4000000000001 "pay cash"
wait_for t1 "PAYMENT REFUSED" 3
type_in t1 cancel
wait_for t1 "bill cancelled"
rm -f "$DISK"/fill.*
type_in t1 4000000000002 "pay cash"
wait_for t1 "^recorded bill t1-000004"
check "the cancelled sale was never stored" 0 \
  "$(sql "SELECT count(*) FROM bills WHERE org_id = 'dur' AND bill_number = 'HW-2'")"
check "the sale after it has only its own line" 1 "$(lines_of t1-000004)"
check "nothing is left unsent or half-written" "0 0" \
  "$(ls "$STATE/outbox" | wc -l) $(temporaries "$STATE")"
till_end t1
check "the till exits 4: a sale was refused" 4 "$RC"

# --- fsync fails (EIO) on the bill, the counter was kept ---------------------
mkdir -p "$WORK/t2/outbox" "$WORK/t2/rejected"   # so the first fsyncs are the sale's
# fsyncs 1 and 2 keep the counter (file, directory); 3 is the bill's.
# (LeakSanitizer cannot run under ptrace: off for the traced till.)
till_start t2 "$A" "$WORK/t2" env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:error=EIO:when=3
type_in t2 4000000000001 4000000000002 "pay card"
wait_for t2 "PAYMENT REFUSED"
check "fsync EIO: the refusal names the I/O error" 1 \
  "$(grep -c "I/O error (syncing .*Input/output error" "$WORK/t2.out" || true)"
check "fsync EIO: nothing stored, nothing left behind" "0 0 0" \
  "$(bills t2) $(ls "$WORK/t2/outbox" | wc -l) $(temporaries "$WORK/t2")"
type_in t2 "pay card"
wait_for t2 "^recorded bill"
check "fsync EIO: the retry stores the sale once, under the number it reserved" \
  "1 t2-000001 2" \
  "$(bills t2) $(sql "SELECT bill_number FROM bills WHERE org_id = 'dur' AND till_id = 't2'") \
$(lines_of t2-000001)"
till_end t2
check "the till exits 0: the refused payment completed" 0 "$RC"

# --- the back office goes away and comes back while the till runs ----------
till_start t3 "127.0.0.1:$PORT_B" "$WORK/t3"
type_in t3 4000000000001 4000000000001
wait_for t3 "total 5.00"
ts_stop_posd posd-b
type_in t3 "pay cash"
wait_for t3 "not yet acknowledged"
check "server down: the bill waits in the outbox" "0 1" \
  "$(bills t3) $(ls "$WORK/t3/outbox" | wc -l)"
# posd must not inherit the till's input FIFO, or the till never sees its end.
(for fd in $TILL_FDS; do eval "exec $fd>&-"; done; ts_start_posd posd-b "$PORT_B")
for _ in $(seq 1 100); do [ "$(bills t3)" -eq 1 ] && break; sleep 0.1; done
check "server back: the bill arrives while the till runs, without a restart" 1 "$(bills t3)"
wait_for t3 "(sent from the outbox)"
check "the till is still running and its outbox is empty" "yes 0" \
  "$(kill -0 "$t3_PID" && echo yes) $(ls "$WORK/t3/outbox" | wc -l)"
type_in t3 4000000000002 "pay cash"
wait_for t3 "^recorded bill t3-000002"
check "the till goes on selling" 2 "$(bills t3)"
till_end t3
check "the till exits 0: everything was recorded" 0 "$RC"
check "each bill was stored exactly once" 0 \
  "$(sql "SELECT count(*) FROM (SELECT 1 FROM bills WHERE org_id = 'dur'
          GROUP BY till_id, bill_number HAVING count(*) > 1) d")"

check_summary till_durability
