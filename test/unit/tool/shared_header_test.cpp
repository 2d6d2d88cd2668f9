#include "lib/semantic_diff.h"
#include "lib/shared_header.h"
#include "pooled_facts.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

const std::string kHeader = "/src/api.h";

DeclFact decl(std::string kind, std::string name, std::string hash, std::string file = kHeader) {
  return {std::move(kind), std::move(name), std::move(file), 1, std::move(hash)};
}

// A TU that includes api.h (context-free, identifier set "ids") and uses `refs`.
TuFacts tu(std::string file, std::set<std::string> refs) {
  TuFacts facts;
  facts.file = std::move(file);
  facts.includes = pooled({kHeader});
  facts.include_edges = {edge(facts.file, kHeader)};
  facts.decls = {{"c:@F@f#", decl("function", "f", "f1")},
                 {"c:@F@g#", decl("function", "g", "g1")},
                 {"c:@S@R", decl("record", "R", "r1")},
                 {"c:@macro@M", decl("macro", "M", "m1")},
                 {"c:@F@main", decl("function", "main", "main:" + facts.file, facts.file)}};
  facts.refs = std::move(refs);
  facts.context_free = {{kHeader, "ids"}};
  facts.shape = "shape";
  return facts;
}

std::optional<SharedEdit> edit_of(const TuFacts& before, const TuFacts& after) {
  std::string why;
  std::optional<SharedEdit> edit = shared_edit(kHeader, before, after, &why);
  if (!edit) {
    EXPECT_FALSE(why.empty());
  }
  return edit;
}

TEST(SharedHeader, ABodyChangeDecidesOtherIncludersFromTheirEarlierScans) {
  TuFacts rep_before = tu("/src/a.cpp", {"c:@F@f#"});
  TuFacts rep_after = rep_before;
  rep_after.decls["c:@F@g#"].hash = "g2";
  std::optional<SharedEdit> edit = edit_of(rep_before, rep_after);
  ASSERT_TRUE(edit);

  TuFacts uses_g = tu("/src/b.cpp", {"c:@F@g#"});
  std::optional<TuFacts> b_after = project_edit(uses_g, *edit);
  ASSERT_TRUE(b_after);
  EXPECT_EQ(b_after->decls.at("c:@F@g#").hash, "g2");
  EXPECT_EQ(b_after->decls.at("c:@F@main").hash, "main:/src/b.cpp");  // its own stay
  EXPECT_TRUE(judge_tu(&uses_g, *b_after).affected);

  TuFacts uses_f = tu("/src/c.cpp", {"c:@F@f#", "c:@S@R"});
  std::optional<TuFacts> c_after = project_edit(uses_f, *edit);
  ASSERT_TRUE(c_after);
  EXPECT_FALSE(judge_tu(&uses_f, *c_after).affected);
}

TEST(SharedHeader, NoSharedEditWhenLookupOrOtherFilesMayChange) {
  TuFacts before = tu("/src/a.cpp", {});
  auto changed = [&](auto&& mutate) {
    TuFacts after = before;
    mutate(after);
    return edit_of(before, after).has_value();
  };
  EXPECT_TRUE(changed([](TuFacts&) {}));
  EXPECT_FALSE(changed([](TuFacts& t) { t.decls["c:@F@h#"] = decl("function", "h", "h1"); }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.decls.erase("c:@F@g#"); }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.decls["c:@macro@M"].hash = "m2"; }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.context_free[kHeader] = "other names"; }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.context_free.clear(); }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.includes.push_back(test_pool().intern("/src/b.h")); }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.shape = "other"; }));
  EXPECT_FALSE(changed([](TuFacts& t) { t.error = "a.cpp:1:1: error"; }));
  EXPECT_FALSE(changed([](TuFacts& t) {
    t.decls["c:@F@main"].hash = "x";  // outside the header
  }));
  EXPECT_FALSE(changed([](TuFacts& t) {  // e.g. `inline` dropped: every includer emits it
    t.decls["c:@F@g#"].hash = "g2";
    t.refs.insert("c:@F@g#");
  }));
}

