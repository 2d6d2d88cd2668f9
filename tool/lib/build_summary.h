// Condenses a ninja-bridge BuildResult into what hotcog prints about a build.
#pragma once

#include "lib/watch_reporter.h"

#include "hotcog/ninja/build_runner.h"

namespace hotcog::cli {

// The first error is the compiler's first error diagnostic
// ("file:line:col: error: message"); when there is none (ninja itself
// failed, a linker error without position) it is the most telling line of
// the output instead, so a failure never prints an empty reason.
BuildSummary summarize_build(const ninja::BuildResult& result);

}  // namespace hotcog::cli
