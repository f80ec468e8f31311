#!/usr/bin/env bash
# Runs the real `backcare plan` (JSON and iCalendar output) for clinics in three time zones, with a
# cancellation and a therapist's time off so STATUS:CANCELLED and SEQUENCE bumps appear, and checks
# every feed with ical.js (check_feeds.mjs). Installs ical.js into tests/ical/node_modules first if
# it is missing (install.sh). Usage: tests/ical/check_feeds.sh BACKCARE_BINARY
set -euo pipefail
bin=$(realpath "${1:?usage: check_feeds.sh BACKCARE_BINARY}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$here/install.sh"

# zone, course start (a Monday shortly before a daylight-saving change), today, time off
cases=(
  "Europe/London 2024-03-18 2024-03-15 1:2024-04-22..2024-04-26"
  "America/New_York 2024-10-21 2024-10-18 1:2024-11-11..2024-11-15"
  "Australia/Sydney 2024-03-25 2024-03-22 1:2024-04-15..2024-04-19"
)
for case in "${cases[@]}"; do
  read -r zone start today off <<<"$case"
  args=(plan --start "$start" --tz "$zone" --availability "mon 09:00-12:00,thu 14:00-18:00"
        --therapists "$here/therapists.json" --today "$today" --course 7 --cancel 3
        --time-off "$off")
  "$bin" "${args[@]}" --json >"$work/plan.json"
  "$bin" "${args[@]}" --ics >"$work/patient.ics"
  "$bin" "${args[@]}" --ics-therapist 1 >"$work/t1.ics"
  "$bin" "${args[@]}" --ics-therapist 2 >"$work/t2.ics"
  echo "== $zone"
  node "$here/check_feeds.mjs" "$work/plan.json" "patient=$work/patient.ics" \
    "therapist:1=$work/t1.ics" "therapist:2=$work/t2.ics"
done
