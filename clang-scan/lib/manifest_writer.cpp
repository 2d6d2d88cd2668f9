// The layout manifest: the record layouts and static variables of a set of
// TUs (one TU, or all of an image's) in a line format the runtime parses with
// no dependencies, like the cog manifest (utils/include/hotcog/base/cog_manifest.h).
// Fields are separated by one tab; names, types and paths never contain tabs
// or newlines. Full description: docs/layout-manifest.md.
//
//   hotcog-layouts  2                                   format name and version, first line
//   record  <name> <size> <align> <vptr 0|1> <hash> <file> <line>
//   base    <offset> <v|n> <name>                       bytes; v = virtual base
//   field   <offset_bits> <bit_width|-> <d|i> <name> <type>
//                                                       d = direct member, i = member of an
//                                                       anonymous struct/union (offset from
//                                                       the start of the record); name may be
//                                                       empty (anonymous member, unnamed bit-field)
//   vslot   <method>                                    vtable slots in order
//   end                                                 closes the record
//   var     <symbol> <size> <trivial 0|1> <name> <file> <line>
//                                                       a static-storage variable the image
//                                                       defines, by its linker symbol
//   incomplete <source file> <reason>                   that TU's scan failed: the data
//                                                       above does not describe all of it
//
// Records are sorted by name; a record seen by several TUs with the same hash
// is written once; the same name with two different hashes (an ODR violation
// across TUs) is written twice so the reader can refuse it. Vars are sorted by
// symbol and deduplicated (a different size under one symbol is kept, for the
// same reason). Readers skip unknown line kinds and reject another version.
#include "hotcog/scan/scanner.h"

#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace hotcog::scan {
namespace {

// A tab or a line break inside a field would split it; compiler diagnostics
// can contain both.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

// The line of a TU's diagnostics that says what went wrong, for the
// `incomplete` line (all of them go to stderr).
std::string failure_reason(const std::string& error) {
  std::istringstream lines(error);
  for (std::string line; std::getline(lines, line);)
    if (line.find("error:") != std::string::npos) return one_line(line);
  std::string first = error.substr(0, error.find('\n'));
  return first.empty() ? "scan failed" : one_line(first);
}

auto var_key(const VarLayout& v) {
  return std::tie(v.symbol, v.size, v.trivial, v.name, v.file, v.line);
}

void write_record(std::ostringstream& out, const RecordLayout& r) {
  out << "record\t" << r.name << '\t' << r.size << '\t' << r.align << '\t' << (r.vptr ? 1 : 0)
      << '\t' << r.hash << '\t' << r.file << '\t' << r.line << '\n';
  for (const BaseLayout& b : r.bases)
    out << "base\t" << b.offset << '\t' << (b.is_virtual ? 'v' : 'n') << '\t' << b.name << '\n';
  for (const FieldLayout& f : r.fields) {
    out << "field\t" << f.offset_bits << '\t';
    if (f.bit_width)
      out << *f.bit_width;
    else
      out << '-';
    out << '\t' << (f.indirect ? 'i' : 'd') << '\t' << f.name << '\t' << f.type << '\n';
  }
  for (const std::string& slot : r.vtable) out << "vslot\t" << slot << '\n';
  out << "end\n";
}

}  // namespace

LayoutManifest layout_manifest_of(const std::vector<TuScan>& tus) {
  LayoutManifest out;
  for (const TuScan& tu : tus) {
    if (!tu.error.empty()) {
      out.incomplete.push_back({tu.file, failure_reason(tu.error)});
      continue;
    }
    out.records.insert(out.records.end(), tu.records.begin(), tu.records.end());
    out.vars.insert(out.vars.end(), tu.vars.begin(), tu.vars.end());
  }
  return out;
}

LayoutManifest merge_layout_manifests(const std::vector<LayoutManifest>& parts) {
  LayoutManifest out;
  for (const LayoutManifest& part : parts) {
    out.records.insert(out.records.end(), part.records.begin(), part.records.end());
    out.vars.insert(out.vars.end(), part.vars.begin(), part.vars.end());
    out.incomplete.insert(out.incomplete.end(), part.incomplete.begin(), part.incomplete.end());
  }
  return out;
}

std::string write_layout_manifest(const LayoutManifest& manifest) {
  std::map<std::pair<std::string, std::string>, const RecordLayout*> records;
  for (const RecordLayout& r : manifest.records) records.try_emplace({r.name, r.hash}, &r);
  auto var_less = [](const VarLayout* a, const VarLayout* b) { return var_key(*a) < var_key(*b); };
  std::set<const VarLayout*, decltype(var_less)> vars(var_less);
  for (const VarLayout& v : manifest.vars) vars.insert(&v);
  std::set<std::pair<std::string, std::string>> incomplete;
  for (const IncompleteScan& i : manifest.incomplete)
    incomplete.insert({one_line(i.file), one_line(i.reason)});

  std::ostringstream out;
  out << "hotcog-layouts\t2\n";
  for (const auto& entry : records) write_record(out, *entry.second);
  for (const VarLayout* v : vars)
    out << "var\t" << v->symbol << '\t' << v->size << '\t' << (v->trivial ? 1 : 0) << '\t'
        << v->name << '\t' << v->file << '\t' << v->line << '\n';
  for (const auto& [file, reason] : incomplete)
    out << "incomplete\t" << file << '\t' << reason << '\n';
  return out.str();
}

std::string to_layout_manifest(const std::vector<TuScan>& tus) {
  return write_layout_manifest(layout_manifest_of(tus));
}

}  // namespace hotcog::scan
