#!/usr/bin/env bash
# First install (issue 14 item 1), through the real binary: `backcare clinic create` migrates a new
# SQLite file and creates a clinic with its first admin, whose password comes from stdin; the
# served clinic lets that admin log in. A second clinic joins the same database. A taken name, an
# email in use, a weak password, an unknown time zone or no password on stdin exit 2 or 4 naming
# the field, and the database is byte-for-byte unchanged. `clinic list` shows both clinics, and the
# audit trail verifies. With --invite no password is read: the printed one-time link sets the
# admin's password once (a second use is 410), and the admin then logs in. On PostgreSQL too when
# BACKCARE_TEST_PG_URL is set.
# Usage: clinic_create_test.sh BACKCARE_BINARY
set -u
bin=${1:?usage: clinic_create_test.sh BACKCARE_BINARY}
tmp=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

password='violet harbour lamp 7'
create() {  # create PASSWORD_LINE ARGS...: runs `clinic create` with PASSWORD_LINE on stdin
  local line=$1
  shift
  printf '%s\n' "$line" | "$bin" clinic create "$@"
}

db="$tmp/clinic.db"
url="sqlite:$db"
check "create a clinic in a new file" 0 "clinic 'Harbour Physio' created (id 1, Europe/London)" \
  create "$password" --db "$url" --name "Harbour Physio" --time-zone Europe/London \
  --admin-email lead@harbour.example --admin-name "Lea Lead"
check "a second clinic in the same database" 0 '"clinic_id":2,"name":"Dockside Back Care"' \
  create "$password x" --db "$url" --name "Dockside Back Care" --time-zone Europe/Dublin \
  --admin-email admin@dockside.example --json

"$bin" clinic create --db "$url" --name "Quay Clinic" --time-zone Europe/London \
  --admin-email quay@quay.example --invite --url http://127.0.0.1:9/ --json < /dev/null \
  > "$tmp/invite.json"
check "an invited admin gets a link, and no password is read" 0 \
  '"set_password_url":"http://127.0.0.1:9/set-password#token=' cat "$tmp/invite.json"
invite_url=$(grep -o '"set_password_url":"[^"]*"' "$tmp/invite.json" | cut -d'"' -f4)
token=${invite_url#http://127.0.0.1:9/set-password#token=}
check "the link names the given server" 0 "43" sh -c "printf %s '$token' | wc -c"

before=$(sqlite3 "$db" .dump | sha256sum)
check "a taken name" 4 "another clinic has this name" \
  create "$password" --db "$url" --name "Harbour Physio" --time-zone Europe/London \
  --admin-email other@harbour.example
check "an email in use" 4 "the email already has a login (one login per email in the installation)" \
  create "$password" --db "$url" --name "Third" --time-zone Europe/London \
  --admin-email lead@harbour.example
check "a weak password" 2 "admin_password: is a commonly used password" \
  create "password1234" --db "$url" --name "Third" --time-zone Europe/London \
  --admin-email third@example.org
check "an unknown time zone" 2 "time_zone: unknown time zone; expected an IANA name like Europe/London" \
  create "$password" --db "$url" --name "Third" --time-zone Europe/Atlantis \
  --admin-email third@example.org
check "no password on stdin" 2 "expected the password on the first line of standard input" \
  "$bin" clinic create --db "$url" --name "Third" --time-zone Europe/London \
  --admin-email third@example.org < /dev/null
check "errors as JSON" 2 '"path":"admin_email"' \
  create "$password" --db "$url" --name "Third" --time-zone Europe/London --admin-email nobody --json
unchanged "refused creates" "$db" "$before"

check "clinic list" 0 "2  Dockside Back Care  Europe/Dublin" "$bin" clinic list --db "$url"
check "clinic list --json" 0 '{"id":1,"name":"Harbour Physio","time_zone":"Europe/London","demo":false}' \
  "$bin" clinic list --db "$url" --json
check "the audit trail verifies" 0 "" "$bin" audit verify --db "$url"

# The admin logs in to the served clinic with the password given on stdin.
"$bin" serve --db "$url" --bind 127.0.0.1:0 --access-log off > /dev/null 2> "$tmp/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$tmp/server.log" | grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL the server did not start:"; cat "$tmp/server.log"; fail=1
else
  check "the admin logs in" 0 '"role":"admin"' curl -sf -c "$tmp/cookies" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"lead@harbour.example\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$port/api/v1/login"
  check "the admin sees their clinic" 0 '"name":"Harbour Physio"' \
    curl -sf -b "$tmp/cookies" "http://127.0.0.1:$port/api/v1/clinic"
  invited='heather quarry lantern 7'
  check "the invited admin sets a password" 0 '"purpose":"invite"' curl -sf \
    -H 'Content-Type: application/json' -d "{\"token\":\"$token\",\"password\":\"$invited\"}" \
    "http://127.0.0.1:$port/api/v1/set-password"
  check "the link works once" 0 "410" curl -s -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' -d "{\"token\":\"$token\",\"password\":\"$invited 2\"}" \
    "http://127.0.0.1:$port/api/v1/set-password"
  check "the invited admin logs in" 0 '"clinic_id":3,"patient_id":null,"restriction":null,"role":"admin"' curl -sf \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"quay@quay.example\",\"password\":\"$invited\"}" \
    "http://127.0.0.1:$port/api/v1/login"
fi

if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  psql -q -d "$BACKCARE_TEST_PG_URL" -c "CREATE DATABASE clinic_create" >/dev/null
  pg="${BACKCARE_TEST_PG_URL%/*}/clinic_create"
  check "create a clinic on postgresql" 0 "clinic 'Harbour Physio' created (id 1" \
    create "$password" --db "$pg" --name "Harbour Physio" --time-zone Europe/London \
    --admin-email lead@harbour.example
  check "an email in use on postgresql" 4 "already has a login" \
    create "$password" --db "$pg" --name "Second" --time-zone Europe/London \
    --admin-email lead@harbour.example
  check "nothing half-written on postgresql" 0 "1" \
    psql -tA -d "$pg" -c "SELECT count(*) FROM clinics"
fi

[ $fail = 0 ] && echo "clinic create: all checks passed"
exit $fail
