#!/usr/bin/env bash
# Fault suite, many changes at once (issue 14, group 5): a 20-file burst,
# `git checkout` switching 50 files back and forth 10 times, a second
# `hotcog watch` on the same build dir.
# Usage: faults_burst.sh <hotcog-build-dir>
source "$(dirname "$0")/faults_lib.sh"

PARTS=50

# In the bot's copy: a cog "parts" whose !parts answers the values of 50
# small headers parts/part_NN.hpp (one TU, so a rebuild is one compile),
# committed to a git repository on two branches: "zeros" (every value 0)
# and "ones" (every value 1).
add_parts_cog() {
  mkdir -p parts
  local i cpp=cogs/parts.cpp
  {
    echo '#include <hotcog/cog.hpp>'
    echo '#include <string>'
    echo '#include "bot/commands.hpp"'
    for i in $(seq -w 1 $PARTS); do echo "#include \"parts/part_$i.hpp\""; done
    echo 'namespace {'
    echo 'void setup(hotcog::CogContext& ctx) {'
    echo '  auto* commands = ctx.service<bot::Commands>(bot::Commands::kServiceName);'
    echo '  commands->add(ctx, "parts", [](std::string_view) {'
    echo '    std::string all;'
    for i in $(seq -w 1 $PARTS); do echo "    all += std::to_string(part_$i);"; done
    echo '    return all;'
    echo '  });'
    echo '}'
    echo '}  // namespace'
    echo 'HOTCOG_COG(setup);'
  } >$cpp
  set_parts 0 $PARTS
  printf '%s\n' 'hotcog_add_cog(parts SOURCES cogs/parts.cpp)' \
    'target_include_directories(parts PRIVATE include .)' >>CMakeLists.txt
  git init -q -b zeros . && git add -A && git_q commit -q -m zeros \
    && git checkout -q -b ones && set_parts 1 $PARTS && git_q commit -q -am ones \
    && git checkout -q zeros
}
git_q() { git -c user.name=hotcog-test -c user.email=test@hotcog.invalid "$@"; }

# set_parts VALUE COUNT: writes VALUE into the first COUNT part headers.
set_parts() {
  local i
  for i in $(seq -w 1 "$2"); do
    printf '#pragma once\ninline constexpr int part_%s = %s;\n' "$i" "$1" >"parts/part_$i.hpp"
  done
}

# parts_answer FIRST REST: what !parts says when the first 20 parts hold
# FIRST and the others REST.
parts_answer() {
  local i out=""
  for i in $(seq 1 $PARTS); do if [ "$i" -le 20 ]; then out+=$1; else out+=$2; fi; done
  echo "$out"
}

twenty_file_burst_is_one_batch() {
  expect_eq "before" "$(bot_say '!parts')" "$(parts_answer 0 0)" || return 1
  local from line
  from=$(lines "$WATCH_OUT")
  (cd "$WORK/bot" && set_parts 7 20)  # 20 saves within a few milliseconds
  line=$(wait_for "$WATCH_OUT" "$from" '^Reloaded |^Build failed ' 60) || return 1
  expect_match "summary" "$line" "Reloaded 1/1 cogs in *s (0 failed)" || return 1
  local changes
  changes=$(tail -n "+$((from + 1))" "$WATCH_OUT" | grep '^change: ')
  expect_eq "change lines" "$(echo "$changes" | wc -l)" 1 || return 1
  expect_eq "files in the batch" "$(echo "$changes" | grep -o '(modified)' | wc -l)" 20 || return 1
  expect_eq "every change applied" "$(bot_say '!parts')" "$(parts_answer 7 0)" || return 1
  # Back to what the branch has, for the next case.
  (cd "$WORK/bot" && git checkout -q -- parts)
  wait_for "$WATCH_OUT" "$(lines "$WATCH_OUT")" '^Reloaded ' 60 >/dev/null
}

git_checkout_back_and_forth() {
  local i branch from line
  from=$(lines "$WATCH_OUT")
  # Pauses of 0 to 0.9 s: some switches land while a build runs, some
  # while the watcher still debounces the previous one.
  for i in $(seq 1 10); do
    for branch in ones zeros; do
      git -C "$WORK/bot" checkout -q "$branch" || return 1
      sleep "0.$((RANDOM % 10))"
    done
  done
  # The loop ended on zeros. One more switch that surely lands while ninja
  # compiles the previous one.
  git -C "$WORK/bot" checkout -q ones || return 1
  watch_ninja >/dev/null || return 1
  git -C "$WORK/bot" checkout -q zeros || return 1
  # Quiet now: wait until the watcher has nothing left to do.
  local quiet_from=0
  while [ "$quiet_from" != "$(lines "$WATCH_OUT")" ]; do
    quiet_from=$(lines "$WATCH_OUT")
    sleep 3
  done
  expect_eq "the last checkout runs" "$(bot_say '!parts')" "$(parts_answer 0 0)" || return 1
  line=$(tail -n "+$((from + 1))" "$WATCH_OUT" | grep -c '^Reloaded ')
  echo "  $line reloads for 22 checkouts"
}

second_watch_is_refused() {
  local out rc
  out=$("$HOTCOG" watch -C "$BOT_BUILD" 2>&1)
  rc=$?
  expect_eq "exit code" "$rc" 3 || return 1
  expect_eq "lines" "$(echo "$out" | wc -l)" 1 || return 1
  expect_match "cause" "$out" \
    "hotcog: error: another hotcog watch (pid $WATCH_PID) already watches $BOT_BUILD; stop it first (one watch per build dir)" \
    || return 1
  reloads_greeting "Hello, from the first watcher!"
}

BOT_PREPARE=add_parts_cog faults_start
scenario "a 20-file burst is one batch" twenty_file_burst_is_one_batch
scenario "git checkout of 50 files, back and forth 10 times" git_checkout_back_and_forth
scenario "a second watch on the build dir is refused" second_watch_is_refused
scenarios_done
