#!/usr/bin/env bash
# Proves layering_check.sh can fail: a tree with wrong-way includes must be rejected, naming
# each offending line, and a clean tree accepted.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/good/core/base" "$tmp/good/app" "$tmp/bad/core/plan" "$tmp/bad/store/sqlite"
printf '#include <vector>\n' > "$tmp/good/core/base/a.h"
printf '#include "core/base/a.h"\n' > "$tmp/good/app/b.cc"
printf '#include "store/x.h"\n#include <sqlite3.h>\n' > "$tmp/bad/core/plan/p.cc"
printf '#include "http/server.h"\n' > "$tmp/bad/store/sqlite/s.cc"

fail=0
if ! "$here/layering_check.sh" "$tmp/good" > "$tmp/good.out"; then
  echo "FAIL: clean tree rejected:"; cat "$tmp/good.out"; fail=1
fi
if "$here/layering_check.sh" "$tmp/bad" > "$tmp/bad.out"; then
  echo "FAIL: bad tree accepted"; fail=1
fi
expected="core/plan/p.cc:1: layer 'core' may not include 'store/' (#include \"store/x.h\")
core/plan/p.cc:2: src/core may include only standard headers, found <sqlite3.h>
store/sqlite/s.cc:1: layer 'store' may not include 'http/' (#include \"http/server.h\")"
if [ "$(cat "$tmp/bad.out")" != "$expected" ]; then
  echo "FAIL: unexpected report:"; cat "$tmp/bad.out"; fail=1
fi
[ $fail = 0 ] && echo "layering self-test: 1 passed, 0 failed"
exit $fail
