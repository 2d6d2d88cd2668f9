// Load, reload and unload through the synchronous API and through
// request_reload + poll(), with real cog images.
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "elf_probe.h"
#include "host_fixture.hpp"

namespace runtime_test {
namespace {

using hotcog::ErrorKind;

size_t files_in(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); ++it)
    ++n;
  return n;
}

using HostTest = HostFixture;

TEST_F(HostTest, LoadRunsSetupAndRegisters) {
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "v1");
  const hotcog::CogInfo* c = info("answer");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->loaded);
  EXPECT_EQ(c->version, 1u);
  EXPECT_EQ(c->output, image);
}

TEST_F(HostTest, LoadTwiceIsAlreadyLoaded) {
  ASSERT_TRUE(host->load("answer").ok());
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::AlreadyLoaded);
  EXPECT_NE(s.message.find("answer"), std::string::npos) << s.message;
}

TEST_F(HostTest, UnknownCogIsNotFound) {
  const hotcog::Status s = host->load("nope");
  EXPECT_EQ(s.kind, ErrorKind::NotFound);
  EXPECT_NE(s.message.find("nope"), std::string::npos) << s.message;
}

TEST_F(HostTest, MissingImageIsNotFoundAndNamesTheFile) {
  const std::string ghost = dir.path() + "/libghost.so";
  ASSERT_TRUE(host->add_cog("ghost", ghost).ok());
  const hotcog::Status s = host->load("ghost");
  EXPECT_EQ(s.kind, ErrorKind::NotFound);
  EXPECT_NE(s.message.find(ghost), std::string::npos) << s.message;
}

TEST_F(HostTest, ReloadSwapsBehaviour) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  const hotcog::Status s = host->reload("answer");
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_EQ(info("answer")->version, 2u);
}

TEST_F(HostTest, ReloadOfAnUnloadedCogLoadsIt) {
  ASSERT_TRUE(host->reload("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "v1");
  EXPECT_EQ(info("answer")->version, 1u);
}

TEST_F(HostTest, UnloadRemovesEverythingTheCogRegistered) {
  ASSERT_TRUE(host->add_cog("registers", TEST_COG_REGISTERS).ok());
  ASSERT_TRUE(host->load("registers").ok());
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"first", "second", "third"}));
  ASSERT_TRUE(host->unload("registers").ok());
  EXPECT_TRUE(registry.names().empty());
  EXPECT_FALSE(info("registers")->loaded);
  EXPECT_EQ(host->unload("registers").kind, ErrorKind::NotLoaded);
}

