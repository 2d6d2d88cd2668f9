// The ELF probe reads the ABI symbols from the file, without loading it.
#include <gtest/gtest.h>

#include <filesystem>

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

TEST(ElfProbe, MissingFile) {
  EXPECT_NE(probe_elf_file("/nonexistent/lib.so").result, ElfProbe::Ok);
}

}  // namespace
}  // namespace runtime_test
