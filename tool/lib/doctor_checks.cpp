#include "lib/doctor_checks.h"

#include "lib/ask_host.h"
#include "lib/compile_db.h"
#include "lib/env_config.h"
#include "lib/tool_error.h"
#include "lib/watch_reporter.h"

#include "hotcog/ninja/subprocess.h"
#include "hotcog/ninja/target_map.h"

#include <fmt/format.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

#include <regex>
#include <set>

namespace hotcog::cli {
namespace {

ninja::SubprocessResult run(std::vector<std::string> argv) {
  ninja::SubprocessRequest request;
  request.argv = std::move(argv);
  return ninja::run_subprocess(request);
}

std::string version_text(const std::vector<int>& v) {
  return fmt::format("{}", fmt::join(v, "."));
}

// `program --version` against a minimum version.
CheckResult check_tool_version(const std::string& program, const std::vector<int>& minimum,
                               const std::string& why, const std::string& install) {
  ninja::SubprocessResult result = run({program, "--version"});
  if (!result.started || result.exit_code != 0)
    return check_fail(program, fmt::format("cannot run `{} --version`: {}", program,
                                           result.error.empty() ? result.output : result.error),
                      install);
  std::optional<std::vector<int>> have = parse_version(result.output);
  if (!have)
    return check_fail(program, fmt::format("no version in `{} --version`: {}", program,
                                           llvm::StringRef(result.output).trim().str()),
                      install);
  if (!version_at_least(*have, minimum))
    return check_fail(program,
                      fmt::format("{} is older than {} ({})", version_text(*have),
                                  version_text(minimum), why),
                      install);
  return check_ok(program, fmt::format("{} (>= {})", version_text(*have), version_text(minimum)));
}

std::optional<uint64_t> inotify_limit() {
  if (std::optional<std::string> env = env_string("HOTCOG_INOTIFY_MAX_USER_WATCHES")) {
    uint64_t value = 0;
    if (!llvm::StringRef(*env).trim().getAsInteger(10, value)) return value;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text =
      llvm::MemoryBuffer::getFileAsStream("/proc/sys/fs/inotify/max_user_watches");
  uint64_t value = 0;
  if (!text || (*text)->getBuffer().trim().getAsInteger(10, value)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::vector<int>> parse_version(const std::string& text) {
  std::smatch match;
  static const std::regex kVersion(R"((\d+)\.(\d+)(?:\.(\d+))?)");
  if (!std::regex_search(text, match, kVersion)) return std::nullopt;
  std::vector<int> version;
  for (size_t i = 1; i < match.size(); ++i)
    version.push_back(match[i].matched ? std::stoi(match[i].str()) : 0);
  return version;
}

bool version_at_least(const std::vector<int>& have, const std::vector<int>& want) {
  return !std::lexicographical_compare(have.begin(), have.end(), want.begin(), want.end());
}

CheckResult check_ninja() {
  return check_tool_version("ninja", {1, 10, 0}, "hotcog reads version 4 of .ninja_deps",
                            "install ninja 1.10 or newer (Debian: apt install ninja-build)");
}

CheckResult check_cmake() {
  return check_tool_version("cmake", {3, 19, 0}, "cmake_language(DEFER) writes the cog manifest",
                            "install CMake 3.19 or newer (Debian: apt install cmake)");
}

CheckResult check_manifest(const std::string& build_dir, const std::string& load_error) {
  if (load_error.empty()) return check_ok("cog manifest", build_dir + "/hotcog/cogs.tsv");
  return check_fail("cog manifest", load_error,
                    "configure the project with CMake (hotcog_add_cog() writes the manifest); "
                    "-C names the build dir");
}

CheckResult check_manifest_current(const Project& project) {
  const char* name = "cog manifest current";
  ninja::SubprocessResult result = run({"ninja", "-C", project.build_dir, "-n", "build.ninja"});
  if (!result.started || result.exit_code != 0)
    return check_fail(name, fmt::format("`ninja -n build.ninja` failed: {}",
                                        llvm::StringRef(result.output + result.error).trim()),
                      "fix the build dir (re-run CMake)");
  if (result.output.find("no work to do") != std::string::npos)
    return check_ok(name, "build.ninja is up to date with the CMakeLists.txt files");
  return check_fail(name,
                    "CMake has to re-run (a CMakeLists.txt changed since it wrote build.ninja "
                    "and the manifest): watch would build and load stale cogs",
                    fmt::format("re-run CMake: cmake {} (or ninja -C {})", project.build_dir,
                                project.build_dir));
}

CheckResult check_compile_commands(const Project& project) {
  const char* name = "compile_commands.json";
  const std::string path = project.build_dir + "/compile_commands.json";
  const std::string fix =
      "configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON (hotcog_add_cog() turns it on "
      "for cogs); without it watch asks `ninja -t compdb` and header edits may rebuild more";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> text = llvm::MemoryBuffer::getFile(path);
  if (!text) return check_fail(name, path + " does not exist", fix);
  llvm::Expected<std::vector<std::string>> files = compile_db_files((*text)->getBuffer(), path);
  if (!files) return check_fail(name, llvm::toString(files.takeError()), fix);
  std::set<std::string> listed(files->begin(), files->end());
  std::vector<std::string> missing;
  for (const CogEntry& cog : project.manifest.cogs)
    for (const std::string& src : cog.sources)
      if (is_source_file(src) && !listed.count(normalize_path(src))) missing.push_back(src);
  if (!missing.empty())
    return check_fail(name,
                      fmt::format("{} does not list {} cog source(s), e.g. {}", path,
                                  missing.size(), missing.front()),
                      fix);
  return check_ok(name, fmt::format("{} ({} TUs)", path, files->size()));
}

CheckResult check_host(const Project& project, std::chrono::milliseconds timeout) {
  const char* name = "host";
  const std::string socket = project.control_socket_path();
  llvm::Expected<ControlReply> reply = ask_host(socket, {simple_request("ping"), timeout});
  if (reply) return check_ok(name, fmt::format("pid {} answers on {}", reply->pid, socket));
  llvm::Error err = reply.takeError();
  if (is_no_host(err))
    return check_fail(name, fmt::format("nothing listens on {}", socket),
                      "start your host program (a hotcog_add_host() target built in this "
                      "build dir); it serves the socket while it calls Host::poll()");
  return check_fail(name, llvm::toString(std::move(err)),
                    "make sure the host calls Host::poll() regularly and was built with "
                    "this hotcog version");
}

CheckResult judge_inotify(size_t directories, std::optional<uint64_t> limit) {
  const char* name = "inotify watches";
  if (!limit)
    return check_fail(name, "cannot read /proc/sys/fs/inotify/max_user_watches",
                      "run on Linux with /proc mounted");
  // Other programs (editors, IDEs, file indexers) use watches too: ask for
  // twice what watch needs.
  if (directories * 2 > *limit)
    return check_fail(name,
                      fmt::format("watch needs {}, fs.inotify.max_user_watches is {} "
                                  "(shared with every program of this user)",
                                  count_noun(directories, "directory", "directories"), *limit),
                      fmt::format("raise it: sudo sysctl fs.inotify.max_user_watches={}",
                                  std::max<uint64_t>(524288, directories * 4)));
  return check_ok(name, fmt::format("{} to watch, limit {}",
                                    count_noun(directories, "directory", "directories"), *limit));
}

CheckResult check_inotify(const Project& project) {
  std::set<std::string> files;
  for (const CogEntry& cog : project.manifest.cogs)
    for (const std::string& src : cog.sources) files.insert(normalize_path(src));
  for (const std::string& src : project.host_sources()) files.insert(src);
  std::string err;
  if (std::optional<ninja::TargetMap> graph =
          ninja::TargetMap::load(project.build_dir, project.manifest, &err))
    for (const std::string& file : graph->watched_files()) files.insert(normalize_path(file));
  std::set<std::string> dirs;
  for (const std::string& file : files) dirs.insert(llvm::sys::path::parent_path(file).str());
  return judge_inotify(dirs.size(), inotify_limit());
}

CheckResult check_scanner(const std::string& scanner, bool needed) {
  const char* name = "clang resource dir";
  if (!needed) return check_ok(name, "not needed (semantic_deps = false)");
  const std::string install =
      "build hotcog-scan (next to hotcog) or point HOTCOG_SCAN at it; or set "
      "semantic_deps = false";
  ninja::SubprocessResult result = run({scanner, "--print-resource-dir"});
  if (!result.started || result.exit_code != 0)
    return check_fail(name,
                      fmt::format("cannot run `{} --print-resource-dir`: {}", scanner,
                                  llvm::StringRef(result.error + result.output).trim()),
                      install);
  const std::string dir = llvm::StringRef(result.output).trim().str();
  const std::string probe = dir + "/include/stddef.h";
  if (!llvm::sys::fs::exists(probe))
    return check_fail(name,
                      fmt::format("{} has no clang headers ({} is missing): every scan would "
                                  "fail at its first #include",
                                  dir, probe),
                      "install clang 14's headers (Debian: apt install libclang-common-14-dev) "
                      "or rebuild hotcog with -DHOTCOG_CLANG_RESOURCE_DIR=<clang -print-resource-dir>");
  return check_ok(name, fmt::format("{} (from {})", dir, scanner));
}

}  // namespace hotcog::cli
