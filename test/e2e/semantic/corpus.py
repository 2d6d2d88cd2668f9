"""corpus.py: a generated project of cogs sharing headers, and scripted header
edits of many kinds, for the declaration-level decision of `hotcog watch`
(test/e2e/semantic/mutation_test.py, bench/semantic-deps/run.py).

Each header hK.h declares, in namespace hK: functions (inline, overloaded,
with default arguments), records (plain, nested, with virtual functions, with
static constexpr members), enums, a typedef, templates (function, class,
specialised, with a default argument), constexpr variables, and macros. Each
cog includes one or more headers and uses a seeded random subset of them, so
most header edits matter to some cogs and not to others. The build is a
hand-written build.ninja (no compile_commands.json: hotcog asks ninja) and
the cog manifest hotcog_add_cog() would write.

Edits: numeric "knobs" (a constant, a body, a default argument, a macro
body...) and structural toggles (a field added, an overload, a specialisation,
a macro defined, an #include, a using-directive, a pragma, a line added
above a function that expands __LINE__...). edit(n) gives
the n-th edit of a deterministic sequence that cycles through every kind on
every header; applying it rewrites one header."""
import os
import random
import re

HEADER = """#pragma once
// shared header {k}
#define H{k}_SCALE /*K:scale*/3
#define H{k}_TWICE(x) ((x) * /*K:twice*/2)
//T:include
namespace h{k} {{
//T:using
constexpr int kLimit = /*K:limit*/10;
enum Color {{ Red = 1, Green = /*K:green*/2, Blue = 4 }};
enum class Mode : int {{ Fast, Slow }};
using Int = int;
//T:pack_on
struct Point {{ int x; int y; //T:point_z
}};
//T:pack_off
struct Rect {{ Point a; Point b; int area() const {{ return (b.x - a.x) * (b.y - a.y) + /*K:area*/0; }} }};
struct Shape {{ virtual ~Shape() {{}} virtual int sides() const {{ return 0; }} //T:virtual
}};
struct Square : Shape {{ int sides() const override {{ return /*K:sides*/4; }} }};
struct Unused {{ int u; char pad[/*K:unused_pad*/1]; //T:unused_field
}};
struct Config {{ static constexpr int retries = /*K:retries*/3; int level = /*K:level*/1; }};
inline int add(int a, int b = /*K:default*/1) {{ return a + b + /*K:add_body*/0; }}
inline int scale(int v) {{ return H{k}_TWICE(v) * H{k}_SCALE; }}
inline int pick(int v) {{ return v + /*K:pick_int*/0; }}
inline int pick(long v) {{ return int(v) + /*K:pick_long*/100; }}
//T:overload
inline Int as_int(Int v) {{ return v; }}
template <class T> T clamp(T v) {{ return v > kLimit ? T(kLimit) : v + T(/*K:clamp*/0); }}
template <class T> struct Trait {{ static constexpr int value = /*K:trait*/1; }};
//T:specialization
template <class T, int N = /*K:arr_n*/2> struct Arr {{ T data[N]; }};
inline int unused_fn() {{ return /*K:unused_body*/42; }}
//T:shift
inline int where() {{ return __LINE__; }}
//T:fresh_fn
}}  // namespace h{k}
//T:feature
//T:comment
"""

TOGGLES = {
    "include": '#include "h{next}.h"',
    "using": "namespace extra{k} {{ inline int zz() {{ return 1; }} }}\nusing namespace extra{k};",
    "pack_on": "#pragma pack(push, 1)",
    "pack_off": "#pragma pack(pop)",
    "point_z": "char z;",
    "virtual": "virtual int extra() const {{ return 1; }}",
    "unused_field": "int v;",
    "overload": "inline int pick(short v) {{ return v + 7; }}",
    "specialization": "template <> struct Trait<int> {{ static constexpr int value = 9; }};",
    "fresh_fn": "inline int fresh_fn() {{ return 5; }}",
    "feature": "#define H{k}_FEATURE 1",
    "comment": "// a comment changes no declaration",
    "shift": "\n",  # a line above where(): its __LINE__ changes, its tokens do not
}
# Toggle lines are format strings ({k}: the header, {next}: the next one).
# pack_on/pack_off go together (one edit toggles both).
TOGGLE_EDITS = ["include", "using", "pack", "point_z", "virtual", "unused_field", "overload",
                "specialization", "fresh_fn", "feature", "comment", "shift"]
