"""scale_corpus.py: the 10,000-file / 500-cog tree of `run.py --scale`.

Every cog is trivial (the tree must build in minutes on 2 cores) but
includes its own PRIVATE small headers (include/c<i>/p<j>.hpp), so the files
are part of the build graph `hotcog watch` loads, hashes and watches, as in a
real tree: 500 cogs x (1 source + 19 headers) + the shared ones = 10,013 files.

Touch headers (include/touch/t<k>.hpp) are included by exactly k cogs, for
the latency-vs-cogs-touched series: t1 by cog 2, t2 by cogs 3-4, t4 by 5-8,
t8 by 9-16 (disjoint, so a series never rebuilds another's cogs). They define
the end of those cogs' marker literal, so one header edit changes what every
includer's marker() returns: the host reports each includer's new code.
Cog 1 includes none of them: it is the one-save scenario's cog.
"""
import os

import corpus

TOUCH = (1, 2, 4, 8)
PRIVATE = 19

CMAKE = corpus.CMAKE.replace("project(hotcog_bench_e2e", "project(hotcog_bench_scale")

PRIVATE_HEADER = """// cog {i}'s private header {j}
#pragma once
namespace c{i}p{j} {{
inline int value(int v) {{ return v + {j}; }}
}}  // namespace c{i}p{j}
"""

TOUCH_HEADER = """// touch header: included by {k} cog(s); its edit changes their marker
#pragma once
#define BENCH_TOUCH{k} "{edit}"
"""

COG = """// cog {i}: trivial, {private} private headers{touch_note}
#include <hotcog/cog.hpp>

#include "bench/probe.hpp"
#include "shared/h{a}.hpp"
#include "shared/h{b}.hpp"
{includes}
namespace {{
int light(int n) {{ return shared{a}::mix(n) + shared{b}::twice(n){sum}; }}

__attribute__((noinline)) const char* marker() {{ return {marker}; }}

void setup(hotcog::CogContext& ctx) {{
  auto* probe = ctx.service<bench::Probe>(bench::Probe::kName);
  if (!probe) return;
  probe->add("cog{i}", &marker);
  ctx.on_unload([probe] {{ probe->remove("cog{i}"); }});
  (void)light(3);
}}
}}  // namespace

HOTCOG_COG(setup);
"""


def touch_cogs(k):
    """The cogs that include the touch header of k cogs (see the docstring)."""
    first = 2 + sum(t for t in TOUCH if t < k)
    return list(range(first, first + k))


class ScaleCorpus(corpus.Corpus):
    def __init__(self, root, cogs):
        super().__init__(root, cogs, headers=6, stl_every=0)
        if cogs < 2 + sum(TOUCH):
            raise ValueError("the scale tree needs >= %d cogs, got %d" % (2 + sum(TOUCH), cogs))
        self.touch_of = {i: k for k in TOUCH for i in touch_cogs(k)}

    def touch_header(self, k):
        return os.path.join(self.root, "include", "touch", "t%d.hpp" % k)

    def render_cog(self, i, edit):
        a, b = self.headers_of(i)
        includes = ['#include "c%d/p%d.hpp"' % (i, j) for j in range(PRIVATE)]
        k = self.touch_of.get(i)
        if k:
            includes.append('#include "touch/t%d.hpp"' % k)
            marker = '"cog%d-e" BENCH_TOUCH%d' % (i, k)  # the header's edit number ends it
        else:
            marker = '"%s"' % corpus.marker_text(i, edit)
        return COG.format(i=i, a=a, b=b, private=PRIVATE, includes="\n".join(includes),
                          touch_note=", touch header t%d" % k if k else "", marker=marker,
                          sum="".join(" + c%dp%d::value(n)" % (i, j) for j in range(PRIVATE)))

    def files(self):
        """{relative path: text} of the whole tree."""
        out = {"CMakeLists.txt": CMAKE.format(last=self.cogs - 1),
               "include/bench/probe.hpp": corpus.PROBE, "host/main.cpp": corpus.HOST}
        for k in range(self.headers):
            out["include/shared/h%d.hpp" % k] = corpus.SHARED.format(k=k)
        for k in TOUCH:
            out["include/touch/t%d.hpp" % k] = TOUCH_HEADER.format(k=k, edit=0)
        for i in range(self.cogs):
            out["cogs/cog%d.cpp" % i] = self.render_cog(i, 0)
            for j in range(PRIVATE):
                out["include/c%d/p%d.hpp" % (i, j)] = PRIVATE_HEADER.format(i=i, j=j)
        return out

    def write(self):
        for rel, text in self.files().items():
            corpus.put_file(self.root, rel, text)

    def edit_touch(self, k, n):
        """Edit n of the touch header of k cogs: their markers become cog<i>-e<n>."""
        with open(self.touch_header(k), "w") as f:
            f.write(TOUCH_HEADER.format(k=k, edit=n))
