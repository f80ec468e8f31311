#!/usr/bin/env bash
# Runs the demo: today, the default protocol's timeline and a sample course plan.
set -euo pipefail
bin=${1:-build/release/backcare}
"$bin" protocol show
