// TargetMap and run_build against real build dirs: the sample project is
// configured with cmake -G Ninja and built with ninja, once per compiler.
#include "hotcog/ninja/target_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "hotcog/ninja/build_runner.h"
#include "sample_project.h"

namespace hotcog::ninja {
namespace {

using testing::SampleProject;
using Names = std::vector<std::string>;

class TargetMapTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    project_ = std::make_unique<SampleProject>();
    std::string err;
    ASSERT_TRUE(project_->create(GetParam(), &err)) << err;
  }
  BuildRequest request(const std::vector<std::string>& targets = {}) {
    BuildRequest req;
    req.build_dir = project_->build_dir();
    req.targets = targets;
    return req;
  }
  BuildResult build(const std::vector<std::string>& targets = {}) { return run_build(request(targets)); }
  std::unique_ptr<SampleProject> project_;
};

TEST_P(TargetMapTest, BeforeFirstBuildSourcesMapThroughGraphAndManifest) {
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  EXPECT_EQ(map->deps_source(), "none");
  EXPECT_FALSE(map->deps_complete());
  // Without deps any file may matter to a cog that was never built: every
  // answer includes all of them (they need a build anyway).
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/shared.h")), (Names{"cog_a", "cog_b"}));
  EXPECT_EQ(map->cogs_for_file(project_->src("a.cpp")), (Names{"cog_a", "cog_b"}));
  EXPECT_EQ(map->hosts_for_file(project_->src("a.cpp")), Names{"app"});
  // The graph is known already: what each cog is made of.
  auto files_a = map->files_of_cog("cog_a");
  EXPECT_EQ(std::count(files_a.begin(), files_a.end(), project_->src("a.cpp")), 1);
  EXPECT_EQ(std::count(files_a.begin(), files_a.end(), project_->src("b.cpp")), 0);
  auto files_b = map->files_of_cog("cog_b");
  EXPECT_EQ(std::count(files_b.begin(), files_b.end(), project_->src("util.cpp")), 1);
}

TEST_P(TargetMapTest, AfterBuildHeadersMapToTheCogsThatIncludeThem) {
  BuildResult r = build();
  ASSERT_TRUE(r.ok()) << r.output;
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  EXPECT_TRUE(map->deps_complete());
  EXPECT_EQ(map->deps_source(), "deps-log");
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/shared.h")), (Names{"cog_a", "cog_b"}));
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/only_a.h")), Names{"cog_a"});
  EXPECT_EQ(map->cogs_for_file(project_->src("a.cpp")), Names{"cog_a"});
  EXPECT_EQ(map->cogs_for_file(project_->src("b.cpp")), Names{"cog_b"});
  // Through the static library linked into cog_b.
  EXPECT_EQ(map->cogs_for_file(project_->src("util.cpp")), Names{"cog_b"});
  // Generated header, and the input it is generated from.
  EXPECT_EQ(map->cogs_for_file(project_->build_dir() + "/gen/version.h"), Names{"cog_a"});
  EXPECT_EQ(map->cogs_for_file(project_->src("version.in")), Names{"cog_a"});
  // A file nothing depends on maps to nothing once deps are complete.
  EXPECT_EQ(map->cogs_for_file(project_->src("README.md")), Names{});
  // Host sources: restart, not reload.
  EXPECT_TRUE(map->is_host_file(project_->src("host.cpp")));
  EXPECT_EQ(map->cogs_for_file(project_->src("host.cpp")), Names{});
  EXPECT_FALSE(map->is_host_file(project_->src("a.cpp")));
  // Unnormalized spellings of the same path.
  EXPECT_EQ(map->cogs_for_file(project_->source_dir() + "/inc/../inc/./only_a.h"), Names{"cog_a"});

  Names watched = map->watched_files();
  auto has = [&](const std::string& f) { return std::count(watched.begin(), watched.end(), f) == 1; };
  EXPECT_TRUE(has(project_->src("inc/shared.h")));
  EXPECT_TRUE(has(project_->src("util.cpp")));
  EXPECT_TRUE(has(project_->src("host.cpp")));
  for (const std::string& f : watched) {
    EXPECT_NE(f.rfind("/usr/", 0), 0u) << f;
    EXPECT_NE(f.rfind(project_->build_dir() + "/", 0), 0u) << f;
  }
}

