#include "lib/compile_db.h"
#include "lib/scan_facts.h"
#include "pooled_facts.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

llvm::Expected<std::vector<TuFacts>> parse(const char* text, const char* origin = "scan.jsonl") {
  return parse_scan_lines(text, origin, test_pool());
}

TEST(ScanFacts, ParsesTheScannersLines) {
  const char* text = R"({"file":"/p/a.cpp","includes":["/p/a.h"],"edges":[{"from":"/p/a.cpp","to":"/p/a.h","line":1}],"decls":[{"usr":"c:@S@A","kind":"record","name":"A","file":"/p/a.h","line":3,"hash":"00ff"}],"refs":["c:@S@A","c:@macro@M"]}
{"file":"/p/b.cpp","error":"b.cpp:1:1: error: x"}
)";
  llvm::Expected<std::vector<TuFacts>> tus = parse(text);
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  ASSERT_EQ(tus->size(), 2u);
  const TuFacts& a = (*tus)[0];
  EXPECT_EQ(a.file, "/p/a.cpp");
  EXPECT_EQ(texts(a.includes), std::vector<std::string>{"/p/a.h"});
  EXPECT_EQ(texts(a.include_edges), std::vector<std::string>{"/p/a.cpp -> /p/a.h"});
  ASSERT_EQ(a.decls.count("c:@S@A"), 1u);
  EXPECT_EQ(a.decls.at("c:@S@A").line, 3u);
  EXPECT_EQ(a.decls.at("c:@S@A").hash, "00ff");
  EXPECT_EQ(a.refs, (std::set<std::string>{"c:@S@A", "c:@macro@M"}));
  EXPECT_EQ((*tus)[1].error, "b.cpp:1:1: error: x");
}

TEST(ScanFacts, PathsAreSharedBetweenTus) {
  llvm::Expected<std::vector<TuFacts>> tus = parse(
      R"({"file":"/p/a.cpp","includes":["/p/common.h"],"shadows":["/p/x/common.h"]}
{"file":"/p/b.cpp","includes":["/p/common.h"],"shadows":["/p/x/common.h"]})");
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  ASSERT_EQ(tus->size(), 2u);
  EXPECT_EQ((*tus)[0].includes[0].str().data(), (*tus)[1].includes[0].str().data());
  EXPECT_EQ((*tus)[0].shadows[0].str().data(), (*tus)[1].shadows[0].str().data());
}

TEST(ScanFacts, UsedWinsOverRefs) {
  llvm::Expected<std::vector<TuFacts>> tus =
      parse(R"({"file":"/p/a.cpp","refs":["c:@S@A","c:@S@B"],"used":["c:@S@A"]})");
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  EXPECT_EQ((*tus)[0].refs, std::set<std::string>{"c:@S@A"});
}

TEST(ScanFacts, ContextFreeHeadersAndShape) {
  llvm::Expected<std::vector<TuFacts>> tus = parse(
      "{\"file\":\"/p/a.cpp\",\"shape\":\"5a\",\"context_free\":[{\"file\":\"/p/a.h\",\"idents\":\"0f\"}]}\n"
      "{\"file\":\"/p/b.cpp\"}\n");
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  EXPECT_EQ((*tus)[0].shape, "5a");
  EXPECT_EQ((*tus)[0].context_free, (std::map<std::string, std::string>{{"/p/a.h", "0f"}}));
  EXPECT_TRUE((*tus)[1].context_free.empty());  // an older scanner: nothing is context-free
  EXPECT_EQ((*tus)[1].shape, "");
}

TEST(ScanFacts, ShadowsAreSortedForLookups) {
  llvm::Expected<std::vector<TuFacts>> tus =
      parse(R"({"file":"/p/a.cpp","shadows":["/p/z.h","/p/b/../a.h"]})");
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  EXPECT_EQ(texts((*tus)[0].shadows), (std::vector<std::string>{"/p/a.h", "/p/z.h"}));
}

TEST(ScanFacts, NoLinesIsNoTus) {
  llvm::Expected<std::vector<TuFacts>> tus = parse("");
  ASSERT_TRUE(bool(tus)) << llvm::toString(tus.takeError());
  EXPECT_TRUE(tus->empty());
}

TEST(ScanFacts, RejectsWhatIsNotAScanNamingTheLine) {
  // The whole-document form (--format=json) is not what the tool asks for.
  for (const char* text : {"[1,2]", "{\"file\":\"/p/a.cpp\"}\n{}", "{\"tus\":",
                           "{\"version\":1,\"tus\":[{\"file\":\"/p/a.cpp\"}]}"}) {
    llvm::Expected<std::vector<TuFacts>> tus = parse(text, "out.jsonl");
    ASSERT_FALSE(bool(tus)) << text;
    std::string message = llvm::toString(tus.takeError());
    EXPECT_NE(message.find("out.jsonl:"), std::string::npos) << message;
  }
  llvm::Expected<std::vector<TuFacts>> second = parse("{\"file\":\"/p/a.cpp\"}\n{\"nofile\":1}\n");
  ASSERT_FALSE(bool(second));
  EXPECT_NE(llvm::toString(second.takeError()).find("scan.jsonl:2"), std::string::npos);
}

TEST(CompileDb, NinjaCompdbKeepsOnlyCompilesOfSources) {
  const char* ninja_output = R"([
  {"directory": "/b", "command": "g++ -c ../src/a.cpp -o a.o", "file": "../src/a.cpp", "output": "a.o"},
  {"directory": "/b", "command": "g++ -shared a.o -o liba.so", "file": "a.o", "output": "liba.so"},
  {"directory": "/b", "command": "", "file": "liba.so", "output": "a"},
  {"directory": "/b", "command": "cc -c x.c", "file": "/abs/x.c", "output": "x.o"}
])";
  llvm::Expected<std::string> db = filter_ninja_compdb(ninja_output);
  ASSERT_TRUE(bool(db)) << llvm::toString(db.takeError());
  llvm::Expected<std::vector<std::string>> files = compile_db_files(*db, "db");
  ASSERT_TRUE(bool(files)) << llvm::toString(files.takeError());
  EXPECT_EQ(*files, (std::vector<std::string>{"/src/a.cpp", "/abs/x.c"}));
  // The objects, to have a TU recompiled (a new header shadows one it includes).
  EXPECT_EQ(compile_db_outputs(*db), (std::map<std::string, std::string>{
                                         {"/src/a.cpp", "/b/a.o"}, {"/abs/x.c", "/b/x.o"}}));
  EXPECT_TRUE(compile_db_outputs(R"([{"directory":"/b","file":"a.cpp","command":"c++ -c a.cpp"}])")
                  .empty());
  EXPECT_TRUE(compile_db_outputs("{oops").empty());
}

TEST(CompileDb, SourcesByExtension) {
  for (const char* source : {"/s/a.cpp", "/s/a.cc", "/s/a.c", "/s/a.cxx", "/s/a.C", "/s/a.mm"})
    EXPECT_TRUE(is_source_file(source)) << source;
  for (const char* header : {"/s/a.h", "/s/a.hpp", "/s/a.inc", "/s/a.ipp", "/s/cpp"})
    EXPECT_FALSE(is_source_file(header)) << header;
}

TEST(CompileDb, MalformedDatabaseIsAnErrorNamingIt) {
  llvm::Expected<std::vector<std::string>> files = compile_db_files("{oops", "/b/compile_commands.json");
  ASSERT_FALSE(bool(files));
  EXPECT_NE(llvm::toString(files.takeError()).find("/b/compile_commands.json"), std::string::npos);
}

}  // namespace
}  // namespace hotcog::cli
