// The JSON form of a scan:
//   {"version":1,"tus":[{"file":..., "includes":[...], "edges":[{"from","to","line"}],
//     "records":[{"name","file","line","size","align","vptr","bases":[{"name","offset","virtual"}],
//                 "fields":[{"name","type","offset_bits"[,"bit_width"][,"indirect"]}],
//                 "vtable":[...],"hash"}],
//     "vars":[{"symbol","size","trivial","name","file","line"}],
//     "decls":[{"usr","kind","name","file","line","hash"}], "refs":[...], "used":[...],
//     "shape":"<hash>", "context_free":[{"file","idents"}], "shadows":[...],
//     "error": "..."}]}
// Only the parts that were asked for appear; "error" only for a TU that failed,
// "ignored_arguments" only for a command with arguments clang does not know.
#include "scan_json.h"

#include "llvm/ADT/StringMap.h"

#include <map>


namespace hotcog::scan {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

Array strings(const std::vector<std::string>& items) {
  Array out;
  for (const std::string& s : items) out.push_back(s);
  return out;
}

Value record_to_json(const RecordLayout& r) {
  Array bases, fields;
  for (const BaseLayout& b : r.bases)
    bases.push_back(Object{{"name", b.name}, {"offset", int64_t(b.offset)}, {"virtual", b.is_virtual}});
  for (const FieldLayout& f : r.fields) {
    Object field{{"name", f.name}, {"type", f.type}, {"offset_bits", int64_t(f.offset_bits)}};
    if (f.bit_width) field["bit_width"] = int64_t(*f.bit_width);
    if (f.indirect) field["indirect"] = true;
    fields.push_back(std::move(field));
  }
  return Object{{"name", r.name},      {"file", r.file},     {"line", int64_t(r.line)},
                {"size", int64_t(r.size)}, {"align", int64_t(r.align)}, {"vptr", r.vptr},
                {"bases", std::move(bases)}, {"fields", std::move(fields)},
                {"vtable", strings(r.vtable)}, {"hash", r.hash}};
}

// Unsigned integers through int64_t: llvm::json stores integers as int64.
template <typename T>
bool map_unsigned(llvm::json::ObjectMapper& mapper, llvm::StringLiteral key, T& out) {
  int64_t value = 0;
  if (!mapper.map(key, value) || value < 0) return false;
  out = static_cast<T>(value);
  return true;
}

}  // namespace

bool fromJSON(const Value& value, IncludeEdge& edge, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("from", edge.from) && m.map("to", edge.to) && map_unsigned(m, "line", edge.line);
}

bool fromJSON(const Value& value, BaseLayout& base, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("name", base.name) && map_unsigned(m, "offset", base.offset) &&
         m.map("virtual", base.is_virtual);
}

bool fromJSON(const Value& value, FieldLayout& field, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  if (!m || !m.map("name", field.name) || !m.map("type", field.type) ||
      !map_unsigned(m, "offset_bits", field.offset_bits))
    return false;
  if (const Value* width = value.getAsObject()->get("bit_width")) {
    auto w = width->getAsInteger();
    if (!w || *w < 0) return false;
    field.bit_width = static_cast<unsigned>(*w);
  }
  return m.mapOptional("indirect", field.indirect);
}

bool fromJSON(const Value& value, RecordLayout& r, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("name", r.name) && m.map("file", r.file) && map_unsigned(m, "line", r.line) &&
         map_unsigned(m, "size", r.size) && map_unsigned(m, "align", r.align) &&
         m.map("vptr", r.vptr) && m.map("bases", r.bases) && m.map("fields", r.fields) &&
         m.map("vtable", r.vtable) && m.map("hash", r.hash);
}

bool fromJSON(const Value& value, VarLayout& v, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("symbol", v.symbol) && map_unsigned(m, "size", v.size) &&
         m.map("trivial", v.trivial) && m.map("name", v.name) && m.map("file", v.file) &&
         map_unsigned(m, "line", v.line);
}

bool fromJSON(const Value& value, DeclHash& d, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("usr", d.usr) && m.map("kind", d.kind) && m.map("name", d.name) &&
         m.map("file", d.file) && map_unsigned(m, "line", d.line) && m.map("hash", d.hash);
}

bool map_context_free(llvm::json::ObjectMapper& m,
                      std::vector<std::pair<std::string, std::string>>& out) {
  std::vector<std::map<std::string, std::string>> entries;
  if (!m.mapOptional("context_free", entries)) return false;
  for (auto& entry : entries) out.emplace_back(entry["file"], entry["idents"]);
  return true;
}

