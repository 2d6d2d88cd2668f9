#include "hotcog/ninja/build_graph.h"

#include "hotcog/base/paths.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace hotcog::ninja {

std::string canonicalize_ninja_path(const std::string& path) {
  return lexically_normal_path(path);
}

namespace {

using Scope = std::unordered_map<std::string, std::string>;

bool is_var_char(char c, bool braced) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || (braced && c == '.');
}

// Variable lookup as ninja does it for paths: the edge's own bindings, then
// the file scopes from innermost (a subninja) outwards; unset is empty.
// The edge's bindings are kept unevaluated (most are long flag lists no path
// refers to) and evaluated in the file scope when a path asks for them.
// `left` bounds the bytes variable references may still expand to: a value
// built from itself (`a = $a$a`, line after line or through a subninja of the
// file itself) doubles each time, and would take all memory and time.
struct Env {
  const Scope* edge_raw = nullptr;
  const std::vector<Scope>* files = nullptr;
  uint64_t* left = nullptr;
  std::string lookup(const std::string& name) const;
};

bool evaluate(const std::string& line, size_t* i, const Env& env, bool path_mode, std::string* out,
              std::string* why);

std::string Env::lookup(const std::string& name) const {
  if (edge_raw)
    if (auto it = edge_raw->find(name); it != edge_raw->end()) {
      std::string value, why;
      size_t i = 0;
      evaluate(it->second, &i, Env{nullptr, files, left}, false, &value, &why);
      return value;
    }
  for (auto scope = files->rbegin(); scope != files->rend(); ++scope)
    if (auto it = scope->find(name); it != scope->end()) return it->second;
  return "";
}

// Evaluates an escaped string from line[*i]. With `path_mode` it stops at an
// unescaped ' ', ':' or '|' (path tokens); otherwise at the end of the line.
bool evaluate(const std::string& line, size_t* i, const Env& env, bool path_mode, std::string* out,
              std::string* why) {
  out->clear();
  while (*i < line.size()) {
    char c = line[*i];
    if (path_mode && (c == ' ' || c == ':' || c == '|')) break;
    if (c != '$') {
      *out += c;
      ++*i;
      continue;
    }
    if (*i + 1 >= line.size()) {
      *why = "'$' at the end of a line: " + line;
      return false;
    }
    char e = line[*i + 1];
    if (e == '$' || e == ' ' || e == ':') {
      *out += e;
      *i += 2;
      continue;
    }
    bool braced = e == '{';
    size_t name_start = *i + (braced ? 2 : 1), j = name_start;
    while (j < line.size() && is_var_char(line[j], braced)) ++j;
    if (j == name_start || (braced && (j >= line.size() || line[j] != '}'))) {
      *why = "bad '$' escape: " + line.substr(*i, 16);
      return false;
    }
    const std::string value = env.lookup(line.substr(name_start, j - name_start));
    if (value.size() > *env.left) {
      *why = "variables expand to too many bytes (a variable built from itself over and over?): " +
             line.substr(0, 80);
      return false;
    }
    *env.left -= value.size();
    *out += value;
    *i = braced ? j + 1 : j;
  }
  return true;
}

class ManifestReader {
 public:
  ManifestReader(const std::string& build_dir, BuildGraph* graph) : build_dir_(build_dir), graph_(graph) {
    files_.emplace_back();
  }

  GraphLoad read_file(const std::string& rel, std::string* why, int depth = 0) {
    if (depth > 16) return fail(GraphLoad::Error, rel + ": includes nested too deep", why);
    std::string path = !rel.empty() && rel[0] == '/' ? rel : build_dir_ + "/" + rel;
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(GraphLoad::Error, path + ": " + std::strerror(errno), why);
    // A file that includes itself (under any spelling) never ends for ninja.
    struct stat st;
    const bool known = ::stat(path.c_str(), &st) == 0;
    const std::pair<uint64_t, uint64_t> id{known ? st.st_dev : 0, known ? st.st_ino : 0};
    if (known && std::find(open_files_.begin(), open_files_.end(), id) != open_files_.end())
      return fail(GraphLoad::Error, path + ": includes itself", why);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    // Far above what real manifests expand to (CMake's variables are short).
    if (depth == 0) expansion_left_ = std::max<uint64_t>(uint64_t(64) << 20, 16 * uint64_t(text.size()));
    open_files_.push_back(id);
    GraphLoad result = read_text(text, path, why, depth);
    open_files_.pop_back();
    return result;
  }

