#!/usr/bin/env bash
# HTTP load benchmark on loopback: the release `backcare` serving a generated demo database,
# driven by wrk with 64 connections for a bounded time per endpoint. Reports requests/s, p50 and
# p99 for the signed-in identity (/api/v1/me: session lookup and JSON, no store), a patient's
# chart, their progress and a session-note write, each as a ratio to the
# trivial endpoint /healthz of the same server in the same run (wrk and the server share the
# machine's cores, so only ratios travel between machines). Fails when any request failed.
# Targets (docs/http.md): chart p99 <= 10 ms and chart throughput >= 50 % of /healthz.
# Usage: bench/http_bench.sh BACKCARE_BIN [SECONDS_PER_RUN=5] [CONNECTIONS=64]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: http_bench.sh BACKCARE_BIN [SECONDS] [CONNECTIONS]}
seconds=${2:-5}
connections=${3:-64}
command -v wrk >/dev/null || { echo "http_bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" demo --db "sqlite:$tmp/demo.db" --no-serve --logins-json "$tmp/logins.json" > "$tmp/demo.log"
"$bin" serve --db "sqlite:$tmp/demo.db" --bind 127.0.0.1:0 --access-log off --threads 128 \
  2> "$tmp/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$tmp/server.log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log" >&2; echo "http_bench: server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

# Log in as a therapist; pick a patient with a course and a booked session to hold a draft note.
read -r email password < <(python3 -c '
import json, sys
for login in json.load(open(sys.argv[1])):
    if login["role"] == "therapist":
        print(login["email"], login["password"]); break' "$tmp/logins.json")
curl -sf -c "$tmp/cookies" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/api/v1/login" > "$tmp/login.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$tmp/login.json")
cookie="backcare_session=$(awk '$6 == "backcare_session" {print $7}' "$tmp/cookies")"
api() { curl -sf -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$@"; }
api "$base/api/v1/patients" > "$tmp/patients.json"
read -r patient session < <(python3 - "$tmp/patients.json" "$base" "$cookie" <<'PY'
import json, sys, urllib.request
patients, base, cookie = sys.argv[1], sys.argv[2], sys.argv[3]
for patient in json.load(open(patients)):
    if not (patient["clinical"] or {}).get("active_course_id"):
        continue
    request = urllib.request.Request("%s/api/v1/patients/%d/plan" % (base, patient["id"]),
                                     headers={"Cookie": cookie})
    plan = json.load(urllib.request.urlopen(request))
    booked = [entry for entry in plan if entry["status"] == "booked"]
    if booked:
        print(patient["id"], booked[-1]["session_id"])
        break
PY
)
[ -n "${session:-}" ] || { echo "http_bench: no patient with a booked session" >&2; exit 1; }
note=$(api -X POST -d '{"soap":{"plan":"bench draft"}}' "$base/api/v1/sessions/$session/note" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

run() {  # NAME, then wrk arguments
  local name=$1
  shift
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" > "$tmp/$name.wrk" 2>&1
  if grep -q 'Non-2xx or 3xx responses\|Socket errors' "$tmp/$name.wrk"; then
    cat "$tmp/$name.wrk" >&2
    echo "http_bench: $name had failed requests" >&2
    exit 1
  fi
}
run healthz "$base/healthz"
run me -H "Cookie: $cookie" "$base/api/v1/me"  # session + JSON, no store: the HTTP layer's cost
run chart -H "Cookie: $cookie" "$base/api/v1/patients/$patient"
run progress -H "Cookie: $cookie" "$base/api/v1/patients/$patient/progress"
BENCH_COOKIE="$cookie" BENCH_CSRF="$csrf" run note_write -s "$here/http_note_put.lua" \
  "$base/api/v1/notes/$note"

python3 - "$tmp" "$connections" "$seconds" <<'PY'
import re, sys
tmp, connections, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
def parse(name):
    text = open("%s/%s.wrk" % (tmp, name)).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    return rps, p50, p99
base = parse("healthz")
print("http_bench: %s connections, %s s per run, wrk and server on the same machine" % (connections, seconds))
print("%-12s %10s %8s %8s %8s %8s %8s" % ("endpoint", "req/s", "x base", "p50 ms", "x base", "p99 ms", "x base"))
rows = {}
for name in ("healthz", "me", "chart", "progress", "note_write"):
    rps, p50, p99 = rows[name] = parse(name)
    print("%-12s %10.0f %8.2f %8.2f %8.2f %8.2f %8.2f" % (name, rps, rps / base[0], p50, p50 / base[1], p99, p99 / base[2]))
rps, _, p99 = rows["chart"]
print("target chart p99 <= 10 ms: %s (%.2f ms)" % ("met" if p99 <= 10 else "MISSED", p99))
print("target chart >= 50%% of /healthz req/s: %s (%.0f%%)" % ("met" if rps >= 0.5 * base[0] else "MISSED", 100 * rps / base[0]))
PY