bool fromJSON(const Value& value, TuScan& tu, llvm::json::Path path) {
  llvm::json::ObjectMapper m(value, path);
  return m && m.map("file", tu.file) && m.mapOptional("includes", tu.includes) &&
         m.mapOptional("edges", tu.edges) && m.mapOptional("records", tu.records) &&
         m.mapOptional("vars", tu.vars) &&
         m.mapOptional("decls", tu.decls) && m.mapOptional("refs", tu.refs) &&
         m.mapOptional("used", tu.used) && m.mapOptional("shape", tu.shape) &&
         map_context_free(m, tu.context_free) && m.mapOptional("shadows", tu.shadows) &&
         m.mapOptional("error", tu.error) &&
         m.mapOptional("ignored_arguments", tu.ignored_arguments);
}

Value tu_to_json(const TuScan& tu, const ScanParts& parts) {
  Object out{{"file", tu.file}};
  if (parts.includes) {
    out["includes"] = strings(tu.includes);
    Array edges;
    for (const IncludeEdge& e : tu.edges)
      edges.push_back(Object{{"from", e.from}, {"to", e.to}, {"line", int64_t(e.line)}});
    out["edges"] = std::move(edges);
  }
  if (parts.layouts) {
    Array records;
    for (const RecordLayout& r : tu.records) records.push_back(record_to_json(r));
    out["records"] = std::move(records);
    Array vars;
    for (const VarLayout& v : tu.vars)
      vars.push_back(Object{{"symbol", v.symbol}, {"size", int64_t(v.size)},
                            {"trivial", v.trivial}, {"name", v.name}, {"file", v.file},
                            {"line", int64_t(v.line)}});
    out["vars"] = std::move(vars);
  }
  if (parts.refs) {
    Array decls;
    for (const DeclHash& d : tu.decls)
      decls.push_back(Object{{"usr", d.usr}, {"kind", d.kind}, {"name", d.name},
                             {"file", d.file}, {"line", int64_t(d.line)}, {"hash", d.hash}});
    out["decls"] = std::move(decls);
    out["refs"] = strings(tu.refs);
    out["used"] = strings(tu.used);
    out["shape"] = tu.shape;
    Array context_free;
    for (const auto& [file, idents] : tu.context_free)
      context_free.push_back(Object{{"file", file}, {"idents", idents}});
    out["context_free"] = std::move(context_free);
  }
  if (!tu.error.empty()) out["error"] = tu.error;
  if (!tu.ignored_arguments.empty()) out["ignored_arguments"] = strings(tu.ignored_arguments);
  return out;
}

// The document for people and tools is streamed with keys in a fixed, logical
// order (llvm::json::Value would sort them): "version" first, "file" first.
namespace {

void write_strings(llvm::json::OStream& j, llvm::StringRef key, const std::vector<std::string>& items) {
  j.attributeArray(key, [&] {
    for (const std::string& s : items) j.value(s);
  });
}

void write_record(llvm::json::OStream& j, const RecordLayout& r) {
  j.object([&] {
    j.attribute("name", r.name);
    j.attribute("file", r.file);
    j.attribute("line", int64_t(r.line));
    j.attribute("size", int64_t(r.size));
    j.attribute("align", int64_t(r.align));
    j.attribute("vptr", r.vptr);
    j.attributeArray("bases", [&] {
      for (const BaseLayout& b : r.bases)
        j.object([&] {
          j.attribute("name", b.name);
          j.attribute("offset", int64_t(b.offset));
          j.attribute("virtual", b.is_virtual);
        });
    });
    j.attributeArray("fields", [&] {
      for (const FieldLayout& f : r.fields)
        j.object([&] {
          j.attribute("name", f.name);
          j.attribute("type", f.type);
          j.attribute("offset_bits", int64_t(f.offset_bits));
          if (f.bit_width) j.attribute("bit_width", int64_t(*f.bit_width));
          if (f.indirect) j.attribute("indirect", true);
        });
    });
    write_strings(j, "vtable", r.vtable);
    j.attribute("hash", r.hash);
  });
}

// A TU's paths repeat: every header is in "includes" and in edges, often
// many times as "from". Each is quoted (by llvm::json, the same escaping as
// any other string) once per TU and then written as raw JSON, which skips
// the copy and UTF-8 check a json::Value costs per string.
class QuotedPaths {
 public:
  llvm::StringRef get(const std::string& path) {
    auto [it, inserted] = quoted_.try_emplace(path);
    if (inserted) {
      llvm::raw_string_ostream os(it->second);
      llvm::json::OStream(os).value(path);
    }
    return it->second;
  }

