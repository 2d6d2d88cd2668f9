#include "hotcog/scan/scanner.h"

#include <gtest/gtest.h>

namespace hotcog::scan {
namespace {

RecordLayout make_record(const std::string& name, const std::string& hash) {
  RecordLayout r;
  r.name = name;
  r.file = "/src/" + name + ".h";
  r.line = 3;
  r.size = 16;
  r.align = 8;
  r.vptr = true;
  r.bases.push_back({"Base", 0, false});
  r.bases.push_back({"VBase", 8, true});
  r.fields.push_back({"flags", "unsigned int", 64, 3u, false});
  r.fields.push_back({"", "T::(anonymous)", 96, std::nullopt, false});
  r.fields.push_back({"i", "int", 96, std::nullopt, true});
  r.vtable.push_back("T::f()");
  r.hash = hash;
  return r;
}

VarLayout make_var(const std::string& symbol, uint64_t size = 4) {
  return {symbol, size, true, "ns::" + symbol, "/src/a.cpp", 7};
}

TEST(LayoutManifest, WritesVersionLineAndTabSeparatedRecords) {
  TuScan tu;
  tu.records.push_back(make_record("T", "00000000000000aa"));
  EXPECT_EQ(to_layout_manifest({tu}),
            "hotcog-layouts\t2\n"
            "record\tT\t16\t8\t1\t00000000000000aa\t/src/T.h\t3\n"
            "base\t0\tn\tBase\n"
            "base\t8\tv\tVBase\n"
            "field\t64\t3\td\tflags\tunsigned int\n"
            "field\t96\t-\td\t\tT::(anonymous)\n"
            "field\t96\t-\ti\ti\tint\n"
            "vslot\tT::f()\n"
            "end\n");
}

TEST(LayoutManifest, SameRecordFromTwoTusIsWrittenOnce) {
  TuScan a, b;
  a.records.push_back(make_record("T", "1"));
  b.records.push_back(make_record("T", "1"));
  std::string text = to_layout_manifest({a, b});
  EXPECT_EQ(text.find("record\tT"), text.rfind("record\tT"));
}

TEST(LayoutManifest, DifferentHashesForOneNameAreBothWritten) {
  TuScan a, b;
  a.records.push_back(make_record("T", "1"));
  b.records.push_back(make_record("T", "2"));
  std::string text = to_layout_manifest({a, b});
  EXPECT_NE(text.find("record\tT\t16\t8\t1\t1\t"), std::string::npos);
  EXPECT_NE(text.find("record\tT\t16\t8\t1\t2\t"), std::string::npos);
}

TEST(LayoutManifest, VarsAreSortedBySymbolAndDeduplicatedAfterTheRecords) {
  TuScan a, b;
  a.vars = {make_var("_ZL1b"), make_var("_ZL1a")};
  b.vars = {make_var("_ZL1a")};
  b.records.push_back(make_record("T", "1"));
  std::string text = to_layout_manifest({a, b});
  EXPECT_EQ(text.substr(text.find("end\n") + 4),
            "var\t_ZL1a\t4\t1\tns::_ZL1a\t/src/a.cpp\t7\n"
            "var\t_ZL1b\t4\t1\tns::_ZL1b\t/src/a.cpp\t7\n");
}

TEST(LayoutManifest, OneSymbolWithTwoSizesIsWrittenTwice) {
  TuScan a, b;
  a.vars = {make_var("_ZN1n1vE", 4)};
  b.vars = {make_var("_ZN1n1vE", 8)};
  std::string text = to_layout_manifest({a, b});
  EXPECT_NE(text.find("var\t_ZN1n1vE\t4\t"), std::string::npos);
  EXPECT_NE(text.find("var\t_ZN1n1vE\t8\t"), std::string::npos);
}

TEST(LayoutManifest, FailedTuBecomesOneIncompleteLineWithTheErrorOnOneLine) {
  TuScan ok, failed;
  ok.vars = {make_var("_ZL1a")};
  failed.file = "/src/b.cpp";
  failed.records.push_back(make_record("Partial", "1"));  // as far as clang got: not written
  failed.error = "In file included from /src/b.cpp:1:\n/src/b.h:2:3: error: unknown\ttype 'X'\n";
  EXPECT_EQ(to_layout_manifest({ok, failed}),
            "hotcog-layouts\t2\n"
            "var\t_ZL1a\t4\t1\tns::_ZL1a\t/src/a.cpp\t7\n"
            "incomplete\t/src/b.cpp\t/src/b.h:2:3: error: unknown type 'X'\n");
}

TEST(LayoutManifest, ParsesWhatItWritesAndMergesToTheSameText) {
  TuScan a, b;
  a.records.push_back(make_record("T", "00000000000000aa"));
  a.vars = {make_var("_ZL1a")};
  b.file = "/src/b.cpp";
  b.error = "b.cpp:1:1: error: boom\n";
  std::string text = to_layout_manifest({a, b});
  LayoutManifest parsed;
  std::string err;
  ASSERT_TRUE(parse_layout_manifest(text, &parsed, &err)) << err;
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].fields.size(), 3u);
  EXPECT_EQ(parsed.records[0].fields[0].bit_width, 3u);
  EXPECT_TRUE(parsed.records[0].fields[2].indirect);
  EXPECT_TRUE(parsed.records[0].bases[1].is_virtual);
  ASSERT_EQ(parsed.incomplete.size(), 1u);
  EXPECT_EQ(parsed.incomplete[0].file, "/src/b.cpp");
  EXPECT_EQ(write_layout_manifest(merge_layout_manifests({parsed, parsed})), text);
}

