# Scenario bookkeeping shared by the end-to-end scripts (sourced after
# examples/bot/session.sh): run named scenarios, count them, show the
# watcher's output when one fails, and end with "N passed, M failed".
passed=0 failed=0
expect_eq() {  # expect_eq WHAT ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then return 0; fi
  echo "  $1: got '$2', expected '$3'"
  return 1
}
# expect_line WHAT PATTERN TEXT: some line of TEXT matches PATTERN (grep -E).
expect_line() {
  grep -Eq -- "$2" <<<"$3" && return 0
  echo "  $1: no line matches /$2/ in:"
  sed 's/^/    /' <<<"$3"
  return 1
}
# expect_no_line WHAT PATTERN TEXT: no line of TEXT matches PATTERN.
expect_no_line() {
  grep -Eq -- "$2" <<<"$3" || return 0
  echo "  $1: unexpected line(s):"
  grep -E -- "$2" <<<"$3" | sed 's/^/    /'
  return 1
}
scenario() {  # scenario NAME FUNCTION
  echo "--- $1"
  if "$2"; then
    passed=$((passed + 1)); echo "PASS: $1"
  else
    failed=$((failed + 1)); echo "FAIL: $1"
    echo "  watch output:"; sed 's/^/    /' "$WATCH_OUT" | tail -n 20
  fi
}
# finish: the bot must still run; prints the summary, exits 0 only if all passed.
finish() {
  kill -0 "$BOT_PID" 2>/dev/null || { echo "FAIL: the bot died"; failed=$((failed + 1)); }
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
