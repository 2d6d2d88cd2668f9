# What the end-to-end scripts share: the set-up of a scratch dir and of the
# bot session (examples/bot/session.sh), named scenarios that are counted and
# show the watcher's output when they fail, and "N passed, M failed" at the end.
#
#   source "$(dirname "$0")/scenario_lib.sh"
#   e2e_begin "$@"                  # <hotcog-build-dir> -> HOTCOG_BUILD, WORK, session.sh
#   e2e_start [WATCH_ARGS...]       # bot built and started, then watch
#   scenario "what it shows" function ...
#   finish
#
# Scripts that set up their own session (source session.sh, then this file)
# use the same bookkeeping and end with `finish` (or its older name
# `scenarios_done`).

# e2e_begin HOTCOG_BUILD_DIR: sets HOTCOG_BUILD and a scratch WORK (removed at
# exit with the processes the session started), and sources session.sh.
e2e_begin() {
  set -uo pipefail
  HOTCOG_BUILD=$(cd "${1:?usage: $(basename "$0") <hotcog-build-dir>}" && pwd) || exit 2
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotcog-e2e.XXXXXX")
  source "$(dirname "${BASH_SOURCE[0]}")/../../examples/bot/session.sh"
  trap 'session_cleanup; rm -rf "$WORK"' EXIT
}

# e2e_start [WATCH_ARGS...]: builds and starts the bot, then the watcher
# (hotcog watch WATCH_ARGS...); a failure ends the script with "0 passed, 1 failed".
e2e_start() {
  echo "building the example bot in $WORK"
  bot_configure && bot_start && watch_start "$@" && return 0
  echo "0 passed, 1 failed"
  exit 1
}

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
    echo "  bot output:"; sed 's/^/    /' "${BOT_OUT:-/dev/null}" | tail -n 10
  fi
}
# finish: the bot must still run; prints the summary, exits 0 only if all passed.
finish() {
  if [ -n "${BOT_PID:-}" ] && ! kill -0 "$BOT_PID" 2>/dev/null; then
    echo "FAIL: the bot died"; failed=$((failed + 1))
  fi
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
scenarios_done() { finish; }
