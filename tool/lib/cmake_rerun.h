// An edit of a file CMake reads (CMakeLists.txt, an included .cmake file)
// may add, remove or rename cogs. Building the cogs known before it would
// ask ninja for targets that may no longer exist, and would not build the new
// ones: `hotcog watch` first re-runs CMake through ninja's own regeneration
// edge (`ninja build.ninja`), then plans with the manifest it wrote
// (manifest_refresh.h).
#pragma once

#include "lib/content_hash_store.h"

#include "hotcog/ninja/subprocess.h"
#include "hotcog/ninja/target_map.h"

#include <string>
#include <utility>
#include <vector>

namespace hotcog::cli {

// Some file of the batch with changed content is an input of build.ninja.
bool edits_cmake_input(const std::vector<std::pair<std::string, ContentChange>>& files,
                       const ninja::TargetMap& graph);

// Runs CMake's regeneration if ninja finds it due. A failure is not reported
// here: the build that follows re-runs it and reports CMake's error like any
// other. Returns true only when a stop signal cancelled it.
bool regenerate_build(const std::string& build_dir, const ninja::CancelToken* cancel);

}  // namespace hotcog::cli
