#!/usr/bin/env bash
# Web app speed benchmark (issue #13 item 6; docs/web.md, "Speed"): a fresh demo database served by
# BACKCARE_BIN on loopback, one patient given 60 NPRS check-ins through the API, then headless
# Chromium times the chart, the day view and note autosaves (bench/web_bench.mjs). Each figure is
# printed with its target and as a ratio to a baseline of the same run. Fails only when a
# correctness check fails, never on slowness.
# Usage: bench/web_bench.sh BACKCARE_BIN [WEB_DIST]
# Without WEB_DIST the server serves the build embedded in the binary (what ships); with it, that
# folder (--static-dir). REPS=N (default 20) and SAVES=N (default 40) in the environment change the
# repetitions. Needs Node >= 20.19, /usr/bin/chromium (or CHROMIUM=path), sqlite3, and
# tests/web/node_modules (`npm ci` in tests/web, done here when missing).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BACKCARE_BIN [WEB_DIST]" >&2
  exit 2
fi
bin=$(realpath "$1")
static_args=()
if [[ $# -eq 2 ]]; then
  dist=$(realpath "$2")
  [[ -f "$dist/index.html" ]] || { echo "web_bench: no index.html in $dist (run: make web)" >&2; exit 2; }
  static_args=(--static-dir "$dist")
fi
here=$(cd "$(dirname "$0")" && pwd)
tests_web="$here/../tests/web"

[[ -x "$bin" ]] || { echo "web_bench: not an executable: $bin" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "web_bench: sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 2; }
if [[ ! -d "$tests_web/node_modules/playwright-core" ]]; then
  (cd "$tests_web" && npm ci --no-audit --no-fund)
fi

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" demo --db "sqlite:$tmp/demo.db" --no-serve --patients 40 --logins-json "$tmp/logins.json" >"$tmp/demo.log" 2>&1 || {
  echo "web_bench: demo failed:" >&2; cat "$tmp/demo.log" >&2; exit 1; }

"$bin" serve --db "sqlite:$tmp/demo.db" --bind 127.0.0.1:0 --access-log off "${static_args[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 300); do
  port=$(grep -oE 'listening on https?://127\.0\.0\.1:[0-9]+' "$tmp/server.log" | head -n1 | grep -oE '[0-9]+$' || true)
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "web_bench: server exited before listening:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  sleep 0.1
done
[[ -n "$port" ]] || { echo "web_bench: server did not start in 30 s" >&2; cat "$tmp/server.log" >&2; exit 1; }

if ! node -e 'fetch(process.argv[1], {headers: {accept: "text/html"}}).then(async (r) =>
      process.exit(r.ok && (await r.text()).includes("<div id=\"app\"") ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/"; then
  echo "web_bench: the server does not serve the web app (built without web/dist? run: make web, or pass WEB_DIST)" >&2
  exit 1
fi

echo "load before: $(uptime)"
status=0
BACKCARE_URL="http://127.0.0.1:$port" BACKCARE_LOGINS="$tmp/logins.json" BACKCARE_DB="$tmp/demo.db" \
  node "$here/web_bench.mjs" || status=$?
echo "load after:  $(uptime)"
if [[ $status -ne 0 ]]; then
  echo "web_bench: FAILED (server log tail follows)" >&2
  tail -n 20 "$tmp/server.log" >&2
fi
exit $status
