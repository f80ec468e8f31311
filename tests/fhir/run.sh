#!/usr/bin/env bash
# backcare's FHIR R4 read API (/fhir/R4) against a real server, checked with independent npm tools.
# Usage: tests/fhir/run.sh BACKCARE_BIN
# Makes a fresh demo database plus a second clinic, serves it on a free loopback port, logs in
# through /api/v1 and issues API tokens for the roles (tests/fhir/setup.mjs), then runs
# node --test on tests/fhir/*.test.mjs but validate.test.mjs (BACKCARE_FHIR_TESTS='./server.test.mjs'
# runs only those).
# Needs Node >= 20.19; installs the locked npm packages when needed (tests/fhir/install.sh).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BACKCARE_BIN" >&2
  exit 2
fi
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
[[ -x "$bin" ]] || { echo "run.sh: not an executable: $bin" >&2; exit 2; }
"$here/install.sh"

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

db="sqlite:$tmp/demo.db"
"$bin" demo --db "$db" --no-serve --patients "${BACKCARE_FHIR_PATIENTS:-10}" --seed 18 \
  --logins-json "$tmp/logins.json" >"$tmp/demo.log" 2>&1 || {
  echo "run.sh: demo failed:" >&2; cat "$tmp/demo.log" >&2; exit 1; }

# The second clinic, for the isolation checks: its admin's password is random (12+ characters,
# nothing from the email) and given on standard input.
second_email="fhir-isolation-admin@second-clinic.example"
second_password="Zq$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$second_password" | "$bin" clinic create --db "$db" --name "FHIR Isolation Clinic" \
  --time-zone Europe/Berlin --admin-email "$second_email" --admin-name "Second Admin" \
  >"$tmp/clinic.log" 2>&1 || {
  echo "run.sh: clinic create failed:" >&2; cat "$tmp/clinic.log" >&2; exit 1; }

"$bin" serve --db "$db" --bind 127.0.0.1:0 >"$tmp/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 300); do
  port=$(grep -oE 'listening on https?://127\.0\.0\.1:[0-9]+' "$tmp/server.log" | head -n1 | grep -oE '[0-9]+$' || true)
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: server exited before listening:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  sleep 0.1
done
[[ -n "$port" ]] || { echo "run.sh: server did not start in 30 s" >&2; cat "$tmp/server.log" >&2; exit 1; }
url="http://127.0.0.1:$port"

if ! (cd "$here" && node setup.mjs "$url" "$tmp/logins.json" "$second_email" "$second_password" \
      >"$tmp/env.json"); then
  echo "run.sh: setting up logins and tokens failed (server log tail follows)" >&2
  tail -n 20 "$tmp/server.log" >&2
  exit 1
fi

# Every test file that needs the server (validate.test.mjs needs none: ctest fhir_validate).
server_tests=$(cd "$here" && ls ./*.test.mjs | grep -v '^./validate\.test\.mjs$' | tr '\n' ' ')
status=0
(cd "$here" && BACKCARE_FHIR_URL="$url/fhir/R4" BACKCARE_FHIR_ENV="$tmp/env.json" \
  node --test --test-concurrency=1 --test-reporter=spec ${BACKCARE_FHIR_TESTS:-$server_tests}) || status=$?

if [[ $status -ne 0 ]]; then
  echo "run.sh: FHIR tests failed (server log tail follows)" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit $status
