// Following the cog manifest: the diff watch reports, the bookkeeping it does
// for new/moved/removed cogs, re-reading a real cogs.tsv only when it changed,
// and the lines the user sees.
#include "lib/manifest_refresh.h"
#include "lib/manifest_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sys/stat.h>

namespace hotcog::cli {
namespace {

CogManifest manifest(std::vector<CogEntry> cogs, std::vector<HostEntry> hosts = {}) {
  CogManifest m;
  m.cogs = std::move(cogs);
  m.hosts = std::move(hosts);
  return m;
}

TEST(DiffManifests, AddedRemovedMovedAndHosts) {
  CogManifest before = manifest({{"echo", "echo", "/b/libecho.so", {"/s/echo.cpp"}},
                                 {"greeter", "greeter", "/b/libgreeter.so", {"/s/g.cpp"}},
                                 {"counter", "counter", "/b/libcounter.so", {"/s/c.cpp"}}},
                                {{"bot", "/b/bot", {"/s/main.cpp"}}, {"old", "/b/old", {}}});
  CogManifest after = manifest({{"greeter", "greeter", "/b/libhello.so", {"/s/g.cpp"}},
                                {"counter", "counter", "/b/libcounter.so", {"/s/c.cpp", "/s/d.cpp"}},
                                {"dice", "dice", "/b/libdice.so", {"/s/dice.cpp"}}},
                               {{"bot", "/b/bot", {"/s/main.cpp", "/s/extra.cpp"}}});
  ManifestChange c = diff_manifests(before, after);
  EXPECT_EQ(c.added, std::vector<std::string>{"dice"});
  EXPECT_EQ(c.removed, std::vector<std::string>{"echo"});
  EXPECT_EQ(c.moved, std::vector<std::string>{"greeter"});
  // counter gained a source: ninja rebuilds it, nothing to follow.
  EXPECT_EQ(c.hosts, (std::vector<std::string>{"bot", "old"}));
  EXPECT_TRUE(diff_manifests(after, after).empty());
}

TEST(DiffManifests, HostSourceOrderIsNotAChange) {
  CogManifest a = manifest({}, {{"bot", "/b/bot", {"/s/a.cpp", "/s/b.cpp"}}});
  CogManifest b = manifest({}, {{"bot", "/b/bot", {"/s/b.cpp", "/s/a.cpp"}}});
  EXPECT_TRUE(diff_manifests(a, b).empty());
}

TEST(PrepareForManifest, NewAndMovedCogsAreBuiltAndCountAsChanged) {
  ImageStamps images{{"echo", {1, 2}}, {"greeter", {3, 4}}};
  std::set<std::string> carried{"echo"};
  ManifestChange c;
  c.added = {"dice"};
  c.moved = {"greeter"};
  c.removed = {"echo"};
  EXPECT_EQ(prepare_for_manifest(c, &images, &carried), (std::vector<std::string>{"dice", "greeter"}));
  EXPECT_EQ(images.count("echo"), 0u);
  EXPECT_TRUE(carried.empty());
  EXPECT_EQ(images["dice"], ImageStamp{});
  EXPECT_EQ(images["greeter"], ImageStamp{});
}

class ManifestFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hotcog-manifest-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
    ASSERT_EQ(mkdir((dir + "/hotcog").c_str(), 0755), 0);
    write("hotcog-cogs\t1\ncog\techo\techo\t/b/libecho.so\n");
  }
  void TearDown() override { std::system(("rm -rf " + dir).c_str()); }
  void write(const std::string& text) { std::ofstream(dir + "/hotcog/cogs.tsv") << text; }

  std::string dir;
};

TEST_F(ManifestFile, ReReadOnlyWhenTheFileChanged) {
  CogManifest current;
  std::string err;
  ASSERT_EQ(load_cog_manifest(dir, &current, &err), ManifestLoad::Ok) << err;
  ManifestFollower follower(dir);
  EXPECT_EQ(follower.path(), dir + "/hotcog/cogs.tsv");
  EXPECT_EQ(follower.dir(), dir + "/hotcog");
  auto unchanged = follower.refresh(&current);
  ASSERT_TRUE(static_cast<bool>(unchanged));
  EXPECT_FALSE(unchanged->has_value());

  write("hotcog-cogs\t1\ncog\techo\techo\t/b/libecho.so\ncog\tdice\tdice\t/b/libdice.so\n");
  auto changed = follower.refresh(&current);
  ASSERT_TRUE(static_cast<bool>(changed)) << llvm::toString(changed.takeError());
  ASSERT_TRUE(changed->has_value());
  EXPECT_EQ((*changed)->added, std::vector<std::string>{"dice"});
  EXPECT_NE(current.find("dice"), nullptr);
}

TEST_F(ManifestFile, BrokenManifestIsAConfigErrorAndKeepsTheKnownCogs) {
  CogManifest current;
  std::string err;
  ASSERT_EQ(load_cog_manifest(dir, &current, &err), ManifestLoad::Ok) << err;
  ManifestFollower follower(dir);
  write("hotcog-cogs\t1\ncog\tbroken\n");
  auto result = follower.refresh(&current);
  ASSERT_FALSE(static_cast<bool>(result));
  std::string message = llvm::toString(result.takeError());
  EXPECT_NE(message.find("cogs.tsv:2: expected: cog <name> <target> <output>"), std::string::npos)
      << message;
  EXPECT_NE(current.find("echo"), nullptr);
  // Reported once: the same broken file is not an error again.
  auto again = follower.refresh(&current);
  ASSERT_TRUE(static_cast<bool>(again));
  EXPECT_FALSE(again->has_value());
}

TEST(ManifestLines, HumanAndJson) {
  ManifestChange c;
  c.added = {"dice"};
  c.removed = {"echo"};
  c.moved = {"greeter"};
  c.hosts = {"bot"};
  HostFollow host;
  host.result = HostFollow::Ok;
  CogReloadResult unloaded;
  unloaded.cog = "echo";
  unloaded.ok = true;
  unloaded.action = "unloaded";
  unloaded.reason = "removed from the cog manifest";
  host.reply.results = {unloaded};
  EXPECT_EQ(manifest_lines(c, host, false),
            (std::vector<std::string>{
                "cog manifest changed: added dice; removed echo; output moved: greeter",
                "  echo: unloaded (removed from the cog manifest)",
                "host bot changed in the cog manifest: restart needed"}));
  host.result = HostFollow::Failed;
  host.error = "timeout";
  std::vector<std::string> json = manifest_lines(c, host, true);
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(json[0],
            "{\"added\":[\"dice\"],\"error\":\"timeout\",\"host\":\"error\",\"hosts\":[\"bot\"],"
            "\"moved\":[\"greeter\"],\"phase\":\"manifest\",\"removed\":[\"echo\"]}");
}

}  // namespace
}  // namespace hotcog::cli
