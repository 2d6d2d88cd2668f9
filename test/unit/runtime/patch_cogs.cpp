#include "patch_cogs.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <link.h>

#include <filesystem>
#include <stdexcept>

#include "elf_symbols.h"

namespace runtime_test {

PatchCog::PatchCog(const std::string& dir, const char* image, const std::string& name)
    : path_(dir + "/" + name + ".so") {
  std::filesystem::copy_file(image, path_, std::filesystem::copy_options::overwrite_existing);
  handle_ = ::dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) throw std::runtime_error(std::string("dlopen: ") + ::dlerror());
  link_map* lm = nullptr;
  ::dlinfo(handle_, RTLD_DI_LINKMAP, &lm);
  base_ = lm->l_addr;
  using ApiFn = const test_cogs::PatchApi* (*)();
  api_ = reinterpret_cast<ApiFn>(::dlsym(handle_, TEST_COGS_PATCH_API_NAME))();
}

PatchCog::~PatchCog() { ::dlclose(handle_); }

uintptr_t PatchCog::address_of(const std::string& name, const std::string& file) const {
  hotcog::rt::ElfSymbolTable table;
  std::string error;
  if (!hotcog::rt::read_elf_symbols(path_, &table, &error)) ADD_FAILURE() << error;
  for (const auto& s : table.symbols)
    if (s.name == name && (file.empty() || s.file == file)) return base_ + s.value;
  ADD_FAILURE() << "no symbol " << name << " in " << path_;
  return 0;
}

std::string PatchCog::snapshot() const {
  hotcog::rt::ElfSymbolTable table;
  std::string error;
  if (!hotcog::rt::read_elf_symbols(path_, &table, &error)) ADD_FAILURE() << error;
  std::string bytes;
  for (const auto& s : table.symbols) {
    const bool code = s.kind == hotcog::rt::ElfSymbol::Kind::Function;
    bytes.append(reinterpret_cast<const char*>(base_ + s.value), code ? s.room : s.size);
  }
  return bytes;
}

std::vector<hotcog::rt::PatchVar> patch_cog_vars(int version) {
  return {
      {"_ZL7counter", 4, true, "counter"},
      {"_ZL7history", 4 * uint64_t(version + 1), true, "history"},
      {"_ZZL10local_tickvE5calls", 4, true, "local_tick()::calls"},
      {"_ZN9patch_cog8greetingB5cxx11E", 32, false, "patch_cog::greeting"},
  };
}

}  // namespace runtime_test
