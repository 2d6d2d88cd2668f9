#!/bin/sh
# make-build-dir.sh DIR: a fresh build dir from depfiles.ninja with its
# sources, headers and cog manifest (what hotcog_add_cog would write).
set -e
dir=$1
here=$(dirname "$0")
rm -rf "$dir"
mkdir -p "$dir/hotcog"
cp "$here/depfiles.ninja" "$dir/build.ninja"
for f in a.c b.c shared.h only_a.h; do echo "// $f" > "$dir/$f"; done
printf 'hotcog-cogs\t1\ncog\tcog_a\tcog_a\t%s/libcog_a.so\nsrc\tcog_a\t%s/a.c\ncog\tcog_b\tcog_b\t%s/libcog_b.so\nsrc\tcog_b\t%s/b.c\n' \
  "$dir" "$dir" "$dir" "$dir" > "$dir/hotcog/cogs.tsv"
