// The ELF probe reads the ABI symbols from the file, without loading it.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "elf_probe.h"
#include "hotcog/cog.hpp"
#include "test_support.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::ElfProbe;
using hotcog::rt::probe_elf_file;

TEST(ElfProbe, ReadsAbiVersionAndFingerprintOfACog) {
  const ElfProbe p = probe_elf_file(TEST_COG_ANSWER_V1);
  ASSERT_EQ(p.result, ElfProbe::Ok) << p.detail;
  EXPECT_EQ(p.abi_version, hotcog::kAbiVersion);
  EXPECT_EQ(p.fingerprint, HOTCOG_BUILD_FINGERPRINT);
}

TEST(ElfProbe, SeesTheWrongAbi) {
  const ElfProbe p = probe_elf_file(TEST_COG_WRONG_ABI);
  ASSERT_EQ(p.result, ElfProbe::Ok) << p.detail;
  EXPECT_EQ(p.abi_version, 999u);
}

TEST(ElfProbe, LibraryWithoutTheSymbolsIsNotACog) {
  EXPECT_EQ(probe_elf_file(TEST_COG_NOT_A_COG).result, ElfProbe::NoAbiSymbols);
}

TEST(ElfProbe, EveryTruncationIsDetectedOrHarmless) {
  // Cut the image at many lengths: each cut is reported as truncated (or
  // not-ELF for tiny prefixes), never as a complete cog.
  TempDir dir;
  const std::string cut = dir.path() + "/cut.so";
  const auto size = std::filesystem::file_size(TEST_COG_ANSWER_V1);
  for (std::uintmax_t len = 0; len < size; len += size / 97 + 1) {
    std::filesystem::copy_file(TEST_COG_ANSWER_V1, cut,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, len);
    const ElfProbe p = probe_elf_file(cut);
    EXPECT_NE(p.result, ElfProbe::Ok) << "cut at " << len << " of " << size;
  }
}

TEST(ElfProbe, MisalignedSectionTableIsNotElf) {
  // A section header table at an odd offset would be read through a
  // misaligned Elf64_Shdr (UBSan); it is refused as garbage instead.
  TempDir dir;
  const std::string bad = dir.path() + "/bad.so";
  std::filesystem::copy_file(TEST_COG_ANSWER_V1, bad);
  std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
  uint64_t shoff = 0;
  f.seekg(0x28);
  f.read(reinterpret_cast<char*>(&shoff), sizeof shoff);
  shoff -= 1;  // the table ends the file: one byte earlier is still inside
  f.seekp(0x28);
  f.write(reinterpret_cast<const char*>(&shoff), sizeof shoff);
  f.close();
  const ElfProbe p = probe_elf_file(bad);
  EXPECT_EQ(p.result, ElfProbe::NotElf);
  EXPECT_NE(p.detail.find("misaligned"), std::string::npos) << p.detail;
}

TEST(ElfProbe, MissingFile) {
  EXPECT_NE(probe_elf_file("/nonexistent/lib.so").result, ElfProbe::Ok);
}

}  // namespace
}  // namespace runtime_test
