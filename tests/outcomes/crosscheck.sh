#!/usr/bin/env bash
# The outcomes report against DuckDB: cohort_crosscheck draws N courses (default 20,000), builds
# backcare's report and writes the raw cohort as CSV; duckdb_check.mjs recomputes every claim's
# counts with SQL and fails on any difference. Usage: crosscheck.sh CROSSCHECK_BIN [N] [SEED].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
courses=${2:-20000}
seed=${3:-15}
dir=$(mktemp -d "${TMPDIR:-/tmp}/backcare-crosscheck.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$bin" --courses "$courses" --seed "$seed" --as-of 2026-06-30 --out "$dir" --repeat 3
node "$here/duckdb_check.mjs" "$dir"