TEST_F(HostTest, StateSurvivesReload) {
  ASSERT_TRUE(host->load("answer").ok());
  registry.ask("count");
  registry.ask("count");
  EXPECT_EQ(registry.ask("count"), "3");
  install(TEST_COG_ANSWER_V2, image);
  ASSERT_TRUE(host->reload("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_EQ(registry.ask("count"), "4");
}

TEST_F(HostTest, SetupThrowsKeepsOldVersionAndItsRegistrations) {
  ASSERT_TRUE(host->load("answer").ok());
  registry.ask("count");
  install(TEST_COG_THROWS, image);
  const hotcog::Status s = host->reload("answer");
  EXPECT_EQ(s.kind, ErrorKind::SetupFailed);
  EXPECT_NE(s.message.find("boom in setup"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("std::runtime_error"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("setup"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find(image), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("kept version 1"), std::string::npos) << s.message;
  // The old code answers again, the broken version left nothing behind, and
  // the old version got its state back.
  EXPECT_EQ(registry.ask("answer"), "v1");
  EXPECT_EQ(registry.ask("only_in_broken"), "<none>");
  EXPECT_EQ(registry.ask("count"), "2");
  EXPECT_EQ(info("answer")->version, 1u);
  // And a good build afterwards goes through.
  install(TEST_COG_ANSWER_V2, image);
  ASSERT_TRUE(host->reload("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_EQ(info("answer")->version, 2u);
}

TEST_F(HostTest, FirstLoadThatThrowsStaysUnloaded) {
  install(TEST_COG_THROWS, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::SetupFailed);
  EXPECT_FALSE(info("answer")->loaded);
  EXPECT_TRUE(registry.names().empty());
}

TEST_F(HostTest, TeardownThrowsIsLoggedAndTheReloadCompletes) {
  install(TEST_COG_TEARDOWN_THROWS, image);
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "teardown_throws");
  install(TEST_COG_ANSWER_V1, image);
  const hotcog::Status s = host->reload("answer");
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(registry.ask("answer"), "v1");
  EXPECT_TRUE(log.contains("boom in teardown")) << log.all();
  EXPECT_TRUE(log.contains("teardown")) << log.all();
}

TEST_F(HostTest, WrongAbiIsRefusedBeforeAnyCogCodeRuns) {
  ::unsetenv("HOTCOG_TEST_WRONG_ABI_RAN");
  install(TEST_COG_WRONG_ABI, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::AbiMismatch);
  EXPECT_NE(s.message.find("999"), std::string::npos) << s.message;
  EXPECT_EQ(std::getenv("HOTCOG_TEST_WRONG_ABI_RAN"), nullptr)
      << "the wrong-ABI cog's static constructor ran";
  EXPECT_FALSE(info("answer")->loaded);
}

TEST_F(HostTest, SharedLibraryWithoutEntryPointIsRefused) {
  install(TEST_COG_NOT_A_COG, image);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::NoEntryPoint);
  EXPECT_NE(s.message.find("HOTCOG_COG"), std::string::npos) << s.message;
}

TEST_F(HostTest, FileThatIsNotElfIsRefused) {
  std::ofstream(image, std::ios::trunc) << "not a library";
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::NoEntryPoint);
  EXPECT_NE(s.message.find("not an ELF"), std::string::npos) << s.message;
}

TEST_F(HostTest, TruncatedImageIsRefused) {
  std::filesystem::resize_file(image, std::filesystem::file_size(image) / 2);
  const hotcog::Status s = host->load("answer");
  EXPECT_EQ(s.kind, ErrorKind::NoEntryPoint);
  EXPECT_NE(s.message.find("past the end"), std::string::npos) << s.message;
}

TEST_F(HostTest, RequestReloadIsAppliedAtPoll) {
  ASSERT_TRUE(host->load("answer").ok());
  install(TEST_COG_ANSWER_V2, image);
  host->request_reload("answer");
  // Nothing changes before the safe point.
  EXPECT_EQ(registry.ask("answer"), "v1");
  pollfd p{host->wait_fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1) << "wait_fd never became readable";
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].cog, "answer");
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.message;
  EXPECT_EQ(results[0].version, 2u);
  EXPECT_GT(results[0].pause_ns, 0u);
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_TRUE(host->poll().empty());
}

TEST_F(HostTest, RequestReloadOfUnknownCogReportsNotFound) {
  host->request_reload("nope");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status.kind, ErrorKind::NotFound);
}

TEST_F(HostTest, OldImageIsUnmappedAndDeletedAfterReload) {
  const std::string images = dir.path() + "/hotcog/images";
  ASSERT_TRUE(host->load("answer").ok());
  auto current_copy = [&] {
    const std::vector<std::string> maps = mappings_containing(images);
    return maps.empty() ? std::string() : maps[0].substr(maps[0].find(images));
  };
  const std::string first_copy = current_copy();
  ASSERT_FALSE(first_copy.empty());
  EXPECT_EQ(files_in(images), 1u);

  install(TEST_COG_ANSWER_V2, image);
  ASSERT_TRUE(host->reload("answer").ok());
  EXPECT_TRUE(mappings_containing(first_copy).empty()) << "old image still mapped";
  EXPECT_FALSE(std::filesystem::exists(first_copy));
  EXPECT_EQ(files_in(images), 1u);

  // Through poll(), the old image is closed on the background thread.
  install(TEST_COG_ANSWER_V1, image);
  const std::string second_copy = current_copy();
  ASSERT_NE(second_copy, first_copy);
  host->request_reload("answer");
  ASSERT_EQ(poll_until_applied(*host).size(), 1u);
  for (int i = 0; i < 500 && !mappings_containing(second_copy).empty(); ++i) ::usleep(2000);
  EXPECT_TRUE(mappings_containing(second_copy).empty()) << "old image still mapped";
  EXPECT_EQ(registry.ask("answer"), "v1");

  ASSERT_TRUE(host->unload("answer").ok());
  EXPECT_TRUE(mappings_containing(images).empty());
  EXPECT_EQ(files_in(images), 0u);
}

TEST_F(HostTest, ImagePinnedByThreadLocalIsReported) {
  install(TEST_COG_PINNED, image);
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_EQ(registry.ask("answer"), "pinned");
  ASSERT_TRUE(host->unload("answer").ok());
  EXPECT_TRUE(log.contains("stays mapped after dlclose")) << log.all();
}

TEST_F(HostTest, GnuUniqueSymbolsAreReported) {
  install(TEST_COG_GNU_UNIQUE, image);
  const hotcog::rt::ElfProbe probe = hotcog::rt::probe_elf_file(image);
  if (probe.gnu_unique_symbol.empty()) GTEST_SKIP() << "this compiler emits no STB_GNU_UNIQUE";
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_TRUE(log.contains("STB_GNU_UNIQUE symbol")) << log.all();
  EXPECT_TRUE(log.contains("-fno-gnu-unique")) << log.all();
  ASSERT_TRUE(host->unload("answer").ok());
  EXPECT_TRUE(log.contains("stays mapped after dlclose")) << log.all();
}

TEST_F(HostTest, CogsBuiltLikeHotcogAddCogHaveNoGnuUniqueSymbols) {
  EXPECT_EQ(hotcog::rt::probe_elf_file(TEST_COG_ANSWER_V1).gnu_unique_symbol, "");
  ASSERT_TRUE(host->load("answer").ok());
  EXPECT_FALSE(log.contains("STB_GNU_UNIQUE")) << log.all();
}

TEST_F(HostTest, DestroyingTheHostUnloadsEveryCog) {
  ASSERT_TRUE(host->add_cog("registers", TEST_COG_REGISTERS).ok());
  ASSERT_TRUE(host->load_all().ok());
  EXPECT_EQ(registry.names().size(), 5u);
  host.reset();
  EXPECT_TRUE(registry.names().empty());
}

TEST_F(HostTest, LoadAllReportsFailuresAndLoadsTheRest) {
  ASSERT_TRUE(host->add_cog("broken", TEST_COG_THROWS).ok());
  const hotcog::Status s = host->load_all();
  EXPECT_EQ(s.kind, ErrorKind::SetupFailed);
  EXPECT_NE(s.message.find("broken"), std::string::npos) << s.message;
  EXPECT_TRUE(info("answer")->loaded);
  EXPECT_EQ(registry.ask("count"), "1");
}

TEST_F(HostTest, CopiesLeftByDeadProcessesAreRemovedAtStart) {
  host.reset();
  const std::string images = dir.path() + "/hotcog/images";
  // pid 2^22+1 is above Linux's pid_max limit: certainly not running.
  const std::string dead = images + "/answer.4194305.7.so";
  const std::string alive = images + "/answer." + std::to_string(::getppid()) + ".7.so";
  std::ofstream(dead) << "x";
  std::ofstream(alive) << "x";
  host = make_host(false);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(alive));
}

