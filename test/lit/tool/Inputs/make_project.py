"""make_project.py DIR CXX: writes a tiny real project for the CLI tests.

DIR/src holds two cogs (greeter, echo) that share style.h, and a host (bot,
main.cpp). DIR/build holds a hand-written build.ninja that compiles them with
the real compiler CXX (depfiles, so ninja's deps log knows the headers) and
the cog manifest hotcog_add_cog() would have written. No CMake: the tests
stay fast.

With a third argument "regen", build.ninja also has the regeneration edge
CMake writes (build.ninja depends on src/CMakeLists.txt; its command only
touches build.ninja), so an edit of CMakeLists.txt re-runs "CMake" and
rebuilds nothing.

With "semantic", style.h declares one function per user (greeter, echo and
the host each use their own) and a struct nobody uses, for the
declaration-level decisions of `hotcog watch`. With "one_includer", also
tone.h, included by greeter.cpp alone, and banner.h, by main.cpp (the host)
alone: the headers whose edits are built without a decision, and decided.
With "racing_save", the "semantic" sources, compiled through DIR/hold/<the
compiler's name> (a wrapper: `ninja -t compdb` gives the scanner a compiler
named as the real one): once the real compiler is done, while DIR/hold/on
exists, it creates DIR/hold/compiled and waits until DIR/hold/on is gone
before it ends, then touches the object. A save made in between lands while
ninja builds, after the compiler read the header and before the object is
written: a racing save."""
import os
import sys

root, cxx = os.path.abspath(sys.argv[1]), sys.argv[2]
regen = len(sys.argv) > 3 and sys.argv[3] == "regen"
one_includer = len(sys.argv) > 3 and sys.argv[3] == "one_includer"
racing_save = len(sys.argv) > 3 and sys.argv[3] == "racing_save"
semantic = one_includer or racing_save or (len(sys.argv) > 3 and sys.argv[3] == "semantic")
# "shadow": greeter.cpp includes "util.h", found in src/inc through -I; a
# util.h created next to greeter.cpp would be found first.
shadow = len(sys.argv) > 3 and sys.argv[3] == "shadow"
src, build = os.path.join(root, "src"), os.path.join(root, "build")
os.makedirs(src, exist_ok=True)
os.makedirs(os.path.join(build, "hotcog"), exist_ok=True)

files = {
    "style.h": 'inline const char* style() { return "plain"; }\n',
    "greeter.cpp": '#include "style.h"\nconst char* greet() { return style(); }\n',
    "echo.cpp": '#include "style.h"\nconst char* echo() { return style(); }\n',
    "main.cpp": "int main() { return 0; }\n",
}
if semantic:
    files = {
        "style.h": "#pragma once\n"
                   "struct Unused { int u; };\n"
                   'inline const char* greeting() { return "hello"; }\n'
                   'inline const char* echo_prefix() { return ">"; }\n'
                   "inline int banner() { return 1; }\n",
        "greeter.cpp": '#include "style.h"\nconst char* greet() { return greeting(); }\n',
        "echo.cpp": '#include "style.h"\nconst char* echo() { return echo_prefix(); }\n',
        "main.cpp": '#include "style.h"\nint main() { return banner() - 1; }\n',
    }
if one_includer:
    files["tone.h"] = '#pragma once\ninline const char* tone() { return "warm"; }\n'
    files["greeter.cpp"] = ('#include "style.h"\n#include "tone.h"\n'
                            'const char* greet() { return greeting(); }\n'
                            'const char* greet_tone() { return tone(); }\n')
    files["banner.h"] = "#pragma once\ninline int banner_width() { return 80; }\n"
    files["main.cpp"] = ('#include "style.h"\n#include "banner.h"\n'
                         "int main() { return banner() - 1 + banner_width() - 80; }\n")
if shadow:
    files["inc/util.h"] = 'inline const char* util() { return "from-inc"; }\n'
    files["greeter.cpp"] = '#include "util.h"\nconst char* greet() { return util(); }\n'
    os.makedirs(os.path.join(src, "inc"), exist_ok=True)
for name, text in files.items():
    with open(os.path.join(src, name), "w") as f:
        f.write(text)

if racing_save:
    hold = os.path.join(root, "hold")
    os.makedirs(hold, exist_ok=True)
    wrapper = os.path.join(hold, os.path.basename(cxx))
    with open(wrapper, "w") as f:
        # 20 s at most: a test that never removes hold/on fails on its
        # output, it does not hang.
        f.write(f"""#!/bin/sh
"{cxx}" "$@" || exit $?
[ -e "{hold}/on" ] || exit 0
out=""; prev=""
for arg in "$@"; do [ "$prev" = "-o" ] && out="$arg"; prev="$arg"; done
touch "{hold}/compiled"
i=0
while [ -e "{hold}/on" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
touch "$out"
""")
    os.chmod(wrapper, 0o755)
    cxx = wrapper

with open(os.path.join(build, "build.ninja"), "w") as f:
    f.write(f"""cxx = {cxx}
rule cxx
  command = $cxx -fPIC {"-I../src/inc " if shadow else ""}-MD -MF $out.d -c $in -o $out
  depfile = $out.d
  deps = gcc
rule so
  command = $cxx -shared $in -o $out
rule exe
  command = $cxx $in -o $out
build greeter.o: cxx ../src/greeter.cpp
build libgreeter.so: so greeter.o
build greeter: phony libgreeter.so
build echo.o: cxx ../src/echo.cpp
build libecho.so: so echo.o
build echo: phony libecho.so
build main.o: cxx ../src/main.cpp
build bot: exe main.o
default bot greeter echo
""")
    if regen:
        f.write("""rule regen
  command = touch build.ninja
  generator = 1
build build.ninja: regen ../src/CMakeLists.txt
""")

if regen:
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write("# stands for the project's CMakeLists.txt\n")

with open(os.path.join(build, "hotcog", "cogs.tsv"), "w") as f:
    f.write("hotcog-cogs\t1\n")
    for cog in ("greeter", "echo"):
        f.write(f"cog\t{cog}\t{cog}\t{build}/lib{cog}.so\n")
        f.write(f"src\t{cog}\t{src}/{cog}.cpp\n")
    f.write(f"host\tbot\t{build}/bot\n")
    f.write(f"hostsrc\tbot\t{src}/main.cpp\n")
