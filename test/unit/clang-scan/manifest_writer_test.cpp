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

TEST(LayoutManifest, WritesVersionLineAndTabSeparatedRecords) {
  TuScan tu;
  tu.records.push_back(make_record("T", "00000000000000aa"));
  EXPECT_EQ(to_layout_manifest({tu}),
            "hotcog-layouts\t1\n"
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
