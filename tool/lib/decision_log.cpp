#include "lib/decision_log.h"

#include "lib/tool_error.h"

#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

std::string log_path(const std::string& build_dir) {
  return build_dir + "/hotcog/semantic/decisions.json";
}

json::Object read_log(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return {};
  llvm::Expected<json::Value> value = json::parse((*buffer)->getBuffer());
  if (!value) {
    llvm::consumeError(value.takeError());  // a damaged log starts over
    return {};
  }
  if (json::Object* object = value->getAsObject()) return std::move(*object);
  return {};
}

}  // namespace

llvm::Error log_decision(const std::string& build_dir, const HeaderDecision& decision,
                         const std::vector<std::string>& headers) {
  std::string path = log_path(build_dir);
  json::Object log = read_log(path);
  json::Array header_list;
  for (const std::string& h : headers) header_list.push_back(h);
  for (const OwnerVerdict& owner : decision.owners)
    log[owner.host ? "host:" + owner.name : owner.name] =
        json::Object{{"rebuilt", owner.verdict.affected},
                     {"decl", owner.verdict.decl},
                     {"reason", owner.verdict.reason},
                     {"headers", json::Array(header_list)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(std::move(log));
  os.flush();
  if (llvm::Error err = llvm::writeFileAtomically(path + ".tmp%%%%%%", path, text))
    return tool_error(ErrorKind::Io, "cannot write {}: {}", path, llvm::toString(std::move(err)));
  return llvm::Error::success();
}

std::optional<LoggedDecision> last_decision(const std::string& build_dir,
                                            const std::string& owner) {
  json::Object log = read_log(log_path(build_dir));
  const json::Object* entry = log.getObject(owner);
  if (!entry) return std::nullopt;
  LoggedDecision decision;
  decision.rebuilt = entry->getBoolean("rebuilt").getValueOr(true);
  decision.decl = entry->getString("decl").getValueOr("").str();
  decision.reason = entry->getString("reason").getValueOr("").str();
  if (const json::Array* headers = entry->getArray("headers"))
    for (const json::Value& h : *headers)
      if (auto s = h.getAsString()) decision.headers.push_back(s->str());
  return decision;
}

}  // namespace hotcog::cli