TEST_P(TargetMapTest, DependencyChainExplainsAMapping) {
  ASSERT_TRUE(build().ok());
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  const std::string& b = project_->build_dir();
  EXPECT_EQ(map->dependency_chain("cog_a", project_->src("inc/shared.h")),
            (Names{b + "/cog_a", b + "/libcog_a.so", b + "/CMakeFiles/cog_a.dir/a.cpp.o",
                   project_->src("inc/shared.h")}));
  EXPECT_EQ(map->dependency_chain("cog_b", project_->src("util.cpp")),
            (Names{b + "/cog_b", b + "/libcog_b.so", b + "/libutil.a",
                   b + "/CMakeFiles/util.dir/util.cpp.o", project_->src("util.cpp")}));
  EXPECT_EQ(map->dependency_chain("cog_b", project_->src("inc/only_a.h")), Names{});
  EXPECT_EQ(map->dependency_chain("no_such_cog", project_->src("a.cpp")), Names{});
}

TEST_P(TargetMapTest, RefreshPicksUpNewDepsAfterABuild) {
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  ASSERT_TRUE(build().ok());
  ASSERT_TRUE(map->refresh(&err)) << err;
  EXPECT_TRUE(map->deps_complete());
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/only_a.h")), Names{"cog_a"});

  // A new include in b.cpp shows up after the next build.
  project_->write("b.cpp", "#include \"shared.h\"\n#include \"only_a.h\"\nint util();\n"
                           "int b() { return shared_value() + util() + only_a(); }\n");
  ASSERT_TRUE(build({"cog_b"}).ok());
  ASSERT_TRUE(map->refresh(&err)) << err;
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/only_a.h")), (Names{"cog_a", "cog_b"}));
}

TEST_P(TargetMapTest, CMakeRerunBringsNewSourcesAndBuildFilesMapToAllCogs) {
  ASSERT_TRUE(build().ok());
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  EXPECT_TRUE(map->is_build_file(project_->src("CMakeLists.txt")));
  EXPECT_EQ(map->cogs_for_file(project_->src("CMakeLists.txt")), (Names{"cog_a", "cog_b"}));
  Names watched = map->watched_files();
  EXPECT_EQ(std::count(watched.begin(), watched.end(), project_->src("CMakeLists.txt")), 1);
  EXPECT_EQ(map->cogs_for_file(project_->src("c.cpp")), Names{});

  // A new source in cog_b: ninja re-runs CMake itself, then builds.
  project_->write("c.cpp", "int c() { return 4; }\n");
  std::string cmake = project_->read("CMakeLists.txt");
  cmake.replace(cmake.find("b.cpp)"), 6, "b.cpp c.cpp)");
  project_->write("CMakeLists.txt", cmake);
  BuildResult r = build({"cog_a", "cog_b"});
  ASSERT_TRUE(r.ok()) << r.output;
  EXPECT_NE(r.output.find("Re-running CMake"), std::string::npos) << r.output;
  EXPECT_EQ(map->cogs_relinked(r.ran), Names{"cog_b"});
  ASSERT_TRUE(map->refresh(&err)) << err;
  EXPECT_EQ(map->cogs_for_file(project_->src("c.cpp")), Names{"cog_b"});
  EXPECT_TRUE(map->deps_complete());
}

TEST_P(TargetMapTest, CMakeErrorDuringRerunPointsAtTheCMakeLists) {
  ASSERT_TRUE(build().ok());
  std::string cmake = project_->read("CMakeLists.txt");
  int line = static_cast<int>(std::count(cmake.begin(), cmake.end(), '\n')) + 1;
  project_->write("CMakeLists.txt", cmake + "add_library(broken SHARED nonexistent.cpp)\n");
  BuildResult r = build({"cog_a"});
  EXPECT_FALSE(r.ok());
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->file, project_->src("CMakeLists.txt"));
  EXPECT_EQ(first->line, line);
  EXPECT_EQ(first->message, "Cannot find source file:") << r.output;
}