TEST(LayoutManifest, ReaderSkipsUnknownKindsAndRejectsOtherVersionsAndBrokenLines) {
  LayoutManifest m;
  std::string err;
  EXPECT_TRUE(parse_layout_manifest("hotcog-layouts\t2\nfuture\tx\ty\n", &m, &err)) << err;
  EXPECT_FALSE(parse_layout_manifest("hotcog-layouts\t1\n", &m, &err));
  EXPECT_EQ(err, "line 1: layout manifest version 1, expected 2");
  EXPECT_FALSE(parse_layout_manifest("", &m, &err));
  EXPECT_FALSE(parse_layout_manifest("hotcog-layouts\t2\nvar\t_ZL1a\tfour\t1\ta\tf\t1\n", &m, &err));
  EXPECT_EQ(err, "line 2: 'four' is not a non-negative integer");
  EXPECT_FALSE(parse_layout_manifest("hotcog-layouts\t2\nrecord\tT\t4\t4\t0\th\tf\t1\n", &m, &err));
  EXPECT_EQ(err, "line 2: record 'T' has no 'end' line");
  EXPECT_FALSE(parse_layout_manifest("hotcog-layouts\t2\nfield\t0\t-\td\tx\tint\n", &m, &err));
  EXPECT_EQ(err, "line 2: 'field' outside a record");
  EXPECT_FALSE(parse_layout_manifest("hotcog-layouts\t2\nvar\t_ZL1a\t4\n", &m, &err));
  EXPECT_EQ(err, "line 2: 'var' line with 3 tab-separated fields, expected 7");
}

TEST(ScanJson, PrintsOnlyTheRequestedPartsAndTheError) {
  TuScan tu;
  tu.file = "/src/a.cpp";
  tu.includes = {"/src/a.h"};
  tu.records.push_back(make_record("T", "1"));
  tu.error = "a.cpp:1:1: error: boom\n";
  ScanParts parts;  // includes only
  std::string json = to_json({tu}, parts);
  EXPECT_NE(json.find("\"version\": 1"), std::string::npos);
  EXPECT_NE(json.find("\"includes\": ["), std::string::npos);
  EXPECT_NE(json.find("\"error\": \"a.cpp:1:1: error: boom\\n\""), std::string::npos);
  EXPECT_EQ(json.find("\"records\""), std::string::npos);
  EXPECT_EQ(json.find("\"refs\""), std::string::npos);
}

}  // namespace
}  // namespace hotcog::scan
