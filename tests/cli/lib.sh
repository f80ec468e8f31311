# Shared by the tests/cli/*_test.sh scripts (sourced). Each check prints "ok NAME" or "FAIL NAME"
# with the output, and a failure sets fail=1; the script ends with `exit $fail`.
fail=0
check() {  # check NAME EXPECTED_EXIT EXPECTED_TEXT COMMAND...
  local name=$1 want_exit=$2 want_text=$3
  shift 3
  local output
  output=$("$@" 2>&1)
  local got=$?
  if [ "$got" != "$want_exit" ] || [[ "$output" != *"$want_text"* ]]; then
    echo "FAIL $name: exit $got (want $want_exit), output:"; echo "$output"
    echo "  (wanted text: $want_text)"
    fail=1
  else
    echo "ok $name"
  fi
}
unchanged() {  # unchanged NAME SQLITE_FILE DUMP_BEFORE (a `sqlite3 FILE .dump | sha256sum`)
  if [ "$(sqlite3 "$2" .dump | sha256sum)" != "$3" ]; then
    echo "FAIL $1: $2 changed"; fail=1
  else
    echo "ok $1: every row is still there"
  fi
}
