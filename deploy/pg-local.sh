#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster in a private directory, for the demo and the tests.
#   pg-local.sh start DIR [PORT]   -> prints the database URL on stdout
#   pg-local.sh stop DIR           -> stops the cluster and removes DIR
#   pg-local.sh crash DIR          -> stops it at once (-m immediate, as a power cut)
#   pg-local.sh resume DIR         -> starts it again on its port (crash recovery)
# initdb refuses to run as root, so as root the cluster belongs to the 'postgres' user.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg-local.sh start|stop DIR [PORT]}
dir=${2:?usage: pg-local.sh start|stop DIR [PORT]}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

start_cluster() {  # start_cluster PORT
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start \
    -o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=256MB" >/dev/null ||
    { cat "$dir/data/server.log" >&2; exit 1; }
}

case "$cmd" in
  start)
    port=${3:-$(free_port)}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$dir"; chmod 700 "$dir"
      # The postgres user must be able to reach DIR: grant search (x) only on parents lacking it.
      p=$(dirname "$(readlink -f "$dir")")
      while [ "$p" != "/" ]; do
        [ "$(stat -c %A "$p" | cut -c10)" = "x" ] || [ "$(stat -c %A "$p" | cut -c10)" = "t" ] || chmod o+x "$p"
        p=$(dirname "$p")
      done
    fi
    as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    start_cluster "$port"
    as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres tillstream
    echo "postgresql://postgres@127.0.0.1:$port/tillstream"
    ;;
  crash)
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  resume)
    start_cluster "$(cat "$dir/port")"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-local.sh start|stop|crash|resume DIR [PORT]" >&2; exit 2 ;;
esac
