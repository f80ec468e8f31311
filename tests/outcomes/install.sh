#!/usr/bin/env bash
# Installs @duckdb/node-api (the locked version) into tests/outcomes/node_modules when it is
# missing; the ctest fixture duckdb_npm runs it once before the DuckDB cross-check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
