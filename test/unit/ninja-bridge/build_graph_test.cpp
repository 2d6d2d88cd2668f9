// The native build.ninja reader must see the graph ninja sees: every edge is
// compared with `ninja -t query` on real CMake-generated build dirs and on a
// hand-written manifest with every escape the reader handles.
#include "hotcog/ninja/build_graph.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hotcog/ninja/target_map.h"
#include "sample_project.h"

namespace hotcog::ninja {
namespace {

// Asks ninja about every output the reader found and compares the edges.
void expect_same_as_ninja(const std::string& build_dir, const BuildGraph& graph) {
  std::vector<std::string> outputs;
  for (const auto& [out, edge] : graph.edges) outputs.push_back(out);
  std::map<std::string, QueryNode> ninja;
  std::vector<std::string> unknown;
  std::string err;
  ASSERT_TRUE(query_targets(build_dir, outputs, &ninja, &unknown, &err)) << err;
  EXPECT_TRUE(unknown.empty()) << unknown.front();
  EXPECT_EQ(ninja.size(), graph.edges.size());
  for (const auto& [out, edge] : graph.edges) {
    auto it = ninja.find(out);
    ASSERT_NE(it, ninja.end()) << out;
    EXPECT_EQ(edge.rule, it->second.rule) << out;
    EXPECT_EQ(edge.explicit_inputs, it->second.explicit_inputs) << out;
    EXPECT_EQ(edge.implicit_inputs, it->second.implicit_inputs) << out;
    EXPECT_EQ(edge.order_only_inputs, it->second.order_only_inputs) << out;
  }
}

class BuildGraphOnCMake : public ::testing::TestWithParam<std::string> {};

TEST_P(BuildGraphOnCMake, EveryEdgeMatchesNinjaQuery) {
  testing::SampleProject project;
  std::string err;
  ASSERT_TRUE(project.create(GetParam(), &err)) << err;
  BuildGraph graph;
  ASSERT_EQ(read_build_graph(project.build_dir(), &graph, &err), GraphLoad::Ok) << err;
  EXPECT_GT(graph.edges.size(), 20u);
  EXPECT_TRUE(graph.edges.count("libcog_a.so"));
  EXPECT_TRUE(graph.edges.count("build.ninja"));
  expect_same_as_ninja(project.build_dir(), graph);

  auto map = TargetMap::load(project.build_dir(), project.manifest(), &err);
  ASSERT_TRUE(map) << err;
  EXPECT_EQ(map->graph_source(), "build.ninja") << map->graph_problem();
}

TEST_P(BuildGraphOnCMake, NinjaMultiConfigMapsTheDefaultConfig) {
  testing::SampleProject project;
  std::string err;
  ASSERT_TRUE(project.create(GetParam(), &err, {"-GNinja Multi-Config"})) << err;
  BuildGraph graph;
  ASSERT_EQ(read_build_graph(project.build_dir(), &graph, &err), GraphLoad::Ok) << err;
  EXPECT_TRUE(graph.edges.count("Debug/libcog_a.so"));  // from an included impl-Debug.ninja
  expect_same_as_ninja(project.build_dir(), graph);

  std::string out;
  ASSERT_EQ(testing::run_command({"ninja", "-C", project.build_dir()}, &out), 0) << out;
  hotcog::CogManifest manifest = project.manifest();
  for (auto& cog : manifest.cogs) {
    std::string lib = "/lib" + cog.name + ".so";
    cog.output = project.build_dir() + "/Debug" + lib;
  }
  auto map = TargetMap::load(project.build_dir(), manifest, &err);
  ASSERT_TRUE(map) << err;
  EXPECT_EQ(map->graph_source(), "build.ninja");
  // Only the default config (Debug) was built, and only it is mapped.
  EXPECT_TRUE(map->deps_complete());
  EXPECT_EQ(map->cogs_for_file(project.src("inc/only_a.h")), std::vector<std::string>{"cog_a"});
  EXPECT_EQ(map->cogs_for_file(project.src("inc/shared.h")), (std::vector<std::string>{"cog_a", "cog_b"}));
}

INSTANTIATE_TEST_SUITE_P(Compilers, BuildGraphOnCMake, ::testing::Values("g++", "clang++-14"),
                         [](const auto& info) {
                           return std::string(info.param == "g++" ? "gcc" : "clang");
                         });

class BuildGraphHandWritten : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir("hotcog-graph");
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override { testing::remove_tree(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ + "/" + name) << text; }
  std::string dir_;
};

TEST_F(BuildGraphHandWritten, EscapesContinuationsIncludesAndSectionsMatchNinja) {
  write("rules.ninja", "rule cc\n  command = touch $out $\n      && true\n");
  write("more.ninja", "build sub.o: cc sub.c\n");
  write("build.ninja",
        "# a comment\n"
        "ninja_required_version = 1.5\n"
        "include rules.ninja\n"
        "subninja more.ninja\n"
        "pool link_pool\n  depth = 1\n"
        "build a$ b.o | side.txt: cc ./src/../a$ b.c $\n"
        "    x$:y.c | dir/./imp.h || order$$only |@ check\n"
        "  description = building a b\n"
        "build check: cc a$ b.c\n"
        "build order$$only: cc a$ b.c\n"
        "build all: phony a$ b.o\n"
        "default all\n");
  BuildGraph graph;
  std::string why;
  ASSERT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Ok) << why;
  const QueryNode& edge = graph.edges.at("a b.o");
  EXPECT_EQ(edge.rule, "cc");
  EXPECT_EQ(edge.explicit_inputs, (std::vector<std::string>{"a b.c", "x:y.c"}));
  EXPECT_EQ(edge.implicit_inputs, std::vector<std::string>{"dir/imp.h"});
  EXPECT_EQ(edge.order_only_inputs, std::vector<std::string>{"order$only"});
  EXPECT_TRUE(graph.edges.count("side.txt"));  // implicit output
  EXPECT_TRUE(graph.edges.count("sub.o"));      // from the subninja
  expect_same_as_ninja(dir_, graph);
}

