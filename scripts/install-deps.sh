#!/usr/bin/env bash
# Installs the Debian packages backcare needs to build, test and run, skipping what is present.
# Usage: scripts/install-deps.sh            (build + test + demo dependencies)
# Every dependency is a Debian 12 package; see docs/dependencies.md for why each is here.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql
  libsodium-dev libhowardhinnant-date-dev tzdata libical-dev libcurl4-openssl-dev libzxcvbn-dev
  libqrencode-dev oathtool libcsv-dev
  python3-aiosmtpd
  libboost-dev libssl-dev openssl libgoogle-perftools-dev wrk
  clang-tidy-14 clang-format
  clang-14 libclang-rt-14-dev
  chromium poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Node.js and npm run the front-end and browser tests. Some images ship a Node.js that bundles npm
# (and conflicts with Debian's npm package), so look for the commands, not the packages.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

# The web app's build (Vite) needs Node.js 20.19 or later; say so rather than fail inside npm.
check_node() {
  local version major minor
  version=$(node --version 2>/dev/null | sed 's/^v//')
  major=${version%%.*}
  minor=${version#*.}; minor=${minor%%.*}
  if [ -z "$version" ] || [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    echo "install-deps: Node.js ${version:-none} found; the web app needs Node.js >= 20.19" >&2
    exit 1
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  check_node
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
check_node
