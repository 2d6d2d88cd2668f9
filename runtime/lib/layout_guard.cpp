#include "layout_guard.h"

#include <deque>

#include "layout_diff.h"

namespace hotcog::rt {
namespace {

// The records of one name in a manifest (more than one: an ODR conflict, or
// TU-local types of several TUs).
struct Group {
  const LayoutRecord* begin = nullptr;
  const LayoutRecord* end = nullptr;
  bool empty() const { return begin == end; }
};

Group group_of(const LayoutManifest* m, std::string_view name) {
  Group g;
  if (!m || !(g.begin = m->find(name))) return Group{};
  const LayoutRecord* stop = m->records.data() + m->records.size();
  for (g.end = g.begin; g.end != stop && g.end->name == name; ++g.end) {
  }
  return g;
}

const LayoutRecord* conflict_in(Group g) {
  for (const LayoutRecord* r = g.begin; r != g.end; ++r)
    if (r->hash != g.begin->hash) return r;
  return nullptr;
}

// The running record that `r` replaces: one with the same layout if there is
// one, else the one declared at the same place, else the first. nullptr when
// the name is new.
const LayoutRecord* counterpart(Group running, const LayoutRecord& r) {
  if (running.empty()) return nullptr;
  const LayoutRecord* same_file = nullptr;
  for (const LayoutRecord* c = running.begin; c != running.end; ++c) {
    if (same_layout(*c, r)) return c;
    if (!same_file && c->file == r.file) same_file = c;
  }
  return same_file ? same_file : running.begin;
}

// The first reason, and how many more there were: "... (and 2 more TUs)".
std::string first_of(const std::vector<std::string>& reasons, const char* what) {
  const size_t more = reasons.size() - 1;
  if (more == 0) return reasons[0];
  return reasons[0] + " (and " + std::to_string(more) + " more " + what + (more == 1 ? ")" : "s)");
}

struct Link {
  size_t peer;
  std::string type;
};

struct CogCheck {
  std::vector<std::string> refusals;
  std::vector<std::string> changes;  // private layout changes: full reload
  std::vector<Link> links;           // batch peers sharing a type that changed
  std::string refused_with;          // refused because a linked peer was
};

class BatchChecker {
 public:
  BatchChecker(const LayoutManifest* host, const std::vector<GuardCog>& batch,
               const std::vector<std::pair<std::string, const LayoutManifest*>>& others)
      : host_(host), batch_(batch), others_(others), checks_(batch.size()) {}

  std::vector<GuardVerdict> run(bool hot_patching_enabled) {
    for (size_t i = 0; i < batch_.size(); ++i)
      if (batch_[i].next) check_records(i);
    refuse_linked();
    std::vector<GuardVerdict> out;
    for (size_t i = 0; i < batch_.size(); ++i) out.push_back(verdict(i, hot_patching_enabled));
    return out;
  }

 private:
  // The running record a new record of cog `i` replaces, if it changed.
  const LayoutRecord* changed_from(size_t i, const LayoutRecord& r) const {
    const GuardCog& c = batch_[i];
    if (c.first_load || !c.running) return nullptr;
    const LayoutRecord* old = counterpart(group_of(c.running, r.name), r);
    return old && !same_layout(*old, r) ? old : nullptr;
  }

  void check_records(size_t i) {
    const std::vector<LayoutRecord>& records = batch_[i].next->records;
    for (size_t k = 0; k < records.size(); ++k) {
      // Each name once; duplicates (if any) follow their first record.
      if (k > 0 && records[k].name == records[k - 1].name) continue;
      check_name(i, group_of(batch_[i].next, records[k].name));
    }
  }

  void check_name(size_t i, Group next) {
    const GuardCog& c = batch_[i];
    CogCheck& check = checks_[i];
    const LayoutRecord& r = *next.begin;
    const bool shared = !is_tu_local_record(r.name);
    if (shared) {
      if (const LayoutRecord* other = conflict_in(next)) {
        check.refusals.push_back(odr_message(r, *other, "cog '" + c.cog + "'") +
                                 "; running version kept - make the definitions agree");
        return;
      }
      if (!check_host(i, r) || !check_others(i, r) || !check_peers(i, r)) return;
    }
    for (const LayoutRecord* n = next.begin; n != next.end; ++n)
      if (const LayoutRecord* old = changed_from(i, *n)) {
        check.changes.push_back(layout_change_message(*old, *n) + host_caveat(*n));
        return;
      }
  }

  bool check_host(size_t i, const LayoutRecord& r) {
    const Group h = group_of(host_, r.name);
    if (h.empty()) return true;
    if (const LayoutRecord* other = conflict_in(h)) {
      checks_[i].refusals.push_back(
          odr_message(*h.begin, *other, "the host") + ", so cog '" + batch_[i].cog +
          "' cannot be checked against it; running version kept - make the definitions "
          "agree and restart the host");
      return false;
    }
    if (same_layout(*h.begin, r)) return true;
    checks_[i].refusals.push_back(layout_refusal_message(*h.begin, r, kRestartHostRemedy));
    return false;
  }

  bool check_others(size_t i, const LayoutRecord& r) {
    for (const auto& [name, manifest] : others_) {
      const LayoutRecord* theirs = manifest ? manifest->find(r.name) : nullptr;
      if (!theirs || same_layout(*theirs, r)) continue;
      checks_[i].refusals.push_back(layout_change_message(*theirs, r) +
                                    "; also used by running cog '" + name +
                                    "'; running version kept - reload '" + name +
                                    "' in the same batch or restart the host");
      return false;
    }
    return true;
  }

