#!/usr/bin/env bash
# The README demo, scripted: build the example bot, start it, start
# `hotcog watch`, edit the greeter cog, and see the running bot answer with
# the new code. Usage: examples/bot/demo.sh <hotcog-build-dir>
set -euo pipefail
HOTCOG_BUILD=$(cd "${1:?usage: demo.sh <hotcog-build-dir>}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotcog-demo.XXXXXX")
source "$(dirname "$0")/session.sh"
trap 'session_cleanup; rm -rf "$WORK"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "building the example bot (a copy in $WORK/bot)"
bot_configure
step "starting the bot"
bot_start
echo "> !hello"; echo "< $(bot_say '!hello')"
step "starting hotcog watch -C $BOT_BUILD"
watch_start
tail -n 3 "$WATCH_OUT"
step "editing cogs/greeter.cpp: \"Hello, world!\" -> \"Hello from the new code!\""
from=$(lines "$WATCH_OUT")
edit_and_wait cogs/greeter.cpp 's/Hello, world!/Hello from the new code!/' '^Reloaded '
# What the host did with the new image: a body edit keeps every layout, so
# it is hot-patched (no teardown, no setup, the registered command stays).
wait_for "$WATCH_OUT" "$from" '^  greeter: ' 30
answer=$(bot_say '!hello')
echo "> !hello"; echo "< $answer"
[ "$answer" = "Hello from the new code!" ] || { echo "demo: unexpected answer" >&2; exit 1; }
step "the bot never restarted (pid $BOT_PID); what it logged:"
cat "$BOT_OUT"