 private:
  static GraphLoad fail(GraphLoad kind, const std::string& message, std::string* why) {
    *why = message;
    return kind;
  }

  // One logical line starting at pos: continuations ("$" newline, then the
  // next line's leading spaces) removed, other escapes kept for evaluate().
  // Advances pos past the line's newline.
  static std::string logical_line(const std::string& text, size_t* pos) {
    size_t nl = text.find('\n', *pos);
    size_t end = nl == std::string::npos ? text.size() : nl;
    bool has_dollar = std::memchr(text.data() + *pos, '$', end - *pos) != nullptr;
    if (!has_dollar && (end == *pos || text[end - 1] != '\r')) {
      std::string plain = text.substr(*pos, end - *pos);  // no escapes, no continuation
      *pos = nl == std::string::npos ? end : nl + 1;
      return plain;
    }
    std::string line;
    size_t i = *pos;
    while (i < text.size() && text[i] != '\n') {
      if (text[i] == '$' && i + 1 < text.size()) {
        if (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n')) {
          i += text[i + 1] == '\n' ? 2 : 3;
          while (i < text.size() && text[i] == ' ') ++i;
          continue;
        }
        line += text[i];
        line += text[i + 1];
        i += 2;
        continue;
      }
      if (text[i] != '\r') line += text[i];
      ++i;
    }
    *pos = i < text.size() ? i + 1 : i;
    return line;
  }

  // "name = value" → name and the evaluated value.
  bool binding(const std::string& line, size_t first, const Env& env, std::string* name,
               std::string* value, std::string* why) {
    size_t eq = line.find('=', first);
    if (eq == std::string::npos) {
      *why = "expected 'name = value': " + line;
      return false;
    }
    size_t name_end = eq;
    while (name_end > first && line[name_end - 1] == ' ') --name_end;
    *name = line.substr(first, name_end - first);
    size_t v = line.find_first_not_of(' ', eq + 1);
    if (v == std::string::npos) v = line.size();
    return evaluate(line, &v, env, false, value, why);
  }

  GraphLoad read_build(const std::string& line, const Scope& edge_scope, std::string* why) {
    enum Section { Outputs, ImplicitOutputs, Rule, Explicit, Implicit, OrderOnly, Validations };
    Env env{&edge_scope, &files_, &expansion_left_};
    Section section = Outputs;
    std::vector<std::string> outputs;
    QueryNode edge;
    edge.has_edge = true;
    size_t i = 6;  // after "build "
    std::string token;
    while (i < line.size()) {
      char c = line[i];
      if (c == ' ') {
        ++i;
        continue;
      }
      if (c == ':' && section <= ImplicitOutputs) {
        section = Rule;
        ++i;
        continue;
      }
      if (c == '|') {
        bool is_outputs = section <= ImplicitOutputs;
        if (i + 1 < line.size() && line[i + 1] == '|') {
          section = OrderOnly;
          i += 2;
        } else if (i + 1 < line.size() && line[i + 1] == '@') {
          section = Validations;
          i += 2;
        } else {
          section = is_outputs ? ImplicitOutputs : Implicit;
          ++i;
        }
        continue;
      }
      if (!evaluate(line, &i, env, true, &token, why)) return GraphLoad::Error;
      if (token.empty())  // ninja refuses these too
        return fail(GraphLoad::Error, "empty path in: " + line, why);
      switch (section) {
        case Outputs:
        case ImplicitOutputs: outputs.push_back(canonicalize_ninja_path(token)); break;
        case Rule: edge.rule = token; section = Explicit; break;
        case Explicit: edge.explicit_inputs.push_back(canonicalize_ninja_path(token)); break;
        case Implicit: edge.implicit_inputs.push_back(canonicalize_ninja_path(token)); break;
        case OrderOnly: edge.order_only_inputs.push_back(canonicalize_ninja_path(token)); break;
        case Validations: break;  // never make an output dirty
      }
    }
    if (outputs.empty() || edge.rule.empty()) return fail(GraphLoad::Error, "malformed build statement: " + line, why);
    for (const std::string& out : outputs) graph_->edges[out] = edge;
    return GraphLoad::Ok;
  }