TEST_F(BuildGraphHandWritten, VariablesInPathsResolveLikeNinja) {
  write("sub.ninja", "dir = sub\nbuild $dir/x.o: cc x.c\n");
  write("build.ninja",
        "rule cc\n  command = touch $out\n"
        "dir = out\nsuffix = .o\n"
        "build $dir/a$suffix | ${dir}/a.extra: cc a.c\n"
        "build $dir/b.o: cc $src\n  src = b.c\n"
        "subninja sub.ninja\n"
        "build $dir/c.o: cc c.c\n");  // the subninja's dir did not leak
  BuildGraph graph;
  std::string why;
  ASSERT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Ok) << why;
  EXPECT_TRUE(graph.edges.count("out/a.o"));
  EXPECT_TRUE(graph.edges.count("out/a.extra"));
  EXPECT_EQ(graph.edges.at("out/a.o").explicit_inputs, std::vector<std::string>{"a.c"});
  EXPECT_EQ(graph.edges.at("out/b.o").explicit_inputs, std::vector<std::string>{"b.c"});
  EXPECT_TRUE(graph.edges.count("sub/x.o"));
  EXPECT_TRUE(graph.edges.count("out/c.o"));
  expect_same_as_ninja(dir_, graph);
}

TEST_F(BuildGraphHandWritten, EmptyPathIsAnErrorAsInNinja) {
  write("build.ninja", "rule cc\n  command = touch $out\nbuild a.o: cc a.c $unset\n");
  BuildGraph graph;
  std::string why;
  EXPECT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Error);
  EXPECT_NE(why.find("empty path"), std::string::npos) << why;
}

TEST_F(BuildGraphHandWritten, DyndepIsLeftToNinja) {
  BuildGraph graph;
  std::string why;
  write("build.ninja", "rule cc\n  command = touch $out\nbuild a.o: cc a.c || a.dd\n  dyndep = a.dd\n"
                       "build cog: phony a.o\n");
  EXPECT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Unsupported);
  EXPECT_NE(why.find("dyndep"), std::string::npos) << why;

  // ninja warns about the missing a.dd in the middle of its query output.
  // TargetMap then walks the graph with ninja -t query and still answers.
  write("a.c", "");
  hotcog::CogManifest manifest;
  manifest.cogs.push_back({"cog", "cog", dir_ + "/a.o", {}});
  std::string err;
  auto map = TargetMap::load(dir_, manifest, &err);
  ASSERT_TRUE(map) << err;
  EXPECT_EQ(map->graph_source(), "ninja -t query");
  EXPECT_EQ(map->cogs_for_file(dir_ + "/a.c"), std::vector<std::string>{"cog"});
}

// Found by test/fuzz/fuzz_build_graph (a 1.5 KB input ran for minutes): a
// variable defined from itself doubles at each definition, and a file that
// includes itself repeats that 17 levels deep.
TEST_F(BuildGraphHandWritten, SelfDoublingVariablesAreAnErrorNotAHang) {
  std::string text = "a = x\n";
  for (int i = 0; i < 64; ++i) text += "a = $a$a\n";  // 2^64 bytes if expanded
  write("build.ninja", text);
  BuildGraph graph;
  std::string why;
  EXPECT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Error);
  EXPECT_NE(why.find("variables expand to too many bytes"), std::string::npos) << why;
}

TEST_F(BuildGraphHandWritten, FileIncludingItselfIsAnError) {
  write("build.ninja", "rule cc\n  command = touch $out\nbuild a.o: cc a.c\nsubninja ./build.ninja\n");
  BuildGraph graph;
  std::string why;
  EXPECT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Error);
  EXPECT_NE(why.find("build.ninja: includes itself"), std::string::npos) << why;

  // Including the same file twice, not nested, is fine.
  write("rules.ninja", "rule cc\n  command = touch $out\n");
  write("vars.ninja", "x = 1\n");
  write("build.ninja", "include rules.ninja\ninclude vars.ninja\ninclude vars.ninja\nbuild a.o: cc a.c\n");
  ASSERT_EQ(read_build_graph(dir_, &graph, &why), GraphLoad::Ok) << why;
  EXPECT_TRUE(graph.edges.count("a.o"));
}

TEST(CanonicalizeNinjaPath, LikeNinja) {
  EXPECT_EQ(canonicalize_ninja_path("./a/./b"), "a/b");
  EXPECT_EQ(canonicalize_ninja_path("a/x/../b"), "a/b");
  EXPECT_EQ(canonicalize_ninja_path("../a/../b"), "../b");
  EXPECT_EQ(canonicalize_ninja_path("/usr//include/../lib"), "/usr/lib");
}

}  // namespace
}  // namespace hotcog::ninja