KNOB_EDITS = ["scale", "twice", "limit", "green", "area", "sides", "unused_pad", "retries",
              "level", "default", "add_body", "pick_int", "pick_long", "clamp", "trait",
              "arr_n", "unused_body"]
ALL_EDITS = [("knob", k) for k in KNOB_EDITS] + [("toggle", t) for t in TOGGLE_EDITS]

FEATURES = {
    "point": "{{ h{k}::Point p{{1, 2}}; r += p.x + p.y + int(sizeof(p)); }}",
    "rect": "{{ h{k}::Rect q{{{{0, 0}}, {{2, 3}}}}; r += q.area(); }}",
    "shape": "{{ h{k}::Square s; const h{k}::Shape& sh = s; r += sh.sides(); }}",
    "color": "r += h{k}::Green;",
    "mode": "r += int(h{k}::Mode::Slow);",
    "add": "r += h{k}::add(r);",
    "scale": "r += h{k}::scale(r);",
    "macro": "r += H{k}_SCALE;",
    "pick": "r += h{k}::pick(2);",
    "clamp": "r += h{k}::clamp(r);",
    "trait": "r += h{k}::Trait<int>::value;",
    "arr": "{{ h{k}::Arr<int> a{{}}; r += int(sizeof(a)); }}",
    "limit": "r += h{k}::kLimit;",
    "as_int": "r += h{k}::as_int(r);",
    "config": "{{ h{k}::Config c; r += c.level + h{k}::Config::retries; }}",
    "ifdef": "#ifdef H{k}_FEATURE\n  r += 1000;\n#endif",
    "where": "r += h{k}::where();",
}


