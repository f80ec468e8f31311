#!/usr/bin/env bash
# A fuzzing campaign (issue 17 item 3): every target of a fuzz build runs until RUNS executions
# (10 M) or SECONDS (an hour), whichever comes first, LANES targets at a time (2: the machine's
# cores), each through fuzz/run.sh; then one table of executions, coverage, findings and time.
# Usage: fuzz/campaign.sh BUILD_DIR [RUNS] [SECONDS]     (make fuzz-campaign)
#        FUZZ_TARGETS="a b" and FUZZ_LANES=N narrow it.
set -uo pipefail
build=${1:?usage: fuzz/campaign.sh BUILD_DIR [RUNS] [SECONDS]}
runs=${2:-10000000}
seconds=${3:-3600}
lanes=${FUZZ_LANES:-2}
here=$(cd "$(dirname "$0")" && pwd)
read -r -a targets <<<"${FUZZ_TARGETS:-$(tr '\n' ' ' <"$build/targets.txt")}"

pids=()
for ((lane = 0; lane < lanes; lane++)); do
  mine=()
  for ((i = lane; i < ${#targets[@]}; i += lanes)); do mine+=("${targets[i]}"); done
  [ ${#mine[@]} -gt 0 ] || continue
  FUZZ_TARGETS="${mine[*]}" "$here/run.sh" "$build" "$seconds" "$runs" \
    >"$build/campaign-$lane.txt" 2>&1 &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
head -1 "$build/campaign-0.txt"
for ((lane = 0; lane < lanes; lane++)); do
  [ -f "$build/campaign-$lane.txt" ] && tail -n +2 "$build/campaign-$lane.txt"
done
exit $failed