  GraphLoad read_text(const std::string& text, const std::string& origin, std::string* why, int depth) {
    size_t pos = 0;
    // A build statement's paths may use its own bindings, which follow it:
    // it is parsed when the next unindented line (or the end) is reached.
    std::string pending_build;
    Scope edge_scope;
    auto flush = [&]() {
      if (pending_build.empty()) return GraphLoad::Ok;
      GraphLoad r = read_build(pending_build, edge_scope, why);
      pending_build.clear();
      edge_scope.clear();
      return r;
    };
    bool in_build = false;
    while (pos < text.size()) {
      std::string line = logical_line(text, &pos);
      size_t first = line.find_first_not_of(' ');
      if (first == std::string::npos || line[first] == '#') continue;
      if (first > 0) {  // a binding of the statement above
        if (!in_build) continue;  // rule and pool bindings do not change the graph
        size_t eq = line.find('=', first);
        if (eq == std::string::npos) return fail(GraphLoad::Error, "expected 'name = value': " + line, why);
        size_t name_end = eq;
        while (name_end > first && line[name_end - 1] == ' ') --name_end;
        std::string name = line.substr(first, name_end - first);
        if (name == "dyndep") return fail(GraphLoad::Unsupported, origin + ": edge with a dyndep file", why);
        size_t v = line.find_first_not_of(' ', eq + 1);
        edge_scope[name] = v == std::string::npos ? "" : line.substr(v);  // evaluated on use
        continue;
      }
      if (GraphLoad r = flush(); r != GraphLoad::Ok) return r;
      in_build = false;
      if (line.rfind("build ", 0) == 0) {
        pending_build = line;
        in_build = true;
      } else if (line.rfind("include ", 0) == 0 || line.rfind("subninja ", 0) == 0) {
        bool sub = line[0] == 's';
        size_t i = line.find(' ') + 1;
        while (i < line.size() && line[i] == ' ') ++i;
        std::string file;
        if (!evaluate(line, &i, Env{nullptr, &files_, &expansion_left_}, true, &file, why)) return GraphLoad::Error;
        if (sub) files_.emplace_back();  // a subninja's variables stay in it
        GraphLoad r = read_file(file, why, depth + 1);
        if (sub) files_.pop_back();
        if (r != GraphLoad::Ok) return r;
      } else if (line.rfind("rule ", 0) == 0 || line.rfind("pool ", 0) == 0 ||
                 line.rfind("default ", 0) == 0) {
        // no edges here
      } else {  // top-level binding, evaluated now like ninja does
        std::string name, value;
        if (!binding(line, 0, Env{nullptr, &files_, &expansion_left_}, &name, &value, why)) return GraphLoad::Error;
        files_.back()[name] = value;
      }
    }
    return flush();
  }

  std::string build_dir_;
  BuildGraph* graph_;
  std::vector<Scope> files_;  // file scopes: the top file, then subninjas
  std::vector<std::pair<uint64_t, uint64_t>> open_files_;  // (st_dev, st_ino) being read
  uint64_t expansion_left_ = 0;  // see Env::left
};

}  // namespace

GraphLoad read_build_graph(const std::string& build_dir, BuildGraph* graph, std::string* why) {
  BuildGraph result;
  ManifestReader reader(build_dir, &result);
  GraphLoad status = reader.read_file("build.ninja", why);
  if (status == GraphLoad::Ok) *graph = std::move(result);
  return status;
}

}  // namespace hotcog::ninja
