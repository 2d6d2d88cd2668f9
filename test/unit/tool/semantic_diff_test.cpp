#include "lib/semantic_diff.h"
#include "pooled_facts.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

DeclFact decl(std::string kind, std::string name, std::string hash, unsigned line = 1) {
  return {std::move(kind), std::move(name), "/src/api.h", line, std::move(hash)};
}

// api.h with a record Outer{Inner in;}, a function f, a macro M; the TU uses
// whatever `refs` says.
TuFacts scan(std::set<std::string> refs) {
  TuFacts tu;
  tu.file = "/src/a.cpp";
  tu.includes = pooled({"/src/api.h"});
  tu.decls = {{"c:@S@Outer", decl("record", "Outer", "h1", 3)},
              {"c:@S@Inner", decl("record", "Inner", "h2", 2)},
              {"c:@F@f#I#", decl("function", "f", "h3", 5)},
              {"c:@macro@M", decl("macro", "M", "h4", 1)}};
  tu.refs = std::move(refs);
  return tu;
}

TEST(SemanticDiff, DiffFindsChangedAddedRemoved) {
  TuFacts before = scan({}), after = scan({});
  after.decls["c:@S@Inner"].hash = "h2'";
  after.decls.erase("c:@F@f#I#");
  after.decls["c:@F@f#L#"] = decl("function", "f", "h5");
  std::vector<DeclChange> changes = diff_decls(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].usr, "c:@F@f#L#");
  EXPECT_EQ(changes[0].kind, DeclChangeKind::Added);
  EXPECT_EQ(changes[1].usr, "c:@S@Inner");
  EXPECT_EQ(changes[1].kind, DeclChangeKind::Changed);
  EXPECT_EQ(changes[2].usr, "c:@F@f#I#");
  EXPECT_EQ(changes[2].kind, DeclChangeKind::Removed);
}

TEST(SemanticDiff, UnusedChangeLeavesTheTuAlone) {
  TuFacts before = scan({"c:@F@f#I#"}), after = before;
  after.decls["c:@S@Outer"].hash = "changed";
  TuVerdict verdict = judge_tu(&before, after);
  EXPECT_FALSE(verdict.affected) << verdict.reason;
}

TEST(SemanticDiff, UsedChangeAffectsAndNamesTheDeclaration) {
  TuFacts before = scan({"c:@S@Outer"}), after = before;
  after.decls["c:@S@Outer"].hash = "changed";
  TuVerdict verdict = judge_tu(&before, after);
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.decl, "Outer");
  EXPECT_EQ(verdict.reason, "uses `Outer` (changed at api.h:3)");
}

TEST(SemanticDiff, AMemberUseIsAUseOfItsRecord) {
  // o.in.a: refs hold the fields, not the record; a new field before `in`
  // moves it.
  TuFacts before = scan({"c:@S@Outer@FI@in"}), after = before;
  after.decls["c:@S@Outer"].hash = "changed";
  EXPECT_TRUE(judge_tu(&before, after).affected);
  // ... but "c:@S@OuterX" is not a member of "c:@S@Outer".
  TuFacts other = scan({"c:@S@OuterX"}), other_after = other;
  other_after.decls["c:@S@Outer"].hash = "changed";
  EXPECT_FALSE(judge_tu(&other, other_after).affected);
}

TEST(SemanticDiff, AChangedMethodAffectsUsersOfItsClass) {
  // An inline virtual function's body is emitted with the vtable of every TU
  // that constructs the class, though the TU never names the function.
  TuFacts before = scan({"c:@S@Outer@F@Outer#"});
  before.decls["c:@S@Outer@F@draw#"] = decl("function", "Outer::draw", "m1");
  TuFacts after = before;
  after.decls["c:@S@Outer@F@draw#"].hash = "m2";
  TuVerdict verdict = judge_tu(&before, after);
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.decl, "Outer::draw");
}

TEST(SemanticDiff, AddedDeclarationThatTheTuNowUses) {
  // A new overload that overload resolution picks: in the refs after the edit.
  TuFacts before = scan({"c:@F@f#I#"}), after = before;
  after.decls["c:@F@f#L#"] = decl("function", "f", "h5");
  after.refs = {"c:@F@f#L#"};
  EXPECT_TRUE(judge_tu(&before, after).affected);
}

