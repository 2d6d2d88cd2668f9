#!/usr/bin/env bash
# End-to-end scenarios: a real bot host, a real `hotcog watch`, real ninja
# builds, real edits of a copy of examples/bot. Usage: bot_scenarios.sh <hotcog-build-dir>
source "$(dirname "$0")/scenario_lib.sh"
e2e_begin "$@"


body_change_reloads_one_cog() {
  expect_eq "before" "$(bot_say '!hello')" "Hello, world!" || return 1
  local line
  line=$(edit_and_wait cogs/greeter.cpp 's/Hello, world!/Hello, v2!/' '^Reloaded ') || return 1
  echo "  $line"
  [[ $line == "Reloaded 1/1 cogs in "*" (0 failed)" ]] || { echo "  unexpected summary"; return 1; }
  expect_eq "after" "$(bot_say '!hello')" "Hello, v2!"
}

shared_header_reloads_dependents_in_one_batch() {
  local line
  line=$(edit_and_wait include/bot/style.hpp \
    's|return std::string(text);|return "* " + std::string(text);|' '^Reloaded ') || return 1
  echo "  $line"
  [[ $line == "Reloaded 2/2 cogs in "*" (0 failed)" ]] || { echo "  expected greeter and echo in one batch"; return 1; }
  expect_eq "greeter" "$(bot_say '!hello')" "* Hello, v2!" || return 1
  expect_eq "echo" "$(bot_say '!echo hi')" "* hi"
}

syntax_error_keeps_old_version() {
  local line
  line=$(edit_and_wait cogs/greeter.cpp 's/Hello, v2!/Hello, v3!/; s/^namespace {$/namespace { int broken = ;/' \
    'error:') || return 1
  echo "  $line"
  [[ $line =~ greeter\.cpp:[0-9]+:[0-9]+:\ error: ]] || { echo "  expected file:line:col: error:"; return 1; }
  expect_eq "old answer still served" "$(bot_say '!hello')" "* Hello, v2!"
}

fix_after_error_reloads() {
  local line
  line=$(edit_and_wait cogs/greeter.cpp 's/ int broken = ;//' '^Reloaded ') || return 1
  echo "  $line"
  expect_eq "after fix" "$(bot_say '!hello')" "* Hello, v3!"
}

state_survives_reload() {
  expect_eq "1st" "$(bot_say '!count')" "count = 1" || return 1
  expect_eq "2nd" "$(bot_say '!count')" "count = 2" || return 1
  edit_and_wait cogs/counter.cpp 's/"count = "/"count is "/' '^Reloaded ' >/dev/null || return 1
  expect_eq "3rd" "$(bot_say '!count')" "count is 3"
}

cmake_rerun_reloads_nothing() {
  # CMake re-runs (every cog is planned), ninja relinks none of them: the host
  # is not asked to reload, so the counter keeps its state.
  local before line
  before=$(bot_say '!count')
  line=$(edit_and_wait CMakeLists.txt '$a # a comment' 'nothing to reload|^Reloaded ') || return 1
  echo "  $line"
  [[ $line == *"ninja relinked none of them, nothing to reload" ]] || { echo "  expected no reload"; return 1; }
  expect_eq "state kept" "$(bot_say '!count')" "${before/%[0-9]*/}$((${before##* } + 1))"
}

unused_header_declaration_reloads_nothing() {
  # A declaration added to the shared header that no cog uses: the scanner
  # (compile commands exported by hotcog_add_cog) says so, nothing is built.
  wait_for "$WATCH_OUT" 0 '^declaration-level decisions on' 60 >/dev/null \
    || { echo "  the declaration scan never finished"; return 1; }
  watch_settle || return 1
  local before line
  before=$(bot_say '!count')
  line=$(edit_and_wait include/bot/style.hpp \
    's|^}  // namespace bot::style|inline int unused_by_cogs() { return 1; }\n}  // namespace bot::style|' \
    '^skipped |^Reloaded |^Built ') || return 1
  echo "  $line"
  [[ $line == "skipped 2 cogs as unaffected (echo, greeter); "* ]] || { echo "  expected both skipped"; return 1; }
  expect_eq "state kept" "$(bot_say '!count')" "${before/%[0-9]*/}$((${before##* } + 1))"
}

unchanged_save_rebuilds_nothing() {
  local from
  from=$(lines "$WATCH_OUT")
  # Rewrite the file with identical content, the way an editor saves.
  cp "$WORK/bot/cogs/echo.cpp" "$WORK/echo.tmp" && mv "$WORK/echo.tmp" "$WORK/bot/cogs/echo.cpp"
  sleep 1.5
  local after
  after=$(tail -n "+$((from + 1))" "$WATCH_OUT")
  [ -z "$after" ] || { echo "  watcher reacted to a save without changes:"; echo "$after" | sed 's/^/    /'; return 1; }
}

# Last: stops watch (SIGINT, as a user would), then reads its --trace file
# back. The real host's reload replies carry its prepare/apply time points,
# so those slices are measured on the shared clock, not estimated.
trace_has_the_hosts_phases() {
  kill -INT "$WATCH_PID" && wait "$WATCH_PID"
  local status=$?
  WATCH_PID=""
  expect_eq "watch exit code" "$status" 0 || return 1
  local summary
  summary=$(python3 "$(dirname "$0")/../lit/tool/Inputs/check_trace.py" "$WORK/trace.json") || return 1
  echo "$summary" | sed 's/^/  /'
  grep -q "^batch 1: greeter -> .*; phases: detect debounce decide build prepare apply$" <<<"$summary" \
    || { echo "  expected the first batch to reload greeter, with every phase"; return 1; }
  expect_eq "host times" "$(tail -n 1 <<<"$summary")" "host times: measured"
}

e2e_start --trace "$WORK/trace.json"

scenario "body change reloads one cog" body_change_reloads_one_cog
scenario "shared header reloads its dependents in one batch" shared_header_reloads_dependents_in_one_batch
scenario "syntax error keeps the old version" syntax_error_keeps_old_version
scenario "fixing the error reloads" fix_after_error_reloads
scenario "state survives a reload" state_survives_reload
scenario "a CMake re-run that relinks nothing reloads nothing" cmake_rerun_reloads_nothing
scenario "a header declaration no cog uses reloads nothing" unused_header_declaration_reloads_nothing
scenario "a save without changes rebuilds nothing" unchanged_save_rebuilds_nothing
scenario "the trace has the host's prepare and apply" trace_has_the_hosts_phases
finish
