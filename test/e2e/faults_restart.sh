#!/usr/bin/env bash
# Fault suite, restarts (issue 14, group 6): the host killed and restarted
# while `hotcog watch` runs, the watcher killed and restarted while the host
# runs. Each case: the right code runs afterwards, and every step that could
# not reach its peer says so in one line.
# Usage: faults_restart.sh <hotcog-build-dir>
source "$(dirname "$0")/faults_lib.sh"

host_killed_and_restarted() {
  local line
  bot_kill KILL  # its socket file stays behind, nobody listens on it
  line=$(edit_and_wait cogs/greeter.cpp "$(greeting "Hello, nobody home!")" '^Built |^Reloaded |^reload failed') \
    || return 1
  expect_match "cause" "$line" "Built greeter in *s; no host is running, nothing reloaded" || return 1
  bot_start || return 1
  expect_eq "the new host loads the last build" "$(bot_say '!hello')" "Hello, nobody home!" || return 1
  reloads_greeting "Hello, new host!"
}

watch_killed_and_restarted() {
  local old=$WATCH_PID line
  watch_kill KILL
  watch_start || return 1
  line=$(grep -m1 '^warning: the previous' "$WATCH_OUT")
  expect_match "cause" "$line" \
    "warning: the previous hotcog watch of this build dir (pid $old) was killed; its lock was released with it, taking over" \
    || return 1
  reloads_greeting "Hello, new watcher!" || return 1
  # Stopped cleanly this time: the next start has nothing to report.
  watch_kill INT
  watch_start || return 1
  if grep -q '^warning: the previous' "$WATCH_OUT"; then
    echo "  a clean stop was reported as a kill"
    return 1
  fi
  reloads_greeting "Hello, third watcher!"
}

edit_while_no_watch_runs() {
  local line
  watch_kill INT
  sed -i -e "$(greeting "Hello, edited offline!")" "$WORK/bot/cogs/greeter.cpp"
  watch_start || return 1
  line=$(wait_for "$WATCH_OUT" 0 '^Reloaded |^reload failed' 30) || return 1
  expect_match "the first build's images reach the host" "$line" "Reloaded 1/1 cogs in *s (0 failed)" \
    || return 1
  expect_eq "answer" "$(bot_say '!hello')" "Hello, edited offline!"
}

faults_start
scenario "the host killed and restarted while watch runs" host_killed_and_restarted
scenario "watch killed and restarted while the host runs" watch_killed_and_restarted
scenario "an edit made while no watch runs reaches the host" edit_while_no_watch_runs
scenarios_done
