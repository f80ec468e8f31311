#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for SECONDS each, one after the other, from its committed
# seeds (fuzz/corpus/<target>, only read) with the new inputs it finds written to
# BUILD_DIR/runs/<target>, so the repository's corpus stays small; prints per target the
# executions, coverage (libFuzzer's final cov and ft) and findings.
# Usage: fuzz/run.sh BUILD_DIR SECONDS [RUNS]   (make fuzz: FUZZ_SECONDS, default 60)
# With RUNS, a target also stops after RUNS executions (a campaign: 10 M executions or an hour,
# whichever comes first; make fuzz-campaign). FUZZ_TARGETS="a b" runs only those targets.
# A finding (crash, sanitizer report, leak, timeout or broken invariant) is saved as
# BUILD_DIR/findings/<target>/crash-... (or leak-, timeout-, oom-); the script then exits 1.
set -uo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [RUNS]}
runs=${3:--1}
here=$(cd "$(dirname "$0")" && pwd)

failed=0
printf '%-14s %12s %8s %8s %9s %8s\n' target executions cov ft findings seconds
while read -r target; do
  [ -n "$target" ] || continue
  if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $target "* ]]; then continue; fi
  started=$(date +%s)
  work="$build/runs/$target"
  findings="$build/findings/$target"
  rm -rf "$work"
  mkdir -p "$work" "$findings"
  extra=()
  if [ -f "$here/$target.dict" ]; then extra+=("-dict=$here/$target.dict"); fi
  # -rss_limit_mb: ASan's shadow memory counts; -timeout: one input taking 10 s is a finding.
  "$build/${target}_fuzzer" -max_total_time="$seconds" -runs="$runs" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2560 -artifact_prefix="$findings/" "${extra[@]}" \
    "$work" "$here/corpus/$target" >"$build/runs/$target.log" 2>&1
  status=$?
  log="$build/runs/$target.log"
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # The last status line ("#N DONE cov: X ft: Y ..." or the last "#N ..." before a crash).
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  count=$(find "$findings" -type f | wc -l)
  printf '%-14s %12s %8s %8s %9s %8s\n' "$target" "${executions:-?}" "${cov:-?}" "${ft:-?}" "$count" \
    "$(($(date +%s) - started))"
  if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
    failed=1
    echo "  $target: see $log and $findings/" >&2
  fi
done <"$build/targets.txt"
exit $failed
