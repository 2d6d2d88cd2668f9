// The ELF symbol reader on the real patch_v* cogs (built with hidden
// visibility: their functions and statics are only in .symtab), on a
// stripped copy, and on broken files.
#include "elf_symbols.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "patch_cogs.hpp"
#include "test_support.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::ElfSymbol;
using hotcog::rt::ElfSymbolTable;
using hotcog::rt::read_elf_symbols;

ElfSymbolTable read_ok(const std::string& path) {
  ElfSymbolTable table;
  std::string error;
  EXPECT_TRUE(read_elf_symbols(path, &table, &error)) << error;
  return table;
}

std::vector<const ElfSymbol*> named(const ElfSymbolTable& table, const std::string& name) {
  std::vector<const ElfSymbol*> out;
  for (const auto& s : table.symbols)
    if (s.name == name) out.push_back(&s);
  return out;
}

TEST(ElfSymbols, ReadsHiddenFunctionsAndStaticsFromSymtab) {
  const ElfSymbolTable t = read_ok(TEST_COG_PATCH_V1);
  EXPECT_FALSE(t.from_dynsym);
  ASSERT_EQ(named(t, "_ZL4tickv").size(), 1u);
  const ElfSymbol& tick = *named(t, "_ZL4tickv")[0];
  EXPECT_EQ(tick.kind, ElfSymbol::Kind::Function);
  EXPECT_EQ(tick.binding, ElfSymbol::Binding::Local);
  EXPECT_EQ(tick.file, "patch_cog.cpp");
  EXPECT_TRUE(tick.executable);
  EXPECT_FALSE(tick.writable);
  EXPECT_GE(tick.room, tick.size);

  ASSERT_EQ(named(t, "_ZL7counter").size(), 1u);
  const ElfSymbol& counter = *named(t, "_ZL7counter")[0];
  EXPECT_EQ(counter.kind, ElfSymbol::Kind::Object);
  EXPECT_EQ(counter.size, 4u);
  EXPECT_TRUE(counter.writable);
  EXPECT_FALSE(counter.executable);

  ASSERT_EQ(named(t, "patch_cog_api").size(), 1u);
  EXPECT_EQ(named(t, "patch_cog_api")[0]->binding, ElfSymbol::Binding::Global);
  EXPECT_TRUE(named(t, "patch_cog_api")[0]->file.empty());
}

TEST(ElfSymbols, VtablesAreNotWritableAfterRelro) {
  // .data.rel.ro has SHF_WRITE, but the loader makes it read-only.
  const ElfSymbolTable t = read_ok(TEST_COG_PATCH_V1);
  ASSERT_EQ(named(t, "_ZTVN12_GLOBAL__N_14RectE").size(), 1u);
  EXPECT_FALSE(named(t, "_ZTVN12_GLOBAL__N_14RectE")[0]->writable);
}

TEST(ElfSymbols, SameStaticNameInTwoFilesIsToldApartByFile) {
  const ElfSymbolTable t = read_ok(TEST_COG_PATCH_V1);
  const auto helpers = named(t, "_ZL6helperv");
  ASSERT_EQ(helpers.size(), 2u);
  EXPECT_NE(helpers[0]->file, helpers[1]->file);
  for (const ElfSymbol* h : helpers)
    EXPECT_TRUE(h->file == "patch_cog.cpp" || h->file == "patch_cog_helper.cpp") << h->file;
}

