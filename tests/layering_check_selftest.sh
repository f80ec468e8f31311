#!/usr/bin/env bash
# Proves layering_check.sh can fail: a tree with wrong-way includes must be rejected, naming
# each offending line, and a clean tree accepted.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/good/core/base" "$tmp/good/app" "$tmp/good/cli" "$tmp/good/testing" \
  "$tmp/bad/core/plan" "$tmp/bad/store/sqlite" "$tmp/bad/app" "$tmp/bad/cli"
printf '#include <vector>\n' > "$tmp/good/core/base/a.h"
printf '#include "core/base/a.h"\n' > "$tmp/good/app/b.cc"
printf '#include "testing/app_testing.h"\n#include <gtest/gtest.h>\n' > "$tmp/good/app/b_test.cc"
printf '#include "store/database.h"\n' > "$tmp/good/cli/c.cc"
printf '#include "store/open_store.h"\n#include <gtest/gtest.h>\n' > "$tmp/good/testing/t.cc"
printf '#include "store/x.h"\n#include <sqlite3.h>\n' > "$tmp/bad/core/plan/p.cc"
printf '#include "http/server.h"\n' > "$tmp/bad/store/sqlite/s.cc"
printf '#include "testing/app_testing.h"\n' > "$tmp/bad/app/a.cc"
printf '#include "store/memory/memory_store.h"\n' > "$tmp/bad/app/a_test.cc"
printf '#include "store/open_store.h"\n' > "$tmp/bad/cli/c.cc"

fail=0
if ! "$here/layering_check.sh" "$tmp/good" > "$tmp/good.out"; then
  echo "FAIL: clean tree rejected:"; cat "$tmp/good.out"; fail=1
fi
if "$here/layering_check.sh" "$tmp/bad" > "$tmp/bad.out"; then
  echo "FAIL: bad tree accepted"; fail=1
fi
expected="app/a.cc:1: layer 'app' may not include 'testing/' (#include \"testing/app_testing.h\")
app/a_test.cc:1: layer 'app' may not include 'store/' (#include \"store/memory/memory_store.h\")
cli/c.cc:1: layer 'cli' may not include 'store/' (#include \"store/open_store.h\")
core/plan/p.cc:1: layer 'core' may not include 'store/' (#include \"store/x.h\")
core/plan/p.cc:2: src/core may include only standard headers, found <sqlite3.h>
store/sqlite/s.cc:1: layer 'store' may not include 'http/' (#include \"http/server.h\")"
if [ "$(cat "$tmp/bad.out")" != "$expected" ]; then
  echo "FAIL: unexpected report:"; cat "$tmp/bad.out"; fail=1
fi
[ $fail = 0 ] && echo "layering self-test: 1 passed, 0 failed"
exit $fail
