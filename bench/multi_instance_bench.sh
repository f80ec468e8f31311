#!/usr/bin/env bash
# Chart-read throughput of one `backcare serve` against two, both on one PostgreSQL database
# (issue #12: "2 instances on one PostgreSQL vs 1"). A private PostgreSQL (tests/store/
# with_postgres.sh) holds a demo clinic; wrk reads one patient's chart (GET /api/v1/patients/{id},
# session cookie) with CONNECTIONS connections for SECONDS: first all on instance A, then half on A
# and half on B at the same time. Prints requests/s and p99 of each, and the ratio two / one.
# Everything shares this machine's cores (PostgreSQL, both servers, wrk), so the ratio says what a
# second process costs or gains here; on separate machines the instances would not share a CPU.
# Fails when any request failed.
# The servers run with their default worker pools; THREADS=N in the environment sets --threads N.
# Usage: bench/multi_instance_bench.sh BACKCARE_BIN [SECONDS=5] [CONNECTIONS=64]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:?usage: multi_instance_bench.sh BACKCARE_BIN [SECONDS] [CONNECTIONS]}")
seconds=${2:-5}
connections=${3:-64}
command -v wrk >/dev/null || { echo "multi_instance_bench: wrk is not installed" >&2; exit 1; }
if [ -z "${BACKCARE_TEST_PG_URL:-}" ]; then
  exec "$here/../tests/store/with_postgres.sh" "$0" "$bin" "$seconds" "$connections"
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

db="backcare_bench_$$"
psql -q -d "$BACKCARE_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null
url="${BACKCARE_TEST_PG_URL%/*}/$db"
"$bin" demo --db "$url" --no-serve --logins-json "$tmp/logins.json" > "$tmp/demo.log"

port=""
start_server() {  # NAME; sets $port
  "$bin" serve --db "$url" --bind 127.0.0.1:0 --access-log off ${THREADS:+--threads "$THREADS"} \
    > /dev/null 2> "$tmp/$1.log" &
  pids+=($!)
  port=""
  for _ in $(seq 1 100); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$tmp/$1.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$tmp/$1.log" >&2; echo "multi_instance_bench: $1 did not start" >&2; exit 1; }
}
start_server a
port_a=$port

read -r email password < <(python3 -c '
import json, sys
for login in json.load(open(sys.argv[1])):
    if login["role"] == "therapist":
        print(login["email"], login["password"]); break' "$tmp/logins.json")
curl -sf -c "$tmp/cookies" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://127.0.0.1:$port_a/api/v1/login" >/dev/null
cookie="backcare_session=$(awk '$6 == "backcare_session" {print $7}' "$tmp/cookies")"
patient=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port_a/api/v1/patients" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

run() {  # NAME PORT CONNECTIONS
  wrk -t1 -c"$3" -d"${seconds}s" --latency -H "Cookie: $cookie" \
    "http://127.0.0.1:$2/api/v1/patients/$patient" > "$tmp/$1.wrk" 2>&1
  if grep -q 'Non-2xx or 3xx responses\|Socket errors' "$tmp/$1.wrk"; then
    cat "$tmp/$1.wrk" >&2
    echo "multi_instance_bench: $1 had failed requests" >&2
    exit 1
  fi
}
run one "$port_a" "$connections"
start_server b
port_b=$port
half=$((connections / 2))
run two_a "$port_a" "$half" &
wrk_a=$!
run two_b "$port_b" "$((connections - half))"
wait "$wrk_a"

python3 - "$tmp" "$connections" "$seconds" <<'PY'
import re, sys
tmp, connections, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
def parse(name):
    text = open("%s/%s.wrk" % (tmp, name)).read()
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
            ms(re.search(r"\s99%\s+(\S+)", text).group(1)))
one, a, b = parse("one"), parse("two_a"), parse("two_b")
two = a[0] + b[0]
print("multi_instance_bench: chart reads on one PostgreSQL, %s connections, %s s, one machine"
      % (connections, seconds))
print("1 instance : %8.0f req/s, p99 %.2f ms" % one)
print("2 instances: %8.0f req/s (A %.0f + B %.0f), p99 A %.2f ms, B %.2f ms"
      % (two, a[0], b[0], a[1], b[1]))
print("2 instances / 1 instance: %.2fx" % (two / one[0]))
PY
