#include "lib/scan_facts.h"

#include "lib/project.h"
#include "lib/tool_error.h"

#include <llvm/Support/JSON.h>

#include <algorithm>
#include <tuple>

namespace hotcog::cli {
namespace {

namespace json = llvm::json;

std::string string_of(const json::Object& object, llvm::StringRef key) {
  if (auto value = object.getString(key)) return value->str();
  return {};
}

// Calls `add` with each string of the array `key` (none when it is absent).
template <typename Add>
void each_string(const json::Object& object, llvm::StringRef key, Add add) {
  if (const json::Array* array = object.getArray(key))
    for (const json::Value& item : *array)
      if (auto s = item.getAsString()) add(*s);
}

PooledString pooled(const json::Object& object, llvm::StringRef key, StringPool& pool) {
  return pool.intern(object.getString(key).getValueOr(""));
}

TuFacts tu_of(const json::Object& tu, StringPool& pool) {
  TuFacts facts;
  facts.file = string_of(tu, "file");
  facts.error = string_of(tu, "error");
  if (const json::Array* includes = tu.getArray("includes")) facts.includes.reserve(includes->size());
  each_string(tu, "includes", [&](llvm::StringRef path) { facts.includes.push_back(pool.intern(path)); });
  if (const json::Array* edges = tu.getArray("edges")) {
    facts.include_edges.reserve(edges->size());
    for (const json::Value& item : *edges)
      if (const json::Object* edge = item.getAsObject())
        facts.include_edges.push_back({pooled(*edge, "from", pool), pooled(*edge, "to", pool)});
  }
  // "used" (what the TU's own code reaches) when the scanner gives it, else
  // every reference in the TU: coarser, never less safe.
  each_string(tu, tu.getArray("used") ? "used" : "refs",
              [&](llvm::StringRef usr) { facts.refs.insert(usr.str()); });
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
  // Spelled from the includer's directory ("build/../src/x.h"); compared
  // with the watcher's paths, which are normalized.
  each_string(tu, "shadows", [&](llvm::StringRef path) {
    facts.shadows.push_back(pool.intern(normalize_path(path.str())));
  });
  std::sort(facts.shadows.begin(), facts.shadows.end());  // for binary searches
  facts.shadows.shrink_to_fit();
  if (const json::Array* headers = tu.getArray("context_free"))
    for (const json::Value& item : *headers)
      if (const json::Object* header = item.getAsObject())
        facts.context_free.emplace(string_of(*header, "file"), string_of(*header, "idents"));
  return facts;
}

}  // namespace

llvm::Expected<std::vector<TuFacts>> parse_scan_lines(llvm::StringRef text,
                                                      const std::string& origin,
                                                      StringPool& pool) {
  std::vector<TuFacts> result;
  unsigned line_no = 0;
  while (!text.empty()) {
    llvm::StringRef line;
    std::tie(line, text) = text.split('\n');
    ++line_no;
    if (line.trim().empty()) continue;
    // One TU's JSON at a time: parsing the whole output at once (79 MB for
    // 500 TUs) took several times its size at the peak.
    llvm::Expected<json::Value> value = json::parse(line);
    if (!value)
      return tool_error(ErrorKind::Scan, "{}:{} is not a hotcog-scan TU object: {}", origin,
                        line_no, llvm::toString(value.takeError()));
    const json::Object* tu = value->getAsObject();
    if (!tu || string_of(*tu, "file").empty())
      return tool_error(ErrorKind::Scan, "{}:{}: the TU has no \"file\"", origin, line_no);
    result.push_back(tu_of(*tu, pool));
  }
  return result;
}

}  // namespace hotcog::cli