  // Cogs of the batch sharing `r` must have the same layout in their new
  // images; if it changed for either of them, they are linked.
  bool check_peers(size_t i, const LayoutRecord& r) {
    for (size_t j = 0; j < batch_.size(); ++j) {
      if (j == i || !batch_[j].next) continue;
      const LayoutRecord* theirs = batch_[j].next->find(r.name);
      if (!theirs) continue;
      if (!same_layout(*theirs, r)) {
        checks_[i].refusals.push_back(
            "layout of '" + r.name + "' differs between the new images of '" + batch_[i].cog +
            "' and '" + batch_[j].cog + "' (" + layout_location(*theirs, r) +
            "): " + describe_layout_change(*theirs, r) +
            "; running versions kept - rebuild both from the same headers");
        return false;
      }
      if (changed_from(i, r) || changed_from(j, *theirs)) checks_[i].links.push_back({j, r.name});
    }
    return true;
  }

  std::string odr_message(const LayoutRecord& a, const LayoutRecord& b,
                          const std::string& where) const {
    return "type '" + a.name + "' has two different layouts in " + where + " (" +
           layout_location(a, a) + " and " + layout_location(b, b) +
           ": " + describe_layout_change(a, b) + "), an ODR violation";
  }

  // Without the host's complete layouts, "private to the cog" is a guess.
  std::string host_caveat(const LayoutRecord& r) const {
    if (is_tu_local_record(r.name)) return "";
    if (!host_) return "; the host has no layout data: not checked against the host";
    if (!host_->complete() && !host_->find(r.name))
      return "; the host's layout data is incomplete: not checked against the host";
    return "";
  }

  // A refused cog takes every batch peer it is linked with down with it.
  void refuse_linked() {
    std::deque<size_t> todo;
    for (size_t i = 0; i < batch_.size(); ++i)
      if (!checks_[i].refusals.empty()) todo.push_back(i);
    while (!todo.empty()) {
      const size_t i = todo.front();
      todo.pop_front();
      for (size_t j = 0; j < batch_.size(); ++j) {
        if (j == i || refused(j)) continue;
        const std::string* type = link_between(i, j);
        if (!type) continue;
        checks_[j].refused_with = "refused together with '" + batch_[i].cog +
                                  "' (they share type '" + *type +
                                  "', which changed); running version kept";
        todo.push_back(j);
      }
    }
  }

  bool refused(size_t i) const {
    return !checks_[i].refusals.empty() || !checks_[i].refused_with.empty();
  }

  const std::string* link_between(size_t i, size_t j) const {
    for (const Link& l : checks_[i].links)
      if (l.peer == j) return &l.type;
    for (const Link& l : checks_[j].links)
      if (l.peer == i) return &l.type;
    return nullptr;
  }

  GuardVerdict verdict(size_t i, bool hot_patching_enabled) const {
    const GuardCog& c = batch_[i];
    const CogCheck& check = checks_[i];
    GuardVerdict v{c.cog, GuardVerdict::Reload, ""};
    if (!check.refusals.empty()) {
      v.action = GuardVerdict::Refuse;
      v.reason = first_of(check.refusals, "refused type");
    } else if (!check.refused_with.empty()) {
      v.action = GuardVerdict::Refuse;
      v.reason = check.refused_with;
    } else if (!c.next) {
      const std::string why = c.next_missing.empty() ? "no manifest" : c.next_missing;
      v.reason = std::string(c.first_load ? "first load; " : "") +
                 (host_ ? "no layout data (" + why + "): layouts not checked"
                        : "no layout data (" + why +
                              ") and none for the host: layout rules not applied");
    } else if (c.first_load) {
      v.reason = "first load" + incomplete_note(*c.next);
    } else if (!c.next->complete()) {
      v.reason = "layout data incomplete (" + first_of(c.next->incomplete, "TU") +
                 "): layouts not fully checked";
    } else if (!c.running || !c.running->complete()) {
      v.reason = std::string(c.running ? "layout data of the running version incomplete"
                                       : "running version has no layout data") +
                 ": layouts not checked";
    } else if (!check.changes.empty()) {
      v.reason = first_of(check.changes, "changed type");
    } else if (std::string var = var_change(*c.running, *c.next); !var.empty()) {
      v.reason = var;
    } else if (!hot_patching_enabled) {
      v.reason = kPatchingDisabled;
    } else {
      v.action = GuardVerdict::Patch;
      v.reason = "layouts unchanged";
    }
    return v;
  }

  static std::string incomplete_note(const LayoutManifest& m) {
    if (m.complete()) return "";
    return "; layout data incomplete (" + first_of(m.incomplete, "TU") + ")";
  }

  // A static whose size changed cannot keep its value across a patch.
  static std::string var_change(const LayoutManifest& running, const LayoutManifest& next) {
    for (const LayoutVar& v : next.vars) {
      const LayoutVar* old = running.find_var(v.symbol);
      if (old && old->size != v.size)
        return "static variable '" + v.name + "' changed size " + std::to_string(old->size) +
               " -> " + std::to_string(v.size) + ": its value cannot be kept";
    }
    return "";
  }

  const LayoutManifest* host_;
  const std::vector<GuardCog>& batch_;
  const std::vector<std::pair<std::string, const LayoutManifest*>>& others_;
  std::vector<CogCheck> checks_;
};

}  // namespace

const char* action_name(GuardVerdict::Action action) {
  switch (action) {
    case GuardVerdict::Patch: return "patch";
    case GuardVerdict::Reload: return "reload";
    case GuardVerdict::Refuse: return "refuse";
  }
  return "?";
}

std::vector<GuardVerdict> check_batch(
    const LayoutManifest* host, const std::vector<GuardCog>& batch,
    const std::vector<std::pair<std::string, const LayoutManifest*>>& other_loaded,
    bool hot_patching_enabled) {
  return BatchChecker(host, batch, other_loaded).run(hot_patching_enabled);
}

}  // namespace hotcog::rt
