#!/usr/bin/env bash
# Installs the locked FHIR tools (fhir, the R4 JSON schema, ajv, fhirpath, fhir-kit-client,
# @medplum/core; see package.json) into tests/fhir/node_modules when they are missing or older than
# package-lock.json. The ctest fixture fhir_npm runs it before fhir_validate and fhir_api.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stamp="$here/node_modules/.package-lock.json" # written by npm at the end of every install
if [[ ! -f "$stamp" || "$here/package-lock.json" -nt "$stamp" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
