#include "lib/change_plan.h"

#include <gtest/gtest.h>

#include <map>

namespace hotcog::cli {
namespace {

// A build graph of three cogs; style.hpp is shared, main.cpp is the host's.
FileLookup fake_graph() {
  static const std::map<std::string, std::vector<std::string>> kCogs = {
      {"/src/greeter.cpp", {"greeter"}},
      {"/src/echo.cpp", {"echo"}},
      {"/src/style.hpp", {"echo", "greeter"}},
  };
  return {[](const std::string& p) {
            auto it = kCogs.find(p);
            return it == kCogs.end() ? std::vector<std::string>{} : it->second;
          },
          [](const std::string& p) { return p == "/src/main.cpp"; }};
}

using Files = std::vector<std::pair<std::string, ContentChange>>;

TEST(ChangePlan, UnchangedContentPlansNothing) {
  ChangePlan plan = plan_changes({{"/src/greeter.cpp", ContentChange::Unchanged}}, fake_graph(), {});
  EXPECT_TRUE(plan.empty());
  EXPECT_TRUE(plan.cogs.empty());
}

TEST(ChangePlan, SharedHeaderRebuildsEveryDependentCogOnce) {
  ChangePlan plan = plan_changes({{"/src/style.hpp", ContentChange::Modified},
                                  {"/src/greeter.cpp", ContentChange::Modified}},
                                 fake_graph(), {});
  EXPECT_EQ(plan.cogs, (std::vector<std::string>{"echo", "greeter"}));
  EXPECT_EQ(plan.changed.size(), 2u);
}

TEST(ChangePlan, HostSourceIsReportedNotBuiltAsACog) {
  ChangePlan plan = plan_changes({{"/src/main.cpp", ContentChange::Modified}}, fake_graph(), {});
  EXPECT_EQ(plan.host_files, std::vector<std::string>{"/src/main.cpp"});
  EXPECT_TRUE(plan.cogs.empty());
}

TEST(ChangePlan, DeletedFileIsReportedAndRebuildsNothing) {
  ChangePlan plan = plan_changes({{"/src/echo.cpp", ContentChange::Deleted}}, fake_graph(), {});
  EXPECT_EQ(plan.deleted, std::vector<std::string>{"/src/echo.cpp"});
  EXPECT_TRUE(plan.changed.empty());
  EXPECT_TRUE(plan.cogs.empty());
}

TEST(ChangePlan, CogsOfAFailedBuildAreCarriedIntoTheNextBuild) {
  ChangePlan plan =
      plan_changes({{"/src/greeter.cpp", ContentChange::Modified}}, fake_graph(), {"echo"});
  EXPECT_EQ(plan.cogs, (std::vector<std::string>{"echo", "greeter"}));
}

TEST(ChangePlan, CarriedCogsAloneDoNotTriggerABuild) {
  ChangePlan plan =
      plan_changes({{"/src/greeter.cpp", ContentChange::Unchanged}}, fake_graph(), {"echo"});
  EXPECT_TRUE(plan.cogs.empty());
}

TEST(ChangePlan, CreatedFileCountsAsAChange) {
  ChangePlan plan = plan_changes({{"/src/echo.cpp", ContentChange::Created}}, fake_graph(), {});
  EXPECT_EQ(plan.cogs, std::vector<std::string>{"echo"});
}

}  // namespace
}  // namespace hotcog::cli
