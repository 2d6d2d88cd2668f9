// The checks of `hotcog doctor` other than the cogs' images
// (cog_image_check.h). Each runs the real thing: the tools' --version, ninja's
// dry run, a ping over the control socket, /proc's inotify limit, the
// scanner's --print-resource-dir. None changes anything.
#pragma once

#include "lib/doctor_check.h"
#include "lib/project.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

// ninja >= 1.10 (deps log version 4, read natively by ninja-bridge).
CheckResult check_ninja();
// cmake >= 3.19 (cmake_language(DEFER) writes the cog manifest).
CheckResult check_cmake();

// The manifest loads (`project` set) and ninja's dry run of build.ninja has
// nothing to do (no CMakeLists.txt changed since CMake wrote it).
// `load_error`: why load_project() failed, "" when it did not.
CheckResult check_manifest(const std::string& build_dir, const std::string& load_error);
CheckResult check_manifest_current(const Project& project);

// <build>/compile_commands.json exists, parses and lists every cog source.
CheckResult check_compile_commands(const Project& project);

// A ping over the control socket is answered.
CheckResult check_host(const Project& project, std::chrono::milliseconds timeout);

// The directories watch would watch (the build graph's files, else the
// manifest's sources) against fs.inotify.max_user_watches
// ($HOTCOG_INOTIFY_MAX_USER_WATCHES stands in for /proc, for tests).
CheckResult check_inotify(const Project& project);
CheckResult judge_inotify(size_t directories, std::optional<uint64_t> limit);

// The scanner runs and its clang resource dir has clang's own headers; not
// needed (Ok) when semantic_deps is off.
CheckResult check_scanner(const std::string& scanner, bool needed);

// "ninja 1.11.1" / "cmake version 3.25.1" -> {1, 11, 1}; nullopt if no
// version number is in `text`.
std::optional<std::vector<int>> parse_version(const std::string& text);
bool version_at_least(const std::vector<int>& have, const std::vector<int>& want);

}  // namespace hotcog::cli
