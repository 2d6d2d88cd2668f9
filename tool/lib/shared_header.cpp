#include "lib/shared_header.h"

#include "lib/semantic_diff.h"

#include <fmt/format.h>

#include <set>

namespace hotcog::cli {
namespace {

std::map<std::string, DeclFact> decls_in(const TuFacts& tu, const std::string& header) {
  std::map<std::string, DeclFact> out;
  for (const auto& [usr, decl] : tu.decls)
    if (decl.file == header) out.emplace(usr, decl);
  return out;
}

bool same_decls(const std::map<std::string, DeclFact>& a, const std::map<std::string, DeclFact>& b) {
  if (a.size() != b.size()) return false;
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
    if (i->first != j->first || i->second.hash != j->second.hash) return false;
  return true;
}

// Kinds whose change stays inside the declaration's own tokens.
bool local_kind(const std::string& kind) {
  return kind == "function" || kind == "record" || kind == "variable" || kind == "enum" ||
         kind == "typedef" || kind == "template";
}

const std::string* idents_of(const TuFacts& tu, const std::string& header) {
  auto it = tu.context_free.find(header);
  return it == tu.context_free.end() ? nullptr : &it->second;
}

std::string unqualified(const std::string& name) {
  size_t colons = name.rfind("::");
  return colons == std::string::npos ? name : name.substr(colons + 2);
}

bool overloadable(const std::string& kind) { return kind == "function" || kind == "template"; }

}  // namespace

bool may_resolve_differently(const TuFacts& tu, const SharedEdit& edit) {
  std::set<std::string> changed;
  for (const auto& [usr, decl] : edit.after)
    if (auto old = edit.before.find(usr); old != edit.before.end() &&
                                          old->second.hash != decl.hash && overloadable(decl.kind))
      changed.insert(unqualified(decl.name));
  if (changed.empty()) return false;
  for (const std::string& ref : tu.refs)
    if (auto decl = tu.decls.find(ref);
        decl != tu.decls.end() && overloadable(decl->second.kind) &&
        changed.count(unqualified(decl->second.name)))
      return true;
  return false;
}

std::optional<std::string> pick_representative(
    const std::string& header, const std::vector<std::string>& tus,
    const std::map<std::string, TuFacts>& before,
    const std::function<bool(const std::string&)>& usable) {
  std::optional<std::string> best;
  size_t best_includes = 0;
  for (const std::string& tu : tus) {
    auto it = before.find(tu);
    if (it == before.end() || !usable(tu) || !it->second.error.empty() ||
        it->second.shape.empty() || !idents_of(it->second, header))
      continue;
    if (!best || it->second.includes.size() < best_includes) {
      best = tu;
      best_includes = it->second.includes.size();
    }
  }
  return best;
}

std::optional<SharedEdit> shared_edit(const std::string& header, const TuFacts& before,
                                      const TuFacts& after, std::string* why) {
  auto fail = [&](std::string reason) {
    *why = std::move(reason);
    return std::nullopt;
  };
  if (!before.error.empty() || !after.error.empty()) return fail("a scan failed");
  if (before.shape.empty() || before.shape != after.shape) return fail("the command changed");
  const std::string* was = idents_of(before, header);
  const std::string* now = idents_of(after, header);
  if (!was || !now) return fail("the header depends on its includer's macros");
  if (*was != *now) return fail("the header's names changed");
  if (before.includes != after.includes || before.include_edges != after.include_edges)
    return fail("an #include changed");
  if (before.refs != after.refs) return fail("what the representative uses changed");
  for (const DeclChange& change : diff_decls(before, after)) {
    if (change.kind != DeclChangeKind::Changed)
      return fail(fmt::format("`{}` was {}", change.decl.name, change_name(change.kind)));
    if (change.decl.file != header || !local_kind(change.decl.kind))
      return fail(fmt::format("`{}` ({}) changed", change.decl.name, change.decl.kind));
  }
  return SharedEdit{header, before.shape, *now, decls_in(before, header),
                    decls_in(after, header)};
}

std::optional<TuFacts> project_edit(const TuFacts& tu, const SharedEdit& edit) {
  const std::string* idents = idents_of(tu, edit.header);
  if (!tu.error.empty() || tu.shape != edit.shape || !idents || *idents != edit.idents)
    return std::nullopt;
  if (!same_decls(decls_in(tu, edit.header), edit.before)) return std::nullopt;
  TuFacts after = tu;
  for (const auto& [usr, decl] : edit.after) after.decls[usr] = decl;
  return after;
}

}  // namespace hotcog::cli
