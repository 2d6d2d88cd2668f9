#include "lib/cog_flags_check.h"
#include "lib/cog_image_check.h"
#include "lib/compile_db.h"
#include "lib/doctor_checks.h"

#include <gtest/gtest.h>

#include <link.h>

namespace hotcog::cli {
namespace {

// The path of the libstdc++ this test runs with (any distribution, any arch).
std::string loaded_libstdcxx() {
  std::string path;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        std::string name = info->dlpi_name ? info->dlpi_name : "";
        if (name.find("libstdc++.so") == std::string::npos) return 0;
        *static_cast<std::string*>(out) = name;
        return 1;
      },
      &path);
  return path;
}

TEST(DoctorChecks, VersionsAreReadFromToolOutput) {
  EXPECT_EQ(parse_version("1.11.1\n"), (std::vector<int>{1, 11, 1}));
  EXPECT_EQ(parse_version("cmake version 3.25.1\n\nCMake suite maintained by Kitware"),
            (std::vector<int>{3, 25, 1}));
  EXPECT_EQ(parse_version("ninja 1.10"), (std::vector<int>{1, 10, 0}));
  EXPECT_EQ(parse_version("no digits here"), std::nullopt);
}

TEST(DoctorChecks, VersionComparisonIsNumericNotTextual) {
  EXPECT_TRUE(version_at_least({1, 10, 0}, {1, 10, 0}));
  EXPECT_TRUE(version_at_least({1, 11, 1}, {1, 10, 0}));
  EXPECT_FALSE(version_at_least({1, 9, 0}, {1, 10, 0}));  // "1.9" > "1.10" as text
  EXPECT_TRUE(version_at_least({3, 25, 1}, {3, 19, 0}));
  EXPECT_FALSE(version_at_least({2, 99, 0}, {3, 19, 0}));
}

TEST(DoctorChecks, InotifyNeedsTwiceTheDirectoriesForOtherPrograms) {
  EXPECT_EQ(judge_inotify(100, 200).status, CheckResult::Ok);
  CheckResult tight = judge_inotify(101, 200);
  EXPECT_EQ(tight.status, CheckResult::Fail);
  EXPECT_NE(tight.detail.find("watch needs 101 directories"), std::string::npos) << tight.detail;
  EXPECT_NE(tight.fix.find("sysctl fs.inotify.max_user_watches=524288"), std::string::npos);
  EXPECT_EQ(judge_inotify(1, std::nullopt).status, CheckResult::Fail);
}

TEST(DoctorChecks, MissingOrNonElfImageFailsWithTheReason) {
  CheckResult missing = check_cog_image("greeter", "/nonexistent/libgreeter.so");
  EXPECT_EQ(missing.status, CheckResult::Fail);
  EXPECT_EQ(missing.fix, "build it: hotcog build greeter");
  std::string error;
  read_image_symbols("/proc/self/status", &error);  // exists, not ELF
  EXPECT_FALSE(error.empty());
}

TEST(DoctorChecks, CogFlagsTheLastOfEachPairWins) {
  using Args = std::vector<std::string>;
  EXPECT_EQ(missing_cog_flags({"/usr/bin/g++", "-fvisibility=hidden", "-fno-gnu-unique", "-c",
                               "a.cpp"}),
            Args{});
  EXPECT_EQ(missing_cog_flags({"g++", "-fvisibility=hidden", "-fvisibility=default",
                               "-fno-gnu-unique", "-fgnu-unique"}),
            (Args{"-fvisibility=hidden", "-fno-gnu-unique"}));
  // clang has no STB_GNU_UNIQUE (nor the flag).
  EXPECT_EQ(missing_cog_flags({"/usr/bin/clang++-14", "-fvisibility=hidden"}), Args{});
  EXPECT_EQ(missing_cog_flags({"/usr/bin/c++", "-fvisibility=hidden"}),
            Args{"-fno-gnu-unique"});
}

TEST(DoctorChecks, CompileCommandsFromArgumentsOrAShellCommand) {
  llvm::Expected<std::vector<CompileCommand>> commands = compile_db_commands(
      R"([{"directory":"/b","file":"../s/a.cpp","command":"g++ -DX=\"a b\" -c ../s/a.cpp"},
          {"directory":"/b","file":"/s/b.cpp","arguments":["clang++","-c","/s/b.cpp"]}])",
      "test");
  ASSERT_TRUE(static_cast<bool>(commands)) << llvm::toString(commands.takeError());
  ASSERT_EQ(commands->size(), 2u);
  EXPECT_EQ((*commands)[0].file, "/s/a.cpp");
  EXPECT_EQ((*commands)[0].args,
            (std::vector<std::string>{"g++", "-DX=a b", "-c", "../s/a.cpp"}));  // a shell's quoting
  EXPECT_EQ((*commands)[1].args, (std::vector<std::string>{"clang++", "-c", "/s/b.cpp"}));
}

// libstdc++ is the textbook image that can never be unloaded: GCC built it
// with STB_GNU_UNIQUE statics and default visibility. (The lit test
// doctor.test builds cogs with and without the right flags.)
TEST(DoctorChecks, LibstdcxxIsReportedAsNotUnloadable) {
  const std::string lib = loaded_libstdcxx();
  ASSERT_FALSE(lib.empty());
  std::string error;
  ImageSymbols symbols = read_image_symbols(lib, &error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_GT(symbols.unique.size(), 10u);
  EXPECT_GT(symbols.exported.size(), 10u);  // __cxa_*, operator new, ... (std:: ones are not counted)
  CheckResult check = check_cog_image("stdcxx", lib);
  EXPECT_EQ(check.status, CheckResult::Fail);
  EXPECT_NE(check.detail.find("STB_GNU_UNIQUE symbol(s), so it can never be unloaded"),
            std::string::npos) << check.detail;
  EXPECT_NE(check.fix.find("-fno-gnu-unique"), std::string::npos) << check.fix;
  EXPECT_NE(check.fix.find("-fvisibility=hidden"), std::string::npos) << check.fix;
}

}  // namespace
}  // namespace hotcog::cli
