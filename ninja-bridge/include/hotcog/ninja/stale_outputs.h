// Making ninja rebuild outputs it believes up to date, without touching any
// source.
//
// Why: ninja (1.11 and older) decides by mtimes only. A source saved while a
// compile that already read it still runs ends up older than the object that
// compile writes afterwards, so ninja never rebuilds that object: the build
// of the save reports "no work to do" and the old code keeps running. The
// caller, which saw the save arrive during the build, marks the objects that
// build compiled as stale; their next build recompiles them.
#pragma once

#include <string>
#include <vector>

#include "hotcog/ninja/ninja_log.h"  // RanEdge

namespace hotcog::ninja {

// The outputs of the compile edges among `ran` (BuildResult::ran), as ninja
// names them (relative to the build dir, or absolute).
std::vector<std::string> compiled_outputs(const std::vector<RanEdge>& ran);

// Sets the mtime of each output (relative to build_dir unless absolute) to
// the epoch, older than any input, so ninja rebuilds it. A missing output is
// already rebuilt and skipped. False with *err naming the first failure.
bool mark_stale(const std::string& build_dir, const std::vector<std::string>& outputs,
                std::string* err);

}  // namespace hotcog::ninja
