#!/usr/bin/env bash
# End-to-end: cogs come and go while a real bot and a real `hotcog watch` run
# (issue 12). A new hotcog_add_cog() is built and loaded without a restart, a
# renamed output is followed, a removed cog is unloaded, a CMake run by hand
# is noticed, a host target change asks for a restart (and a CMakeLists.txt
# edit that does not touch the host does not), a watched directory that is
# removed and recreated is watched again at once, and a CMakeLists.txt edit
# made while watch was stopped is followed when it starts.
# Usage: live_cogs.sh <hotcog-build-dir>
source "$(dirname "$0")/scenario_lib.sh"
e2e_begin "$@"

# write_dice VERSION: the source of a new cog answering !dice with "dice VERSION".
write_dice() {
  cat >cogs/dice.cpp <<COG
#include <hotcog/cog.hpp>

#include "bot/commands.hpp"

namespace {

void setup(hotcog::CogContext& ctx) {
  auto* commands = ctx.service<bot::Commands>(bot::Commands::kServiceName);
  commands->add(ctx, "dice", [](std::string_view) { return std::string("dice $1"); });
}

}  // namespace

HOTCOG_COG(setup);
COG
}
add_dice() {
  write_dice v1 &&
    printf '%s\n' 'hotcog_add_cog(dice SOURCES cogs/dice.cpp)' \
      'target_include_directories(dice PRIVATE include)' >>CMakeLists.txt
}

new_cog_is_built_and_loaded() {
  do_and_wait '^Reloaded ' add_dice || return 1
  local said
  said=$(watch_since)
  echo "$said" | sed 's/^/  /'
  expect_line "manifest" '^cog manifest changed: added dice$' "$said" || return 1
  expect_line "loaded" '^  dice: loaded' "$said" || return 1
  expect_no_line "no restart for a new cog" 'restart needed|open failed' "$said" || return 1
  expect_eq "new command" "$(bot_say '!dice')" "dice v1" || return 1
  # And it reloads like any other cog from now on.
  edit_and_wait cogs/dice.cpp 's/dice v1/dice v2/' '^Reloaded 1/1 ' >/dev/null || return 1
  expect_eq "edited" "$(bot_say '!dice')" "dice v2"
}

renamed_output_is_followed() {
  do_and_wait '^Reloaded ' sh -c \
    "echo 'set_target_properties(dice PROPERTIES OUTPUT_NAME dice_renamed)' >>CMakeLists.txt" \
    || return 1
  local said
  said=$(watch_since)
  echo "$said" | sed 's/^/  /'
  expect_line "manifest" '^cog manifest changed: output moved: dice$' "$said" || return 1
  expect_line "reloaded from the new file" '^  dice: (reloaded|patched)' "$said" || return 1
  [ -f "$BOT_BUILD/libdice_renamed.so" ] || { echo "  no libdice_renamed.so"; return 1; }
  # The host reads the next image from the new path.
  edit_and_wait cogs/dice.cpp 's/dice v2/dice v3/' '^Reloaded 1/1 ' >/dev/null || return 1
  expect_eq "after the rename" "$(bot_say '!dice')" "dice v3"
}

removed_cog_is_unloaded() {
  do_and_wait 'dice: unloaded' sed -i '/dice/d' CMakeLists.txt || return 1
  local said
  said=$(watch_since)
  echo "$said" | sed 's/^/  /'
  expect_line "manifest" '^cog manifest changed: removed dice$' "$said" || return 1
  expect_line "unloaded" '^  dice: unloaded \(removed from the cog manifest\)$' "$said" || return 1
  expect_eq "command gone" "$(bot_say '!dice')" "unknown command !dice" || return 1
  # Later batches do not trip over it.
  edit_and_wait cogs/greeter.cpp 's/Hello, world!/Hello, live!/' '^Reloaded ' >/dev/null || return 1
  expect_no_line "no stale cog" 'dice' "$(watch_since)" || return 1
  expect_eq "others still reload" "$(bot_say '!hello')" "Hello, live!"
}

