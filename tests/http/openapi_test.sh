#!/usr/bin/env bash
# Runs openapi_test.mjs: installs the npm dev dependencies (ajv, yaml) when missing, records real
# responses with http_api_test.py, lists the route table, then validates.
# Usage: tests/http/openapi_test.sh BACKCARE_BIN FIXTURE_BIN
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
backcare=${1:?usage: openapi_test.sh BACKCARE_BIN FIXTURE_BIN}
fixture=${2:?usage: openapi_test.sh BACKCARE_BIN FIXTURE_BIN}
if [ ! -d "$here/node_modules/ajv" ] || [ ! -d "$here/node_modules/yaml" ]; then
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$backcare" serve --list-routes > "$tmp/routes.json"
# The driver's own verdict is http_api's business; here only its recorded responses matter.
python3 "$here/http_api_test.py" --backcare "$backcare" --fixture "$fixture" \
  --samples "$tmp/samples.json" > "$tmp/driver.log" 2>&1 || true
if [ ! -s "$tmp/samples.json" ]; then
  cat "$tmp/driver.log" >&2
  echo "openapi_test: the driver recorded no responses" >&2
  exit 1
fi
node "$here/openapi_test.mjs" "$here/../../docs/openapi.yaml" "$tmp/routes.json" "$tmp/samples.json"
