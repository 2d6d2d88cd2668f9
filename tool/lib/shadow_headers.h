// A header created where header search now finds it before one a TU
// includes (same name, earlier in the include path: e.g. next to the
// includer for a quoted #include) changes what that TU compiles, though no
// file ninja knows changed. The scanner lists those paths per TU
// (TuFacts::shadows, kept by SemanticDeps); watch counts such a new file as
// a change of the cogs built from those TUs, and since ninja's deps log still
// names the old header, removes their objects so that ninja recompiles them.
// Without declaration-level decisions (HOTCOG_SEMANTIC_DEPS=0) there are no
// scans, and a shadowing header goes unnoticed, as with ninja alone.
#pragma once

#include "lib/compile_db.h"
#include "lib/semantic_deps.h"

#include <map>
#include <string>
#include <vector>

namespace hotcog::cli {

// The owners (cog or host names) of the TUs a header created at `path`
// shadows; `owner_tus`: owner -> its TUs.
std::vector<std::string> owners_shadowed_by(
    const SemanticDeps& deps, const std::string& path,
    const std::map<std::string, std::vector<std::string>>& owner_tus);

// Marks the objects of the TUs that headers created at `created` shadow as
// stale (ninja::mark_stale), so that the next build recompiles them. Returns
// those TUs (to rescan once built); *problems gets a line for what could not
// be marked.
std::vector<std::string> invalidate_shadowed(const SemanticDeps& deps,
                                             const std::vector<std::string>& created,
                                             std::vector<std::string>* problems);

}  // namespace hotcog::cli
