// How `hotcog watch` shows a declaration-level decision (semantic_deps.h),
// rendered for WatchReporter::print_lines in either format.
//
// Human:
//     greeter: uses `Outer` (changed at style.h:4)            (per rebuilt cog)
//   host bot: restart needed: uses `Outer` (changed at style.h:4)
//   host bot includes the header but uses none of the changed declarations: no restart needed
//   skipped 3 cogs as unaffected (a, b, c); decided in 0.12s from 4 TUs (changed: Outer (changed))
//   declaration-level view unavailable (<why>): rebuilding every cog ninja ties to the header
//   not decided per declaration (<why>): rebuilding every cog ninja ties to the header
//   declaration-level decisions on: scanned 12 TUs in 1.20s
// JSON (one line):
//   {"phase":"decision","rebuild":[{"cog","decl","reason"}],"skipped":[..],
//    "hosts":[{"host","restart","decl","reason"}],"changed_decls":[..],
//    "rescanned":N,"shared":N,"timings":{"decision_s":F}[,"fallback":".."][,"shortcut":".."]}
//   (rescanned: TUs parsed; shared: TUs decided from another includer's scan)
//   {"phase":"semantic","message":".."}
#pragma once

#include "lib/semantic_deps.h"

#include <string>
#include <vector>

namespace hotcog::cli {

std::vector<std::string> decision_lines(const HeaderDecision& decision, bool json);

// Header edits left to ninja because they were saved while a build of their
// cogs ran (watch_session.cpp: the rescan after that build may have read them):
// one line each, or one `undecided` event (docs/watch-json.md).
std::vector<std::string> undecided_lines(const std::vector<std::string>& raced, bool json);
std::vector<std::string> semantic_note_lines(const std::string& message, bool json);

}  // namespace hotcog::cli
