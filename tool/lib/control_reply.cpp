#include "lib/control_reply.h"

#include "lib/tool_error.h"

#include <llvm/Support/JSON.h>

namespace hotcog::cli {

size_t ControlReply::failed_count() const {
  size_t failed = 0;
  for (const CogReloadResult& r : results) failed += r.ok ? 0 : 1;
  return failed;
}

std::string describe_result(const CogReloadResult& r) {
  std::string action = r.action.empty() ? (r.ok ? "reloaded" : "failed") : r.action;
  if (!r.ok) {
    llvm::StringRef why = r.message.empty() ? llvm::StringRef(r.kind) : llvm::StringRef(r.message);
    why.consume_front(r.cog + ": ");
    return r.cog + ": " + action + ": " + why.str();
  }
  if (r.reason.empty()) return r.cog + ": " + action;
  return r.cog + ": " + action + " (" + r.reason + ")";
}

// fromJSON overloads found by llvm::json::ObjectMapper through ADL.
bool fromJSON(const llvm::json::Value& value, CogReloadResult& out, llvm::json::Path path) {
  llvm::json::ObjectMapper map(value, path);
  return map && map.map("cog", out.cog) && map.map("ok", out.ok) &&
         map.mapOptional("kind", out.kind) && map.mapOptional("action", out.action) &&
         map.mapOptional("reason", out.reason) && map.mapOptional("version", out.version) &&
         map.mapOptional("pause_us", out.pause_us) &&
         map.mapOptional("prepare_start_us", out.prepare_start_us) &&
         map.mapOptional("prepare_us", out.prepare_us) &&
         map.mapOptional("apply_start_us", out.apply_start_us) &&
         map.mapOptional("message", out.message);
}

bool fromJSON(const llvm::json::Value& value, CogStatus& out, llvm::json::Path path) {
  llvm::json::ObjectMapper map(value, path);
  return map && map.map("name", out.name) && map.mapOptional("loaded", out.loaded) &&
         map.mapOptional("version", out.version) && map.mapOptional("output", out.output) &&
         map.mapOptional("kind", out.kind) && map.mapOptional("message", out.message);
}

bool fromJSON(const llvm::json::Value& value, ControlReply& out, llvm::json::Path path) {
  llvm::json::ObjectMapper map(value, path);
  return map && map.map("ok", out.ok) && map.mapOptional("error", out.error) &&
         map.mapOptional("message", out.message) && map.mapOptional("pid", out.pid) &&
         map.mapOptional("build_dir", out.build_dir) && map.mapOptional("pending", out.pending) &&
         map.mapOptional("pong", out.pong) && map.mapOptional("results", out.results) &&
         map.mapOptional("cogs", out.cogs);
}

llvm::Expected<ControlReply> parse_control_reply(llvm::StringRef line) {
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(line);
  if (!json)
    return tool_error(ErrorKind::Reload, "malformed reply from the host ({}): {}",
                      llvm::toString(json.takeError()), line.str());
  ControlReply reply;
  llvm::json::Path::Root root("reply");
  if (!fromJSON(*json, reply, root))
    return tool_error(ErrorKind::Reload, "unexpected reply from the host ({}): {}",
                      llvm::toString(root.getError()), line.str());
  return reply;
}

}  // namespace hotcog::cli
