#!/usr/bin/env bash
# Fault suite, the build (issue 14, group 3): ninja killed mid-build, the lock
# of a killed `hotcog watch`, truncated .ninja_log/.ninja_deps, the build dir
# deleted and re-created. Each case: the host stays alive, serves the last
# good code, and the watcher names the cause in one line.
# Usage: faults_build.sh <hotcog-build-dir>
source "$(dirname "$0")/faults_lib.sh"

ninja_killed_mid_build() {
  local from pid line
  from=$(save_greeting "Hello, killed!")
  pid=$(watch_ninja) || return 1
  kill -KILL "$pid"
  line=$(wait_for "$WATCH_OUT" "$from" '^ninja was killed|^Reloaded ' 60) || return 1
  expect_match "cause" "$line" \
    "ninja was killed by SIGKILL before it finished (not by hotcog); the next save builds again" \
    || return 1
  wait_for "$WATCH_OUT" "$from" '^Build failed for greeter ' 10 >/dev/null || return 1
  expect_eq "old code served" "$(bot_say '!hello')" "Hello, world!" || return 1
  reloads_greeting "Hello, after the kill!"
}

killed_watch_leaves_no_stale_lock() {
  local from old=$WATCH_PID line
  from=$(save_greeting "Hello, orphan!")
  watch_ninja >/dev/null || return 1
  watch_kill KILL  # mid-build: its ninja lives on, its lock file keeps its pid
  watch_start || return 1
  line=$(grep -m1 '^warning: the previous' "$WATCH_OUT")
  expect_match "recovered lock" "$line" \
    "warning: the previous hotcog watch of this build dir (pid $old) was killed; its lock was released with it, taking over" \
    || return 1
  reloads_greeting "Hello, new watcher!"
}

truncated_ninja_logs() {
  # Cut inside their headers: ninja starts both over, and says so.
  truncate -s 10 "$BOT_BUILD/.ninja_log"
  truncate -s 6 "$BOT_BUILD/.ninja_deps"
  local from line
  from=$(save_greeting "Hello, logs cut!")
  line=$(wait_for "$WATCH_OUT" "$from" '^warning: ninja: build log' 60) || return 1
  expect_match "cause" "$line" "warning: ninja: build log version invalid*; starting over" || return 1
  line=$(wait_for "$WATCH_OUT" "$from" '^warning: ninja: bad deps log' 60) || return 1
  expect_match "cause" "$line" "warning: ninja: bad deps log signature or version; starting over" \
    || return 1
  line=$(wait_for "$WATCH_OUT" "$from" '^Reloaded |^Build failed ' 60) || return 1
  expect_match "still reloads" "$line" "Reloaded 1/1 cogs in *" || return 1
  expect_eq "answer" "$(bot_say '!hello')" "Hello, logs cut!" || return 1
  # Cut in the middle of a record: ninja appends after the damage.
  truncate -s $(($(stat -c %s "$BOT_BUILD/.ninja_deps") / 2 + 1)) "$BOT_BUILD/.ninja_deps"
  from=$(save_greeting "Hello, deps cut!")
  # Ninja usually notices first ("premature end of file; recovering"); when
  # it does not, the watcher's own reader does.
  line=$(wait_for "$WATCH_OUT" "$from" "^warning: ninja|^Reloaded |^Build failed " 60) || return 1
  expect_match "cause" "$line" "warning: ninja*" || return 1
  [[ $line == "warning: ninja: premature end of file; recovering" ||
     $line == "warning: ninja's deps log is damaged ("* ]] || { echo "  not about the deps log"; return 1; }
  wait_for "$WATCH_OUT" "$from" '^Reloaded ' 60 >/dev/null || return 1
  expect_eq "answer" "$(bot_say '!hello')" "Hello, deps cut!"
}

build_dir_deleted_and_recreated() {
  local before from line
  before=$(bot_say '!hello')
  rm -rf "$BOT_BUILD"
  from=$(save_greeting "Hello, no build dir!")
  line=$(wait_for "$WATCH_OUT" "$from" '^the build dir |^Reloaded ' 60) || return 1
  expect_match "cause" "$line" \
    "the build dir $BOT_BUILD does not exist (deleted?); re-create it with cmake, then save again" \
    || return 1
  expect_eq "old code served" "$(bot_say '!hello')" "$before" || return 1
  local bot_from
  bot_from=$(lines "$BOT_OUT")
  bot_generate || return 1
  line=$(wait_for "$BOT_OUT" "$bot_from" 'serving the control socket again' 10) || return 1
  expect_match "the host's line" "$line" \
    "hotcog: the build dir was re-created; serving the control socket again at $BOT_BUILD/hotcog/control.sock" \
    || return 1
  reloads_greeting "Hello, new build dir!"
}

faults_start
scenario "ninja killed mid-build" ninja_killed_mid_build
scenario "a killed watch leaves no stale lock" killed_watch_leaves_no_stale_lock
scenario "truncated .ninja_log and .ninja_deps" truncated_ninja_logs
scenario "build dir deleted and re-created" build_dir_deleted_and_recreated
scenarios_done