TEST(HostManifest, CogsComeFromTheManifestInTheBuildDir) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/hotcog");
  const std::string image = dir.path() + "/libanswer.so";
  install(TEST_COG_ANSWER_V1, image);
  std::ofstream(dir.path() + "/hotcog/cogs.tsv")
      << "hotcog-cogs\t1\ncog\tanswer\tanswer\t" << image << "\nsrc\tanswer\t/src/answer.cpp\n";
  TestRegistry registry;
  LogCapture log;
  ::setenv("HOTCOG_BUILD_DIR", dir.path().c_str(), 1);
  {
    hotcog::HostOptions options;
    options.control_socket = false;
    options.log = log.sink();
    hotcog::Host host(options);  // build dir from $HOTCOG_BUILD_DIR
    ::unsetenv("HOTCOG_BUILD_DIR");
    EXPECT_EQ(host.build_dir(), dir.path());
    host.provide(test_cogs::Registry::kServiceName, &registry);
    ASSERT_EQ(host.cogs().size(), 1u);
    ASSERT_TRUE(host.load_all().ok()) << log.all();
    EXPECT_EQ(registry.ask("answer"), "v1");
  }
  EXPECT_TRUE(registry.names().empty());
}

TEST(HostManifest, CompiledDefaultIsUsedWithoutOptionOrEnvironment) {
  TempDir dir;
  LogCapture log;
  hotcog::HostOptions options;
  options.control_socket = false;
  options.log = log.sink();
  ::unsetenv("HOTCOG_BUILD_DIR");
  hotcog::Host host(options, dir.path().c_str());
  EXPECT_EQ(host.build_dir(), dir.path());
  EXPECT_TRUE(log.contains("no cog manifest")) << log.all();
}

}  // namespace
}  // namespace runtime_test
