#include "hotcog/ninja/ninja_tool.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "hotcog/ninja/build_runner.h"
#include "hotcog/ninja/subprocess.h"

namespace hotcog::ninja {

bool run_ninja_tool(const std::string& build_dir, const std::vector<std::string>& args,
                    std::string* out, std::string* err) {
  SubprocessRequest req;
  req.argv = {find_ninja(build_dir), "-C", build_dir, "-t"};
  req.argv.insert(req.argv.end(), args.begin(), args.end());
  SubprocessResult r = run_subprocess(req);
  if (!r.started) {
    *err = r.error;
    return false;
  }
  *out = std::move(r.output);
  if (r.exit_code != 0) {
    *err = *out;
    while (!err->empty() && err->back() == '\n') err->pop_back();
    return false;
  }
  return true;
}

std::map<std::string, QueryNode> parse_query_output(const std::string& text) {
  std::map<std::string, QueryNode> nodes;
  std::istringstream in(text);
  std::string line;
  QueryNode* node = nullptr;
  enum { None, Inputs, Other } section = None;
  while (std::getline(in, line)) {
    // ninja's own warnings share the pipe and may land inside a node's
    // block (stderr is unbuffered, stdout is not): skip them in place.
    if (line.empty() || line.rfind("ninja: ", 0) == 0) continue;
    if (line[0] != ' ') {  // "path:" starts a node
      if (line.back() != ':') {
        node = nullptr;  // "ninja: Entering directory ..." and the like
        continue;
      }
      node = &nodes[line.substr(0, line.size() - 1)];
      section = None;
      continue;
    }
    if (!node) continue;
    if (line.rfind("  input: ", 0) == 0) {
      node->has_edge = true;
      node->rule = line.substr(9);
      section = Inputs;
    } else if (line.rfind("    ", 0) != 0) {
      section = Other;  // "  outputs:", "  validations:"
    } else if (section == Inputs) {
      std::string item = line.substr(4);
      if (item.rfind("|| ", 0) == 0)
        node->order_only_inputs.push_back(item.substr(3));
      else if (item.rfind("| ", 0) == 0)
        node->implicit_inputs.push_back(item.substr(2));
      else
        node->explicit_inputs.push_back(item);
    }
  }
  return nodes;
}

namespace {

// "ninja: error: unknown target 'foo'" → foo.
std::string unknown_target_in(const std::string& message) {
  constexpr std::string_view kMarker = "unknown target '";
  size_t at = message.find(kMarker);
  if (at == std::string::npos) return "";
  size_t from = at + kMarker.size();
  size_t end = message.find('\'', from);
  return end == std::string::npos ? "" : message.substr(from, end - from);
}

}  // namespace

bool query_targets(const std::string& build_dir, const std::vector<std::string>& targets,
                   std::map<std::string, QueryNode>* nodes, std::vector<std::string>* unknown,
                   std::string* err) {
  std::vector<std::string> left = targets;
  while (!left.empty()) {
    std::vector<std::string> args = {"query"};
    args.insert(args.end(), left.begin(), left.end());
    std::string out;
    if (run_ninja_tool(build_dir, args, &out, err)) {
      for (auto& [path, node] : parse_query_output(out)) (*nodes)[path] = std::move(node);
      return true;
    }
    std::string bad = unknown_target_in(*err);
    auto it = std::find(left.begin(), left.end(), bad);
    if (bad.empty() || it == left.end()) return false;
    // ninja stops at the first unknown target: drop it and ask again.
    unknown->push_back(bad);
    left.erase(it);
  }
  return true;
}

std::map<std::string, std::vector<std::string>> parse_deps_tool_output(const std::string& text) {
  std::map<std::string, std::vector<std::string>> deps;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string>* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("ninja: ", 0) == 0) continue;  // a warning, see above
    if (line.empty()) {
      current = nullptr;
    } else if (line.rfind("    ", 0) == 0) {
      if (current) current->push_back(line.substr(4));
    } else {
      size_t marker = line.rfind(": #deps ");
      current = marker == std::string::npos ? nullptr : &deps[line.substr(0, marker)];
    }
  }
  return deps;
}

}  // namespace hotcog::ninja
