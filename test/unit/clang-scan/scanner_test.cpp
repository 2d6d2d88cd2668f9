// Real scans: clang runs in-process on files written by each test.
#include "hotcog/scan/scanner.h"

#include "scratch_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace hotcog::scan {
namespace {

using testing::ScratchDir;

CompileCommand command_for(const ScratchDir& dir, const std::string& file) {
  return {dir.path(), dir.file(file), {"clang++", "-std=c++17", "-I.", "-c", file}};
}

TEST(Scanner, ListsIncludesAndEdges) {
  ScratchDir dir;
  dir.write("a.h", "#pragma once\n#include <cstddef>\nstruct A { std::size_t n; };\n");
  dir.write("a.cpp", "// first line\n#include \"a.h\"\nint main() {}\n");
  TuScan tu = scan_translation_unit(command_for(dir, "a.cpp"), {});
  EXPECT_EQ(tu.error, "");
  ASSERT_FALSE(tu.includes.empty());
  EXPECT_EQ(tu.includes.front(), dir.file("a.h"));
  EXPECT_NE(std::find(tu.includes.begin(), tu.includes.end(), "/usr/include/c++/12/cstddef"),
            tu.includes.end());
  ASSERT_FALSE(tu.edges.empty());
  EXPECT_EQ(tu.edges.front().from, dir.file("a.cpp"));
  EXPECT_EQ(tu.edges.front().to, dir.file("a.h"));
  EXPECT_EQ(tu.edges.front().line, 2u);
}

TEST(Scanner, ReportsParseErrorsAndKeepsWhatItSaw) {
  ScratchDir dir;
  dir.write("ok.h", "struct Ok {};\n");
  dir.write("bad.cpp", "#include \"ok.h\"\nint f() { return missing_name; }\n");
  ScanOptions options;
  options.parts.layouts = true;
  TuScan tu = scan_translation_unit(command_for(dir, "bad.cpp"), options);
  EXPECT_NE(tu.error.find("use of undeclared identifier 'missing_name'"), std::string::npos)
      << tu.error;
  EXPECT_EQ(tu.includes, std::vector<std::string>{dir.file("ok.h")});
}

TEST(Scanner, LayoutsOfUserRecordsOnly) {
  ScratchDir dir;
  dir.write("r.cpp",
            "#include <string>\n"
            "struct Base { virtual ~Base(); };\n"
            "struct Rec : Base { std::string s; unsigned bits : 5; };\n"
            "int use() { return sizeof(Rec); }\n");
  ScanOptions options;
  options.parts.layouts = true;
  TuScan tu = scan_translation_unit(command_for(dir, "r.cpp"), options);
  ASSERT_EQ(tu.error, "");
  ASSERT_EQ(tu.records.size(), 2u);  // nothing from <string>
  const RecordLayout& rec = tu.records[1];
  EXPECT_EQ(rec.name, "Rec");
  EXPECT_EQ(rec.file, dir.file("r.cpp"));
  EXPECT_EQ(rec.line, 3u);
  EXPECT_EQ(rec.size, 48u);
  EXPECT_EQ(rec.align, 8u);
  EXPECT_TRUE(rec.vptr);
  ASSERT_EQ(rec.fields.size(), 2u);
  EXPECT_EQ(rec.fields[0].type, "std::basic_string<char>");
  EXPECT_EQ(rec.fields[0].offset_bits, 64u);
  EXPECT_EQ(rec.fields[1].bit_width, 5u);
  EXPECT_EQ(rec.hash.size(), 16u);
}

TEST(Scanner, CacheServesUnchangedTusAndRescansChangedOnes) {
  ScratchDir dir;
  dir.write("h.h", "struct H { int x; };\n");
  dir.write("a.cpp", "#include \"h.h\"\nint a() { return sizeof(H); }\n");
  dir.write("b.cpp", "int b() { return 1; }\n");
  ScanOptions options;
  options.parts.layouts = true;
  options.cache_dir = dir.file("cache");
  std::vector<CompileCommand> commands = {command_for(dir, "a.cpp"), command_for(dir, "b.cpp")};

  ScanTimings cold;
  std::vector<TuScan> first = scan_all(commands, options, &cold);
  EXPECT_EQ(cold.parsed, 2u);

  ScanTimings warm;
  std::vector<TuScan> second = scan_all(commands, options, &warm);
  EXPECT_EQ(warm.parsed, 0u);
  EXPECT_EQ(warm.cached, 2u);
  ASSERT_EQ(second[0].records.size(), 1u);
  EXPECT_EQ(second[0].records[0].hash, first[0].records[0].hash);
  EXPECT_TRUE(second[0].from_cache);

  dir.write("h.h", "struct H { int x; int y; };\n");
  ScanTimings edited;
  std::vector<TuScan> third = scan_all(commands, options, &edited);
  EXPECT_EQ(edited.parsed, 1u);
  EXPECT_EQ(edited.cached, 1u);
  ASSERT_EQ(third[0].records.size(), 1u);
  EXPECT_EQ(third[0].records[0].size, 8u);
  EXPECT_NE(third[0].records[0].hash, first[0].records[0].hash);
}

TEST(Scanner, CorruptCacheEntriesAreDiscarded) {
  ScratchDir dir;
  dir.write("a.cpp", "struct A { char c; };\nint a() { return sizeof(A); }\n");
  ScanOptions options;
  options.parts.layouts = true;
  options.cache_dir = dir.file("cache");
  std::vector<CompileCommand> commands = {command_for(dir, "a.cpp")};
  std::vector<TuScan> first = scan_all(commands, options);
  for (const auto& entry : std::filesystem::directory_iterator(options.cache_dir))
    std::ofstream(entry.path()) << "{\"format\": 1, \"key\": ";

  ScanTimings timings;
  std::vector<TuScan> again = scan_all(commands, options, &timings);
  EXPECT_EQ(timings.parsed, 1u);
  ASSERT_EQ(again[0].records.size(), 1u);
  EXPECT_EQ(again[0].records[0].hash, first[0].records[0].hash);
}

}  // namespace
}  // namespace hotcog::scan
