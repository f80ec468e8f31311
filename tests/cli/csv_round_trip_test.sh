#!/usr/bin/env bash
# `backcare export csv` and `backcare import csv` through the real binary (issue 18 item 4):
# a synthetic demo clinic exported, its patients, sessions and responses imported into an empty
# clinic (a demo with no patients: the same therapists), exported again and compared apart from
# the id columns (tests/cli/csv_compare.py; adherence is not imported, docs/csv.md); the imports
# audited and the chain intact; a file with one bad row at its end, a second import of the same
# file (duplicates) and --dry-run writing nothing; formula cells neutralised. On PostgreSQL too
# when BACKCARE_TEST_PG_URL is set (tests/store/with_postgres.sh).
# Usage: csv_round_trip_test.sh BACKCARE_BINARY
set -u
bin=${1:?usage: csv_round_trip_test.sh BACKCARE_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/lib.sh"

files="patients.csv courses.csv sessions.csv responses.csv"

demo() {  # demo URL PATIENTS
  "$bin" demo --no-serve --db "$1" --today 2025-11-20 --patients "$2" --seed 7 >/dev/null
}
round_trip() {  # round_trip NAME SOURCE_URL TARGET_URL OUT: export, import all three, export again
  local name=$1 source=$2 target=$3 out=$4
  check "$name: export" 0 "exported 8 patients" "$bin" export csv --db "$source" --out "$out/a"
  check "$name: import patients" 0 "imported 8 patients" \
    "$bin" import csv --db "$target" --in "$out/a/patients.csv" --kind patients
  check "$name: import sessions" 0 "imported" \
    "$bin" import csv --db "$target" --in "$out/a/sessions.csv" --kind sessions
  check "$name: import responses" 0 "imported" \
    "$bin" import csv --db "$target" --in "$out/a/responses.csv" --kind responses
  check "$name: export again" 0 "exported 8 patients" \
    "$bin" export csv --db "$target" --out "$out/b"
  # shellcheck disable=SC2086
  check "$name: the same files apart from ids" 0 same python3 "$here/csv_compare.py" \
    "$out/a" "$out/b" $files
  check "$name: the audit chain is intact" 0 "audit chain intact" \
    "$bin" audit verify --db "$target"
}

mkdir -p "$tmp/sqlite"
demo "sqlite:$tmp/a.db" 8
demo "sqlite:$tmp/b.db" 0
round_trip sqlite "sqlite:$tmp/a.db" "sqlite:$tmp/b.db" "$tmp/sqlite"
check "every imported patient is audited" 0 8 sqlite3 "$tmp/b.db" \
  "SELECT count(*) FROM audit_events WHERE action = 'patient.create'"
check "every imported response is audited" 0 \
  "$(($(wc -l < "$tmp/sqlite/a/responses.csv") - 1))" sqlite3 "$tmp/b.db" \
  "SELECT count(*) FROM audit_events WHERE action = 'response.create'"
check "a phone number starting with + is neutralised" 0 ",'+44 7700 9100" \
  cat "$tmp/sqlite/a/patients.csv"

before=$(sqlite3 "$tmp/b.db" .dump | sha256sum)
check "importing the same patients again: every duplicate named" 2 \
  "$tmp/sqlite/a/patients.csv:2: column email: duplicate: the same email as patient 1" \
  "$bin" import csv --db "sqlite:$tmp/b.db" --in "$tmp/sqlite/a/patients.csv" --kind patients
unchanged "after the duplicates" "$tmp/b.db" "$before"

demo "sqlite:$tmp/c.db" 0
before=$(sqlite3 "$tmp/c.db" .dump | sha256sum)
{ cat "$tmp/sqlite/a/patients.csv"; printf '99,Late,Row,1990-02-30,,\r\n'; } > "$tmp/bad.csv"
check "one bad row at the end: named, exit 2" 2 \
  "$tmp/bad.csv:10: column date_of_birth: expected a date YYYY-MM-DD" \
  "$bin" import csv --db "sqlite:$tmp/c.db" --in "$tmp/bad.csv" --kind patients
unchanged "one bad row writes nothing" "$tmp/c.db" "$before"
check "sessions of unknown patients: every row named" 2 \
  "$tmp/sqlite/a/sessions.csv:2: column patient_email: no patient of the clinic has this email" \
  "$bin" import csv --db "sqlite:$tmp/c.db" --in "$tmp/sqlite/a/sessions.csv" --kind sessions
check "a dry run says what it would do" 0 "dry run: would import 8 patients; nothing written" \
  "$bin" import csv --db "sqlite:$tmp/c.db" --in "$tmp/sqlite/a/patients.csv" --kind patients \
  --dry-run
unchanged "a dry run writes nothing" "$tmp/c.db" "$before"

if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  for name in csv_a csv_b; do
    psql -q -d "$BACKCARE_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null
  done
  pg_a="${BACKCARE_TEST_PG_URL%/*}/csv_a"
  pg_b="${BACKCARE_TEST_PG_URL%/*}/csv_b"
  demo "$pg_a" 8
  demo "$pg_b" 0
  mkdir -p "$tmp/pg"
  round_trip postgresql "$pg_a" "$pg_b" "$tmp/pg"
  # shellcheck disable=SC2086
  check "postgresql exports what sqlite exports" 0 same python3 "$here/csv_compare.py" \
    "$tmp/sqlite/a" "$tmp/pg/b" $files
  check "postgresql: duplicates refused" 2 "duplicate: the same email as patient" \
    "$bin" import csv --db "$pg_b" --in "$tmp/pg/a/patients.csv" --kind patients
else
  echo "skip postgresql (BACKCARE_TEST_PG_URL not set)"
fi
exit $fail
