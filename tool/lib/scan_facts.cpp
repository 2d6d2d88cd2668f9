#include "lib/scan_facts.h"

#include "lib/project.h"
#include "lib/tool_error.h"

#include <llvm/Support/JSON.h>

#include <algorithm>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

std::string string_of(const json::Object& object, llvm::StringRef key) {
  if (auto value = object.getString(key)) return value->str();
  return {};
}

void strings_of(const json::Object& object, llvm::StringRef key, std::vector<std::string>* out) {
  if (const json::Array* array = object.getArray(key))
    for (const json::Value& item : *array)
      if (auto s = item.getAsString()) out->push_back(s->str());
}

TuFacts tu_of(const json::Object& tu) {
  TuFacts facts;
  facts.file = string_of(tu, "file");
  facts.error = string_of(tu, "error");
  strings_of(tu, "includes", &facts.includes);
  if (const json::Array* edges = tu.getArray("edges"))
    for (const json::Value& item : *edges)
      if (const json::Object* edge = item.getAsObject())
        facts.include_edges.push_back(string_of(*edge, "from") + " -> " + string_of(*edge, "to"));
  // "used" (what the TU's own code reaches) when the scanner gives it, else
  // every reference in the TU: coarser, never less safe.
  std::vector<std::string> refs;
  strings_of(tu, tu.getArray("used") ? "used" : "refs", &refs);
  facts.refs.insert(refs.begin(), refs.end());
  if (const json::Array* decls = tu.getArray("decls"))
    for (const json::Value& item : *decls) {
      const json::Object* decl = item.getAsObject();
      if (!decl) continue;
      DeclFact fact{string_of(*decl, "kind"), string_of(*decl, "name"), string_of(*decl, "file"),
                    static_cast<unsigned>(decl->getInteger("line").getValueOr(0)),
                    string_of(*decl, "hash")};
      facts.decls.emplace(string_of(*decl, "usr"), std::move(fact));
    }
  facts.shape = string_of(tu, "shape");
  strings_of(tu, "shadows", &facts.shadows);
  // Spelled from the includer's directory ("build/../src/x.h"); compared
  // with the watcher's paths, which are normalized.
  for (std::string& path : facts.shadows) path = normalize_path(path);
  std::sort(facts.shadows.begin(), facts.shadows.end());  // for binary searches
  if (const json::Array* headers = tu.getArray("context_free"))
    for (const json::Value& item : *headers)
      if (const json::Object* header = item.getAsObject())
        facts.context_free.emplace(string_of(*header, "file"), string_of(*header, "idents"));
  return facts;
}

}  // namespace

llvm::Expected<std::vector<TuFacts>> parse_scan_facts(llvm::StringRef text,
                                                      const std::string& origin) {
  llvm::Expected<json::Value> document = json::parse(text);
  if (!document)
    return tool_error(ErrorKind::Scan, "{} is not a hotcog-scan document: {}", origin,
                      llvm::toString(document.takeError()));
  const json::Object* root = document->getAsObject();
  const json::Array* tus = root ? root->getArray("tus") : nullptr;
  if (!tus) return tool_error(ErrorKind::Scan, "{} has no \"tus\" array", origin);
  std::vector<TuFacts> result;
  for (const json::Value& item : *tus) {
    const json::Object* tu = item.getAsObject();
    if (!tu || string_of(*tu, "file").empty())
      return tool_error(ErrorKind::Scan, "{}: TU #{} has no \"file\"", origin, result.size());
    result.push_back(tu_of(*tu));
  }
  return result;
}

}  // namespace hotcog::cli
