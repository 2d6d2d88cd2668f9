#!/usr/bin/env bash
# End-to-end against an INSTALLED hotcog (issue 12): `cmake --install` into a
# prefix, the example bot built with find_package(hotcog) from that prefix
# only, and the installed `hotcog watch` performing one real reload in it.
# (test/lit/cmake/install-tree.test checks the install tree's contents and
# that the bot builds; this proves the installed tool and runtime work.)
# Usage: installed_watch.sh <hotcog-build-dir>
source "$(dirname "$0")/scenario_lib.sh"
e2e_begin "$@"
HOTCOG_PREFIX=$WORK/prefix       # session.sh builds the bot against it
HOTCOG=$HOTCOG_PREFIX/bin/hotcog  # and runs this watch

built_from_the_prefix() {
  # The package came from the prefix, not from the build tree.
  expect_eq "hotcog_DIR" "$(sed -n 's/^hotcog_DIR:PATH=//p' "$BOT_BUILD/CMakeCache.txt")" \
    "$HOTCOG_PREFIX/lib/cmake/hotcog" || return 1
  expect_no_line "no build-tree paths" "$HOTCOG_BUILD" "$(cat "$BOT_BUILD/build.ninja")" || return 1
  expect_eq "watch binary" "$(readlink "/proc/$WATCH_PID/exe")" "$HOTCOG"
}

installed_watch_reloads() {
  expect_eq "before" "$(bot_say '!hello')" "Hello, world!" || return 1
  edit_and_wait cogs/greeter.cpp 's/Hello, world!/Hello, installed!/' '^Reloaded ' >/dev/null || return 1
  expect_line "one cog reloaded" '^Reloaded 1/1 cogs in .* \(0 failed\)$' "$(watch_since)" || return 1
  expect_eq "after" "$(bot_say '!hello')" "Hello, installed!"
}

echo "installing hotcog into $HOTCOG_PREFIX"
cmake --install "$HOTCOG_BUILD" --prefix "$HOTCOG_PREFIX" >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log"; echo "0 passed, 1 failed"; exit 1; }
export HOTCOG_SEMANTIC_DEPS=0  # one reload is the point, not the declaration scan
e2e_start

scenario "the bot and watch come from the install prefix" built_from_the_prefix
scenario "the installed watch reloads a cog in a host built against the prefix" installed_watch_reloads
finish
