#!/usr/bin/env bash
# Fault suite, groups 1 and 2 (issue 14), and the control socket guards, end
# to end: a real bot host (a copy
# of examples/bot), a real `hotcog watch`, real ninja, real edits. Each case
# saves a broken version of a cog and asserts that
#   - the host is alive and still answers with the last good code, and
#   - `hotcog watch` names the cause in one line (matched in full).
# Usage: fault_scenarios_cog.sh <hotcog-build-dir>
#
# Every broken version is written from the pristine source (an editor save:
# temp file + rename), so the last good code stays the original one and no
# case waits for a repair build. The host runs with full reloads
# (HOTCOG_ENABLE_HOT_PATCHING=0): a hot patch runs no setup, teardown or
# save_state, so faults in them only show on a full reload.
source "$(dirname "$0")/scenario_lib.sh"
e2e_begin "$@"

export HOTCOG_ENABLE_HOT_PATCHING=0
# The watchdog of cog calls: short, so the hung setup costs little.
export HOTCOG_COG_CALL_TIMEOUT_MS=1500

# save FILE SED_EXPR: FILE becomes its pristine content edited by SED_EXPR,
# written the way editors save (a temp file renamed over it).
save() {
  sed -e "$2" "$WORK/pristine/$1" >"$WORK/save.tmp" || return 1
  cmp -s "$WORK/save.tmp" "$WORK/pristine/$1" && [ -n "$2" ] && { echo "  sed changed nothing in $1"; return 1; }
  mv "$WORK/save.tmp" "$WORK/bot/$1"
}

# cause FILE SED_EXPR REGEX: saves the variant and prints the watcher's cause
# line for it: the first error line of a failed build, or the per-cog line
# after a "Reloaded" summary. Fails unless that line matches REGEX entirely.
cause() {
  local from summary line
  from=$(lines "$WATCH_OUT")
  save "$1" "$2" || return 1
  summary=$(wait_for "$WATCH_OUT" "$from" '^Reloaded |^Build failed |^reload failed' 120) || return 1
  if [[ $summary == "Build failed "* ]]; then
    line=$(wait_for "$WATCH_OUT" "$from" ': error: |error: ' 5) || return 1
  else
    line=$(wait_for "$WATCH_OUT" "$from" '^  [a-z]+: ' 5) || return 1
  fi
  echo "  $line"
  [[ $line =~ ^$3$ ]] || { echo "  the cause line does not match /^$3\$/"; return 1; }
}

# The host is alive and answers with the original greeter.
serves_last_good() {
  kill -0 "$BOT_PID" 2>/dev/null || { echo "  the host died"; return 1; }
  local answer
  answer=$(bot_say '!hello')
  [ "$answer" = "Hello, world!" ] || { echo "  !hello answered '$answer', expected 'Hello, world!'"; return 1; }
}

SETUP='^void setup(hotcog::CogContext& ctx) {$'
IMAGE='\(file [^)]*libgreeter\.so\)'

# ---- group 2: build and image faults

compile_error() {
  cause cogs/greeter.cpp 's/^namespace {$/namespace { int broken = ;/' \
    '/.*/cogs/greeter\.cpp:[0-9]+:[0-9]+: error: expected primary-expression before .+;.+ token' &&
    serves_last_good
}

undefined_symbol() {
  # Cogs are shared libraries: ld lets the symbol through, the runtime's
  # check of the new image (before any of its code runs) does not.
  cause cogs/greeter.cpp "s/$SETUP/void hotcog_fault_nobody_defines();\n&\n  hotcog_fault_nobody_defines();/" \
    "  greeter: failed: dlopen failed: /.*/greeter\.[0-9.]+\.so: undefined symbol: _ZN12_GLOBAL__N_127hotcog_fault_nobody_definesEv $IMAGE" &&
    serves_last_good
}

no_entry_point() {
  cause cogs/greeter.cpp 's/^HOTCOG_COG(setup);$/void (*keep_setup)(hotcog::CogContext\&) = setup;/' \
    "  greeter: failed: check failed: no hotcog_cog_abi_version/hotcog_cog_build_fingerprint symbols: not built with HOTCOG_COG $IMAGE" &&
    serves_last_good
}

wrong_abi_version() {
  # HOTCOG_COG expands ::hotcog::kAbiVersion; the macro makes it 99, as a cog
  # built against another hotcog would have it.
  cause cogs/greeter.cpp 's/^HOTCOG_COG(setup);$/namespace hotcog { inline constexpr unsigned kFaultAbi = 99; }\n#define kAbiVersion kFaultAbi\n&/' \
    "  greeter: failed: check failed: cog ABI version 99, host ABI version 1 $IMAGE" &&
    serves_last_good
}

# ---- group 1: faults in cog code at the safe point

