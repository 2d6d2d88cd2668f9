# Shell helpers that drive a real bot and a real `hotcog watch` from a script:
# sourced by demo.sh and by the end-to-end tests (test/e2e). Each helper waits
# for a specific new output line, with a deadline, and fails with the tail of
# the relevant log when it does not come.
#
# Needs: HOTCOG_BUILD (hotcog's build dir) and WORK (a scratch dir) set.
# HOTCOG_PREFIX (optional): build the bot against hotcog installed there
# instead (find_package through CMAKE_PREFIX_PATH); set HOTCOG to its
# bin/hotcog to run the installed watch too.
# Another host project than the bot (test/e2e/arena): set BOT_SRC to its
# source dir and HOST_NAME to its executable, which says "<HOST_NAME>: ready"
# and answers each input line with one "<HOST_NAME>: ..." line; the bot_*
# helpers then drive it. HOST_CMAKE_ARGS (an array, optional): more CMake
# arguments for its build.

BOT_SRC=${BOT_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
HOST_NAME=${HOST_NAME:-bot}
HOTCOG=${HOTCOG:-$HOTCOG_BUILD/bin/hotcog}
BOT_BUILD=$WORK/bot-build
BOT_OUT=$WORK/bot.out
WATCH_OUT=$WORK/watch.out
BOT_PID=""
WATCH_PID=""

session_cleanup() {
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null && { wait "$WATCH_PID" 2>/dev/null || true; }
  if [ -n "$BOT_PID" ]; then
    exec 3>&- 2>/dev/null
    kill "$BOT_PID" 2>/dev/null && { wait "$BOT_PID" 2>/dev/null || true; }
  fi
  WATCH_PID="" BOT_PID=""
  return 0
}

# bot_configure [PREPARE...]: copies the example to $WORK/bot (edits never
# touch the repository), runs PREPARE in the copy if given (a test adding
# cogs of its own), and builds it against this hotcog build with the same
# compiler.
bot_configure() {
  rm -rf "$WORK/bot" && cp -r "$BOT_SRC" "$WORK/bot" || return 1
  if [ $# -gt 0 ]; then (cd "$WORK/bot" && "$@") || return 1; fi
  bot_generate
}

# bot_generate: (re-)creates the copied bot's build dir: CMake, then ninja.
bot_generate() {
  local cxx
  cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$HOTCOG_BUILD/CMakeCache.txt")
  local find_hotcog=-Dhotcog_DIR="$HOTCOG_BUILD"
  [ -n "${HOTCOG_PREFIX:-}" ] && find_hotcog=-DCMAKE_PREFIX_PATH="$HOTCOG_PREFIX"
  cmake -S "$WORK/bot" -B "$BOT_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER="$cxx" "$find_hotcog" ${HOST_CMAKE_ARGS[@]+"${HOST_CMAKE_ARGS[@]}"} \
        >"$WORK/configure.log" 2>&1 \
    || { cat "$WORK/configure.log"; return 1; }
  ninja -C "$BOT_BUILD" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; return 1; }
}

# wait_for FILE FROM_LINE PATTERN [SECONDS]: waits until a line after
# FROM_LINE of FILE matches PATTERN (grep -E); prints that line.
wait_for() {
  local file=$1 from=$2 pattern=$3 seconds=${4:-60} line
  local deadline=$((SECONDS + seconds))
  while [ $SECONDS -lt $deadline ]; do
    line=$(tail -n "+$((from + 1))" "$file" 2>/dev/null | grep -E -m1 -- "$pattern") && { echo "$line"; return 0; }
    sleep 0.05
  done
  echo "timed out after ${seconds}s waiting for /$pattern/ in $file; it ends with:" >&2
  tail -n 15 "$file" >&2
  return 1
}

lines() { wc -l <"$1"; }

# bot_start [WRAPPER...]: starts the bot (through WRAPPER, e.g. a command
# that mounts something first and then execs its arguments).
bot_start() {
  rm -f "$WORK/bot.in" && mkfifo "$WORK/bot.in"
  : >"$BOT_OUT"
  "$@" "$BOT_BUILD/$HOST_NAME" <"$WORK/bot.in" >"$BOT_OUT" 2>&1 &
  BOT_PID=$!
  exec 3>"$WORK/bot.in"
  wait_for "$BOT_OUT" 0 "^$HOST_NAME: ready" 30 >/dev/null
}

# bot_say COMMAND: sends one chat line and prints the bot's answer.
bot_say() {
  local from
  from=$(lines "$BOT_OUT")
  echo "$1" >&3
  wait_for "$BOT_OUT" "$from" "^$HOST_NAME: " 10 | sed "s/^$HOST_NAME: //"
}

# bot_kill [SIGNAL]: ends the bot (default SIGKILL: no clean-up at all).
bot_kill() {
  kill -"${1:-KILL}" "$BOT_PID" 2>/dev/null
  wait "$BOT_PID" 2>/dev/null
  exec 3>&- 2>/dev/null
  BOT_PID=""
}

# watch_kill [SIGNAL]: ends `hotcog watch` (default SIGKILL).
watch_kill() {
  kill -"${1:-KILL}" "$WATCH_PID" 2>/dev/null
  wait "$WATCH_PID" 2>/dev/null
  WATCH_PID=""
}

# watch_ninja: prints the pid of the ninja the watcher runs, as soon as it
# runs one (fails after 30 s).
watch_ninja() {
  local deadline=$((SECONDS + 30)) pid
  while [ $SECONDS -lt $deadline ]; do
    pid=$(pgrep -P "$WATCH_PID" -x ninja) && { echo "$pid"; return 0; }
    sleep 0.01
  done
  echo "no ninja started by the watcher within 30s" >&2
  return 1
}

watch_start() {
  : >"$WATCH_OUT"
  "$HOTCOG" watch -C "$BOT_BUILD" "$@" >"$WATCH_OUT" 2>&1 &
  WATCH_PID=$!
  wait_for "$WATCH_OUT" 0 '^watching ' 120 >/dev/null
}

# watch_settle: waits until the watcher runs no child process (a background
# declaration rescan after a build or a CMake re-run is one), giving it a
# second to start first. A header edit that meets such a rescan is decided
# conservatively (rightly: the rescan may have read the edit); scenarios
# about the decision itself settle first.
watch_settle() {
  sleep 1
  local i children
  for ((i = 0; i < 600; i++)); do
    children=$(cat /proc/"$WATCH_PID"/task/*/children 2>/dev/null)
    [ -z "$children" ] && return 0
    sleep 0.1
  done
  echo "the watcher still runs child processes after 60s" >&2
  return 1
}

# edit_and_wait FILE SED_EXPR PATTERN: edits a source of the copied bot with
# sed (in place, like an editor save) and waits for PATTERN from the watcher.
# Sets WATCH_FROM like do_and_wait.
edit_and_wait() {
  WATCH_FROM=$(lines "$WATCH_OUT")
  sed -i -e "$2" "$WORK/bot/$1"
  wait_for "$WATCH_OUT" "$WATCH_FROM" "$3" 120
}

# do_and_wait PATTERN COMMAND...: runs COMMAND in the copied bot's source dir
# (any change: a new file, a CMakeLists.txt edit, an editor's save sequence)
# and waits for PATTERN from the watcher. WATCH_FROM is left at the watcher's
# line count before COMMAND, for watch_since.
do_and_wait() {
  local pattern=$1
  shift
  WATCH_FROM=$(lines "$WATCH_OUT")
  (cd "$WORK/bot" && "$@") || { echo "command failed: $*" >&2; return 1; }
  wait_for "$WATCH_OUT" "$WATCH_FROM" "$pattern" 120
}

# watch_since [FROM]: the watcher's lines after line FROM (default WATCH_FROM).
watch_since() { tail -n "+$((${1:-$WATCH_FROM} + 1))" "$WATCH_OUT"; }

# watch_stays_quiet SECONDS [FROM]: fails, printing them, if the watcher wrote
# any line after FROM (default: now) within SECONDS.
watch_stays_quiet() {
  local from=${2:-$(lines "$WATCH_OUT")}
  sleep "$1"
  local said
  said=$(watch_since "$from")
  [ -z "$said" ] && return 0
  echo "  the watcher reacted:" >&2
  echo "$said" | sed 's/^/    /' >&2
  return 1
}

# watch_stop: stops the watcher (SIGTERM) and waits for it.
watch_stop() {
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null && { wait "$WATCH_PID" 2>/dev/null || true; }
  WATCH_PID=""
}
