#!/usr/bin/env bash
# Installs ical.js (the locked version) into tests/ical/node_modules when it is missing; the ctest
# fixture ical_npm runs it once before every test that parses iCalendar with it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/ical.js" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