TEST(SharedHeader, AnIncluderThatSawTheHeaderDifferentlyIsParsed) {
  TuFacts before = tu("/src/a.cpp", {});
  TuFacts after = before;
  after.decls["c:@F@g#"].hash = "g2";
  std::optional<SharedEdit> edit = edit_of(before, after);
  ASSERT_TRUE(edit);
  auto takes = [&](auto&& mutate) {
    TuFacts other = tu("/src/b.cpp", {});
    mutate(other);
    return project_edit(other, *edit).has_value();
  };
  EXPECT_TRUE(takes([](TuFacts&) {}));
  EXPECT_FALSE(takes([](TuFacts& t) { t.context_free.clear(); }));  // a macro of its own
  EXPECT_FALSE(takes([](TuFacts& t) { t.context_free[kHeader] = "older names"; }));
  EXPECT_FALSE(takes([](TuFacts& t) { t.shape = "-DX"; }));
  EXPECT_FALSE(takes([](TuFacts& t) { t.decls["c:@F@f#"].hash = "redeclared"; }));
  EXPECT_FALSE(takes([](TuFacts& t) { t.decls.erase("c:@S@R"); }));
  EXPECT_FALSE(takes([](TuFacts& t) { t.error = "b.cpp: error"; }));
}

TEST(SharedHeader, ACallOfAFunctionNamedLikeAChangedOneIsNotDecidedFromTheView) {
  // A default argument added to g(int) can make it the better overload for
  // a call that chose another `g` before: that TU is parsed.
  TuFacts before = tu("/src/a.cpp", {});
  before.decls["c:@N@other@F@g#l#"] = decl("function", "other::g", "gl", "/src/other.h");
  TuFacts after = before;
  after.decls["c:@F@g#"].hash = "g2";
  std::optional<SharedEdit> edit = edit_of(before, after);
  ASSERT_TRUE(edit);
  TuFacts calls_other_g = before;
  calls_other_g.refs = {"c:@N@other@F@g#l#"};
  EXPECT_TRUE(may_resolve_differently(calls_other_g, *edit));
  TuFacts calls_f = before;
  calls_f.refs = {"c:@F@f#"};
  EXPECT_FALSE(may_resolve_differently(calls_f, *edit));
  TuFacts uses_record = before;
  uses_record.refs = {"c:@S@R"};
  after.decls["c:@S@R"].hash = "r2";  // a record named like nothing it calls
  after.decls["c:@F@g#"].hash = "g1";
  std::optional<SharedEdit> record_edit = edit_of(before, after);
  ASSERT_TRUE(record_edit);
  EXPECT_FALSE(may_resolve_differently(calls_other_g, *record_edit));
}

TEST(SharedHeader, TheRepresentativeIsTheCheapestUsableIncluder) {
  std::map<std::string, TuFacts> before;
  before["/src/a.cpp"] = tu("/src/a.cpp", {});
  before["/src/a.cpp"].includes = pooled({kHeader, "/src/x.h", "/src/y.h"});
  before["/src/b.cpp"] = tu("/src/b.cpp", {});
  before["/src/c.cpp"] = tu("/src/c.cpp", {});
  before["/src/c.cpp"].context_free.clear();
  std::vector<std::string> tus = {"/src/a.cpp", "/src/b.cpp", "/src/c.cpp", "/src/d.cpp"};
  auto all = [](const std::string&) { return true; };
  EXPECT_EQ(pick_representative(kHeader, tus, before, all), "/src/b.cpp");
  auto not_b = [](const std::string& f) { return f != "/src/b.cpp"; };
  EXPECT_EQ(pick_representative(kHeader, tus, before, not_b), "/src/a.cpp");
  auto none = [](const std::string&) { return false; };
  EXPECT_EQ(pick_representative(kHeader, tus, before, none), std::nullopt);
}

}  // namespace
}  // namespace hotcog::cli
