# Start-up shared by the fault scripts (faults_*.sh): a copy of the example
# bot built against this hotcog build, the bot running, `hotcog watch` on it.
# Sourced with the script's arguments: <hotcog-build-dir>.
set -uo pipefail
HOTCOG_BUILD=$(cd "${1:?usage: $0 <hotcog-build-dir>}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotcog-faults.XXXXXX")
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$E2E_DIR/../../examples/bot/session.sh"
source "$E2E_DIR/scenario_lib.sh"
trap 'session_cleanup; rm -rf "$WORK"' EXIT
# Faults do not need the declaration-level decisions; their background scan
# would only compete for the CPU with the builds under test.
export HOTCOG_SEMANTIC_DEPS=0

# greeting TEXT: the sed expression that makes !hello answer TEXT.
greeting() { echo "s/reply(\"[^\"]*\")/reply(\"$1\")/"; }

# save_greeting TEXT: saves greeter.cpp so that !hello answers TEXT, without
# waiting; prints the watch output's line count from before the save.
save_greeting() {
  local from
  from=$(lines "$WATCH_OUT")
  sed -i -e "$(greeting "$1")" "$WORK/bot/cogs/greeter.cpp"
  echo "$from"
}

# reloads_greeting TEXT: saves it, waits for the reload, checks the answer.
reloads_greeting() {
  local line
  line=$(edit_and_wait cogs/greeter.cpp "$(greeting "$1")" '^Reloaded |^Build failed |^Built ') \
    || return 1
  expect_match "the next save" "$line" "Reloaded 1/1 cogs in *s (0 failed)" || return 1
  expect_eq "answer after the reload" "$(bot_say '!hello')" "$1"
}

# faults_start [WRAPPER...]: builds the bot (after running the function
# named by $BOT_PREPARE in its copy, if set), starts it (through WRAPPER, see
# bot_start) and the watcher.
faults_start() {
  echo "building the example bot in $WORK"
  bot_configure ${BOT_PREPARE:-} && bot_start "$@" && watch_start \
    || { echo "0 passed, 1 failed"; exit 1; }
}
