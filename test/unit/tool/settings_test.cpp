#include "lib/config_file.h"
#include "lib/ignore_rules.h"
#include "lib/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace hotcog::cli {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hotcog-settings-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir = dir_template;
  }
  void TearDown() override { std::system(("rm -rf " + dir).c_str()); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  }
  llvm::Expected<Settings> load(const SettingLayer& flags = {}) {
    return load_settings(dir, flags, [this](const char* name) -> const char* {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  }
  static std::string error_of(llvm::Expected<Settings> s) {
    return s ? "" : llvm::toString(s.takeError());
  }

  std::string dir;
  std::map<std::string, std::string> env;
};

TEST_F(SettingsTest, DefaultsWithoutAnySource) {
  llvm::Expected<Settings> s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->debounce_ms.value, 100u);
  EXPECT_EQ(s->debounce_ms.origin.describe(), "default");
  EXPECT_TRUE(s->hot_patching.value);
  EXPECT_EQ(s->ignore.value, (std::vector<std::string>{"*.tmp", "*.bak", "*.swp", "*~", "4913"}));
}

TEST_F(SettingsTest, FlagBeatsEnvBeatsFileBeatsDefault) {
  write("hotcog.toml",
        "# comment\ndebounce_ms = 150\nreply_timeout_ms = 2000\nhot_patching = false\n"
        "log_level = \"debug\"\n");
  env["HOTCOG_DEBOUNCE_MS"] = "250";
  env["HOTCOG_REPLY_TIMEOUT_MS"] = "3000";
  SettingLayer flags{{"debounce_ms", {std::string("350"), {SettingOrigin::Flag, "--debounce-ms"}}}};
  llvm::Expected<Settings> s = load(flags);
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->debounce_ms.value, 350u);
  EXPECT_EQ(s->debounce_ms.origin.describe(), "--debounce-ms");
  EXPECT_EQ(s->reply_timeout_ms.value, 3000u);
  EXPECT_EQ(s->reply_timeout_ms.origin.describe(), "HOTCOG_REPLY_TIMEOUT_MS");
  EXPECT_FALSE(s->hot_patching.value);
  EXPECT_EQ(s->hot_patching.origin.describe(), dir + "/hotcog.toml:4");
  EXPECT_EQ(s->log_level.value, LogLevel::Debug);
  EXPECT_EQ(s->scan_timeout_ms.origin.describe(), "default");
}

TEST_F(SettingsTest, BuildDirFileBeatsSourceDirFile) {
  std::string source = dir + "/src";
  ASSERT_EQ(::mkdir(source.c_str(), 0755), 0);
  write("CMakeCache.txt", "FOO:BOOL=ON\nCMAKE_HOME_DIRECTORY:INTERNAL=" + source + "\n");
  write("src/hotcog.toml", "debounce_ms = 10\nsemantic_deps = false\n");
  write("hotcog.toml", "debounce_ms = 20\n");
  llvm::Expected<Settings> s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->debounce_ms.value, 20u);
  EXPECT_FALSE(s->semantic_deps.value);
  EXPECT_EQ(s->semantic_deps.origin.describe(), source + "/hotcog.toml:2");
}

TEST_F(SettingsTest, InvalidValuesNameOriginSettingAndRange) {
  write("hotcog.toml", "\ndebounce_ms = 70000\n");
  EXPECT_EQ(error_of(load()), dir + "/hotcog.toml:2: debounce_ms = 70000 is invalid: expected an "
                                    "integer from 0 to 60000");
  write("hotcog.toml", "debounce_ms = \"fast\"\n");
  EXPECT_NE(error_of(load()).find("debounce_ms = 'fast' is invalid"), std::string::npos);
  write("hotcog.toml", "");
  env["HOTCOG_HOT_PATCHING"] = "maybe";
  EXPECT_EQ(error_of(load()), "HOTCOG_HOT_PATCHING: hot_patching = 'maybe' is invalid: expected a "
                              "boolean (true/false, on/off, 1/0)");
  env.clear();
  SettingLayer flags{{"log_level", {std::string("loud"), {SettingOrigin::Flag, "--log-level"}}}};
  EXPECT_EQ(error_of(load(flags)),
            "--log-level: log_level = 'loud' is invalid: expected one of error, warning, info, debug");
  flags = {{"ignore", {std::string("a/*.c"), {SettingOrigin::Flag, "--ignore"}}}};
  EXPECT_NE(error_of(load(flags)).find("--ignore: ignore = 'a/*.c' is invalid"), std::string::npos);
}

