#include "lib/cog_image_check.h"

#include <fmt/format.h>
#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Support/FileSystem.h>

#include <regex>

namespace hotcog::cli {
namespace {

// A (mangled) name in namespace std or __gnu_cxx, including their vtables,
// typeinfo, guard variables and function-local statics. libstdc++'s headers
// give these default visibility on purpose (#pragma GCC visibility
// push(default)), so -fvisibility=hidden cannot hide them and they are not
// the cog's own code (e.g. std::to_chars's digit table).
bool is_standard_library_symbol(llvm::StringRef name) {
  static const std::regex kStd(R"(^_Z(T[VITSHW]|GV)?Z?(N[rVKRO]*)?(St|9__gnu_cxx))");
  return std::regex_search(name.begin(), name.end(), kStd);
}

// At most this many names in a message; the count says the rest.
std::string some(const std::vector<std::string>& names) {
  constexpr size_t kShown = 3;
  std::vector<std::string> shown(names.begin(),
                                 names.begin() + static_cast<long>(std::min(names.size(), kShown)));
  std::string text = fmt::format("{}", fmt::join(shown, ", "));
  if (names.size() > kShown) text += fmt::format(", ... ({} in all)", names.size());
  return text;
}

}  // namespace

ImageSymbols read_image_symbols(const std::string& image, std::string* error) {
  ImageSymbols out;
  llvm::Expected<llvm::object::OwningBinary<llvm::object::Binary>> binary =
      llvm::object::createBinary(image);
  if (!binary) {
    *error = llvm::toString(binary.takeError());
    return out;
  }
  const auto* elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(binary->getBinary());
  if (!elf) {
    *error = "not an ELF file";
    return out;
  }
  for (const llvm::object::ELFSymbolRef& symbol : elf->getDynamicSymbolIterators()) {
    llvm::Expected<uint32_t> flags = symbol.getFlags();
    if (!flags) {
      llvm::consumeError(flags.takeError());
      continue;
    }
    if (*flags & llvm::object::SymbolRef::SF_Undefined) continue;
    llvm::Expected<llvm::StringRef> name = symbol.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (name->empty()) continue;
    const uint8_t binding = symbol.getBinding();
    if (binding == llvm::ELF::STB_GNU_UNIQUE) out.unique.push_back(name->str());
    const bool visible = (symbol.getOther() & 0x3) == llvm::ELF::STV_DEFAULT;
    const bool global = binding != llvm::ELF::STB_LOCAL;
    if (visible && global && !name->startswith("hotcog_cog_") && !is_standard_library_symbol(*name))
      out.exported.push_back(name->str());
  }
  return out;
}

CheckResult check_cog_image(const std::string& cog, const std::string& image) {
  const std::string name = "cog " + cog;
  if (!llvm::sys::fs::exists(image))
    return check_fail(name, fmt::format("{} is not built", image),
                      fmt::format("build it: hotcog build {}", cog));
  std::string error;
  ImageSymbols symbols = read_image_symbols(image, &error);
  if (!error.empty())
    return check_fail(name, fmt::format("cannot read {}: {}", image, error),
                      "rebuild it; a cog must be an ELF shared library");
  std::vector<std::string> problems, fixes;
  if (!symbols.exported.empty()) {
    problems.push_back(fmt::format("exports {} symbol(s) besides its entry points: {}",
                                   symbols.exported.size(), some(symbols.exported)));
    fixes.push_back("compile it with -fvisibility=hidden -fvisibility-inlines-hidden "
                    "(hotcog_add_cog() does; code added by hand or from static libraries "
                    "needs it too)");
  }
  if (!symbols.unique.empty()) {
    problems.push_back(fmt::format("has {} STB_GNU_UNIQUE symbol(s), so it can never be "
                                   "unloaded: {}",
                                   symbols.unique.size(), some(symbols.unique)));
    fixes.push_back("compile it with -fno-gnu-unique (GCC; hotcog_add_cog() does)");
  }
  if (problems.empty())
    return check_ok(name, fmt::format("{}: hidden visibility, no STB_GNU_UNIQUE", image));
  return check_fail(name, fmt::format("{}: {}", image, fmt::join(problems, "; ")),
                    fmt::format("{}", fmt::join(fixes, "; ")));
}

}  // namespace hotcog::cli
