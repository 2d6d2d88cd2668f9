#include "hotcog/base/cog_manifest.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hotcog {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

template <class Entry>
Entry* find_entry(std::vector<Entry>& entries, std::string Entry::*key,
                  const std::string& value) {
  for (Entry& e : entries)
    if (e.*key == value) return &e;
  return nullptr;
}

}  // namespace

const CogEntry* CogManifest::find(const std::string& name) const {
  for (const CogEntry& c : cogs)
    if (c.name == name) return &c;
  return nullptr;
}

std::string cog_manifest_path(const std::string& build_dir) {
  return build_dir + "/hotcog/cogs.tsv";
}

bool parse_cog_manifest(const std::string& text, const std::string& origin,
                        CogManifest* out, std::string* err) {
  CogManifest m;
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  auto fail = [&](const std::string& why) {
    *err = origin + ":" + std::to_string(lineno) + ": " + why;
    return false;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    std::vector<std::string> f = split_tabs(line);
    const std::string& kind = f[0];
    if (lineno == 1) {
      if (kind != "hotcog-cogs") return fail("not a hotcog cog manifest");
      if (f.size() != 2 || f[1] != "1")
        return fail("unsupported manifest version (this hotcog reads version 1)");
      continue;
    }
    if (kind == "cog") {
      if (f.size() != 4 || f[1].empty() || f[3].empty())
        return fail("expected: cog <name> <target> <output>");
      if (m.find(f[1])) return fail("duplicate cog '" + f[1] + "'");
      m.cogs.push_back({f[1], f[2], f[3], {}});
    } else if (kind == "src") {
      if (f.size() != 3) return fail("expected: src <cog> <path>");
      CogEntry* c = find_entry(m.cogs, &CogEntry::name, f[1]);
      if (!c) return fail("source for unknown cog '" + f[1] + "'");
      c->sources.push_back(f[2]);
    } else if (kind == "host") {
      if (f.size() != 3) return fail("expected: host <target> <output>");
      m.hosts.push_back({f[1], f[2], {}});
    } else if (kind == "hostsrc") {
      if (f.size() != 3) return fail("expected: hostsrc <target> <path>");
      HostEntry* h = find_entry(m.hosts, &HostEntry::target, f[1]);
      if (!h) return fail("source for unknown host '" + f[1] + "'");
      h->sources.push_back(f[2]);
    }
  }
  if (lineno == 0) return fail("empty manifest");
  *out = std::move(m);
  return true;
}

ManifestLoad load_cog_manifest(const std::string& build_dir, CogManifest* out,
                               std::string* err) {
  const std::string path = cog_manifest_path(build_dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return ManifestLoad::NotFound;
    *err = path + ": " + std::strerror(errno);
    return ManifestLoad::Error;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_cog_manifest(text.str(), path, out, err) ? ManifestLoad::Ok
                                                        : ManifestLoad::Error;
}

}  // namespace hotcog
