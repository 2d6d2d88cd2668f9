#!/usr/bin/env bash
# End-to-end scenarios for hot patching with worker threads and with patching
# switched off (issue 10): the arena host (test/e2e/arena) runs a registered
# worker thread that calls into the slow cog for as long as the script wants;
# a real `hotcog watch`, real ninja builds, real edits of slow.cpp.
#   patching_threads.sh <hotcog-build-dir>
source "$(dirname "$0")/arena_lib.sh"
arena_begin "$@"

# work_once: one job through the worker thread, released at once; prints
# what it answered when done ("work done N": N is what slow's code returns).
work_once() {
  local from
  from=$(lines "$BOT_OUT")
  expect_eq "job" "$(ask work)" "working" || return 1
  expect_eq "release" "$(ask release)" "released" || return 1
  wait_for "$BOT_OUT" "$from" '^arena: work done' 10 | sed 's/^arena: //'
}

# save_while_working N: the worker enters slow's work() and stays inside;
# slow.cpp is saved to return N; waits until the host says it holds the
# change back for the worker. Leaves HOST_FROM at the host's output before.
save_while_working() {
  HOST_FROM=$(lines "$BOT_OUT")
  expect_eq "job" "$(ask work)" "working" || return 1
  mark
  edit cogs/slow.cpp "s/return [0-9]*;  \/\/ WORK/return $1;  \/\/ WORK/"
  local waiting
  waiting=$(wait_for "$BOT_OUT" "$HOST_FROM" 'slow: waiting for 1 worker thread to reach a safe point' 120) || return 1
  echo "  $waiting"
}

# slow_result: the watcher's result line for slow in the batch after `mark`.
slow_result() { batch_line '^  slow: (patched|reloaded|refused|failed)'; }

# waited_at_least MS LINE: LINE says "applied after waiting N ms" with N >= MS.
waited_at_least() {
  [[ $2 =~ applied\ after\ waiting\ ([0-9]+)\ ms\ for\ worker\ threads\ to\ reach\ a\ safe\ point ]] \
    || { echo "  the result does not say that it waited"; return 1; }
  [ "${BASH_REMATCH[1]}" -ge "$1" ] || { echo "  waited ${BASH_REMATCH[1]} ms, held for $1 ms"; return 1; }
}

# applied_after_the_worker_left VALUE GLOB: slow.cpp is saved to return
# VALUE while the worker is inside work() and held there for a second:
# nothing is applied meanwhile. Once released, the call finishes in the old
# code, the result matches GLOB and says it waited, and the next job runs
# the new code.
applied_after_the_worker_left() {
  save_while_working "$1" || return 1
  sleep 1
  expect_no_line "result while the worker is inside" '^  slow: ' "$(watch_since "$BATCH_FROM")" || return 1
  expect_eq "release" "$(ask release)" "released" || return 1
  wait_for "$BOT_OUT" "$HOST_FROM" '^arena: work done 1$' 10 >/dev/null || return 1
  local line
  line=$(slow_result) || return 1
  expect_match "result" "$line" "$2" || return 1
  waited_at_least 1000 "$line" || return 1
  expect_eq "new code after the worker left" "$(work_once)" "work done $1"
}

patch_waits_for_the_worker_then_applies() {
  expect_eq "before" "$(work_once)" "work done 1" || return 1
  applied_after_the_worker_left 2 \
    "  slow: patched (applied after waiting * ms for worker threads to reach a safe point)"
}

# The worker never reaches its safe point within the bound (5 s): the
# patch is refused, saying why, and the host runs on with the old code.
patch_refused_when_the_worker_stays_inside() {
  save_while_working 3 || return 1
  local line
  line=$(slow_result) || return 1
  expect_match "result" "$line" "  slow: refused: 1 worker thread did not reach a safe point (hotcog::WorkerThread::safe_point) within 5 s, *running version kept*" \
    || return 1
  expect_eq "release" "$(ask release)" "released" || return 1
  wait_for "$BOT_OUT" "$HOST_FROM" '^arena: work done 1$' 10 >/dev/null || return 1
  expect_eq "old code still runs" "$(work_once)" "work done 1"
}

# hot_patching = false in the build dir's hotcog.toml: watch asks for full
# reloads (reload --no-patch) from a host that would patch.
toml_switch_makes_full_reloads() {
  watch_stop
  echo "hot_patching = false" >"$BOT_BUILD/hotcog.toml"
  watch_start --debounce-ms 100 || return 1
  mark
  edit cogs/slow.cpp 's/return 1;  \/\/ WORK/return 4;  \/\/ WORK/'
  local line ok=0
  line=$(slow_result) || ok=1
  rm "$BOT_BUILD/hotcog.toml"
  watch_stop
  watch_start --debounce-ms 100 || return 1
  [ $ok -eq 0 ] || return 1
  expect_match "result" "$line" "  slow: reloaded (hot patching disabled by the request: reload --no-patch, the tool's hot_patching setting)" \
    || return 1
  expect_eq "new code" "$(work_once)" "work done 4"
}

# A host started with HOTCOG_ENABLE_HOT_PATCHING=0 reloads in full; a full
# reload unmaps the old image, so it too waits for the worker inside it.
env_switch_makes_full_reloads_that_wait_for_the_worker() {
  bot_kill TERM
  bot_start env HOTCOG_ENABLE_HOT_PATCHING=0 || return 1
  applied_after_the_worker_left 5 \
    "  slow: reloaded (applied after waiting * ms for worker threads to reach a safe point; hot patching disabled in the host: HOTCOG_ENABLE_HOT_PATCHING=0 or HostOptions::hot_patching)"
}

arena_start
arena_scenario "a patch waits for a worker thread inside the cog, then applies" patch_waits_for_the_worker_then_applies
arena_scenario "a worker that stays inside past the bound: the patch is refused" patch_refused_when_the_worker_stays_inside
arena_scenario "hot_patching = false in hotcog.toml: a body edit is a full reload" toml_switch_makes_full_reloads
arena_scenario "HOTCOG_ENABLE_HOT_PATCHING=0: a full reload, after the worker left" env_switch_makes_full_reloads_that_wait_for_the_worker
finish
