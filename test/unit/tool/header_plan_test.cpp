#include "lib/header_plan.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

using Names = std::vector<std::string>;

// api.h is included by a, b and the host; a.cpp is a's source.
struct Fixture {
  std::map<std::string, Names> cog_tus{{"a", {"/s/a.cpp"}}, {"b", {"/s/b.cpp"}}};
  std::map<std::string, Names> host_tus{{"bot", {"/s/main.cpp"}}};
  HeaderLookup lookup{
      {[](const std::string& p) { return p == "/s/a.cpp" ? Names{"a"} : Names{"a", "b"}; },
       [](const std::string& p) { return p == "/s/api.h"; }},
      [](const std::string&) { return Names{"bot"}; },
      [](const std::string& p, ContentChange c) {
        return p == "/s/api.h" && c == ContentChange::Modified;
      },
      &cog_tus,
      &host_tus};
};

ChangePlan plan_of(std::vector<std::pair<std::string, ContentChange>> changed) {
  ChangePlan plan;
  plan.changed = std::move(changed);
  return plan;
}

OwnerVerdict verdict(std::string name, bool host, bool affected) {
  return {std::move(name), host, TuVerdict{affected, "", ""}, ""};
}

TEST(HeaderPlan, HeaderCandidatesWithTheirTus) {
  Fixture f;
  HeaderSplit split = split_headers(plan_of({{"/s/api.h", ContentChange::Modified}}), f.lookup, {});
  EXPECT_EQ(split.headers, Names{"/s/api.h"});
  EXPECT_TRUE(split.cogs.empty());
  ASSERT_EQ(split.candidates.size(), 3u);
  EXPECT_EQ(split.candidates[0].name, "a");
  EXPECT_EQ(split.candidates[0].tus, Names{"/s/a.cpp"});
  EXPECT_EQ(split.candidates[2].name, "bot");
  EXPECT_TRUE(split.candidates[2].host);
}

TEST(HeaderPlan, CogsBuiltAnywayAreNotCandidates) {
  // a.cpp changed in the same batch, b failed last time (carried).
  Fixture f;
  HeaderSplit split = split_headers(
      plan_of({{"/s/api.h", ContentChange::Modified}, {"/s/a.cpp", ContentChange::Modified}}),
      f.lookup, {"b"});
  EXPECT_EQ(split.cogs, (std::set<std::string>{"a", "b"}));
  ASSERT_EQ(split.candidates.size(), 1u);
  EXPECT_EQ(split.candidates[0].name, "bot");
}

TEST(HeaderPlan, CreatedHeaderIsNinjasCall) {
  Fixture f;
  HeaderSplit split = split_headers(plan_of({{"/s/api.h", ContentChange::Created}}), f.lookup, {});
  EXPECT_TRUE(split.headers.empty());
  EXPECT_EQ(split.cogs, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(split.host_files, std::set<std::string>{"/s/api.h"});
}

TEST(HeaderPlan, ApplyKeepsOnlyAffectedCogsAndHostsThatUseTheChange) {
  Fixture f;
  ChangePlan plan = plan_of({{"/s/api.h", ContentChange::Modified}});
  plan.cogs = {"a", "b"};
  plan.host_files = {"/s/api.h"};
  HeaderSplit split = split_headers(plan, f.lookup, {});
  HeaderDecision decision;
  decision.owners = {verdict("a", false, false), verdict("b", false, true),
                     verdict("bot", true, false)};
  apply_decision(split, decision, &plan);
  EXPECT_EQ(plan.cogs, Names{"b"});
  EXPECT_TRUE(plan.host_files.empty());
  decision.owners[2].verdict.affected = true;
  apply_decision(split, decision, &plan);
  EXPECT_EQ(plan.host_files, Names{"/s/api.h"});
}

}  // namespace
}  // namespace hotcog::cli
