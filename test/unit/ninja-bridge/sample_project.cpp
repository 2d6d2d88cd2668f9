#include "sample_project.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hotcog/ninja/subprocess.h"

namespace hotcog::ninja::testing {

std::string make_temp_dir(const std::string& prefix) {
  const char* tmp = getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (!mkdtemp(templ.data())) return "";
  return templ;
}

void remove_tree(const std::string& path) {
  std::error_code ec;
  if (!path.empty()) std::filesystem::remove_all(path, ec);
}

int run_command(const std::vector<std::string>& argv, std::string* out,
                const std::vector<std::pair<std::string, std::string>>& env) {
  SubprocessRequest req;
  req.argv = argv;
  req.env = env;
  SubprocessResult r = run_subprocess(req);
  if (out) *out = r.started ? r.output : r.error;
  return r.exit_code;
}

void SampleProject::write(const std::string& rel, const std::string& text) const {
  std::filesystem::path p = source_dir_ + "/" + rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string SampleProject::read(const std::string& rel) const {
  std::ifstream in(source_dir_ + "/" + rel);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool SampleProject::create(const std::string& cxx, std::string* err,
                           const std::vector<std::string>& cmake_args) {
  root_ = make_temp_dir("hotcog-ninja-test");
  if (root_.empty()) {
    *err = "mkdtemp failed";
    return false;
  }
  source_dir_ = root_ + "/src";
  build_dir_ = root_ + "/build";
  write("CMakeLists.txt", R"(cmake_minimum_required(VERSION 3.20)
project(sample CXX)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/gen/version.h
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/gen
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/version.in ${CMAKE_BINARY_DIR}/gen/version.h
  DEPENDS ${CMAKE_SOURCE_DIR}/version.in)
add_library(util STATIC util.cpp)
add_library(cog_a SHARED a.cpp ${CMAKE_BINARY_DIR}/gen/version.h)
add_library(cog_b SHARED b.cpp)
target_include_directories(cog_a PRIVATE inc ${CMAKE_BINARY_DIR}/gen)
target_include_directories(cog_b PRIVATE inc)
target_link_libraries(cog_b PRIVATE util)
set_target_properties(util PROPERTIES POSITION_INDEPENDENT_CODE ON)
add_executable(app host.cpp)
)");
  write("version.in", "#define SAMPLE_VERSION 1\n");
  write("inc/shared.h", "#pragma once\ninline int shared_value() { return 1; }\n");
  write("inc/only_a.h", "#pragma once\ninline int only_a() { return 2; }\n");
  write("a.cpp", "#include \"shared.h\"\n#include \"only_a.h\"\n#include \"version.h\"\n"
                 "int a() { return shared_value() + only_a() + SAMPLE_VERSION; }\n");
  write("b.cpp", "#include \"shared.h\"\nint util();\nint b() { return shared_value() + util(); }\n");
  write("util.cpp", "int util() { return 3; }\n");
  write("host.cpp", "int main() { return 0; }\n");
  std::vector<std::string> argv = {"cmake", "-S", source_dir_, "-B", build_dir_,
                                   "-DCMAKE_CXX_COMPILER=" + cxx, "-DCMAKE_BUILD_TYPE=Debug"};
  bool generator_given = false;
  for (const std::string& a : cmake_args) generator_given |= a.rfind("-G", 0) == 0;
  if (!generator_given) argv.insert(argv.end(), {"-G", "Ninja"});
  argv.insert(argv.end(), cmake_args.begin(), cmake_args.end());
  std::string out;
  if (run_command(argv, &out) != 0) {
    *err = "cmake failed:\n" + out;
    return false;
  }
  return true;
}

SampleProject::~SampleProject() { remove_tree(root_); }

hotcog::CogManifest SampleProject::manifest() const {
  hotcog::CogManifest m;
  m.cogs.push_back({"cog_a", "cog_a", build_dir_ + "/libcog_a.so", {src("a.cpp")}});
  m.cogs.push_back({"cog_b", "cog_b", build_dir_ + "/libcog_b.so", {src("b.cpp")}});
  m.hosts.push_back({"app", build_dir_ + "/app", {src("host.cpp")}});
  return m;
}

}  // namespace hotcog::ninja::testing
