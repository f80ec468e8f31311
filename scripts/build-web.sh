#!/usr/bin/env bash
# Builds the web app (web/) into web/dist, which the C++ build embeds in the binary
# (cmake/EmbedWebAssets.cmake): `npm ci` when package-lock.json changed since the last install, the
# type check and `vite build`, then a gzip copy of each text asset for clients that accept it.
# Usage: scripts/build-web.sh   (run by `make web`; quiet when there is nothing to do)
set -euo pipefail
cd "$(dirname "$0")/../web"

stamp=node_modules/.backcare-lock-sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

npm run --silent build
find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) \
  -exec gzip -9 -n -k -f {} \;