setup_throws() {
  cause cogs/greeter.cpp "1i #include <stdexcept>
s/$SETUP/&\n  throw std::runtime_error(\"greeter refuses to start\");/" \
    "  greeter: failed: setup failed: std::runtime_error: greeter refuses to start $IMAGE; kept version 1" &&
    serves_last_good
}

setup_segfaults() {
  cause cogs/greeter.cpp "s/$SETUP/&\n  *static_cast<int* volatile>(nullptr) = 1;/" \
    "  greeter: failed: setup failed: SIGSEGV \(address (0x0|\(nil\))\) $IMAGE; kept version 1" &&
    serves_last_good
}

setup_aborts() {
  cause cogs/greeter.cpp "1i #include <cstdlib>
s/$SETUP/&\n  std::abort();/" \
    "  greeter: failed: setup failed: SIGABRT \(abort\) $IMAGE; kept version 1" &&
    serves_last_good
}

setup_never_returns() {
  local start=$SECONDS
  cause cogs/greeter.cpp "s/$SETUP/&\n  for (volatile bool forever = true; forever;) {\n  }/" \
    "  greeter: failed: setup failed: did not return within 1500 ms \(interrupted by the watchdog\) $IMAGE; kept version 1" ||
    return 1
  echo "  reported $((SECONDS - start)) s after the save"
  serves_last_good
}

teardown_crashes() {
  # A version whose teardown crashes goes in (its setup is fine) ...
  cause cogs/greeter.cpp "s/^HOTCOG_COG(setup);$/void teardown(hotcog::CogContext\&) { *static_cast<int* volatile>(nullptr) = 1; }\nHOTCOG_COG(setup, teardown);/" \
    "  greeter: reloaded( \(.*\))?" || return 1
  # ... and the next reload gets past its crash, and says so.
  cause cogs/greeter.cpp '' \
    "  greeter: reloaded \(.*greeter: teardown of version 2 failed: SIGSEGV \(address (0x0|\(nil\))\) \(ignored; file [^)]*libgreeter\.so\)\)" &&
    serves_last_good
}

teardown_throws() {
  cause cogs/greeter.cpp "1i #include <stdexcept>
s/^HOTCOG_COG(setup);$/void teardown(hotcog::CogContext\&) { throw std::logic_error(\"greeter will not go\"); }\nHOTCOG_COG(setup, teardown);/" \
    "  greeter: reloaded( \(.*\))?" || return 1
  cause cogs/greeter.cpp '' \
    "  greeter: reloaded \(.*greeter: teardown of version [0-9]+ failed: std::logic_error: greeter will not go \(ignored; file [^)]*libgreeter\.so\)\)" &&
    serves_last_good
}

other_compiler() {
  # The same cog compiled by clang 14 instead of the host's GCC, through a
  # per-target compiler launcher (a CMake re-run, then a rebuild).
  command -v clang++-14 >/dev/null || { echo "  skipped: no clang++-14"; return 0; }
  cat >"$WORK/bot/other-compiler.sh" <<'EOF'
#!/usr/bin/env bash
# Called as a launcher: "$1" is the configured compiler; use clang 14 instead.
shift
# GCC 12 defaults to C++17 (CMake passes no -std), clang 14 to C++14.
args=(-std=gnu++17)
for a in "$@"; do [[ $a == -fno-gnu-unique ]] || args+=("$a"); done
exec clang++-14 "${args[@]}"
EOF
  chmod +x "$WORK/bot/other-compiler.sh"
  # Set as the launcher greeter starts with, so hotcog_add_cog() keeps it
  # behind its own layout launcher when the scanner is built.
  cause CMakeLists.txt 's|^hotcog_add_cog(greeter SOURCES cogs/greeter.cpp)$|set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_CURRENT_SOURCE_DIR}/other-compiler.sh)\n&\nunset(CMAKE_CXX_COMPILER_LAUNCHER)|' \
    "  greeter: failed: check failed: cog built with '[^']*[Cc]lang 14[^']*', host with '[^']*' $IMAGE" || return 1
  serves_last_good || return 1
  # Back to GCC: the next build reloads.
  cause CMakeLists.txt '' "  greeter: reloaded.*" && serves_last_good
}

save_state_crashes() {
  local before after
  before=$(bot_say '!count')
  # A counter whose save_state crashes goes in (the old one saved fine) ...
  cause cogs/counter.cpp 's/^std::string save_state(hotcog::CogContext&) { return std::to_string(count); }$/std::string save_state(hotcog::CogContext\&) { *static_cast<int* volatile>(nullptr) = 1; return ""; }/' \
    "  counter: reloaded( \(.*\))?" || return 1
  # ... the next reload stops at its crash and keeps it running, state and all ...
  local out kept
  out=$(cause cogs/counter.cpp '' \
    "  counter: failed: save_state failed: SIGSEGV \(address (0x0|\(nil\))\) \(file [^)]*libcounter\.so\); kept version [0-9]+ \(the next reload goes ahead without its state\)")
  local rc=$?
  echo "$out"
  [ $rc -eq 0 ] || return 1
  kept=$(sed -n 's/.*; kept version \([0-9]*\) .*/\1/p' <<<"$out")
  after=$(bot_say '!count')
  [ "$after" = "count = $((${before##* } + 1))" ] || { echo "  !count answered '$after' after '$before'"; return 1; }
  # ... and the one after that gets in, without the state.
  cause cogs/counter.cpp 's/"count = "/"count is "/' \
    "  counter: reloaded \(.*counter: reloading without state: save_state of version $kept failed the last time\)" ||
    return 1
  after=$(bot_say '!count')
  [ "$after" = "count is 1" ] || { echo "  !count answered '$after'"; return 1; }
  kill -0 "$BOT_PID" 2>/dev/null
}

# ---- security: what a user (or another process of theirs) can observe

# control_requests SOCKET LINE...: sends every LINE at once on one connection
# (a client of the protocol that is not `hotcog`) and prints the replies.
control_requests() {
  python3 - "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(10)
s.sendall("".join(line + "\n" for line in sys.argv[2:]).encode())
f = s.makefile()
for _ in sys.argv[2:]:
    print(f.readline().rstrip("\n"))
PY
}

control_socket_is_guarded() {
  local sock=$BOT_BUILD/hotcog/control.sock out rc from
  [ "$(stat -c %a "$sock")" = 600 ] || { echo "  socket mode $(stat -c %a "$sock")"; return 1; }
  [ $(( 0$(stat -c %a "$BOT_BUILD/hotcog") & 022 )) -eq 0 ] ||
    { echo "  $BOT_BUILD/hotcog is writable by others"; return 1; }
  # A path instead of a cog name: the tool refuses it itself ...
  out=$("$HOTCOG" reload -C "$BOT_BUILD" "$BOT_BUILD/libgreeter.so" 2>&1)
  rc=$?
  echo "  hotcog reload <path>: exit $rc: $out"
  [ $rc -eq 2 ] && [[ $out == *"unknown cog '$BOT_BUILD/libgreeter.so'"* ]] || return 1
  # ... and the host refuses it from any client, and logs it.
  from=$(lines "$BOT_OUT")
  out=$(control_requests "$sock" "hotcog/1 reload $BOT_BUILD/libgreeter.so" "hotcog/1 reload libgreeter")
  echo "  raw requests: $out"
  [[ $out == *'"error":"bad_request"'*'"error":"unknown_cog"'* ]] || return 1
  wait_for "$BOT_OUT" "$from" "^hotcog: control socket: refused a request of pid [0-9]+: bad_request: invalid cog name '$BOT_BUILD/libgreeter\.so'\$" 5 ||
    return 1
  wait_for "$BOT_OUT" "$from" "^hotcog: control socket: refused a request of pid [0-9]+: unknown_cog: not in the cog manifest: libgreeter\$" 5 ||
    return 1
  # A flood of 300 requests on one connection: throttled, logged once, and
  # the host keeps answering.
  from=$(lines "$BOT_OUT")
  local pings=() i
  for i in {1..300}; do pings+=("hotcog/1 ping"); done
  out=$(control_requests "$sock" "${pings[@]}" | python3 -c '
import sys
replies = sys.stdin.read().splitlines()
print(sum("\"pong\":true" in r for r in replies), sum("\"rate_limited\"" in r for r in replies))')
  echo "  300 pings at once: pongs and rate_limited replies: $out"
  local pongs=${out% *} limited=${out#* }
  [ "$pongs" -ge 64 ] && [ "$limited" -ge 200 ] && [ $((pongs + limited)) -eq 300 ] || return 1
  wait_for "$BOT_OUT" "$from" '^hotcog: control socket: pid [0-9]+ sends more than 32 requests per second; refusing them until it slows down$' 5 >/dev/null ||
    return 1
  serves_last_good
}

echo "building the example bot in $WORK"
bot_configure || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$WORK/pristine/cogs"
cp "$WORK/bot/cogs/greeter.cpp" "$WORK/bot/cogs/counter.cpp" "$WORK/pristine/cogs/"
cp "$WORK/bot/CMakeLists.txt" "$WORK/pristine/"
bot_start || { echo "0 passed, 1 failed"; exit 1; }
watch_start || { echo "0 passed, 1 failed"; exit 1; }

scenario "compile error" compile_error
scenario "undefined symbol" undefined_symbol
scenario "an image without the entry point" no_entry_point
scenario "wrong ABI version" wrong_abi_version
scenario "setup throws" setup_throws
scenario "setup segfaults" setup_segfaults
scenario "setup calls abort()" setup_aborts
scenario "setup never returns" setup_never_returns
scenario "teardown crashes" teardown_crashes
scenario "teardown throws" teardown_throws
scenario "an image built by another compiler" other_compiler
scenario "save_state crashes" save_state_crashes
scenario "the control socket: private, names only, rate-limited" control_socket_is_guarded
finish
