// File → cog mapping from ninja's own data: which cogs (and hosts) must be
// rebuilt when a source or header changes.
//
// Two sources of truth are combined:
//  - the build graph (build.ninja read natively, see build_graph.h, or
//    `ninja -t query` level by level when the reader declines), walked from
//    each cog's and host's target through explicit and implicit inputs, so
//    objects, sources, generated files and static libraries linked into a cog
//    are all found; order-only inputs are skipped: they never make an output
//    dirty;
//  - the deps log (.ninja_deps, read natively or through `ninja -t deps`),
//    which lists the headers each object was compiled from.
// The cog manifest's own source lists are always included, so a source
// still maps to its cog when ninja does not know it yet. A cog with an object
// that has no deps record (never built, or its record was lost with a broken
// deps log) may depend on any file: it is part of every answer until it is
// built. Ninja rebuilds such an object anyway, and rebuilding too much is
// better than running stale code.
//
// Files that CMake reads to generate build.ninja map to every cog (see
// is_build_file).
//
// Paths are absolute and lexically normalized (ninja's relative paths are
// taken relative to the build dir).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hotcog/base/cog_manifest.h"
#include "hotcog/ninja/ninja_log.h"

namespace hotcog::ninja {

class TargetMap {
 public:
  static std::optional<TargetMap> load(const std::string& build_dir,
                                       const hotcog::CogManifest& manifest,
                                       std::string* err);

  // Names of the cogs whose outputs depend on `path` (sorted). `path` is
  // absolute, or relative to the build dir (as ninja spells it). Lookups are
  // const and may run concurrently; refresh() must not run alongside them.
  std::vector<std::string> cogs_for_file(const std::string& path) const;
  // Targets of the hosts whose executables depend on `path` (sorted).
  std::vector<std::string> hosts_for_file(const std::string& path) const;
  // A host depends on the file: a reload cannot apply it, a restart can.
  bool is_host_file(const std::string& path) const { return !hosts_for_file(path).empty(); }
  // The file is an input of ninja's regeneration step (CMakeLists.txt,
  // included .cmake files): a change re-runs CMake at the next build and may
  // change any cog, so it maps to every cog and host. Build them all and use
  // cogs_relinked() to see which outputs really changed.
  bool is_build_file(const std::string& path) const;

  // The cogs whose output was among the edges that ran in a build
  // (BuildResult::ran): the ones to reload. Sorted.
  std::vector<std::string> cogs_relinked(const std::vector<RanEdge>& ran) const;

  // The outputs of the build dir (objects, mostly) whose edge reads `path`
  // directly: as an explicit or implicit input, or as a header in the deps
  // log. Sorted. Not the whole closure: what rebuilds them follows from them.
  std::vector<std::string> outputs_reading(const std::string& path) const;

  // Every source and header the cogs and hosts are built from, except system
  // headers (/usr/...) and files inside the build dir (ninja writes those;
  // watching them would turn every build into a change). Sorted.
  std::vector<std::string> watched_files() const;
  // All files one cog depends on (sorted), for `hotcog why`.
  std::vector<std::string> files_of_cog(const std::string& cog) const;
  // How `cog` depends on `path`: the shortest chain from the cog's target to
  // the file, e.g. {<build>/cog_a, <build>/libcog_a.so,
  // <build>/CMakeFiles/cog_a.dir/a.cpp.o, /src/inc/shared.h}; each step is a
  // graph input or a deps-log header. Empty if it does not (or only through
  // the manifest's source list, or because its deps are unknown).
  std::vector<std::string> dependency_chain(const std::string& cog, const std::string& path) const;

  // Re-reads what changed since the last load: the whole graph when
  // build.ninja or the cog manifest changed (CMake re-ran), only the deps log
  // otherwise. On error the previous map stays in use.
  bool refresh(std::string* err);

  const std::string& build_dir() const { return build_dir_; }
  // False until every object has a deps record (before the first build).
  bool deps_complete() const { return incomplete_owners_.empty(); }
  // Where header deps came from: "deps-log" (native reader), "ninja -t deps"
  // (fallback when the log is broken), or "none" (no deps log yet).
  const std::string& deps_source() const { return deps_source_; }
  // Why the native reader was not used (broken .ninja_deps), or empty.
  const std::string& deps_problem() const { return deps_problem_; }
  // Where the graph came from: "build.ninja" (native reader) or
  // "ninja -t query" (the manifest uses what the reader does not evaluate,
  // see build_graph.h; graph_problem() says what).
  const std::string& graph_source() const { return graph_source_; }
  const std::string& graph_problem() const { return graph_problem_; }

  // mtime and size of a file ninja or CMake rewrites (size -1: absent).
  struct Stamp {
    long long mtime_ns = -1;
    long long size = -1;
    bool operator==(const Stamp&) const = default;
  };

 private:
  struct Owner {
    std::string name;
    bool host = false;
    int root = -1;  // path id of its ninja target
  };
  enum class Queried : char { No, Known, Unknown };

  bool load_graph(std::string* err);
  bool load_deps(std::string* err);
  bool load_deps_with_ninja(std::string* err);
  bool query_generated_deps(std::string* err);
  bool query_closure(std::vector<std::string> ninja_paths, std::string* err);
  void index();
  std::vector<std::string> owners_for(const std::string& path, bool host) const;
  std::string absolute(const std::string& ninja_path) const;
  // Path ids: every file and node is interned once; the graph, the deps and
  // the index are vectors indexed by id, so walks never hash strings.
  int intern(const std::string& absolute_path);
  int id_of(const std::string& path) const;  // -1 if unknown
  void grow();                               // per-id vectors to paths_.size()

  std::string build_dir_;
  hotcog::CogManifest manifest_;
  std::vector<Owner> owners_;
  std::vector<std::string> paths_;                // id → absolute path
  std::unordered_map<std::string, int> ids_;      // absolute path → id
  std::vector<std::vector<int>> inputs_;          // node → explicit and implicit inputs
  std::vector<Queried> queried_;                  // did ninja tell us about the node
  std::vector<std::vector<int>> deps_;            // object → its deps (deps log)
  std::vector<char> has_deps_;
  std::vector<char> build_file_;                  // input of build.ninja's edge
  std::vector<std::vector<int>> file_owners_;     // file → owners (sorted)
  std::vector<int> incomplete_owners_;
  std::string deps_source_ = "none";
  std::string deps_problem_;
  bool graph_complete_ = false;  // every edge known (native reader)
  std::string graph_source_, graph_problem_;
  Stamp build_ninja_stamp_, deps_stamp_, manifest_stamp_;
};

}  // namespace hotcog::ninja