cmake_run_by_hand_is_noticed() {
  # The cog is declared behind an option, then CMake is re-run by hand: no
  # watched source changes, the rewritten manifest alone brings the cog in.
  do_and_wait 'nothing to reload' sh -c "$(declare -f write_dice); write_dice v4 && \
    printf '%s\n' 'if(BOT_DICE)' 'hotcog_add_cog(dice SOURCES cogs/dice.cpp)' \
      'target_include_directories(dice PRIVATE include)' 'endif()' >>CMakeLists.txt" \
    >/dev/null || return 1
  do_and_wait '^Reloaded ' cmake -DBOT_DICE=ON "$BOT_BUILD" >/dev/null || return 1
  local said
  said=$(watch_since)
  echo "$said" | sed 's/^/  /'
  expect_line "manifest" '^cog manifest changed: added dice$' "$said" || return 1
  expect_eq "loaded" "$(bot_say '!dice')" "dice v4"
}

cmake_edit_is_not_a_host_change() {
  do_and_wait 'nothing to reload|^Reloaded ' sh -c "echo '# just a comment' >>CMakeLists.txt" \
    || return 1
  expect_no_line "no restart" 'restart needed' "$(watch_since)"
}

cmake_error_is_reported() {
  # CMake fails: its error is shown like a compiler's, the host keeps running
  # what it has; the fix builds again.
  do_and_wait '^Build failed ' sh -c "echo 'hotcog_add_cog(broken SOURCES)' >>CMakeLists.txt" \
    >/dev/null || return 1
  expect_line "error" 'HotcogCog.cmake:[0-9]+: error: hotcog_add_cog\(broken\): SOURCES is required' \
    "$(watch_since)" || return 1
  expect_eq "still served" "$(bot_say '!dice')" "dice v4" || return 1
  do_and_wait 'nothing to reload|^Reloaded ' sed -i '/hotcog_add_cog(broken/d' CMakeLists.txt >/dev/null \
    || return 1
  expect_no_line "fixed" 'failed' "$(watch_since)"
}

host_target_change_needs_restart() {
  do_and_wait 'restart needed' sh -c "echo '// more host code' >host/extra.cpp && \
    sed -i 's|host/commands.cpp)|host/commands.cpp host/extra.cpp)|' CMakeLists.txt" || return 1
  expect_line "host" '^host bot changed in the cog manifest: restart needed$' "$(watch_since)"
}

removed_directory_comes_back() {
  # Removed and recreated (a branch switch, `git stash`): watched again at
  # once, without waiting for a successful build.
  cp -r "$WORK/bot/cogs" "$WORK/cogs.saved" || return 1
  do_and_wait '^deleted: ' rm -rf cogs >/dev/null || return 1
  do_and_wait '^Reloaded ' cp -r "$WORK/cogs.saved" cogs >/dev/null || return 1
  local line
  line=$(edit_and_wait cogs/greeter.cpp 's/Hello, live!/Hello, again!/' '^Reloaded ') || return 1
  echo "  $line"
  expect_eq "seen after recreation" "$(bot_say '!hello')" "Hello, again!"
}

edit_while_watch_is_stopped() {
  # echo leaves CMakeLists.txt while no watch runs: the next watch re-runs
  # CMake before its initial build and unloads echo from the running host.
  watch_stop
  sed -i '/hotcog_add_cog(echo/d; s/IN ITEMS greeter echo counter/IN ITEMS greeter counter/' \
    "$WORK/bot/CMakeLists.txt" || return 1
  watch_start || return 1
  local said
  said=$(cat "$WATCH_OUT")
  echo "$said" | sed 's/^/  /'
  expect_line "manifest" '^cog manifest changed: removed echo$' "$said" || return 1
  expect_line "unloaded" '^  echo: unloaded ' "$said" || return 1
  expect_no_line "build ok" 'failed' "$said" || return 1
  expect_eq "command gone" "$(bot_say '!echo hi')" "unknown command !echo hi"
}

e2e_start

scenario "a new cog is built and loaded while host and watch run" new_cog_is_built_and_loaded
scenario "a renamed output is followed" renamed_output_is_followed
scenario "a removed cog is unloaded and reported" removed_cog_is_unloaded
scenario "a CMake run by hand is noticed" cmake_run_by_hand_is_noticed
scenario "a CMakeLists.txt edit is not a host change" cmake_edit_is_not_a_host_change
scenario "a CMake error is reported, and its fix builds again" cmake_error_is_reported
scenario "a host target change asks for a restart" host_target_change_needs_restart
scenario "a removed and recreated directory is watched again at once" removed_directory_comes_back
scenario "a CMakeLists.txt edit made while watch was stopped" edit_while_watch_is_stopped
finish
