// When a header edit is built at once instead of being decided per
// declaration first (semantic_deps.h). Pure.
//
// A decision parses the edited headers' includer TUs before the build, so
// that the cogs whose code reaches no changed declaration are not rebuilt.
// All it can ever save is compiles of includer TUs (and their cogs' links
// and reloads); what it costs is their parse, ahead of the build, and a parse
// by clang's front end takes about as long as the compile for most TUs (the
// --scale bench, bench/e2e/results/scale.md: the edit of a header of one cog
// cost 1.75x `ninja` alone, 860 ms of decision before a 900 ms compile).
// The rule:
//
//   build without deciding when the edited headers have exactly ONE includer
//   TU among the candidates, it is built into exactly one candidate, that
//   candidate is a cog, and no candidate is a host.
//
// Why exactly that:
//  - one includer: the decision could save at most that one compile, paying
//    a parse of about the same length first; and a header with one includer
//    is nearly always edited for that TU, which then compiles after the
//    parse anyway. Every other cog candidate (none of its TUs includes the
//    header, or it has no compile command) is rebuilt either way: the
//    decision answers "affected" for it without a parse.
//  - with two or more includers the decision pays: one representative's
//    parse can stand for the others (shared_header.h), the TUs it skips are
//    compiles saved, and past the core count they are latency saved;
//  - a TU built into two cogs: one parse could save two compiles;
//  - a host: it restarts only when its code reaches a changed declaration, a
//    verdict only the parse gives; without it every edit of a header the host
//    includes would say "restart needed".
// Returns the reason, said in the decision line, the --json decision event
// (`shortcut`) and by `hotcog why`; nullopt: decide.
#pragma once

#include "lib/semantic_deps.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hotcog::cli {

std::optional<std::string> build_without_deciding(const std::vector<Owner>& candidates,
                                                  const std::set<std::string>& includers);

}  // namespace hotcog::cli
