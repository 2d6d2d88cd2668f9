#include "image_retention.h"

#include <cxxabi.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <set>

#include "elf_symbols.h"

namespace hotcog::rt {
namespace {

// Depth-first over the bases the image describes; `seen` stops cycles (an
// ill-formed manifest) and repeated diamonds.
bool reaches_host_type(const LayoutManifest& image, const LayoutManifest& host,
                       const std::string& name, std::set<std::string>* seen) {
  if (!seen->insert(name).second) return false;
  if (!is_tu_local_record(name) && host.find(name)) return true;
  const LayoutRecord* record = image.find(name);
  if (!record) return false;
  for (const LayoutBase& base : record->bases)
    if (reaches_host_type(image, host, base.name, seen)) return true;
  return false;
}

// Namespaces, classes and identifiers only: the manifest (clang's qualified
// name) and the demangler spell such a name the same. Template arguments,
// function scopes and the like may differ in spelling.
bool plain_name(std::string name) {
  static const std::string anonymous = "(anonymous namespace)";
  for (size_t at; (at = name.find(anonymous)) != std::string::npos;) name.erase(at, anonymous.size());
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':')) return false;
  return true;
}

}  // namespace

bool read_vtable_classes(const std::string& path, std::set<std::string>* classes,
                         std::string* error) {
  ElfSymbolTable table;
  if (!read_elf_symbols(path, &table, error)) return false;
  if (table.from_dynsym) {
    *error = path + ": no .symtab (stripped), so its hidden vtables cannot be listed";
    return false;
  }
  static const char kPrefix[] = "vtable for ";
  for (const ElfSymbol& symbol : table.symbols) {
    if (symbol.kind != ElfSymbol::Kind::Object || symbol.name.rfind("_ZTV", 0) != 0) continue;
    int status = 0;
    char* demangled = abi::__cxa_demangle(symbol.name.c_str(), nullptr, nullptr, &status);
    if (status == 0 && demangled && std::strncmp(demangled, kPrefix, sizeof kPrefix - 1) == 0)
      classes->insert(demangled + sizeof kPrefix - 1);
    std::free(demangled);
  }
  return true;
}

std::string host_reachable_class(const LayoutManifest& image, const LayoutManifest& host,
                                 const std::set<std::string>* vtables) {
  for (const LayoutRecord& record : image.records) {
    // hotcog's own interfaces (CogContext) are implemented by the runtime:
    // a cog never makes such objects, though every cog's manifest lists them.
    if (!record.vptr || record.name.rfind("hotcog::", 0) == 0) continue;
    // No object of the class can point into this image without its vtable.
    if (vtables && plain_name(record.name) && !vtables->count(record.name)) continue;
    std::set<std::string> seen;
    if (reaches_host_type(image, host, record.name, &seen)) return record.name;
  }
  return "";
}

}  // namespace hotcog::rt