TEST(ElfSymbols, RoomEndsAtTheNextSymbolAndCountsPadding) {
  const ElfSymbolTable t = read_ok(TEST_COG_PATCH_V1);
  ASSERT_EQ(named(t, "patch_tiny").size(), 1u);
  const ElfSymbol& tiny = *named(t, "patch_tiny")[0];
  EXPECT_EQ(tiny.size, 4u);  // push $1; pop %rax; ret
  EXPECT_EQ(tiny.room, 4u);  // patch_tiny_next follows at once
  ASSERT_EQ(named(t, "_Z11patch_smallv").size(), 1u);
  const ElfSymbol& small = *named(t, "_Z11patch_smallv")[0];
  EXPECT_GE(small.room, small.size);
  EXPECT_GE(small.room, 5u);  // room for a jump: PatcherTest relies on it
#ifdef __OPTIMIZE__
  EXPECT_LE(small.size, 6u);  // mov $1, %eax; ret
  EXPECT_GE(small.room, 8u);  // plus the alignment padding before the next function
#endif
  // No room reaches into the next symbol.
  for (const auto& s : t.symbols)
    for (const auto& other : t.symbols)
      if (other.value > s.value && s.kind == other.kind && s.executable == other.executable &&
          other.value < s.section_end) {
        EXPECT_LE(s.value + s.room, other.value) << s.name << " runs into " << other.name;
      }
}

TEST(ElfSymbols, TestCogVariableListMatchesTheImages) {
  // patch_cog_vars() is written by hand: every symbol must exist with that size.
  const char* images[] = {TEST_COG_PATCH_V1, TEST_COG_PATCH_V2, TEST_COG_PATCH_V3};
  for (int version = 1; version <= 3; ++version) {
    const ElfSymbolTable t = read_ok(images[version - 1]);
    for (const auto& var : patch_cog_vars(version)) {
      const auto found = named(t, var.symbol);
      ASSERT_EQ(found.size(), 1u) << var.symbol << " in v" << version;
      EXPECT_EQ(found[0]->kind, ElfSymbol::Kind::Object) << var.symbol;
      EXPECT_EQ(found[0]->size, var.size) << var.symbol << " in v" << version;
      EXPECT_TRUE(found[0]->writable) << var.symbol;
    }
    EXPECT_EQ(named(t, "_ZGVZL10local_tickvE5calls").size(), 1u)
        << "guard variable in v" << version;
  }
}

TEST(ElfSymbols, StrippedFileFallsBackToDynsym) {
  TempDir dir;
  const std::string stripped = dir.path() + "/stripped.so";
  const std::string cmd = "strip -o '" + stripped + "' '" TEST_COG_PATCH_V1 "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const ElfSymbolTable t = read_ok(stripped);
  EXPECT_TRUE(t.from_dynsym);
  EXPECT_EQ(named(t, "patch_cog_api").size(), 1u);
  EXPECT_EQ(named(t, "hotcog_cog_descriptor").size(), 1u);
  EXPECT_TRUE(named(t, "_ZL4tickv").empty());  // hidden: only in .symtab
}

TEST(ElfSymbols, ReadsTheBuildIdAndDynamicSection) {
  const ElfSymbolTable t = read_ok(TEST_COG_PATCH_V1);
  EXPECT_NE(t.dynamic_addr, 0u);
  EXPECT_FALSE(t.build_id.empty());  // GNU ld --build-id, Debian's default
  EXPECT_NE(read_ok(TEST_COG_PATCH_V2).build_id, t.build_id);
  EXPECT_GE(t.init_fini_arrays.size(), 2u);  // .init_array and .fini_array
}

TEST(ElfSymbols, MissingOrNotElfIsAnErrorWithThePath) {
  ElfSymbolTable t;
  std::string error;
  EXPECT_FALSE(read_elf_symbols("/nonexistent/lib.so", &t, &error));
  EXPECT_NE(error.find("/nonexistent/lib.so"), std::string::npos) << error;
  TempDir dir;
  const std::string text = dir.path() + "/text.so";
  std::ofstream(text) << "this is not an ELF file\n";
  EXPECT_FALSE(read_elf_symbols(text, &t, &error));
  EXPECT_NE(error.find("not an ELF file"), std::string::npos) << error;
}

TEST(ElfSymbols, TruncatedFilesAreErrors) {
  TempDir dir;
  const std::string cut = dir.path() + "/cut.so";
  const auto size = std::filesystem::file_size(TEST_COG_PATCH_V1);
  for (std::uintmax_t len = 0; len < size; len += size / 61 + 1) {
    std::filesystem::copy_file(TEST_COG_PATCH_V1, cut,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, len);
    ElfSymbolTable t;
    std::string error;
    EXPECT_FALSE(read_elf_symbols(cut, &t, &error)) << "cut at " << len << " of " << size;
  }
}