TEST(SemanticDiff, AddedOverloadOfAUsedNameIsConservative) {
  // Not picked here, but same name as a function the TU calls.
  TuFacts before = scan({"c:@F@f#I#"}), after = before;
  after.decls["c:@F@f#d#"] = decl("function", "f", "h6");
  TuVerdict verdict = judge_tu(&before, after);
  EXPECT_TRUE(verdict.affected);
  EXPECT_NE(verdict.reason.find("a `f` was added"), std::string::npos) << verdict.reason;
}

TEST(SemanticDiff, AddedDeclarationOfAnUnusedNameIsNot) {
  TuFacts before = scan({"c:@F@f#I#"}), after = before;
  after.decls["c:@F@g#"] = decl("function", "g", "h7");
  EXPECT_FALSE(judge_tu(&before, after).affected);
}

TEST(SemanticDiff, NewMacroThatNowExpands) {
  TuFacts before = scan({}), after = before;
  after.decls["c:@macro@DEBUG"] = decl("macro", "DEBUG", "h8");
  after.refs.insert("c:@macro@DEBUG");  // an #ifdef DEBUG now sees it
  EXPECT_TRUE(judge_tu(&before, after).affected);
}

TEST(SemanticDiff, RemovedDeclarationTheTuUsed) {
  TuFacts before = scan({"c:@macro@M"}), after = before;
  after.decls.erase("c:@macro@M");
  after.refs.clear();
  EXPECT_TRUE(judge_tu(&before, after).affected);
}

TEST(SemanticDiff, DeductionGuideCountsForItsTemplate) {
  TuFacts before = scan({"c:@ST>1#T@Box"});
  before.decls["c:@ST>1#T@Box"] = decl("template", "Box", "b1");
  before.decls["c:@FT@>1#T#Box#t0.0#"] = decl("template", "<deduction guide for Box>", "g1");
  TuFacts after = before;
  after.decls["c:@FT@>1#T#Box#t0.0#"].hash = "g2";
  EXPECT_TRUE(judge_tu(&before, after).affected);
}

TEST(SemanticDiff, UndecidableMeansAffected) {
  TuFacts before = scan({}), after = before;
  EXPECT_TRUE(judge_tu(nullptr, after).affected);
  TuFacts failed = after;
  failed.error = "api.h:3:1: error: unknown type name 'Oops'\nmore";
  TuVerdict verdict = judge_tu(&before, failed);
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.reason, "the scan failed: api.h:3:1: error: unknown type name 'Oops'");
  TuFacts more_includes = after;
  more_includes.includes.push_back(test_pool().intern("/src/extra.h"));
  EXPECT_EQ(judge_tu(&before, more_includes).reason, "its #include list changed");
  // The same files, opened in another order of directives.
  TuFacts reordered = after;
  before.include_edges = {edge("/src/a.cpp", "/src/api.h"), edge("/src/a.cpp", "/src/b.h")};
  reordered.include_edges = {edge("/src/a.cpp", "/src/api.h"), edge("/src/api.h", "/src/b.h")};
  EXPECT_EQ(judge_tu(&before, reordered).reason, "its #include list changed");
}

TEST(SemanticDiff, LookupThatNowFindsAnotherDeclaration) {
  // No declaration changed, but the TU used f(int) and now uses M instead
  // (e.g. a using-directive the scanner hashes elsewhere).
  TuFacts before = scan({"c:@F@f#I#"}), after = before;
  after.refs = {"c:@macro@M"};
  TuVerdict verdict = judge_tu(&before, after);
  EXPECT_TRUE(verdict.affected);
  EXPECT_EQ(verdict.reason, "what it uses changed (`f`)");
}

TEST(SemanticDiff, NothingChangedIsUnaffected) {
  TuFacts before = scan({"c:@S@Outer", "c:@F@f#I#", "c:@macro@M"});
  EXPECT_FALSE(judge_tu(&before, before).affected);
}

}  // namespace
}  // namespace hotcog::cli
