#!/usr/bin/env bash
# Runs every benchmark executable (BUILD_DIR/bench/bench_*) one after another and prints its
# output; exits non-zero if any of them fails (a benchmark fails loudly when its own correctness
# check fails). Usage: bench/run.sh BUILD_DIR [extra arguments passed to every benchmark]
set -uo pipefail
build=${1:?usage: bench/run.sh BUILD_DIR [args...]}
shift
status=0
found=0
for bench in "$build"/bench/bench_*; do
  [ -x "$bench" ] && [ -f "$bench" ] || continue
  found=1
  echo "=== $(basename "$bench")"
  if ! "$bench" "$@"; then
    echo "=== $(basename "$bench") FAILED" >&2
    status=1
  fi
  echo
done
# The HTTP load benchmark: the release server under wrk on loopback (bench/http_bench.sh).
if [ -x "$build/backcare" ] && command -v wrk >/dev/null; then
  echo "=== http_bench"
  if ! "$(dirname "$0")/http_bench.sh" "$build/backcare"; then
    echo "=== http_bench FAILED" >&2
    status=1
  fi
  echo
fi
# The web app's speed in headless Chromium (bench/web_bench.sh), on the web/dist of this checkout
# (`make bench` does not build the web app); skipped without web/dist or chromium.
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -x "$build/backcare" ] && [ -f "$repo/web/dist/index.html" ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "=== web_bench"
  if ! "$repo/bench/web_bench.sh" "$build/backcare" "$repo/web/dist"; then
    echo "=== web_bench FAILED" >&2
    status=1
  fi
  echo
fi
# The outcomes report on 1 M synthetic courses against DuckDB (bench/cohort_bench.sh).
if [ -x "$build/tests/cohort_crosscheck" ] && command -v node >/dev/null; then
  echo "=== cohort_bench"
  if ! "$repo/bench/cohort_bench.sh" "$build"; then
    echo "=== cohort_bench FAILED" >&2
    status=1
  fi
  echo
fi
if [ $found = 0 ]; then
  echo "bench/run.sh: no bench_* executables in $build/bench (configure with -DBACKCARE_BENCH=ON)" >&2
  exit 1
fi
exit $status
