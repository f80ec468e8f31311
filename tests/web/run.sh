#!/usr/bin/env bash
# Browser tests of the web app against a real server on a fresh demo database.
# Usage: tests/web/run.sh BACKCARE_BIN [WEB_DIST]
# Without WEB_DIST the server serves the build embedded in BACKCARE_BIN (what `make test` checks);
# with it, that folder (--static-dir, for working on web/ without rebuilding the binary).
# BACKCARE_WEB_TESTS='./week.test.mjs' runs only those files (default: every ./*.test.mjs).
# Needs Node >= 20.19, /usr/bin/chromium (or CHROMIUM=path) and `npm ci` in tests/web (done here
# when the lockfile changed). Screenshots go to tests/web/screenshots/.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 BACKCARE_BIN [WEB_DIST]" >&2
  exit 2
fi
bin=$(realpath "$1")
static_args=()
if [[ $# -eq 2 ]]; then
  dist=$(realpath "$2")
  [[ -f "$dist/index.html" ]] || { echo "run.sh: no index.html in $dist (run: make web)" >&2; exit 2; }
  static_args=(--static-dir "$dist")
fi
here=$(cd "$(dirname "$0")" && pwd)

[[ -x "$bin" ]] || { echo "run.sh: not an executable: $bin" >&2; exit 2; }
# Installed again whenever the lockfile changed since the last install.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.backcare-installed-lock"; then
  (cd "$here" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.backcare-installed-lock)
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
  echo "run.sh: demo failed:" >&2; cat "$tmp/demo.log" >&2; exit 1; }

"$bin" serve --db "sqlite:$tmp/demo.db" --bind 127.0.0.1:0 --push-hosts 127.0.0.1 "${static_args[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 300); do
  port=$(grep -oE 'listening on https?://127\.0\.0\.1:[0-9]+' "$tmp/server.log" | head -n1 | grep -oE '[0-9]+$' || true)
  [[ -n "$port" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: server exited before listening:" >&2; cat "$tmp/server.log" >&2; exit 1
  fi
  sleep 0.1
done
[[ -n "$port" ]] || { echo "run.sh: server did not start in 30 s" >&2; cat "$tmp/server.log" >&2; exit 1; }
if ! node -e 'fetch(process.argv[1], {headers: {accept: "text/html"}}).then(async (r) =>
      process.exit(r.ok && (await r.text()).includes("<div id=\"app\"") ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/"; then
  echo "run.sh: the server does not serve the web app (built without web/dist? run: make web)" >&2
  exit 1
fi

mkdir -p "$here/screenshots"
status=0
(cd "$here" && BACKCARE_URL="http://127.0.0.1:$port" BACKCARE_LOGINS="$tmp/logins.json" \
  BACKCARE_SCREENSHOTS="$here/screenshots" \
  node --test --test-concurrency=1 --test-reporter=spec ${BACKCARE_WEB_TESTS:-./*.test.mjs}) || status=$?

if [[ $status -ne 0 ]]; then
  echo "run.sh: browser tests failed (server log tail follows)" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit $status
