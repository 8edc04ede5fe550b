# Shared shell functions for running the tillstream topology as plain
# processes: a private PostgreSQL, one or more posd, pos-terminal processes.
# Source it; every function expects ROOT (the repository) and WORK (a
# scratch directory) to be set.

ts_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ts_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ts_wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most).
ts_wait_port() {
  local _
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  ts_log "nothing listens on port $1"; return 1
}

# Configures and builds into BUILD (default ROOT/build) with ccache, -j2.
ts_build() {
  BUILD=${BUILD:-$ROOT/build}
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >"$WORK/cmake.log" 2>&1 ||
    { cat "$WORK/cmake.log" >&2; return 1; }
  cmake --build "$BUILD" -j "${JOBS:-2}" "$@" >"$WORK/build.log" 2>&1 ||
    { tail -50 "$WORK/build.log" >&2; return 1; }
}

# Starts a throwaway cluster unless POS_DATABASE_URL is already set.
ts_start_pg() {
  if [ -n "${POS_DATABASE_URL:-}" ]; then
    ts_log "using the database at POS_DATABASE_URL"
    return
  fi
  POS_DATABASE_URL=$(bash "$ROOT/deploy/pg-local.sh" start "$WORK/pg")
  export POS_DATABASE_URL
  TS_OWN_PG=1
  ts_log "private PostgreSQL 15 started: $POS_DATABASE_URL"
}

# A private CA, posd certificate and till CA in WORK/certs
# (deploy/make-certs.sh), made once; the client programs started from here
# trust that CA.
ts_make_certs() {
  if [ ! -s "$WORK/certs/server.crt" ]; then
    bash "$ROOT/deploy/make-certs.sh" "$WORK/certs" 2>/dev/null
  fi
  export POS_CA_CERT="$WORK/certs/ca.crt"
}

# The first platform_admin key (posd --bootstrap_platform_key), exported as
# POS_API_KEY for the tools started from here; kept when already set (a
# database of your own with keys in it: set POS_API_KEY yourself).
ts_bootstrap_key() {
  [ -n "${POS_API_KEY:-}" ] && return 0
  POS_API_KEY=$("$BUILD/posd" --database_url "$POS_DATABASE_URL" \
    --bootstrap_platform_key "${TS_KEY_NAME:-demo platform admin}" 2>>"$WORK/bootstrap.log") ||
    { cat "$WORK/bootstrap.log" >&2; return 1; }
  export POS_API_KEY
  ts_log "platform_admin key made (POS_API_KEY)"
}

# ts_start_posd NAME PORT: runs posd (TLS) in the background until ts_stop_all.
ts_start_posd() {
  local name=$1 port=$2
  ts_make_certs
  ts_bootstrap_key
  "$BUILD/posd" --listen "127.0.0.1:$port" --database_url "$POS_DATABASE_URL" \
    --tls_cert "$WORK/certs/server.crt" --tls_key "$WORK/certs/server.key" \
    --till_ca_cert "$WORK/certs/till-ca.crt" --till_ca_key "$WORK/certs/till-ca.key" \
    >"$WORK/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  ts_wait_serving "$name" "$port"
}

# ts_start_insecure_posd NAME PORT [POSD]: a plaintext posd (this tree's, or
# the binary POSD) on the same database, for benchmarks.
ts_start_insecure_posd() {
  local name=$1 port=$2 posd=${3:-$BUILD/posd}
  "$posd" --listen "127.0.0.1:$port" --database_url "$POS_DATABASE_URL" --insecure \
    >"$WORK/$name.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  ts_wait_serving "$name" "$port"
}

# ts_wait_serving NAME PORT: until posd NAME says it serves; its log if it dies.
ts_wait_serving() {
  local name=$1 port=$2
  for _ in $(seq 1 100); do
    if grep -q "serving on" "$WORK/$name.log"; then
      ts_log "$name listening on 127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null; then
      cat "$WORK/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
  ts_log "$name did not start"; cat "$WORK/$name.log" >&2; return 1
}

