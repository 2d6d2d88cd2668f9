# Scenario bookkeeping for the end-to-end scripts (sourced after
# examples/bot/session.sh): each scenario is a function that returns non-zero
# on failure after saying why; the script ends with `scenarios_done`.
passed=0 failed=0

expect_eq() {  # expect_eq WHAT ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then return 0; fi
  echo "  $1: got '$2', expected '$3'"
  return 1
}

# expect_match WHAT LINE GLOB: LINE (one line of tool output) matches GLOB.
expect_match() {
  # shellcheck disable=SC2053 # the glob is the point
  if [[ $2 == $3 ]]; then echo "  $2"; return 0; fi
  echo "  $1: got '$2', expected a line like '$3'"
  return 1
}

scenario() {  # scenario NAME FUNCTION
  echo "--- $1"
  if "$2"; then
    passed=$((passed + 1)); echo "PASS: $1"
  else
    failed=$((failed + 1)); echo "FAIL: $1"
    echo "  watch output:"; sed 's/^/    /' "$WATCH_OUT" | tail -n 20 | cut -c1-300
    echo "  bot output:"; sed 's/^/    /' "$BOT_OUT" | tail -n 10
  fi
}

# scenarios_done: the host must still be there; prints the tally, fails if any failed.
scenarios_done() {
  if [ -n "$BOT_PID" ] && ! kill -0 "$BOT_PID" 2>/dev/null; then
    echo "FAIL: the bot died"; failed=$((failed + 1))
  fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
