// A save while a build runs is never lost. Ninja decides by mtimes: an
// output newer than its inputs is up to date. When a file is saved after the
// compiler read it but before the object was written, the object ends up
// newer than the saved file although it was compiled from the text before
// the save, and ninja would never rebuild it. The content hashes see the
// save (the next batch finds the file changed): for such a file, the outputs
// that read it directly and are not older than it are removed, so ninja
// rebuilds them from what is on disk now.
//
// Outside that race an output that read a changed file is older than it, and
// nothing is removed; when it is not (a `ninja` run by hand between the save
// and the batch), removing it costs one recompile, never a stale reload.
#pragma once

#include "lib/content_hash_store.h"

#include "hotcog/ninja/target_map.h"

#include <string>
#include <utility>
#include <vector>

namespace hotcog::cli {

// Removes the stale outputs of `changed` (modified or created files, except
// CMake's inputs: build.ninja is regenerated, never removed) and
// returns them; an output that cannot be removed is returned in *failed with
// the reason.
std::vector<std::string> remove_stale_outputs(
    const std::vector<std::pair<std::string, ContentChange>>& changed,
    const ninja::TargetMap& graph, std::vector<std::string>* failed);

}  // namespace hotcog::cli