# ts_stop_posd NAME: SIGTERM and wait for the graceful drain.
ts_stop_posd() {
  local pidfile="$WORK/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

ts_stop_all() {
  local f
  for f in "$WORK"/*.pid; do [ -e "$f" ] && ts_stop_posd "$(basename "$f" .pid)"; done
  if [ -n "${TS_OWN_PG:-}" ]; then bash "$ROOT/deploy/pg-local.sh" stop "$WORK/pg"; fi
}

# ts_setup_org ORG DAY_DIR SERVER: org, 2 stores x 2 tills, catalog, customers,
# cashiers and a supervisor (their PINs go to posctl on stdin).
ts_setup_org() {
  local org=$1 day=$2 server=$3
  local ctl=("$BUILD/posctl" --server "$server")
  "${ctl[@]}" create-org "$org" "Demo Markets" EUR Europe/Berlin 49 >/dev/null
  for store in s001 s002; do
    "${ctl[@]}" create-store "$org" "$store" "Store $store" >/dev/null
    for till in t01 t02; do "${ctl[@]}" create-till "$org" "$store" "$till" >/dev/null; done
  done
  # The day starts with a catalog sync: the scripted items and the rest of
  # the range (DEMO_RANGE_ITEMS, barcodes 21...), followed as it progresses.
  python3 - "$day/catalog.csv" "${DEMO_RANGE_ITEMS:-60000}" >"$day/sync.csv" <<'PY'
import sys
print(open(sys.argv[1]).read().rstrip("\n"))
for i in range(int(sys.argv[2])):
    print(f"R{i:06d},Range item {i},{1 + i % 50}.{i % 100:02d},19,each,21{i:011d}")
PY
  "${ctl[@]}" sync-catalog "$org" main "$day/sync.csv" wait=yes
  while IFS=, read -r name mobile email; do
    "${ctl[@]}" enrol-customer "$org" "name=$name" "mobile=$mobile" "email=$email" >/dev/null
  done <"$day/customers.csv"
  while IFS=, read -r id name role pin; do
    "${ctl[@]}" set-cashier "$org" "$id" "$name" "$role" <<<"$pin" >/dev/null
  done <"$day/staff.csv"
}

# ts_set_demo_rules ORG SERVER: the billing rules the scripted day exercises.
ts_set_demo_rules() {
  "$BUILD/posctl" --server "$2" set-rules "$1" unique=yes scope=till window_days=30 \
    min=0.50 max=2000.00 out_of_range=flag outlier_prefixes=TRN by=demo \
    require_cashier=yes supervisor_discount_percent=20 reason="store day rules" >/dev/null
}

# ts_set_demo_loyalty ORG SERVER: loyalty the scripted day uses: tagging
# afterwards allowed for 7 days, Customer 0's welcome points, Customer 1's
# spring coupon (see loyalty_bills in deploy/demo/store_day.py).
ts_set_demo_loyalty() {
  local ctl=("$BUILD/posctl" --server "$2")
  "${ctl[@]}" set-loyalty "$1" retro_tag=yes retro_tag_days=7 by=demo \
    reason="store day loyalty" >/dev/null
  "${ctl[@]}" adjust-points "$1" +4915100000000 500 reason="welcome bonus" \
    request=welcome-0 >/dev/null
  "${ctl[@]}" create-coupon-series "$1" spring "Spring 2.00" 2.00 2020-01-01 2099-12-31 \
    >/dev/null
  "${ctl[@]}" issue-coupon "$1" spring customer=+4915100000001 code=SPRING-0001 >/dev/null
}

# ts_enrol_till ORG STORE TILL SERVER STATE_DIR: what a store's IT does once
# per new till: posctl enrol-till hands out a one-time code, and
# pos-terminal --enrol CODE makes the till's key in STATE_DIR and gets its
# certificate. Nothing to do when STATE_DIR already holds an enrolled till.
ts_enrol_till() {
  local org=$1 store=$2 till=$3 server=$4 state=$5 code
  [ -s "$state/till.id" ] && return 0
  code=$("$BUILD/posctl" --server "$server" enrol-till "$org" "$store" "$till" |
    awk '/^code /{print $2}')
  [ -n "$code" ] || { ts_log "no enrolment code for $org/$store/$till"; return 1; }
  "$BUILD/pos-terminal" --server "$server" --state_dir "$state" --enrol "$code" \
    >>"$WORK/enrolments.log" 2>&1 ||
    { tail -3 "$WORK/enrolments.log" >&2; return 1; }
}

# ts_run_till ORG STORE TILL SERVER SCRIPT: one terminal in the background
# (its pid is in $! afterwards), enrolled first if it is new.
ts_run_till() {
  local org=$1 store=$2 till=$3 server=$4 script=$5
  ts_enrol_till "$org" "$store" "$till" "$server" "$WORK/state-$store-$till" || return 1
  "$BUILD/pos-terminal" --server "$server" --org "$org" --store "$store" --till "$till" \
    --state_dir "$WORK/state-$store-$till" --input "$script" \
    >"$WORK/till-$store-$till.out" 2>"$WORK/till-$store-$till.err" &
}

# ts_wait_for FILE TEXT [TENTHS]: until FILE holds TEXT (default 30 s).
ts_wait_for() {
  for _ in $(seq 1 "${3:-300}"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  ts_log "gave up waiting for '$2' in $1"; return 1
}

# ts_offline_till ORG STORE TILL POSD_PORT CASHIER PIN BARCODE...: a till
# whose LAN (deploy/demo/lan.py, a forwarder in front of posd) is cut in the
# middle of the day. It rings one bill online, keeps ringing one bill per
# BARCODE while the LAN is down (priced from its catalog copy, kept in its
# outbox; TS_WHILE_OFFLINE, if set, is run after the first), and sends them
# once the LAN is back. Output in WORK/till-STORE-TILL.out.
ts_offline_till() {
  local org=$1 store=$2 till=$3 posd_port=$4 cashier=$5 pin=$6
  shift 6
  local lan_port out="$WORK/till-$store-$till.out" fifo="$WORK/till-$store-$till.in"
  lan_port=$(ts_free_port)
  python3 "$ROOT/deploy/demo/lan.py" "$lan_port" "$posd_port" &
  echo $! >"$WORK/lan.pid"
  ts_wait_port "$lan_port" || return 1
  ts_enrol_till "$org" "$store" "$till" "127.0.0.1:$lan_port" "$WORK/state-$store-$till" || return 1
  rm -f "$fifo"; mkfifo "$fifo"
  "$BUILD/pos-terminal" --server "127.0.0.1:$lan_port" --org "$org" --store "$store" \
    --till "$till" --state_dir "$WORK/state-$store-$till" --input "$fifo" \
    --max_attempts 2 --outbox_retry_max_ms 1000 >"$out" 2>&1 &
  local till_pid=$!
  exec 7>"$fifo"
  ts_wait_for "$out" "held on this till" || return 1  # its catalog copy
  printf 'signin %s %s\n%s\npay cash\n' "$cashier" "$pin" "$1" >&7
  ts_wait_for "$out" "^recorded bill" || return 1
  ts_log "the LAN of till $store/$till is cut"
  ts_stop_posd lan
  local n=0
  for barcode in "$@"; do
    printf '%s\npay cash\n' "$barcode" >&7
    n=$((n + 1))
    ts_wait_for "$out" "rung OFFLINE" || return 1
    # After the first offline bill: what happens meanwhile at the back office.
    if [ "$n" -eq 1 ] && [ -n "${TS_WHILE_OFFLINE:-}" ]; then eval "$TS_WHILE_OFFLINE"; fi
  done
  printf 'customer +4915100000000\n' >&7
  ts_wait_for "$out" "needs the back office" || return 1
  ts_log "the LAN is back"
  # 7>&-: the forwarder must not hold the till's input open past its end.
  python3 "$ROOT/deploy/demo/lan.py" "$lan_port" "$posd_port" 7>&- &
  echo $! >"$WORK/lan.pid"
  for _ in $(seq 1 100); do
    grep -q "reachable again" "$out" && break
    printf 'total\n' >&7  # between sales the till looks whether the link is back
    sleep 0.3
  done
  printf '%s\npay card\n' "$1" >&7
  exec 7>&-
  local rc=0
  wait "$till_pid" || rc=$?
  ts_stop_posd lan
  return "$rc"
}

# ts_web_day ORG SERVER DAY_DIR: what happens off the tills (files from
# deploy/demo/store_day.py): a web shop looks a learner up, creates the user,
# opens an invoice, adds a course and a book, records a payment and an
# instalment, commits and redeems the course; the ERP sends a web order and
# its partial refund (the refund twice: the resend is recognised).
ts_web_day() {
  local org=$1 server=$2 web=$3/web
  local ctl=("$BUILD/posctl" --server "$server")
  "${ctl[@]}" set-invoice-settings "$org" open_minutes=30 \
    'template=https://learn.example.com/start?enrolment={enrolment_id}&course={sku}'
  "${ctl[@]}" find-user "$org" email learner@example.com 2>/dev/null ||
    ts_log "no user learner@example.com yet: the web shop creates one"
  local user invoice
  user=$("${ctl[@]}" create-user "$org" "Lee Learner" email=learner@example.com ext=lms-1 |
    awk '/^user /{print $2}')
  invoice=$("${ctl[@]}" begin-invoice "$org" "$user" web-order-1 note="order 1" |
    awk '/^invoice /{print $2}')
  local n=0 sku name cost qty days
  while read -r sku name cost qty days; do
    case "$sku" in
      paid) "${ctl[@]}" add-invoice-payment "$org" "$invoice" web-pay-1 "$name" stripe \
              ch_demo_1 payee="Demo Learning" >/dev/null ;;
      scheduled) "${ctl[@]}" schedule-invoice-payment "$org" "$invoice" web-pay-2 "$name" \
                   "$(date -u -d '+1 month' +%F)" >/dev/null ;;
      *) n=$((n + 1))
         "${ctl[@]}" add-invoice-item "$org" "$invoice" "web-item-$n" "$sku" "${name//_/ }" \
           "$cost" "$qty" access_days="$days" >/dev/null ;;
    esac
  done <"$web/invoice.txt"
  "${ctl[@]}" commit-invoice "$org" "$invoice" >"$WORK/invoice.out"
  cat "$WORK/invoice.out"
  local code
  code=$(awk '/^item 1 /{print $NF}' "$WORK/invoice.out")
  "${ctl[@]}" redeem-item "$org" "$code" "$user" web-redeem-1
  "${ctl[@]}" record-purchase "$org" "$web/purchase-sale.json"
  "${ctl[@]}" record-purchase "$org" "$web/purchase-refund.json"
  "${ctl[@]}" record-purchase "$org" "$web/purchase-refund.json" | awk "NR == 1"
}