// A copy of `image` with the 8-byte field at `offset` moved by `delta`.
std::string with_field_moved(const TempDir& dir, const std::string& image, size_t offset,
                             int64_t delta) {
  std::ifstream in(image, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  value += static_cast<uint64_t>(delta);
  std::memcpy(bytes.data() + offset, &value, sizeof value);
  const std::string path = dir.path() + "/moved.so";
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

TEST(ElfSymbols, MisalignedTablesAreErrorsNotMisalignedReads) {
  // Found by UBSan (asan preset) in CorruptedBytesNeverCrash: a header table
  // at an odd offset was read through a misaligned Elf64_Shdr/Elf64_Sym.
  // (The section headers end the file: move them back, not past the end.)
  TempDir dir;
  ElfSymbolTable t;
  std::string error;
  EXPECT_FALSE(read_elf_symbols(with_field_moved(dir, TEST_COG_PATCH_V1, 0x28, -1), &t, &error));
  EXPECT_NE(error.find("section header table misaligned"), std::string::npos) << error;

  // The .symtab section header's sh_offset (at +0x18 in its Elf64_Shdr).
  std::ifstream in(TEST_COG_PATCH_V1, std::ios::binary);
  const std::string image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint64_t shoff = 0;
  uint16_t shnum = 0;
  std::memcpy(&shoff, image.data() + 0x28, sizeof shoff);
  std::memcpy(&shnum, image.data() + 0x3c, sizeof shnum);
  size_t symtab_header = 0;
  for (uint16_t i = 0; i < shnum && !symtab_header; ++i) {
    uint32_t type = 0;
    std::memcpy(&type, image.data() + shoff + i * 64u + 4, sizeof type);
    if (type == 2 /* SHT_SYMTAB */) symtab_header = shoff + i * 64u;
  }
  ASSERT_NE(symtab_header, 0u);
  error.clear();
  EXPECT_FALSE(read_elf_symbols(with_field_moved(dir, TEST_COG_PATCH_V1, symtab_header + 0x18, 4),
                                &t, &error));
  EXPECT_NE(error.find("symbol table misaligned"), std::string::npos) << error;
}

TEST(ElfSymbols, CorruptedBytesNeverCrash) {
  // Flip random bytes of a real image (fixed seed): every read either
  // succeeds or fails with a message; none reads out of bounds (ASan).
  TempDir dir;
  const std::string bad = dir.path() + "/bad.so";
  std::ifstream in(TEST_COG_PATCH_V1, std::ios::binary);
  const std::string original((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  uint64_t shoff = 0;
  uint16_t shnum = 0;
  std::memcpy(&shoff, original.data() + 0x28, sizeof shoff);  // e_shoff
  std::memcpy(&shnum, original.data() + 0x3c, sizeof shnum);  // e_shnum
  ASSERT_LE(shoff + shnum * 64u, original.size());
  std::mt19937 rng(10);
  for (int round = 0; round < 300; ++round) {
    std::string bytes = original;
    for (int k = 0; k < 16; ++k) {
      // Most flips hit the ELF header and the section headers, where they hurt most.
      const size_t at = k % 3 == 0   ? rng() % 64
                        : k % 3 == 1 ? shoff + rng() % (shnum * 64u)
                                     : rng() % bytes.size();
      bytes[at] = static_cast<char>(rng());
    }
    std::ofstream(bad, std::ios::binary | std::ios::trunc) << bytes;
    ElfSymbolTable t;
    std::string error;
    if (!read_elf_symbols(bad, &t, &error)) {
      EXPECT_FALSE(error.empty());
    }
    for (const auto& s : t.symbols) EXPECT_LE(s.value + s.room, s.section_end) << s.name;
  }
}

}  // namespace
}  // namespace runtime_test
