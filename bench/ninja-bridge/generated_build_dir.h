// A build dir shaped like a large CMake project, generated without compiling
// real code: <cogs> cogs of <tus_per_cog> translation units each. Every TU
// "includes" the shared headers and a few of its cog's own headers: its
// compile command is `printf` writing that list as a depfile, so a real ninja
// run records real .ninja_deps and .ninja_log entries for it.
#pragma once

#include <string>

#include "hotcog/base/cog_manifest.h"

namespace hotcog::bench {

struct BuildDirShape {
  int cogs = 200;
  int tus_per_cog = 25;
  int shared_headers = 30;     // included by every TU
  int headers_per_cog = 10;    // each TU includes all of its cog's headers
};

// Writes sources, headers and build.ninja under `root` (root/src, root/build)
// unless root/build/build.ninja exists already. Returns the build dir.
std::string write_build_dir(const std::string& root, const BuildDirShape& shape);

// The manifest hotcog_add_cog would have written for it.
hotcog::CogManifest manifest_for(const std::string& root, const BuildDirShape& shape);

// Paths used by the benchmark's lookups.
std::string shared_header(const std::string& root, int i);
std::string cog_header(const std::string& root, int cog, int i);
std::string cog_source(const std::string& root, int cog, int tu);

}  // namespace hotcog::bench
