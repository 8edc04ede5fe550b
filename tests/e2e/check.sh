# Assertions for the end-to-end scripts: check NAME EXPECTED ACTUAL, and a
# closing line in the "N passed, N failed" form.
passed=0
failed=0
check() {
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1)); echo "ok: $1"
  else
    failed=$((failed + 1)); echo "FAIL: $1: expected '$2', got '$3'"
  fi
}
check_summary() {  # check_summary NAME: prints the totals, fails on any failure
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
