#!/usr/bin/env bash
# `hotcog doctor` on the real example: examples/bot configured by CMake
# against this build tree (hotcog_add_cog()'s real flags, real ELF images),
# its real host running. Everything passes (exit 0); once the host is gone,
# exactly the host check fails (exit 1). Usage: doctor_scenario.sh <hotcog-build-dir>
set -uo pipefail
HOTCOG_BUILD=$(cd "${1:?usage: doctor_scenario.sh <hotcog-build-dir>}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotcog-doctor.XXXXXX")
source "$(dirname "$0")/../../examples/bot/session.sh"
trap 'session_cleanup; rm -rf "$WORK"' EXIT

# A build without the scanner (the asan preset): the scanner check is not
# this test's subject, and watch would run without it the same way.
[ -x "$HOTCOG_BUILD/bin/hotcog-scan" ] || export HOTCOG_SEMANTIC_DEPS=0

fail() { echo "FAIL: $1"; sed 's/^/    /' "$WORK/doctor.out"; exit 1; }

bot_configure || fail "configure the example"
bot_start || fail "start the bot"

"$HOTCOG" doctor -C "$BOT_BUILD" >"$WORK/doctor.out" 2>&1
code=$?
[ "$code" = 0 ] || fail "doctor with the host running exited $code, expected 0"
grep -q '^all [0-9]* checks passed$' "$WORK/doctor.out" || fail "no 'all checks passed' line"
for cog in greeter echo counter; do
  grep -q "^  ok    cog $cog: .*hidden visibility, no STB_GNU_UNIQUE" "$WORK/doctor.out" \
    || fail "cog $cog's image not reported ok"
done
grep -q "^  ok    host: pid $BOT_PID answers" "$WORK/doctor.out" || fail "host not reported by its pid"
echo "PASS: all checks pass with the host running"

session_cleanup
"$HOTCOG" doctor -C "$BOT_BUILD" >"$WORK/doctor.out" 2>&1
code=$?
[ "$code" = 1 ] || fail "doctor without a host exited $code, expected 1"
[ "$(grep -c '^  FAIL' "$WORK/doctor.out")" = 1 ] || fail "expected exactly one FAIL line"
grep -q '^  FAIL  host: nothing listens on ' "$WORK/doctor.out" || fail "the FAIL line is not the host's"
echo "PASS: without the host, only the host check fails"
