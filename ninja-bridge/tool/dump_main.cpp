// hotcog-ninja-dump: prints what ninja-bridge reads from a build dir, so lit
// tests can check the native readers against ninja's own tools.
//
//   hotcog-ninja-dump deps FILE          .ninja_deps, in `ninja -t deps`'s layout
//                                        (without its VALID/STALE verdict)
//   hotcog-ninja-dump log FILE           .ninja_log: version, then one entry a line
//   hotcog-ninja-dump map BUILD_DIR FILE...  cogs (and hosts) each file feeds,
//                                        using BUILD_DIR/hotcog/cogs.tsv
//   hotcog-ninja-dump why BUILD_DIR COG FILE  the chain from COG's target to FILE
//
// Exit status: 0 read, 1 broken or error (message on stderr), 2 absent.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "hotcog/base/cog_manifest.h"
#include "hotcog/ninja/deps_log.h"
#include "hotcog/ninja/ninja_log.h"
#include "hotcog/ninja/target_map.h"

namespace nb = hotcog::ninja;

namespace {

int usage() {
  fmt::print(stderr,
             "usage: hotcog-ninja-dump deps FILE | log FILE | map BUILD_DIR FILE... |"
             " why BUILD_DIR COG FILE\n");
  return 1;
}

int status_exit(nb::LoadStatus status, const std::string& err) {
  if (status == nb::LoadStatus::NotFound) {
    fmt::print(stderr, "not found: {}\n", err);
    return 2;
  }
  fmt::print(stderr, "error: {}\n", err);
  return 1;
}

int dump_deps(const std::string& path) {
  nb::DepsLog log;
  std::string err;
  nb::LoadStatus status = nb::load_deps_log(path, &log, &err);
  if (status != nb::LoadStatus::Ok) return status_exit(status, err);
  // ninja prints records in path-id order of their outputs.
  std::sort(log.records.begin(), log.records.end(),
            [](const auto& a, const auto& b) { return a.output < b.output; });
  for (const auto& rec : log.records) {
    fmt::print("{}: #deps {}, deps mtime {}\n", log.paths[rec.output], rec.inputs.size(), rec.mtime);
    for (int in : rec.inputs) fmt::print("    {}\n", log.paths[in]);
    fmt::print("\n");
  }
  return 0;
}

int dump_log(const std::string& path) {
  nb::NinjaLog log;
  std::string err;
  nb::LoadStatus status = nb::load_ninja_log(path, &log, &err);
  if (status != nb::LoadStatus::Ok) return status_exit(status, err);
  fmt::print("version {}\n", log.version);
  for (const auto& e : log.entries)
    fmt::print("{} {} {}\n", e.start_ms, e.end_ms, e.output);
  return 0;
}

std::optional<nb::TargetMap> load_map(const std::string& build_dir) {
  hotcog::CogManifest manifest;
  std::string err;
  if (hotcog::load_cog_manifest(build_dir, &manifest, &err) != hotcog::ManifestLoad::Ok) {
    fmt::print(stderr, "error: {}\n", err.empty() ? "no cog manifest in " + build_dir : err);
    return std::nullopt;
  }
  auto map = nb::TargetMap::load(build_dir, manifest, &err);
  if (!map) fmt::print(stderr, "error: {}\n", err);
  return map;
}

int dump_why(const std::string& build_dir, const std::string& cog, const std::string& file) {
  auto map = load_map(build_dir);
  if (!map) return 1;
  std::vector<std::string> chain = map->dependency_chain(cog, file);
  if (chain.empty()) {
    fmt::print("{} does not depend on {}\n", cog, file);
    return 0;
  }
  for (size_t i = 0; i < chain.size(); ++i) fmt::print("{:{}}{}\n", "", 2 * i, chain[i]);
  return 0;
}

int dump_map(const std::string& build_dir, const std::vector<std::string>& files) {
  auto map = load_map(build_dir);
  if (!map) return 1;
  for (const std::string& f : files) {
    std::vector<std::string> cogs = map->cogs_for_file(f);
    std::vector<std::string> hosts = map->hosts_for_file(f);
    fmt::print("{}: cogs [{}] hosts [{}]{}\n", f, fmt::join(cogs, " "), fmt::join(hosts, " "),
               map->is_build_file(f) ? " build-file" : "");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "deps") return dump_deps(args[1]);
  if (args.size() == 2 && args[0] == "log") return dump_log(args[1]);
  if (args.size() == 4 && args[0] == "why") return dump_why(args[1], args[2], args[3]);
  if (args.size() >= 3 && args[0] == "map")
    return dump_map(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
  return usage();
}
