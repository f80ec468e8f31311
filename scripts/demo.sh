#!/usr/bin/env bash
# Runs the demo (`make demo`): the default protocol, then a fresh synthetic demo clinic in
# demo-data/demo.db (replacing an old one), its logins (also in demo-data/logins.json), and the
# clinic served at http://127.0.0.1:8080/ until Ctrl-C. Extra arguments go to `backcare demo`
# (e.g. --no-serve, --bind 0.0.0.0:8080, --today 2025-11-20).
set -euo pipefail
bin=${1:-build/release/backcare}
shift || true
"$bin" protocol show
mkdir -p demo-data
exec "$bin" demo --db sqlite:demo-data/demo.db --replace --logins-json demo-data/logins.json "$@"
