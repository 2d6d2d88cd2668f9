"""doctor_project.py DIR [FLAW...]: the project of make_project.py (two cogs,
a host, the regeneration edge of CMake's build.ninja) built with g++ the way
hotcog_add_cog() builds cogs, plus the compile_commands.json CMake would
export, for `hotcog doctor`. Its style.h has an inline function with a
static, which GCC makes STB_GNU_UNIQUE unless -fno-gnu-unique. The caller
runs ninja.

FLAW: "default-visibility" (cogs built without -fvisibility=hidden),
"gnu-unique" (without -fno-gnu-unique; style()'s static is exported)."""
import json
import os
import subprocess
import sys

root = os.path.abspath(sys.argv[1])
flaws = set(sys.argv[2:])
flags = []
if "default-visibility" not in flaws:
    flags += ["-fvisibility=hidden", "-fvisibility-inlines-hidden"]
if "gnu-unique" not in flaws:
    flags += ["-fno-gnu-unique"]
cxx = " ".join(["g++"] + flags)
here = os.path.dirname(os.path.abspath(__file__))
subprocess.run([sys.executable, os.path.join(here, "make_project.py"), root, cxx, "regen"],
               check=True)

src, build = os.path.join(root, "src"), os.path.join(root, "build")
export = '__attribute__((visibility("default"))) ' if "gnu-unique" in flaws else ""
with open(os.path.join(src, "style.h"), "w") as f:
    f.write(f'{export}inline const char* style() {{ static const char* s = "plain"; return s; }}\n')

with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump([{"directory": build, "file": f"../src/{cog}.cpp",
                "command": f"{cxx} -fPIC -c ../src/{cog}.cpp -o {cog}.o"}
               for cog in ("greeter", "echo")], f)
