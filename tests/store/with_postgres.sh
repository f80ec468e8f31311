#!/usr/bin/env bash
# Runs a command with a private PostgreSQL 15 server on loopback and BACKCARE_TEST_PG_URL set.
# Usage: tests/store/with_postgres.sh COMMAND [ARGS...]
# When BACKCARE_TEST_PG_URL is already set, the command runs against that server instead.
# The server lives in a temporary folder (initdb), listens on 127.0.0.1 on a free port with its
# socket in the same folder, and is stopped and removed on exit. Run as root, it runs the server
# as the `postgres` system user (initdb refuses root).
set -euo pipefail

if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  exec "$@"
fi

bin=${BACKCARE_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/initdb" ]; then
  echo "with_postgres.sh: $bin/initdb not found (install postgresql-15, or set BACKCARE_PG_BIN)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/backcare-pg.XXXXXX)
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$tmp"
  run_as=(runuser -u postgres --)
fi

cleanup() {
  "${run_as[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${run_as[@]}" "$bin/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 --locale=C \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

# Try a few random high ports until one starts (another run may hold the first choice).
started=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 30000))
  if "${run_as[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories=$tmp -p $port -c fsync=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ $started = 0 ]; then
  echo "with_postgres.sh: the server did not start; log follows" >&2
  cat "$tmp/server.log" >&2 || true
  exit 1
fi

export BACKCARE_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
"$@"
