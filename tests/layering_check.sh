#!/usr/bin/env bash
# Fails when an #include points the wrong way between layers, or a third-party header leaves the
# layer it is confined to. Usage: tests/layering_check.sh SRC_DIR
# Arrows (style.md): core -> std; store, exchange, app -> core; http, cli -> app, exchange, core.
set -u
src=${1:?usage: layering_check.sh SRC_DIR}
status=0

allowed_layers() {
  case "$1" in
    core) echo "core" ;;
    store) echo "core store" ;;
    exchange) echo "core exchange" ;;
    mail) echo "core mail" ;;
    app) echo "core app" ;;
    http) echo "core app exchange http" ;;
    cli) echo "core app exchange cli" ;;
    testing) echo "core store app exchange testing" ;;
    *) echo "" ;;
  esac
}

# third-party header prefix -> folders (under src/) allowed to include it
confined() {
  case "$1" in
    sqlite3.h) echo "store/sqlite" ;;
    pqxx/*|libpq-fe.h) echo "store/postgres" ;;
    sodium.h) echo "store http app/crypto" ;;
    boost/*) echo "http/server" ;;
    openssl/*) echo "http/server app/crypto" ;;
    qrencode.h) echo "exchange/qr" ;;
    curl/*) echo "mail" ;;
    nlohmann/*) echo "http/api cli exchange" ;;
    toml++/*) echo "exchange" ;;
    libical/*) echo "exchange/ical" ;;
    date/*) echo "exchange" ;;
    CLI/*) echo "cli" ;;
    *) echo "" ;;
  esac
}

while IFS= read -r file; do
  rel=${file#"$src"/}
  layer=${rel%%/*}
  [ "$rel" = "main.cc" ] && continue
  allowed=$(allowed_layers "$layer")
  # Every test may use the declared test-support layer (src/testing/); nothing else may.
  if [[ $rel == *_test.cc ]]; then allowed="$allowed testing"; fi
  while IFS= read -r line; do
    lineno=${line%%:*}
    text=${line#*:}
    if [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([a-z_]+)/ ]]; then
      target=${BASH_REMATCH[1]}
      # The CLI administers databases (migrate, backup, restore): store::Database is the one store
      # header it may include.
      [[ $layer == cli && $text == *'"store/database.h"'* ]] && continue
      if ! [[ " $allowed " == *" $target "* ]]; then
        echo "$rel:$lineno: layer '$layer' may not include '$target/' ($text)"
        status=1
      fi
    elif [[ $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
      header=${BASH_REMATCH[1]}
      # Test files may use the test framework; nothing else is exempt.
      [[ ( $rel == *_test.cc || $layer == testing ) && ( $header == gtest/* || $header == gmock/* ) ]] && continue
      if [ "$layer" = core ] && [[ $header == */* || $header == *.* ]]; then
        echo "$rel:$lineno: src/core may include only standard headers, found <$header>"
        status=1
        continue
      fi
      places=$(confined "$header")
      if [ -n "$places" ]; then
        ok=0
        for place in $places; do
          [[ $rel == "$place"/* ]] && ok=1
        done
        if [ $ok = 0 ]; then
          echo "$rel:$lineno: <$header> is confined to: $places"
          status=1
        fi
      fi
    fi
  done < <(grep -n '#[[:space:]]*include' "$file")
done < <(find "$src" -name '*.h' -o -name '*.cc' | sort)

exit $status