TEST_F(SettingsTest, SettleWindowDefaultsToTwoMsAndIsSetLikeTheOthers) {
  llvm::Expected<Settings> s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->settle_ms.value, 20u);
  write("hotcog.toml", "settle_ms = 5\n");
  s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->settle_ms.value, 5u);
  EXPECT_EQ(s->settle_ms.origin.describe(), dir + "/hotcog.toml:1");
  env["HOTCOG_SETTLE_MS"] = "0";
  s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->settle_ms.value, 0u);
  SettingLayer flags{{"settle_ms", {std::string("1001"), {SettingOrigin::Flag, "--settle-ms"}}}};
  EXPECT_EQ(error_of(load(flags)),
            "--settle-ms: settle_ms = '1001' is invalid: expected an integer from 0 to 1000");
}

TEST_F(SettingsTest, BrokenOrUnknownFileContentIsAnErrorWithItsLine) {
  write("hotcog.toml", "debounce_ms = 10\ndebounse_ms = 10\n");
  std::string err = error_of(load());
  EXPECT_NE(err.find("hotcog.toml:2: unknown setting 'debounse_ms' (known: debounce_ms,"),
            std::string::npos) << err;
  write("hotcog.toml", "debounce_ms = [1, \n");
  err = error_of(load());
  EXPECT_NE(err.find("hotcog.toml:"), std::string::npos) << err;
  EXPECT_NE(err.find("not valid TOML"), std::string::npos) << err;
  write("hotcog.toml", "ignore = [\"*.o\", 3]\n");
  EXPECT_NE(error_of(load()).find("ignore: the array may hold strings only"), std::string::npos);
}

TEST_F(SettingsTest, IgnoreListFromFileOrCommaSeparatedText) {
  write("hotcog.toml", "ignore = [\"*.o\", \"*.log\"]\n");
  llvm::Expected<Settings> s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->ignore.value, (std::vector<std::string>{"*.o", "*.log"}));
  env["HOTCOG_IGNORE"] = " *.a , *.b,";
  s = load();
  ASSERT_TRUE(static_cast<bool>(s)) << llvm::toString(s.takeError());
  EXPECT_EQ(s->ignore.value, (std::vector<std::string>{"*.a", "*.b"}));
}

TEST(IgnoreRules, DefaultsCoverTheGenericEditorFiles) {
  IgnoreRules rules;
  for (const char* name : {"4913", "a.cpp~", ".a.cpp.swp", "a.cpp.tmp", "a.h.bak", "#a.cpp#"})
    EXPECT_TRUE(rules.ignores(name)) << name;
  for (const char* name : {"a.cpp", "4913.cpp", "tmp.h"}) EXPECT_FALSE(rules.ignores(name)) << name;
}

TEST(IgnoreRules, ConfiguredPatternsReplaceTheDefaults) {
  llvm::Expected<IgnoreRules> rules = IgnoreRules::create({"*.gen.h"});
  ASSERT_TRUE(static_cast<bool>(rules));
  EXPECT_TRUE(rules->ignores("x.gen.h"));
  EXPECT_FALSE(rules->ignores("a.cpp.tmp"));  // no longer ignored
  EXPECT_TRUE(rules->ignores(".#a.cpp"));     // editor files that are never sources: always
}

}  // namespace
}  // namespace hotcog::cli
