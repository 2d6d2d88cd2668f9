#include "lib/manifest_report.h"

#include "lib/json_text.h"

#include <fmt/format.h>
#include <llvm/Support/JSON.h>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;


}  // namespace

std::vector<std::string> manifest_lines(const ManifestChange& change, const HostFollow& host,
                                        bool as_json) {
  if (as_json) {
    static const char* const kResult[] = {"no_host", "ok", "error"};
    json::Object event{{"phase", "manifest"},          {"added", json_strings(change.added)},
                       {"removed", json_strings(change.removed)}, {"moved", json_strings(change.moved)},
                       {"hosts", json_strings(change.hosts)},     {"host", kResult[host.result]}};
    if (host.result == HostFollow::Ok) {
      json::Array results;
      for (const CogReloadResult& r : host.reply.results)
        results.push_back(json::Object{{"cog", r.cog},       {"ok", r.ok},
                                       {"action", r.action}, {"kind", r.kind},
                                       {"message", r.message}});
      event["results"] = std::move(results);
    }
    if (host.result == HostFollow::Failed) event["error"] = host.error;
    return {json_text(std::move(event))};
  }
  std::vector<std::string> parts, lines;
  if (!change.added.empty()) parts.push_back("added " + fmt::format("{}", fmt::join(change.added, ", ")));
  if (!change.removed.empty())
    parts.push_back("removed " + fmt::format("{}", fmt::join(change.removed, ", ")));
  if (!change.moved.empty())
    parts.push_back("output moved: " + fmt::format("{}", fmt::join(change.moved, ", ")));
  if (!parts.empty()) lines.push_back(fmt::format("cog manifest changed: {}", fmt::join(parts, "; ")));
  if (host.result == HostFollow::Ok)
    for (const CogReloadResult& r : host.reply.results) lines.push_back("  " + describe_result(r));
  for (const std::string& target : change.hosts)
    lines.push_back(fmt::format("host {} changed in the cog manifest: restart needed", target));
  if (host.result == HostFollow::Failed)
    lines.push_back("the host did not follow the cog manifest: " + host.error);
  return lines;
}

}  // namespace hotcog::cli
