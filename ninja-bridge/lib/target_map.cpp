#include "hotcog/ninja/target_map.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "hotcog/ninja/build_graph.h"
#include "hotcog/ninja/deps_log.h"
#include "hotcog/ninja/ninja_tool.h"
#include "hotcog/base/paths.h"

namespace hotcog::ninja {
namespace {

TargetMap::Stamp stamp_of(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
          static_cast<long long>(st.st_size)};
}

bool is_object(const std::string& path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  return ends(".o") || ends(".obj");
}

bool is_system(const std::string& path) {
  return path_is_under(path, "/usr") || path_is_under(path, "/lib") ||
         path_is_under(path, "/lib64");
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::optional<TargetMap> TargetMap::load(const std::string& build_dir,
                                         const hotcog::CogManifest& manifest, std::string* err) {
  TargetMap map;
  map.build_dir_ = absolute_path(build_dir, std::filesystem::current_path().string());
  map.manifest_ = manifest;
  map.manifest_stamp_ = stamp_of(hotcog::cog_manifest_path(map.build_dir_));
  // The deps log first: ninja's tools repair a broken log as they load it,
  // and what we read should be what the last build wrote.
  if (!map.load_deps(err) || !map.load_graph(err) || !map.query_generated_deps(err))
    return std::nullopt;
  map.index();
  return map;
}

std::string TargetMap::absolute(const std::string& ninja_path) const {
  return absolute_path(ninja_path, build_dir_);
}

int TargetMap::intern(const std::string& abs) {
  auto [it, added] = ids_.emplace(abs, static_cast<int>(paths_.size()));
  if (added) paths_.push_back(abs);
  return it->second;
}

int TargetMap::id_of(const std::string& path) const {
  auto it = ids_.find(absolute_path(path, build_dir_));
  return it == ids_.end() ? -1 : it->second;
}

void TargetMap::grow() {
  size_t n = paths_.size();
  inputs_.resize(n);
  queried_.resize(n, Queried::No);
  deps_.resize(n);
  has_deps_.resize(n, 0);
  build_file_.resize(n, 0);
}

// Walks the graph breadth-first from the given nodes, one `ninja -t query`
// per level, through explicit and implicit inputs.
bool TargetMap::query_closure(std::vector<std::string> level, std::string* err) {
  while (!level.empty()) {
    std::map<std::string, QueryNode> found;
    std::vector<std::string> unknown;
    if (!query_targets(build_dir_, level, &found, &unknown, err)) return false;
    std::vector<int> asked;
    for (const std::string& t : level) asked.push_back(intern(absolute(t)));
    grow();
    for (int id : asked) queried_[id] = Queried::Known;
    for (const std::string& t : unknown) queried_[intern(absolute(t))] = Queried::Unknown;
    std::set<std::string> next;
    for (const auto& [path, node] : found) {
      int out = intern(absolute(path));
      std::vector<int> ins;
      for (const auto* list : {&node.explicit_inputs, &node.implicit_inputs})
        for (const std::string& in : *list) {
          int id = intern(absolute(in));
          ins.push_back(id);
          grow();
          if (queried_[id] == Queried::No) next.insert(in);
        }
      grow();
      inputs_[out] = std::move(ins);
    }
    level.assign(next.begin(), next.end());
  }
  return true;
}

bool TargetMap::load_graph(std::string* err) {
  build_ninja_stamp_ = stamp_of(build_dir_ + "/build.ninja");
  if (build_ninja_stamp_.size < 0) {
    *err = build_dir_ + ": no build.ninja (not a Ninja build dir, or not configured yet)";
    return false;
  }
  owners_.clear();
  std::vector<std::string> roots;
  for (const CogEntry& cog : manifest_.cogs) {
    roots.push_back(cog.target.empty() ? cog.name : cog.target);
    owners_.push_back({cog.name, false, intern(absolute(roots.back()))});
  }
  for (const HostEntry& host : manifest_.hosts) {
    roots.push_back(host.target);
    owners_.push_back({host.target, true, intern(absolute(roots.back()))});
  }
  // build.ninja's own edge: what CMake reads to write it.
  int regen = intern(absolute("build.ninja"));
  grow();
  graph_problem_.clear();
  BuildGraph graph;
  GraphLoad status = read_build_graph(build_dir_, &graph, &graph_problem_);
  if (status == GraphLoad::Ok) {
    graph_complete_ = true;
    graph_source_ = "build.ninja";
    for (const auto& [out, edge] : graph.edges) {
      std::vector<int> ins;
      for (const auto* list : {&edge.explicit_inputs, &edge.implicit_inputs})
        for (const std::string& in : *list) ins.push_back(intern(absolute(in)));
      int id = intern(absolute(out));
      grow();
      inputs_[id] = std::move(ins);
    }
  } else {  // a manifest the native reader does not evaluate: ask ninja
    graph_complete_ = false;
    graph_source_ = "ninja -t query";
    // build.ninja's edge rides along with the first level; its inputs are
    // leaves, so the walk stops there.
    roots.push_back("build.ninja");
    if (!query_closure(roots, err)) return false;
  }
  grow();
  for (int id : inputs_[regen]) build_file_[id] = 1;
  return true;
}

// Files written by the build (generated headers) are reached through the deps
// log, not the graph; ask ninja how they are made, so that their own inputs
// map too. Only files under the build dir can be generated by this build.
bool TargetMap::query_generated_deps(std::string* err) {
  if (graph_complete_) return true;  // every edge of build.ninja is known already
  std::vector<char> used(paths_.size(), 0);
  for (size_t object = 0; object < deps_.size(); ++object)
    for (int id : deps_[object]) used[id] = 1;
  std::vector<std::string> missing;
  for (size_t id = 0; id < used.size(); ++id)
    if (used[id] && queried_[id] == Queried::No && path_is_under(paths_[id], build_dir_))
      missing.push_back(paths_[id].substr(build_dir_.size() + 1));
  return query_closure(std::move(missing), err);
}

bool TargetMap::load_deps(std::string* err) {
  for (auto& d : deps_) d.clear();
  std::fill(has_deps_.begin(), has_deps_.end(), 0);
  deps_problem_.clear();
  std::string path = build_dir_ + "/.ninja_deps";
  deps_stamp_ = stamp_of(path);
  DepsLog log;
  std::string why;
  switch (load_deps_log(path, &log, &why)) {
    case LoadStatus::NotFound:  // nothing was built yet
      deps_source_ = "none";
      return true;
    case LoadStatus::Error:  // never guess from a broken file: ask ninja
      deps_problem_ = why;
      return load_deps_with_ninja(err);
    case LoadStatus::Ok:
      break;
  }
  std::vector<int> id_of_log_path;
  id_of_log_path.reserve(log.paths.size());
  for (const std::string& p : log.paths) id_of_log_path.push_back(intern(absolute(p)));
  grow();
  for (DepsLog::Record& rec : log.records) {
    int out = id_of_log_path[rec.output];
    for (int& in : rec.inputs) in = id_of_log_path[in];
    deps_[out] = std::move(rec.inputs);
    has_deps_[out] = 1;
  }
  deps_source_ = "deps-log";
  return true;
}

bool TargetMap::load_deps_with_ninja(std::string* err) {
  std::string out;
  if (!run_ninja_tool(build_dir_, {"deps"}, &out, err)) return false;
  for (auto& [output, deps] : parse_deps_tool_output(out)) {
    std::vector<int> list;
    for (const std::string& d : deps) list.push_back(intern(absolute(d)));
    int id = intern(absolute(output));
    grow();
    deps_[id] = std::move(list);
    has_deps_[id] = 1;
  }
  grow();
  deps_source_ = "ninja -t deps";
  return true;
}

// For each owner, everything reachable from its target through the graph and
// the deps log.
void TargetMap::index() {
  grow();
  file_owners_.assign(paths_.size(), {});
  incomplete_owners_.clear();
  std::vector<int> seen_by(paths_.size(), -1);  // last owner that visited the id
  std::vector<int> stack;
  for (int i = 0; i < static_cast<int>(owners_.size()); ++i) {
    bool complete = true;
    stack.assign(1, owners_[i].root);
    while (!stack.empty()) {
      int node = stack.back();
      stack.pop_back();
      if (seen_by[node] == i) continue;
      seen_by[node] = i;
      file_owners_[node].push_back(i);
      stack.insert(stack.end(), inputs_[node].begin(), inputs_[node].end());
      if (has_deps_[node])
        stack.insert(stack.end(), deps_[node].begin(), deps_[node].end());
      else if (!inputs_[node].empty() && is_object(paths_[node]))
        complete = false;
    }
    if (!complete) incomplete_owners_.push_back(i);
  }
  // The manifest's sources, so a source maps to its cog even before ninja
  // knows it (e.g. added to the manifest by a CMake run still to come).
  auto add = [&](const std::string& file, int owner) {
    int id = intern(absolute(file));
    file_owners_.resize(paths_.size());
    std::vector<int>& owners = file_owners_[id];
    if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
  };
  int i = 0;
  for (const CogEntry& cog : manifest_.cogs) {
    for (const std::string& src : cog.sources) add(src, i);
    ++i;
  }
  for (const HostEntry& host : manifest_.hosts) {
    for (const std::string& src : host.sources) add(src, i);
    ++i;
  }
  grow();
}

std::vector<std::string> TargetMap::owners_for(const std::string& path, bool host) const {
  std::vector<std::string> names;
  int id = id_of(path);
  if (id >= 0 && build_file_[id]) {
    for (const Owner& o : owners_)
      if (o.host == host) names.push_back(o.name);
    return sorted_unique(std::move(names));
  }
  if (id >= 0)
    for (int o : file_owners_[id])
      if (owners_[o].host == host) names.push_back(owners_[o].name);
  // An owner with an object that has no deps record may depend on any file.
  for (int o : incomplete_owners_)
    if (owners_[o].host == host) names.push_back(owners_[o].name);
  return sorted_unique(std::move(names));
}

std::vector<std::string> TargetMap::cogs_for_file(const std::string& path) const {
  return owners_for(path, false);
}

std::vector<std::string> TargetMap::hosts_for_file(const std::string& path) const {
  return owners_for(path, true);
}

bool TargetMap::is_build_file(const std::string& path) const {
  int id = id_of(path);
  return id >= 0 && build_file_[id];
}

std::vector<std::string> TargetMap::cogs_relinked(const std::vector<RanEdge>& ran) const {
  std::vector<std::string> names;
  for (const RanEdge& edge : ran)
    for (const std::string& out : edge.outputs) {
      std::string file = absolute(out);
      for (const CogEntry& cog : manifest_.cogs)
        if (absolute(cog.output) == file) names.push_back(cog.name);
    }
  return sorted_unique(std::move(names));
}

std::vector<std::string> TargetMap::watched_files() const {
  std::vector<std::string> files;
  for (size_t id = 0; id < paths_.size(); ++id) {
    if (file_owners_[id].empty() && !build_file_[id]) continue;
    const std::string& file = paths_[id];
    if (!is_system(file) && !path_is_under(file, build_dir_)) files.push_back(file);
  }
  return sorted_unique(std::move(files));
}

std::vector<std::string> TargetMap::files_of_cog(const std::string& cog) const {
  std::vector<std::string> files;
  for (size_t id = 0; id < paths_.size(); ++id)
    for (int o : file_owners_[id])
      if (!owners_[o].host && owners_[o].name == cog) files.push_back(paths_[id]);
  return sorted_unique(std::move(files));
}

std::vector<std::string> TargetMap::dependency_chain(const std::string& cog,
                                                     const std::string& path) const {
  int target = id_of(path);
  const Owner* owner = nullptr;
  for (const Owner& o : owners_)
    if (!o.host && o.name == cog) owner = &o;
  if (target < 0 || !owner) return {};
  // Breadth-first from the cog's target, remembering where each node came from.
  std::vector<int> parent(paths_.size(), -2);
  std::vector<int> queue = {owner->root};
  parent[owner->root] = -1;
  for (size_t next = 0; next < queue.size() && parent[target] == -2; ++next) {
    int node = queue[next];
    auto visit = [&](int in) {
      if (parent[in] == -2) {
        parent[in] = node;
        queue.push_back(in);
      }
    };
    for (int in : inputs_[node]) visit(in);
    if (has_deps_[node])
      for (int in : deps_[node]) visit(in);
  }
  if (parent[target] == -2) return {};
  std::vector<std::string> chain;
  for (int node = target; node != -1; node = parent[node]) chain.push_back(paths_[node]);
  return {chain.rbegin(), chain.rend()};
}

bool TargetMap::refresh(std::string* err) {
  Stamp manifest_now = stamp_of(hotcog::cog_manifest_path(build_dir_));
  bool manifest_changed = manifest_now.size >= 0 && !(manifest_now == manifest_stamp_);
  bool graph_changed = manifest_changed || !(stamp_of(build_dir_ + "/build.ninja") == build_ninja_stamp_);
  bool deps_changed = !(stamp_of(build_dir_ + "/.ninja_deps") == deps_stamp_);
  if (!graph_changed && !deps_changed) return true;

  if (graph_changed) {  // CMake re-ran: start over, keep the old map on error
    hotcog::CogManifest m = manifest_;
    if (manifest_changed &&
        hotcog::load_cog_manifest(build_dir_, &m, err) != hotcog::ManifestLoad::Ok)
      return false;
    std::optional<TargetMap> next = load(build_dir_, m, err);
    if (!next) return false;
    *this = std::move(*next);
    return true;
  }
  // Only the deps log changed (after a build): re-read it in place, putting
  // the old one back if that fails. Paths and graph nodes learnt on the way
  // are facts and may stay.
  auto old_deps = std::move(deps_);
  auto old_has = std::move(has_deps_);
  deps_.clear();
  has_deps_.clear();
  grow();
  auto old_source = deps_source_, old_problem = deps_problem_;
  Stamp old_stamp = deps_stamp_;
  if (!load_deps(err) || !query_generated_deps(err)) {
    grow();
    old_deps.resize(paths_.size());
    old_has.resize(paths_.size(), 0);
    deps_ = std::move(old_deps);
    has_deps_ = std::move(old_has);
    deps_source_ = old_source;
    deps_problem_ = old_problem;
    deps_stamp_ = old_stamp;
    return false;
  }
  index();
  return true;
}

}  // namespace hotcog::ninja