TEST_P(TargetMapTest, BrokenDepsLogFallsBackToNinjaAndStaysCorrect) {
  ASSERT_TRUE(build().ok());
  std::string deps = project_->build_dir() + "/.ninja_deps";
  // Cut the last record in half, as a crash while ninja appends would.
  std::filesystem::resize_file(deps, std::filesystem::file_size(deps) - 6);
  std::string err;
  auto map = TargetMap::load(project_->build_dir(), project_->manifest(), &err);
  ASSERT_TRUE(map) << err;
  EXPECT_EQ(map->deps_source(), "ninja -t deps");
  EXPECT_NE(map->deps_problem().find("truncated"), std::string::npos) << map->deps_problem();
  // Ninja drops the cut record; its object's cog is then part of every
  // answer, so no answer misses a cog.
  for (const char* header : {"inc/shared.h", "inc/only_a.h"}) {
    Names cogs = map->cogs_for_file(project_->src(header));
    EXPECT_EQ(std::count(cogs.begin(), cogs.end(), "cog_a"), 1) << header;
  }
  Names shared = map->cogs_for_file(project_->src("inc/shared.h"));
  EXPECT_EQ(shared, (Names{"cog_a", "cog_b"}));
  // The next build repairs the log; the native reader is back.
  ASSERT_TRUE(build().ok());
  ASSERT_TRUE(map->refresh(&err)) << err;
  EXPECT_EQ(map->deps_source(), "deps-log");
  EXPECT_TRUE(map->deps_complete());
  EXPECT_EQ(map->cogs_for_file(project_->src("inc/only_a.h")), Names{"cog_a"});
}

TEST_P(TargetMapTest, BuildReportsProgress) {
  std::vector<std::pair<int, int>> seen;
  BuildRequest req = request({"cog_a", "cog_b"});
  req.on_progress = [&](int f, int t) { seen.emplace_back(f, t); };
  BuildResult r = run_build(req);
  ASSERT_TRUE(r.ok()) << r.output;
  EXPECT_TRUE(r.diagnostics.empty()) << r.output;
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().first, seen.back().second);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].first, seen[i - 1].first);
  EXPECT_EQ(r.finished, r.total);
  EXPECT_NE(r.output.find("[1/"), std::string::npos) << r.output;
  EXPECT_GT(r.seconds, 0);
}

TEST_P(TargetMapTest, CompileErrorGivesFirstErrorWithPosition) {
  project_->write("b.cpp", "#include \"shared.h\"\nint util();\n"
                           "int b() {\n  return shared_value() + undeclared_thing;\n}\n");
  BuildResult r = build({"cog_b"});
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.exit_code, 0);
  ASSERT_EQ(r.failed.size(), 1u) << r.output;
  EXPECT_NE(r.failed[0].outputs.find("b.cpp.o"), std::string::npos);
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->file, project_->src("b.cpp"));
  EXPECT_EQ(first->line, 4);
  EXPECT_EQ(first->column, 27);
  EXPECT_EQ(first->severity, "error");
  EXPECT_NE(first->message.find("undeclared_thing"), std::string::npos);
  EXPECT_EQ(first->text().rfind(project_->src("b.cpp") + ":4:27: error: ", 0), 0u) << first->text();
}

// The callbacks a status line and an early first error are made of: every
// status line with its edge's description, every output line of a failing
// edge as ninja prints it (with the compiler's error among them).
TEST_P(TargetMapTest, BuildStreamsStatusAndFailureLines) {
  project_->write("b.cpp", "int b() {\n  return undeclared_thing;\n}\n");
  std::vector<std::string> descriptions, failure_lines;
  BuildRequest req = request({"cog_b"});
  req.on_status = [&](int, int, std::string_view d) { descriptions.emplace_back(d); };
  req.on_failure_line = [&](std::string_view line) { failure_lines.emplace_back(line); };
  BuildResult r = run_build(req);
  EXPECT_FALSE(r.ok());
  bool b_described = false;  // the failed edge has its status line too
  for (const std::string& d : descriptions) b_described |= d.find("b.cpp") != std::string::npos;
  EXPECT_TRUE(b_described) << r.output;
  bool error_seen = false;
  for (const std::string& line : failure_lines)
    error_seen |= line.find("b.cpp:2:") != std::string::npos && line.find("error:") != std::string::npos;
  EXPECT_TRUE(error_seen) << r.output;
}

TEST_P(TargetMapTest, ErrorInSharedHeaderNamesTheHeaderAndItsIncluder) {
  project_->write("inc/shared.h", "#pragma once\ninline int shared_value() { return 1; }\nint oops = ;\n");
  BuildResult r = build({"cog_a", "cog_b"});
  EXPECT_FALSE(r.ok());
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->file, project_->src("inc/shared.h"));
  EXPECT_EQ(first->line, 3);
  EXPECT_EQ(first->column, 12);
  ASSERT_EQ(first->included_from.size(), 1u);
  EXPECT_TRUE(first->included_from[0] == project_->src("a.cpp") + ":1" ||
              first->included_from[0] == project_->src("b.cpp") + ":1")
      << first->included_from[0];
  // The same error from two translation units is listed once.
  int errors_in_header = 0;
  for (const Diagnostic& d : r.diagnostics)
    if (d.is_error() && d.file == first->file && d.line == 3) ++errors_in_header;
  EXPECT_EQ(errors_in_header, 1) << r.output;
}

