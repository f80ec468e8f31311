#!/usr/bin/env bash
# `backcare cohort generate` through the real binary (issue 15 item 1): a cohort in a new SQLite
# file, its --json summary matching the rows in the tables, the same seed into a fresh file giving
# identical tables (every table but schema_version, whose applied_at is the real time, and every
# row's updated_at_us, the real time the store wrote it), another
# seed giving others, the audit trail verifying, and bad options (courses or clinics < 1, a
# malformed date, a database that cannot be opened) exiting 2 naming the option with nothing
# written; the same seed again into the same file is a conflict (exit 4) that changes nothing. On
# PostgreSQL too when BACKCARE_TEST_PG_URL is set.
# Usage: cohort_generate_test.sh BACKCARE_BINARY
set -u
bin=${1:?usage: cohort_generate_test.sh BACKCARE_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

generate() {  # generate FILE SEED: 300 courses in 2 clinics as of 2026-06-30, JSON summary
  "$bin" cohort generate --db "sqlite:$1" --courses 300 --seed "$2" --clinics 2 \
    --as-of 2026-06-30 --json
}
# every table but schema_version and clinic_vapid_keys (each clinic's Web Push key pair is fresh
# randomness, not something the seed decides), dumped in name order, store-set times zeroed
tables_digest() {
  local file=$1 table copy
  copy=$(mktemp "$tmp/digest.XXXXXX")
  cp "$file" "$copy"
  # updated_at_us is when the store wrote the row (the real time, docs/store.md), like
  # schema_version's applied_at: not part of what the seed decides.
  for table in $(sqlite3 "$copy" \
      "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
       WHERE m.type = 'table' AND c.name = 'updated_at_us'"); do
    sqlite3 "$copy" "UPDATE $table SET updated_at_us = 0"
  done
  for table in $(sqlite3 "$copy" \
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_version', 'clinic_vapid_keys') ORDER BY name"); do
    sqlite3 "$copy" ".dump $table"
  done | sha256sum
  rm -f "$copy"
}
field() {  # field FILE NAME: a number from a JSON summary
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}
without_seconds() {  # without_seconds FILE: a JSON summary without its timing
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s.pop("seconds"); print(s)' "$1"
}
count() {  # count FILE TABLE
  sqlite3 "$1" "SELECT count(*) FROM $2"
}

generate "$tmp/a.db" 42 > "$tmp/a.json"
check "a cohort in a new file" 0 '{"clinics":2,"therapists":6,"courses":300,"patients":300,' \
  cat "$tmp/a.json"
check "the summary counts the courses" 0 300 count "$tmp/a.db" courses
check "the summary counts the responses" 0 "$(field "$tmp/a.json" responses)" \
  count "$tmp/a.db" questionnaire_responses
check "the summary counts the sessions" 0 "$(field "$tmp/a.json" sessions)" \
  count "$tmp/a.db" sessions
check "the summary counts the adherence entries" 0 "$(field "$tmp/a.json" adherence_entries)" \
  count "$tmp/a.db" adherence_entries
check "the summary counts the dropouts" 0 "$(field "$tmp/a.json" dropouts)" \
  sqlite3 "$tmp/a.db" "SELECT count(*) FROM courses WHERE status = 'discontinued'"
check "every course has a baseline NPRS" 0 300 sqlite3 "$tmp/a.db" \
  "SELECT count(*) FROM questionnaire_responses WHERE checkpoint_id = 'baseline'"
check "nothing after the as-of date" 0 0 sqlite3 "$tmp/a.db" \
  "SELECT count(*) FROM questionnaire_responses WHERE taken_at_us >= 1782864000000000"
check "the audit trail verifies" 0 "" "$bin" audit verify --db "sqlite:$tmp/a.db"

generate "$tmp/b.db" 42 > "$tmp/b.json"
if [ "$(tables_digest "$tmp/a.db")" = "$(tables_digest "$tmp/b.db")" ]; then
  echo "ok the same seed gives identical tables"
else
  echo "FAIL the same seed gave different tables"; fail=1
fi
generate "$tmp/c.db" 43 > "$tmp/c.json"
if [ "$(tables_digest "$tmp/a.db")" != "$(tables_digest "$tmp/c.db")" ]; then
  echo "ok another seed gives other tables"
else
  echo "FAIL another seed gave the same tables"; fail=1
fi

before=$(sqlite3 "$tmp/a.db" .dump | sha256sum)
check "the same seed again conflicts" 4 "another clinic has this name" generate "$tmp/a.db" 42
unchanged "the conflict wrote nothing" "$tmp/a.db" "$before"

new="$tmp/new.db"
check "courses below 1" 2 "courses: expected at least 1, got 0" \
  "$bin" cohort generate --db "sqlite:$new" --courses 0 --seed 1
check "clinics below 1" 2 "clinics: expected at least 1, got 0" \
  "$bin" cohort generate --db "sqlite:$new" --courses 5 --seed 1 --clinics 0
check "a malformed as-of date" 2 "as_of: expected a date YYYY-MM-DD, got '2026-13-01'" \
  "$bin" cohort generate --db "sqlite:$new" --courses 5 --seed 1 --as-of 2026-13-01
check "errors as JSON" 2 '"path":"courses"' \
  "$bin" cohort generate --db "sqlite:$new" --courses 0 --seed 1 --json
if [ -e "$new" ]; then
  echo "FAIL bad options created $new"; fail=1
else
  echo "ok bad options wrote nothing"
fi
check "a database that cannot be opened" 2 "db: cannot open the database" \
  "$bin" cohort generate --db "sqlite:$tmp/missing/dir/x.db" --courses 5 --seed 1
check "a database URL of no kind" 2 "db: cannot open the database" \
  "$bin" cohort generate --db "mysql://nowhere" --courses 5 --seed 1

if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  psql -q -d "$BACKCARE_TEST_PG_URL" -c "CREATE DATABASE cohort_generate" >/dev/null
  pg="${BACKCARE_TEST_PG_URL%/*}/cohort_generate"
  "$bin" cohort generate --db "$pg" --courses 300 --seed 42 --clinics 2 --as-of 2026-06-30 \
    --json > "$tmp/pg.json"
  check "the same summary on postgresql" 0 "$(without_seconds "$tmp/a.json")" \
    without_seconds "$tmp/pg.json"
  check "the responses on postgresql" 0 "$(field "$tmp/a.json" responses)" \
    psql -tA -d "$pg" -c "SELECT count(*) FROM questionnaire_responses"
  check "the adherence entries on postgresql" 0 "$(field "$tmp/a.json" adherence_entries)" \
    psql -tA -d "$pg" -c "SELECT count(*) FROM adherence_entries"
  check "the audit trail verifies on postgresql" 0 "" "$bin" audit verify --db "$pg"
fi

[ $fail = 0 ] && echo "cohort generate: all checks passed"
exit $fail
