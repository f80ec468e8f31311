#!/usr/bin/env bash
# The outcomes report at scale (issue #15): draws N synthetic courses in memory (default
# 1,000,000, about 20 M observations), builds the snapshot and the full report (warm: fastest and
# median of 10 runs), and recomputes the claims with DuckDB SQL over the same data written as CSV
# (tests/outcomes/duckdb_check.mjs); fails when any count differs. Prints both times and the ratio
# DuckDB / backcare (the baseline is DuckDB, measured in the same run).
# With --cold, also times the cold path: `backcare cohort generate` into SQLite (and PostgreSQL
# when pg_ctl is found), then `backcare report outcomes`, which loads the snapshot from the store.
# Usage: bench/cohort_bench.sh BUILD_DIR [COURSES] [--cold]
set -euo pipefail
build=${1:?usage: bench/cohort_bench.sh BUILD_DIR [COURSES] [--cold]}
courses=${2:-1000000}
cold=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/tests/outcomes/install.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/backcare-cohort-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ours=$("$build/tests/cohort_crosscheck" --courses "$courses" --seed 15 --as-of 2026-06-30 \
  --out "$dir" --repeat 10)
echo "backcare: $ours"
duck=$(node "$repo/tests/outcomes/duckdb_check.mjs" "$dir")
echo "$duck"
summary=$(echo "$duck" | tail -1)
python3 - "$ours" "$summary" <<'PY'
import json, sys
ours, duck = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ratio = duck["duckdb_query_ms"] / max(ours["report_median_ms"], 1e-3)
print("report: backcare %.1f ms (median, warm), DuckDB %d ms (+ %d ms CSV load): DuckDB / backcare = %.1fx"
      % (ours["report_median_ms"], duck["duckdb_query_ms"], duck["duckdb_load_ms"], ratio))
print("targets: report <= 100 ms %s; >= 10x faster than DuckDB %s"
      % ("met" if ours["report_median_ms"] <= 100 else "MISSED", "met" if ratio >= 10 else "MISSED"))
PY
if [ "$cold" = "--cold" ]; then
  db="$dir/cohort.db"
  start=$(date +%s.%N)
  "$build/backcare" cohort generate --db "sqlite:$db" --courses "$courses" --seed 15 \
    --as-of 2026-06-30 --json > "$dir/generate.json"
  echo "cold: generate into SQLite $(python3 -c "import sys; print('%.1f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")"
  start=$(date +%s.%N)
  "$build/backcare" report outcomes --db "sqlite:$db" --as-of 2026-06-30 --json > "$dir/cold.json"
  echo "cold: report outcomes from SQLite (loads the snapshot) $(python3 -c "import sys; print('%.1f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")"
  # The same on a private PostgreSQL server (tests/store/with_postgres.sh).
  "$repo/tests/store/with_postgres.sh" bash -c '
    set -euo pipefail
    start=$(date +%s.%N)
    "$1" cohort generate --db "$BACKCARE_TEST_PG_URL" --courses "$2" --seed 15 --as-of 2026-06-30 --json >/dev/null
    echo "cold: generate into PostgreSQL $(python3 -c "import sys; print(\"%.1f s\" % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")"
    start=$(date +%s.%N)
    "$1" report outcomes --db "$BACKCARE_TEST_PG_URL" --as-of 2026-06-30 --json > "$3/cold_pg.json"
    echo "cold: report outcomes from PostgreSQL (loads the snapshot) $(python3 -c "import sys; print(\"%.1f s\" % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")"
    cmp <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"population\"], d[\"claims\"])" "$3/cold.json") \
        <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d[\"population\"], d[\"claims\"])" "$3/cold_pg.json") \
      && echo "cold: the SQLite and PostgreSQL reports agree"
  ' _ "$build/backcare" "$courses" "$dir"
fi
