#include "lib/semantic_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Path.h>

namespace hotcog::cli {
namespace {

// True when `refs` holds `usr` or a member of it ("<usr>@...").
bool uses(const std::set<std::string>& refs, const std::string& usr) {
  if (refs.count(usr)) return true;
  std::string prefix = usr + "@";
  auto it = refs.lower_bound(prefix);
  return it != refs.end() && llvm::StringRef(*it).startswith(prefix);
}

bool uses_either(const TuFacts& before, const TuFacts& after, const std::string& usr) {
  return uses(before.refs, usr) || uses(after.refs, usr);
}

const DeclFact* find_decl(const TuFacts& before, const TuFacts& after, const std::string& usr) {
  if (auto it = after.decls.find(usr); it != after.decls.end()) return &it->second;
  if (auto it = before.decls.find(usr); it != before.decls.end()) return &it->second;
  return nullptr;
}

// The records a member USR belongs to: its prefixes that are record or class
// template declarations of either scan ("c:@S@Outer" of "c:@S@Outer@F@f#").
std::vector<std::string> containers(const TuFacts& before, const TuFacts& after,
                                    const std::string& usr) {
  std::vector<std::string> result;
  for (size_t at = usr.find('@', 2); at != std::string::npos; at = usr.find('@', at + 1)) {
    std::string prefix = usr.substr(0, at);
    const DeclFact* decl = find_decl(before, after, prefix);
    if (decl && (decl->kind == "record" || decl->kind == "template")) result.push_back(prefix);
  }
  return result;
}

// Deduction guides are named after their template.
std::string lookup_name(const std::string& name) {
  llvm::StringRef n(name);
  size_t guide = n.find("<deduction guide for ");
  if (guide == llvm::StringRef::npos) return name;
  llvm::StringRef scope = n.substr(0, guide);
  llvm::StringRef templ = n.substr(guide + 21).rtrim('>');
  return (scope + templ).str();
}

// A declaration the TU uses (before or after) with this qualified name.
const DeclFact* used_with_name(const TuFacts& before, const TuFacts& after,
                               const std::string& name, const std::string& except_usr) {
  for (const TuFacts* scan : {&before, &after})
    for (const std::string& ref : scan->refs) {
      if (ref == except_usr) continue;
      const DeclFact* decl = find_decl(before, after, ref);
      if (decl && lookup_name(decl->name) == name) return decl;
    }
  return nullptr;
}

std::string where(const DeclFact& decl) {
  return fmt::format("{}:{}", llvm::sys::path::filename(decl.file).str(), decl.line);
}

TuVerdict affected(std::string decl, std::string reason) {
  return TuVerdict{true, std::move(decl), std::move(reason)};
}

std::string first_line(const std::string& text) {
  return llvm::StringRef(text).split('\n').first.trim().str();
}

}  // namespace

const char* change_name(DeclChangeKind kind) {
  switch (kind) {
    case DeclChangeKind::Changed: return "changed";
    case DeclChangeKind::Added: return "added";
    case DeclChangeKind::Removed: return "removed";
  }
  return "changed";
}

std::vector<DeclChange> diff_decls(const TuFacts& before, const TuFacts& after) {
  std::vector<DeclChange> changes;
  for (const auto& [usr, decl] : after.decls) {
    auto old = before.decls.find(usr);
    if (old == before.decls.end())
      changes.push_back({usr, DeclChangeKind::Added, decl});
    else if (old->second.hash != decl.hash)
      changes.push_back({usr, DeclChangeKind::Changed, decl});
  }
  for (const auto& [usr, decl] : before.decls)
    if (!after.decls.count(usr)) changes.push_back({usr, DeclChangeKind::Removed, decl});
  return changes;
}

TuVerdict judge_tu(const TuFacts* before, const TuFacts& after) {
  if (!before) return affected("", "no earlier scan of it to compare with");
  if (!before->error.empty())
    return affected("", "its earlier scan failed: " + first_line(before->error));
  if (!after.error.empty()) return affected("", "the scan failed: " + first_line(after.error));
  if (before->includes != after.includes || before->include_edges != after.include_edges)
    return affected("", "its #include list changed");

  for (const DeclChange& change : diff_decls(*before, after)) {
    const DeclFact& decl = change.decl;
    const char* what = change_name(change.kind);
    bool direct = change.kind == DeclChangeKind::Added ? uses(after.refs, change.usr)
                                                       : uses_either(*before, after, change.usr);
    if (direct)
      return affected(decl.name, fmt::format("uses `{}` ({} at {})", decl.name, what, where(decl)));
    for (const std::string& record : containers(*before, after, change.usr))
      if (uses_either(*before, after, record)) {
        const DeclFact* owner = find_decl(*before, after, record);
        return affected(decl.name, fmt::format("uses `{}`, whose member `{}` {} at {}",
                                               owner->name, decl.name, what, where(decl)));
      }
    bool lookup_may_change = change.kind != DeclChangeKind::Changed ||
                             lookup_name(decl.name) != decl.name;
    if (!lookup_may_change) continue;
    if (const DeclFact* other = used_with_name(*before, after, lookup_name(decl.name), change.usr))
      return affected(decl.name, fmt::format("uses `{}` ({}); a `{}` was {} at {}", other->name,
                                             where(*other), lookup_name(decl.name), what,
                                             where(decl)));
  }
  // Nothing it uses changed, yet it uses other declarations now: lookup
  // found something else (e.g. through a directive the scan cannot name).
  if (before->refs != after.refs) {
    std::vector<std::string> moved;
    std::set_symmetric_difference(before->refs.begin(), before->refs.end(), after.refs.begin(),
                                  after.refs.end(), std::back_inserter(moved));
    const DeclFact* decl = find_decl(*before, after, moved.front());
    std::string name = decl ? decl->name : moved.front();
    return affected(name, fmt::format("what it uses changed (`{}`)", name));
  }
  return {};
}

}  // namespace hotcog::cli
