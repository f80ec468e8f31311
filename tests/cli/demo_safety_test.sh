#!/usr/bin/env bash
# `backcare demo` never destroys data (issue 14 item 2): it writes only to a new or empty database,
# or over an earlier demo when given --replace. Pointed at a real clinic's database (a demo whose
# marker is cleared, i.e. a clinic the demo did not create), at a SQLite file of another program,
# or at an earlier demo without --replace, it exits 4 naming the database, and every row is still
# there (the dump of the file is byte-for-byte the same). On PostgreSQL too when
# BACKCARE_TEST_PG_URL is set. Usage: demo_safety_test.sh BACKCARE_BINARY
set -u
bin=${1:?usage: demo_safety_test.sh BACKCARE_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
demo() { "$bin" demo --no-serve --today 2025-11-20 --patients 12 "$@"; }

db="$tmp/demo.db"
check "demo into a new file" 0 "demo clinic created" demo --db "sqlite:$db"
check "an earlier demo needs --replace" 4 "sqlite:$db holds an earlier demo; pass --replace" \
  demo --db "sqlite:$db"
check "--replace replaces an earlier demo" 0 "demo clinic created" demo --db "sqlite:$db" --replace

# A real clinic: the same data with the demo marker cleared, as a clinic created by hand would be.
real="$tmp/clinic.db"
cp "$db" "$real"
sqlite3 "$real" "UPDATE clinics SET demo = 0"
before=$(sqlite3 "$real" .dump | sha256sum)
rows=$(sqlite3 "$real" "SELECT count(*) FROM patients")
check "a real clinic is refused" 4 "which is not a demo; backcare demo never writes over" \
  demo --db "sqlite:$real"
check "a real clinic is refused even with --replace" 4 "clinic 'Riverside Back Care (demo)' (id 1)" \
  demo --db "sqlite:$real" --replace
unchanged "real clinic" "$real" "$before"
[ "$(sqlite3 "$real" "SELECT count(*) FROM patients")" = "$rows" ] || { echo "FAIL patients lost"; fail=1; }

# Another program's SQLite file.
other="$tmp/other.db"
sqlite3 "$other" "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');"
before=$(sqlite3 "$other" .dump | sha256sum)
check "another program's file is refused" 4 "is not a backcare database" \
  demo --db "sqlite:$other" --replace
unchanged "other program's file" "$other" "$before"

if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  base=${BACKCARE_TEST_PG_URL%/*}
  psql -q -d "$BACKCARE_TEST_PG_URL" -c "CREATE DATABASE demo_safety" >/dev/null
  pg="$base/demo_safety"
  check "demo on postgresql" 0 "demo clinic created" demo --db "$pg"
  check "an earlier demo on postgresql needs --replace" 4 "holds an earlier demo" demo --db "$pg"
  psql -q -d "$pg" -c "UPDATE clinics SET demo = 0" >/dev/null
  count=$(psql -tA -d "$pg" -c "SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM audit_events)")
  check "a real clinic on postgresql is refused" 4 "which is not a demo" demo --db "$pg" --replace
  after=$(psql -tA -d "$pg" -c "SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM audit_events)")
  [ "$count" = "$after" ] || { echo "FAIL postgresql rows changed: $count -> $after"; fail=1; }
fi

[ $fail = 0 ] && echo "demo safety: all checks passed"
exit $fail
