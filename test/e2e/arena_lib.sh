# What the hot patching scripts (patching_*.sh) share: the arena project
# (test/e2e/arena) driven through the bot session helpers (session.sh with
# HOST_NAME=arena) and the scenario bookkeeping (scenario_lib.sh).
#
#   source "$(dirname "$0")/arena_lib.sh"
#   arena_begin "$@"          # <hotcog-build-dir> [--asan] -> ASAN, WORK, ...
#   arena_start [WATCH_ARGS...]
#   arena_scenario "what it shows" function ...
#   finish
BOT_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/arena" && pwd)
HOST_NAME=arena
source "$(dirname "${BASH_SOURCE[0]}")/scenario_lib.sh"

# arena_begin HOTCOG_BUILD_DIR [--asan]: --asan builds the arena host and cogs
# with AddressSanitizer.
arena_begin() {
  e2e_begin "$1"
  ASAN=0
  HOST_CMAKE_ARGS=()
  if [ "${2:-}" = "--asan" ]; then
    ASAN=1
    HOST_CMAKE_ARGS=(-DCMAKE_CXX_FLAGS="-fsanitize=address -fno-omit-frame-pointer"
                     -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address
                     -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address)
  fi
}

# arena_start [WATCH_ARGS...]: builds the arena (each cog and the host must
# get a layout manifest), starts it and `hotcog watch --debounce-ms 100`; a
# failure ends the script with "0 passed, 1 failed".
arena_start() {
  echo "building the arena project in $WORK"
  if bot_configure && arena_has_manifests && bot_start && watch_start --debounce-ms 100 "$@"; then
    return 0
  fi
  echo "0 passed, 1 failed"
  exit 1
}

arena_has_manifests() {
  local cog
  for cog in mover keeper alpha beta slow; do
    [ -s "$BOT_BUILD/lib$cog.so.layouts" ] || { echo "no layout manifest for $cog"; return 1; }
  done
  [ -s "$BOT_BUILD/arena.layouts" ] || { echo "no layout manifest for the host"; return 1; }
}

# ask COMMAND: one command to the host, prints its answer without "arena: ".
ask() { bot_say "$1"; }

# edit FILE SED_EXPR: an editor save of a source of the copied project.
edit() { sed -i -e "$2" "$WORK/bot/$1"; }

# mark, then batch_line PATTERN: the first line the watcher printed after the
# mark that matches PATTERN (waits for it).
BATCH_FROM=0
mark() { BATCH_FROM=$(lines "$WATCH_OUT"); }
batch_line() { wait_for "$WATCH_OUT" "$BATCH_FROM" "$1" 180; }

# arena_scenario NAME FUNCTION: a scenario whose edits are undone after it
# (even when it failed), so that the next one starts from the original
# sources; it then waits for the batch that rebuilds them.
arena_scenario() {
  cp -r "$WORK/bot" "$WORK/bot.before"
  scenario "$1" "$2"
  # Only the files the scenario changed are written back (a copy of the whole
  # tree would also rewrite CMakeLists.txt: a CMake re-run and a rebuild of
  # every cog), in one burst; then the watcher settles (its background
  # rescans), so the next scenario's edit never races this batch.
  local changed
  changed=$(diff -rq "$WORK/bot.before" "$WORK/bot" | sed -n "s|^Files $WORK/bot.before/\(.*\) and .* differ$|\1|p")
  if [ -n "$changed" ]; then
    mark
    local f
    for f in $changed; do cp "$WORK/bot.before/$f" "$WORK/bot/$f"; done
    batch_line '^Reloaded |^Build failed ' >/dev/null
    watch_settle
  fi
  rm -rf "$WORK/bot.before"
}
