#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests and prints the lines to export (connection string and the
# flag that makes PostgreSQL tests fail instead of skipping). Usage:
#   eval "$(scripts/postgres-test-cluster.sh start)"    ... tests ...    scripts/postgres-test-cluster.sh stop "$dir"
# The cluster lives in a temp folder on a free loopback port (never the system cluster, never port 5432), so
# parallel runs do not collide. As root the server runs as the "postgres" user (PostgreSQL refuses root).
set -euo pipefail

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

find_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && echo "$bin"
}

start() {
  local bin
  bin="$(find_bin || true)"
  if [ -z "$bin" ]; then
    echo "Installing postgresql ..." >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
    bin="$(find_bin)"
  fi

  local dir port
  dir="$(mktemp -d /tmp/hotline-pg-XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    run=(runuser -u postgres --)
  fi

  "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  "${run[@]}" psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE hotline LOGIN PASSWORD 'hotline' CREATEDB;" \
    -c "CREATE DATABASE hotline_test OWNER hotline;" >&2

  echo "export HOTLINE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=hotline_test;Username=hotline;Password=hotline'"
  echo "export HOTLINE_REQUIRE_POSTGRES=1"
  echo "export HOTLINE_TEST_POSTGRES_DIR='$dir'"
}

stop() {
  local dir="${1:-${HOTLINE_TEST_POSTGRES_DIR:-}}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  local bin run=()
  bin="$(find_bin)"
  if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