TEST_P(TargetMapTest, NestedIncludeStackIsInnermostFirstForBothCompilers) {
  project_->write("inc/detail.h", "#pragma once\nint broken(int x) { return x }\n");
  project_->write("inc/only_a.h", "#pragma once\n#include \"detail.h\"\ninline int only_a() { return 2; }\n");
  BuildResult r = build({"cog_a"});
  EXPECT_FALSE(r.ok());
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->file, project_->src("inc/detail.h"));
  EXPECT_EQ(first->line, 2);
  EXPECT_EQ(first->included_from,
            (Names{project_->src("inc/only_a.h") + ":2", project_->src("a.cpp") + ":2"}))
      << r.output;
}

TEST_P(TargetMapTest, MissingHeaderIsAFatalErrorAtTheInclude) {
  project_->write("b.cpp", "#include \"shared.h\"\n#include \"no_such_header.h\"\nint b() { return 0; }\n");
  BuildResult r = build({"cog_b"});
  EXPECT_FALSE(r.ok());
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->severity, "fatal error");
  EXPECT_EQ(first->file, project_->src("b.cpp"));
  EXPECT_EQ(first->line, 2);
  EXPECT_EQ(first->column, 10);
  EXPECT_NE(first->message.find("no_such_header.h"), std::string::npos);
}

TEST_P(TargetMapTest, ColouredDiagnosticsParseTheSame) {
  SampleProject coloured;
  std::string err;
  ASSERT_TRUE(coloured.create(GetParam(), &err, {"-DCMAKE_CXX_FLAGS=-fdiagnostics-color=always"})) << err;
  coloured.write("b.cpp", "int b() {\n  return undeclared_thing;\n}\n");
  BuildRequest req;
  req.build_dir = coloured.build_dir();
  req.targets = {"cog_b"};
  // ninja strips colour from command output into a pipe unless forced.
  req.env = {{"CLICOLOR_FORCE", "1"}};
  BuildResult r = run_build(req);
  ASSERT_FALSE(r.ok());
  ASSERT_NE(r.output.find("\x1b["), std::string::npos) << "the compiler did not colour its output";
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->text().rfind(coloured.src("b.cpp") + ":2:10: error: ", 0), 0u) << first->text();
}

TEST_P(TargetMapTest, LinkErrorNamesTheMissingSymbol) {
  project_->write("b.cpp", "int missing_function();\nint b() { return missing_function(); }\n");
  project_->write("CMakeLists.txt", project_->read("CMakeLists.txt") +
                                        "target_link_options(cog_b PRIVATE -Wl,--no-undefined)\n");
  BuildResult r = build({"cog_b"});
  EXPECT_FALSE(r.ok());
  const Diagnostic* first = r.first_error();
  ASSERT_NE(first, nullptr) << r.output;
  EXPECT_EQ(first->message.rfind("undefined reference to `missing_function()'", 0), 0u) << first->text();
  // Positioned by debug info (the sample builds with -g).
  EXPECT_EQ(first->file, project_->src("b.cpp"));
  EXPECT_EQ(first->line, 2);
}

TEST_P(TargetMapTest, MissingNinjaIsAnErrorNotACrash) {
  BuildRequest req = request();
  req.ninja = "/nonexistent/ninja";
  BuildResult r = run_build(req);
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.output.find("/nonexistent/ninja"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Compilers, TargetMapTest, ::testing::Values("g++", "clang++-14"),
                         [](const auto& info) {
                           return std::string(info.param == "g++" ? "gcc" : "clang");
                         });

TEST(TargetMapLoad, NotANinjaBuildDirIsAnError) {
  std::string dir = testing::make_temp_dir("hotcog-ninja-empty");
  std::string err;
  auto map = TargetMap::load(dir, {}, &err);
  EXPECT_FALSE(map);
  EXPECT_NE(err.find("build.ninja"), std::string::npos) << err;
  testing::remove_tree(dir);
}

}  // namespace
}  // namespace hotcog::ninja
