#include "lib/decision_report.h"

#include "lib/json_text.h"

#include <fmt/format.h>
#include <llvm/Support/JSON.h>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

double rounded(double seconds) {
  return static_cast<double>(static_cast<long long>(seconds * 1000 + 0.5)) / 1000;
}

}  // namespace

std::vector<std::string> decision_lines(const HeaderDecision& decision, bool as_json) {
  std::vector<std::string> skipped;
  for (const OwnerVerdict& owner : decision.owners)
    if (!owner.host && !owner.verdict.affected) skipped.push_back(owner.name);

  if (as_json) {
    json::Array rebuild, hosts, skipped_json, changed;
    for (const OwnerVerdict& owner : decision.owners) {
      if (owner.host)
        hosts.push_back(json::Object{{"host", owner.name},
                                     {"restart", owner.verdict.affected},
                                     {"decl", owner.verdict.decl},
                                     {"reason", owner.verdict.reason}});
      else if (owner.verdict.affected)
        rebuild.push_back(json::Object{{"cog", owner.name},
                                       {"decl", owner.verdict.decl},
                                       {"reason", owner.verdict.reason}});
    }
    for (const std::string& cog : skipped) skipped_json.push_back(cog);
    for (const std::string& decl : decision.changed_decls) changed.push_back(decl);
    json::Object event{{"phase", "decision"},
                       {"rebuild", std::move(rebuild)},
                       {"skipped", std::move(skipped_json)},
                       {"hosts", std::move(hosts)},
                       {"changed_decls", std::move(changed)},
                       {"rescanned", static_cast<int64_t>(decision.rescanned)},
                       {"shared", static_cast<int64_t>(decision.shared)},
                       {"timings", json::Object{{"decision_s", rounded(decision.seconds)}}}};
    if (!decision.fallback.empty()) event["fallback"] = decision.fallback;
    if (!decision.shortcut.empty()) event["shortcut"] = decision.shortcut;
    return {json_text(std::move(event))};
  }

  std::vector<std::string> lines;
  if (!decision.fallback.empty()) {
    lines.push_back(fmt::format(
        "declaration-level view unavailable ({}): rebuilding every cog ninja ties to the header",
        decision.fallback));
    return lines;
  }
  if (!decision.shortcut.empty()) {
    lines.push_back(fmt::format(
        "not decided per declaration ({}): rebuilding every cog ninja ties to the header",
        decision.shortcut));
    return lines;
  }
  for (const OwnerVerdict& owner : decision.owners) {
    if (owner.host && owner.verdict.affected)
      lines.push_back(fmt::format("host {}: restart needed: {}", owner.name, owner.verdict.reason));
    else if (owner.host)
      lines.push_back(fmt::format("host {} includes the header but uses none of the changed "
                                  "declarations: no restart needed", owner.name));
    else if (owner.verdict.affected)
      lines.push_back(fmt::format("  {}: {}", owner.name, owner.verdict.reason));
  }
  std::string changed = decision.changed_decls.empty()
                            ? std::string("no declaration changed")
                            : fmt::format("changed: {}", fmt::join(decision.changed_decls, ", "));
  lines.push_back(fmt::format("skipped {} {} as unaffected{}; decided in {:.2f}s from {} TU{} ({})",
                              skipped.size(), skipped.size() == 1 ? "cog" : "cogs",
                              skipped.empty() ? "" : fmt::format(" ({})", fmt::join(skipped, ", ")),
                              decision.seconds, decision.rescanned,
                              decision.rescanned == 1 ? "" : "s", changed));
  return lines;
}

std::vector<std::string> semantic_note_lines(const std::string& message, bool as_json) {
  if (as_json) return {json_text(json::Object{{"phase", "semantic"}, {"message", message}})};
  return {message};
}

std::vector<std::string> undecided_lines(const std::vector<std::string>& raced, bool json) {
  if (raced.empty()) return {};
  if (json)
    return {json_text(json::Object{{"phase", "undecided"},
                                   {"files", json_strings(raced)},
                                   {"reason", "saved while its cogs were building"}})};
  std::vector<std::string> lines;
  for (const std::string& path : raced)
    lines.push_back(fmt::format("not decided per declaration ({} was saved while its cogs were "
                                "building): rebuilding every cog ninja ties to it",
                                path));
  return lines;
}

}  // namespace hotcog::cli