class Corpus:
    def __init__(self, root, cxx, cogs=8, headers=3, seed=11):
        self.root = os.path.abspath(root)
        self.cxx = cxx
        self.src = os.path.join(self.root, "src")
        self.build = os.path.join(self.root, "build")
        self.headers = headers
        self.rng = random.Random(seed)
        self.cog_names = [f"cog{i}" for i in range(cogs)]
        self.includes = {}  # cog -> headers it includes (directly)
        self.texts = {}     # header name -> current text
        self.toggled = {}   # (header, toggle) -> on

    def header_path(self, k):
        return os.path.join(self.src, f"h{k}.h")

    def render_header(self, k):
        text = HEADER.format(k=k)
        # Knobs start at their written values; toggles start off (a marker line).
        return text

    def write(self):
        os.makedirs(self.src, exist_ok=True)
        os.makedirs(os.path.join(self.build, "hotcog"), exist_ok=True)
        for k in range(self.headers):
            self.texts[k] = self.render_header(k)
            self.save(k)
        for i, cog in enumerate(self.cog_names):
            count = 1 + self.rng.randrange(min(2, self.headers))
            hs = sorted(self.rng.sample(range(self.headers), count))
            if i < self.headers:  # every header has at least one includer
                hs = sorted(set(hs) | {i})
            self.includes[cog] = hs
            lines = [f'#include "h{k}.h"' for k in hs]
            lines.append(f'extern "C" int {cog}_main() {{\n  int r = {i};')
            for k in hs:
                for feature in self.rng.sample(sorted(FEATURES), 6):
                    lines.append("  " + FEATURES[feature].format(k=k))
            lines.append("  return r;\n}")
            with open(os.path.join(self.src, f"{cog}.cpp"), "w") as f:
                f.write("\n".join(lines) + "\n")
        self.write_build()

    def defines(self, cog):
        """Each cog's own macros, as CMake gives each target (cogN_EXPORTS):
        they differ per TU but leave the shared headers' tokens alone, so one
        includer's scan still stands for the others' (the command shape
        leaves -D out). cog1's `inline` is a macro for nothing: the headers'
        functions become non-inline there, emitted whether used or not, so an
        edit of one it does not call changes its object (the header is not
        context-free there: it is parsed or judged by its own earlier scan)."""
        return [f"-D{cog}_EXPORTS"] + (["-Dinline="] if cog == "cog1" else [])

    def compile_command(self, cog):
        return [self.cxx] + self.defines(cog) + ["-std=c++17", "-O2", "-fPIC", "-c",
                                                 f"../src/{cog}.cpp"]

    def write_build(self):
        with open(os.path.join(self.build, "build.ninja"), "w") as f:
            f.write(f"cxx = {self.cxx}\n")
            f.write("rule cxx\n  command = $cxx $defines -std=c++17 -O2 -fPIC -MD -MF $out.d -c $in -o $out\n"
                    "  depfile = $out.d\n  deps = gcc\n")
            f.write("rule so\n  command = $cxx -shared $in -o $out\n")
            for cog in self.cog_names:
                f.write(f"build {cog}.o: cxx ../src/{cog}.cpp\n  defines = {' '.join(self.defines(cog))}\n")
                f.write(f"build lib{cog}.so: so {cog}.o\n")
                f.write(f"build {cog}: phony lib{cog}.so\n")
            f.write("default " + " ".join(self.cog_names) + "\n")
        with open(os.path.join(self.build, "hotcog", "cogs.tsv"), "w") as f:
            f.write("hotcog-cogs\t1\n")
            for cog in self.cog_names:
                f.write(f"cog\t{cog}\t{cog}\t{self.build}/lib{cog}.so\n")
                f.write(f"src\t{cog}\t{self.src}/{cog}.cpp\n")

    def save(self, k):
        path = self.header_path(k)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(self.texts[k])
        os.rename(tmp, path)  # the way most editors save

    def includers(self, k):
        """Cogs whose TU includes hK.h, directly or through another header's
        #include toggle: the ones ninja would rebuild."""
        reach = {k}
        changed = True
        while changed:
            changed = False
            for j in range(self.headers):
                if j not in reach and self.toggled.get((j, "include")) and (j + 1) % self.headers in reach:
                    reach.add(j)
                    changed = True
        return [c for c in self.cog_names if reach & set(self.includes[c])]

    def edit(self, n):
        """Applies the n-th edit; returns its description."""
        kind, name = ALL_EDITS[n % len(ALL_EDITS)]
        # Kind i of cycle j edits header (i + j): every kind visits every header.
        k = (n % len(ALL_EDITS) + n // len(ALL_EDITS)) % self.headers
        text = self.texts[k]
        if kind == "knob":
            pattern = re.compile(r"/\*K:%s\*/(\d+)" % name)
            old = int(pattern.search(text).group(1))
            new = old + 1 + (n % 3)
            if name == "arr_n" or name == "unused_pad":
                new = 1 + (old % 4)
            text = pattern.sub(f"/*K:{name}*/{new}", text)
            what = f"h{k}.h: {name} {old} -> {new}"
        else:
            on = not self.toggled.get((k, name), False)
            self.toggled[(k, name)] = on
            for marker in (["pack_on", "pack_off"] if name == "pack" else [name]):
                line = TOGGLES[marker].format(k=k, next=(k + 1) % self.headers)
                if on:
                    text = text.replace(f"//T:{marker}", f"{line} //T:{marker}", 1)
                else:
                    text = text.replace(f"{line} //T:{marker}", f"//T:{marker}", 1)
            what = f"h{k}.h: {name} {'on' if on else 'off'}"
        self.texts[k] = text
        self.save(k)
        return k, what
