"""doctor_project.py DIR [FLAW...]: a tiny real project for `hotcog doctor`.

DIR/src holds two cogs (greeter, echo) sharing style.h (an inline function
with a static, which GCC makes STB_GNU_UNIQUE unless -fno-gnu-unique), a host
(bot) and a stand-in CMakeLists.txt; DIR/build a hand-written build.ninja
compiling them with g++ the way hotcog_add_cog() does, its regeneration edge
(build.ninja depends on src/CMakeLists.txt, like CMake's), the cog manifest
and compile_commands.json. No CMake: the tests stay fast. The caller runs
ninja.

FLAW: "default-visibility" (cogs built without -fvisibility=hidden),
"gnu-unique" (without -fno-gnu-unique; style.h's function is exported)."""
import json
import os
import sys

root = os.path.abspath(sys.argv[1])
flaws = set(sys.argv[2:])
src, build = os.path.join(root, "src"), os.path.join(root, "build")
os.makedirs(src, exist_ok=True)
os.makedirs(os.path.join(build, "hotcog"), exist_ok=True)

export = '__attribute__((visibility("default"))) ' if "gnu-unique" in flaws else ""
files = {
    "style.h": f"{export}inline int& counter() {{ static int c = 0; return c; }}\n",
    "greeter.cpp": '#include "style.h"\nint greet() { return ++counter(); }\n',
    "echo.cpp": '#include "style.h"\nint echo() { return ++counter(); }\n',
    "main.cpp": "int main() { return 0; }\n",
    "CMakeLists.txt": "# stands for the project's CMakeLists.txt\n",
}
for name, text in files.items():
    with open(os.path.join(src, name), "w") as f:
        f.write(text)

cogflags = []
if "default-visibility" not in flaws:
    cogflags += ["-fvisibility=hidden", "-fvisibility-inlines-hidden"]
if "gnu-unique" not in flaws:
    cogflags += ["-fno-gnu-unique"]
flags = " ".join(["-fPIC"] + cogflags)

with open(os.path.join(build, "build.ninja"), "w") as f:
    f.write(f"""rule cxx
  command = g++ {flags} -MD -MF $out.d -c $in -o $out
  depfile = $out.d
  deps = gcc
rule so
  command = g++ -shared $in -o $out
rule exe
  command = g++ $in -o $out
rule regen
  command = touch build.ninja
  generator = 1
build build.ninja: regen ../src/CMakeLists.txt
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

with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump([{"directory": build, "file": f"../src/{cog}.cpp",
                "command": f"g++ {flags} -c ../src/{cog}.cpp -o {cog}.o"}
               for cog in ("greeter", "echo")], f)

with open(os.path.join(build, "hotcog", "cogs.tsv"), "w") as f:
    f.write("hotcog-cogs\t1\n")
    for cog in ("greeter", "echo"):
        f.write(f"cog\t{cog}\t{cog}\t{build}/lib{cog}.so\n")
        f.write(f"src\t{cog}\t{src}/{cog}.cpp\n")
    f.write(f"host\tbot\t{build}/bot\n")
    f.write(f"hostsrc\tbot\t{src}/main.cpp\n")