 private:
  llvm::StringMap<std::string> quoted_;
};

void write_tu(llvm::json::OStream& j, const TuScan& tu, const ScanParts& parts) {
  j.object([&] {
    j.attribute("file", tu.file);
    if (!tu.error.empty()) j.attribute("error", tu.error);
    if (!tu.ignored_arguments.empty()) write_strings(j, "ignored_arguments", tu.ignored_arguments);
    if (parts.includes) {
      QuotedPaths quoted;
      j.attributeArray("includes", [&] {
        for (const std::string& path : tu.includes) j.rawValue(quoted.get(path));
      });
      j.attributeArray("edges", [&] {
        for (const IncludeEdge& e : tu.edges)
          j.object([&] {
            j.attributeBegin("from");
            j.rawValue(quoted.get(e.from));
            j.attributeEnd();
            j.attributeBegin("to");
            j.rawValue(quoted.get(e.to));
            j.attributeEnd();
            j.attribute("line", int64_t(e.line));
          });
      });
    }
    if (parts.layouts) {
      j.attributeArray("records", [&] {
        for (const RecordLayout& r : tu.records) write_record(j, r);
      });
      j.attributeArray("vars", [&] {
        for (const VarLayout& v : tu.vars)
          j.object([&] {
            j.attribute("symbol", v.symbol);
            j.attribute("size", int64_t(v.size));
            j.attribute("trivial", v.trivial);
            j.attribute("name", v.name);
            j.attribute("file", v.file);
            j.attribute("line", int64_t(v.line));
          });
      });
    }
    if (parts.refs) {
      j.attributeArray("decls", [&] {
        for (const DeclHash& d : tu.decls)
          j.object([&] {
            j.attribute("usr", d.usr);
            j.attribute("kind", d.kind);
            j.attribute("name", d.name);
            j.attribute("file", d.file);
            j.attribute("line", int64_t(d.line));
            j.attribute("hash", d.hash);
          });
      });
      write_strings(j, "refs", tu.refs);
      write_strings(j, "used", tu.used);
      j.attribute("shape", tu.shape);
      j.attributeArray("context_free", [&] {
        for (const auto& [file, idents] : tu.context_free)
          j.object([&] {
            j.attribute("file", file);
            j.attribute("idents", idents);
          });
      });
      write_strings(j, "shadows", tu.shadows);
    }
  });
}

}  // namespace

// A TU object sits at depth 2 of the document ({"tus": [ here ]}): rendered
// on its own with the same 2-space indentation, each of its lines is shifted
// by 4 spaces, which gives exactly what one OStream over the document prints.
std::string tu_json_text(const TuScan& tu, const ScanParts& parts) {
  std::string flat;
  llvm::raw_string_ostream os(flat);
  os.SetBufferSize(64 * 1024);  // unbuffered, every token would be a call into the string
  llvm::json::OStream j(os, /*IndentSize=*/2);
  write_tu(j, tu, parts);
  os.flush();
  std::string text;
  text.reserve(flat.size() + flat.size() / 8);
  size_t start = 0;
  for (size_t newline; (newline = flat.find('\n', start)) != std::string::npos;
       start = newline + 1) {
    text.append(flat, start, newline + 1 - start);
    text.append(4, ' ');
  }
  text.append(flat, start, std::string::npos);
  return text;
}

std::string tu_json_line(const TuScan& tu, const ScanParts& parts) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os.SetBufferSize(64 * 1024);
  llvm::json::OStream j(os, /*IndentSize=*/0);  // no indentation: no newline either
  write_tu(j, tu, parts);
  os << '\n';
  os.flush();
  return text;
}

std::string json_document(const std::vector<std::string>& tu_texts) {
  std::string text = "{\n  \"version\": 1,\n  \"tus\": [";
  if (tu_texts.empty()) return text + "]\n}\n";
  size_t size = text.size() + 16;
  for (const std::string& tu : tu_texts) size += tu.size() + 6;
  text.reserve(size);
  for (size_t i = 0; i < tu_texts.size(); ++i) {
    text += i ? ",\n    " : "\n    ";
    text += tu_texts[i];
  }
  text += "\n  ]\n}\n";
  return text;
}

std::string to_json(const std::vector<TuScan>& tus, const ScanParts& parts) {
  std::vector<std::string> texts;
  texts.reserve(tus.size());
  for (const TuScan& tu : tus) texts.push_back(tu_json_text(tu, parts));
  return json_document(texts);
}

}  // namespace hotcog::scan
