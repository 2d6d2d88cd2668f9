// Reading a layout manifest back (format in manifest_writer.cpp), for merging
// the per-TU files of an image into its per-image file. Strict about the lines
// it knows (a truncated or hand-edited file is an error, which the merge turns
// into an `incomplete` line), lenient about kinds it does not know.
#include "hotcog/scan/scanner.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>

namespace hotcog::scan {
namespace {

class Parser {
 public:
  Parser(LayoutManifest* out, std::string* err) : out_(out), err_(err) {}

  bool parse(llvm::StringRef text) {
    unsigned number = 0;
    while (!text.empty()) {
      auto [line, rest] = text.split('\n');
      text = rest;
      ++number;
      if (!parse_line(line, number)) return false;
    }
    if (number == 0) return fail(1, "empty file, expected 'hotcog-layouts\t2'");
    if (record_) return fail(number, "record '" + record_->name + "' has no 'end' line");
    return true;
  }

 private:
  bool parse_line(llvm::StringRef line, unsigned number) {
    llvm::SmallVector<llvm::StringRef, 8> f;
    line.split(f, '\t');
    llvm::StringRef kind = f[0];
    if (number == 1) {
      if (kind != "hotcog-layouts" || f.size() != 2)
        return fail(number, "not a layout manifest (first line: '" + line.str() + "')");
      if (f[1] != "2") return fail(number, "layout manifest version " + f[1].str() + ", expected 2");
      return true;
    }
    if (kind == "record") return record(f, number);
    if (kind == "base" || kind == "field" || kind == "vslot" || kind == "end") {
      if (!record_) return fail(number, "'" + kind.str() + "' outside a record");
      if (kind == "base") return base(f, number);
      if (kind == "field") return field(f, number);
      if (kind == "vslot") return vslot(f, number);
      out_->records.push_back(std::move(*record_));
      record_.reset();
      return true;
    }
    if (kind == "var") return var(f, number);
    if (kind == "incomplete") {
      if (f.size() != 3) return fields(number, "incomplete", 3, f.size());
      out_->incomplete.push_back({f[1].str(), f[2].str()});
      return true;
    }
    return true;  // a line kind of a later version 2 writer
  }

  bool record(llvm::ArrayRef<llvm::StringRef> f, unsigned number) {
    if (record_) return fail(number, "record '" + record_->name + "' has no 'end' line");
    if (f.size() != 8) return fields(number, "record", 8, f.size());
    RecordLayout r;
    r.name = f[1].str();
    r.hash = f[5].str();
    r.file = f[6].str();
    if (!integer(f[2], &r.size, number) || !integer(f[3], &r.align, number) ||
        !integer(f[7], &r.line, number) || !flag(f[4], &r.vptr, number))
      return false;
    record_ = std::move(r);
    return true;
  }

  bool base(llvm::ArrayRef<llvm::StringRef> f, unsigned number) {
    if (f.size() != 4) return fields(number, "base", 4, f.size());
    BaseLayout b;
    if (!integer(f[1], &b.offset, number)) return false;
    if (f[2] != "v" && f[2] != "n") return fail(number, "base kind '" + f[2].str() + "' is not v or n");
    b.is_virtual = f[2] == "v";
    b.name = f[3].str();
    record_->bases.push_back(std::move(b));
    return true;
  }

  bool field(llvm::ArrayRef<llvm::StringRef> f, unsigned number) {
    if (f.size() != 6) return fields(number, "field", 6, f.size());
    FieldLayout field;
    if (!integer(f[1], &field.offset_bits, number)) return false;
    if (f[2] != "-") {
      unsigned width = 0;
      if (!integer(f[2], &width, number)) return false;
      field.bit_width = width;
    }
    if (f[3] != "d" && f[3] != "i")
      return fail(number, "field kind '" + f[3].str() + "' is not d or i");
    field.indirect = f[3] == "i";
    field.name = f[4].str();
    field.type = f[5].str();
    record_->fields.push_back(std::move(field));
    return true;
  }

  bool vslot(llvm::ArrayRef<llvm::StringRef> f, unsigned number) {
    if (f.size() != 2) return fields(number, "vslot", 2, f.size());
    record_->vtable.push_back(f[1].str());
    return true;
  }

  bool var(llvm::ArrayRef<llvm::StringRef> f, unsigned number) {
    if (f.size() != 7) return fields(number, "var", 7, f.size());
    VarLayout v;
    v.symbol = f[1].str();
    v.name = f[4].str();
    v.file = f[5].str();
    if (v.symbol.empty()) return fail(number, "var without a symbol");
    if (!integer(f[2], &v.size, number) || !flag(f[3], &v.trivial, number) ||
        !integer(f[6], &v.line, number))
      return false;
    out_->vars.push_back(std::move(v));
    return true;
  }

  template <typename T>
  bool integer(llvm::StringRef text, T* value, unsigned number) {
    if (text.getAsInteger(10, *value))
      return fail(number, "'" + text.str() + "' is not a non-negative integer");
    return true;
  }

  bool flag(llvm::StringRef text, bool* value, unsigned number) {
    if (text != "0" && text != "1") return fail(number, "'" + text.str() + "' is not 0 or 1");
    *value = text == "1";
    return true;
  }

  bool fields(unsigned number, llvm::StringRef kind, size_t want, size_t got) {
    return fail(number, "'" + kind.str() + "' line with " + std::to_string(got) +
                            " tab-separated fields, expected " + std::to_string(want));
  }

  bool fail(unsigned number, const std::string& message) {
    *err_ = "line " + std::to_string(number) + ": " + message;
    return false;
  }

  LayoutManifest* out_;
  std::string* err_;
  std::optional<RecordLayout> record_;
};

}  // namespace

bool parse_layout_manifest(const std::string& text, LayoutManifest* out, std::string* err) {
  LayoutManifest parsed;
  if (!Parser(&parsed, err).parse(text)) return false;
  *out = std::move(parsed);
  return true;
}

}  // namespace hotcog::scan
