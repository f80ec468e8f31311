#!/usr/bin/env bash
# End-to-end test of `backcare demo --no-serve` and `backcare audit verify` on a SQLite file (and
# on PostgreSQL when BACKCARE_TEST_PG_URL is set):
# the demo database verifies, and each of the four kinds of tampering with the stored audit rows
# (edit, delete, insert, reorder; done with raw SQL after dropping the append-only triggers) makes
# `audit verify` exit 7 naming the first broken event. Usage: demo_audit_test.sh BACKCARE_BINARY
set -u
bin=${1:?usage: demo_audit_test.sh BACKCARE_BINARY}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

db="$tmp/demo.db"
check "demo" 0 "demo logins" \
  "$bin" demo --no-serve --db "sqlite:$db" --today 2025-11-20 --patients 24 --logins-json "$tmp/logins.json"
check "demo logins json" 0 '"role": "admin"' cat "$tmp/logins.json"
check "demo replaces the old demo" 0 "demo clinic created" \
  "$bin" demo --no-serve --db "sqlite:$db" --today 2025-11-20 --patients 24 --replace
check "demo bad date" 2 "today: expected a date YYYY-MM-DD, got '2025-13-01'" \
  "$bin" demo --no-serve --db "sqlite:$tmp/x.db" --today 2025-13-01
events=$(sqlite3 "$db" "SELECT count(*) FROM audit_events")
check "intact" 0 "audit chain intact: $events events" "$bin" audit verify --db "sqlite:$db"

tamper() {  # tamper NAME SQL EXPECTED_TEXT
  cp "$db" "$tmp/t.db"
  sqlite3 "$tmp/t.db" "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; $2" \
    || { echo "FAIL $1: SQL failed"; fail=1; return; }
  check "$1" 7 "$3" "$bin" audit verify --db "sqlite:$tmp/t.db"
}
tamper edited "UPDATE audit_events SET record_id = record_id + 1 WHERE seq = 5;" \
  "clinic 1: audit chain broken at event 5: hash does not match its contents"
tamper deleted "DELETE FROM audit_events WHERE seq = 5;" \
  "clinic 1: audit chain broken at event 5: expected seq 5, found seq 6"
tamper inserted "UPDATE audit_events SET seq = seq + 1000000 WHERE seq >= 5;
  UPDATE audit_events SET seq = seq - 999999 WHERE seq > 1000000;
  INSERT INTO audit_events SELECT clinic_id, 5, at_us, actor, role, 'patient.read', record_type,
    record_id, from_address, hash, hash FROM audit_events WHERE seq = 4;" \
  "clinic 1: audit chain broken at event 5: hash does not match its contents"
tamper reordered "UPDATE audit_events SET seq = 1000005 WHERE seq = 5;
  UPDATE audit_events SET seq = 5 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = 1000005;" \
  "clinic 1: audit chain broken at event 5: prev_hash does not match event 4"

# The same demo on PostgreSQL (BACKCARE_TEST_PG_URL, set by tests/store/with_postgres.sh): its
# use cases and the read-audit writer append to one chain at once; the demo used to stop after 4
# patients with "audit_events.seq: already exists" (issue 12).
if [ -n "${BACKCARE_TEST_PG_URL:-}" ]; then
  check "demo on postgresql" 0 "demo logins" \
    "$bin" demo --no-serve --db "$BACKCARE_TEST_PG_URL" --today 2025-11-20 --patients 24
  check "intact on postgresql" 0 "audit chain intact" "$bin" audit verify --db "$BACKCARE_TEST_PG_URL"
fi

[ $fail = 0 ] && echo "demo and audit verify: all checks passed"
exit $fail
