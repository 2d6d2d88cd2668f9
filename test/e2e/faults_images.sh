#!/usr/bin/env bash
# Fault suite, the images (issue 14, group 4): a cog source deleted
# mid-build, a half-written .so, the disk full while the host copies an image.
# Each case: the host stays alive, serves the last good code, and the cause
# is said in one line.
# Usage: faults_images.sh <hotcog-build-dir>
source "$(dirname "$0")/faults_lib.sh"

IMAGES_DIR=""  # the host's image dir, a small tmpfs (empty: none could be mounted)

# in_small_images_tmpfs COMMAND...: runs COMMAND (the bot) in its own user and
# mount namespace, where the host's image dir (<build>/hotcog/images) is a
# 2 MiB tmpfs that the test can fill. No root needed where unprivileged user
# namespaces are allowed.
in_small_images_tmpfs() {
  exec unshare --user --map-root-user --mount sh -c \
    'mkdir -p "$1" && mount -t tmpfs -o size=2m hotcog-images "$1" && shift && exec "$@"' \
    sh "$BOT_BUILD/hotcog/images" "$@"
}

source_deleted_mid_build() {
  local before from line
  before=$(bot_say '!hello')
  from=$(save_greeting "Hello, deleted!")
  watch_ninja >/dev/null || return 1
  cp "$WORK/bot/cogs/greeter.cpp" "$WORK/greeter.saved"
  rm "$WORK/bot/cogs/greeter.cpp"
  line=$(wait_for "$WATCH_OUT" "$from" '^deleted: ' 30) || return 1
  expect_match "cause" "$line" \
    "deleted: $WORK/bot/cogs/greeter.cpp; the cogs built from it keep their last build" || return 1
  # The compiler may or may not have read the file before it went: either
  # the new version runs, reloaded, or the old one, with the error shown.
  line=$(wait_for "$WATCH_OUT" "$from" '^Reloaded |^Build failed ' 30) || return 1
  case $line in
    Reloaded*) expect_eq "answer" "$(bot_say '!hello')" "Hello, deleted!" || return 1 ;;
    *) expect_eq "old code served" "$(bot_say '!hello')" "$before" || return 1 ;;
  esac
  mv "$WORK/greeter.saved" "$WORK/bot/cogs/greeter.cpp"
  reloads_greeting "Hello, restored!"
}

half_written_image_is_never_loaded() {
  local before so line rc
  before=$(bot_say '!hello')
  so=$BOT_BUILD/libgreeter.so
  # Written in place and cut short, as a linker killed mid-write leaves it.
  head -c $(($(stat -c %s "$so") / 2)) "$so" >"$WORK/half.so" && cat "$WORK/half.so" >"$so"
  "$HOTCOG" reload -C "$BOT_BUILD" greeter >"$WORK/reload.out" 2>&1
  rc=$?
  expect_eq "exit code of hotcog reload" "$rc" 1 || return 1
  line=$(grep '^  greeter: ' "$WORK/reload.out")
  expect_match "cause" "$line" \
    "  greeter: failed: check failed: incomplete image (still being written, or cut short): * (file $BOT_BUILD/libgreeter.so)" \
    || return 1
  expect_eq "old code served" "$(bot_say '!hello')" "$before" || return 1
  reloads_greeting "Hello, complete image!"
}

disk_full_while_copying_an_image() {
  local before filler from line
  before=$(bot_say '!hello')
  # Fill the host's image dir (seen through the host's own mount namespace).
  filler=/proc/$BOT_PID/root$IMAGES_DIR/filler
  dd if=/dev/zero of="$filler" bs=64k 2>/dev/null
  from=$(save_greeting "Hello, disk full!")
  line=$(wait_for "$WATCH_OUT" "$from" '^Reloaded |^Build failed ' 60) || return 1
  expect_match "summary" "$line" "Reloaded 0/1 cogs in *s (1 failed)" || return 1
  line=$(wait_for "$WATCH_OUT" "$from" '^  greeter: ' 5) || return 1
  expect_match "cause" "$line" "  greeter: failed: *No space left on device*" || return 1
  expect_eq "old code served" "$(bot_say '!hello')" "$before" || return 1
  rm -f "$filler"
  reloads_greeting "Hello, space again!"
}

if unshare --user --map-root-user --mount true 2>/dev/null; then
  faults_start in_small_images_tmpfs
  IMAGES_DIR=$BOT_BUILD/hotcog/images
else
  echo "note: no unprivileged mount namespace here; the disk-full case is skipped"
  faults_start
fi
scenario "a cog source deleted mid-build" source_deleted_mid_build
scenario "a half-written image is never loaded" half_written_image_is_never_loaded
if [ -n "$IMAGES_DIR" ]; then
  scenario "disk full while the host copies an image" disk_full_while_copying_an_image
else
  echo "SKIP: disk full while the host copies an image (cannot mount a tmpfs)"
fi
scenarios_done
