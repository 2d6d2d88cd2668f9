// `hotcog/1 manifest` end to end: a real Host re-reads a real cogs.tsv that
// changes under it (as a CMake re-run rewrites it) and follows it: new cogs
// become loadable, a moved output is read from its new path, and removed cogs
// are unloaded at poll() and no longer listed.
#include <poll.h>

#include <fstream>

#include "busy_worker.hpp"
#include "host_fixture.hpp"
#include "socket_client.hpp"

namespace runtime_test {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ManifestSync : public HostFixture {
 protected:
  void SetUp() override {
    HostFixture::SetUp();
    write_manifest({});
    host = make_host(/*control_socket=*/true);
    client = std::make_unique<SocketClient>(dir.path() + "/hotcog/control.sock");
  }

  // cogs.tsv listing `cogs` (name -> output), as hotcog_add_cog() writes it.
  void write_manifest(const std::vector<std::pair<std::string, std::string>>& cogs) {
    std::string text = "hotcog-cogs\t1\n";
    for (const auto& [name, output] : cogs) text += "cog\t" + name + "\t" + name + "\t" + output + "\n";
    std::ofstream(dir.path() + "/hotcog/cogs.tsv") << text;
  }

  // Sends `request` and runs the host's loop until its reply comes.
  std::string ask(const std::string& request) {
    client->send(request + "\n");
    for (int i = 0; i < 200; ++i) {
      pollfd p{host->wait_fd(), POLLIN, 0};
      ::poll(&p, 1, 50);
      for (const hotcog::ReloadResult& r : host->poll()) applied.push_back(r);
      if (std::string line = client->read_line(1); !line.empty()) return line;
    }
    return "";
  }

  std::unique_ptr<SocketClient> client;
  std::vector<hotcog::ReloadResult> applied;
};

TEST_F(ManifestSync, FollowsAddedMovedAndRemovedCogs) {
  const std::string late = dir.path() + "/liblate.so";
  install(TEST_COG_ANSWER_V1, late);
  EXPECT_TRUE(has(ask("hotcog/1 reload late"), "\"error\":\"unknown_cog\"")) << log.all();

  write_manifest({{"late", late}});
  std::string reply = ask("hotcog/1 manifest");
  EXPECT_EQ(reply, "{\"ok\":true,\"added\":[\"late\"],\"moved\":[],\"removed\":[],\"results\":[]}");
  reply = ask("hotcog/1 reload late");
  EXPECT_TRUE(has(reply, "\"cog\":\"late\",\"ok\":true,\"kind\":\"none\",\"action\":\"loaded\""))
      << reply;
  EXPECT_EQ(registry.ask("answer"), "v1");

  // Renamed output (OUTPUT_NAME changed): the next image comes from there.
  const std::string moved = dir.path() + "/liblate-renamed.so";
  install(TEST_COG_ANSWER_V2, moved);
  write_manifest({{"late", moved}});
  reply = ask("hotcog/1 manifest");
  EXPECT_EQ(reply, "{\"ok\":true,\"added\":[],\"moved\":[\"late\"],\"removed\":[],\"results\":[]}");
  reply = ask("hotcog/1 reload late");
  EXPECT_TRUE(has(reply, "\"action\":\"reloaded\"")) << reply;
  EXPECT_EQ(registry.ask("answer"), "v2");
  EXPECT_TRUE(has(ask("hotcog/1 list"), "\"output\":\"" + moved + "\"")) << log.all();

  // Removed: unloaded at the next poll(), gone from the listing, and unknown
  // to reload requests. "answer" came from add_cog() and stays.
  write_manifest({});
  applied.clear();
  reply = ask("hotcog/1 manifest");
  EXPECT_TRUE(has(reply, "\"removed\":[\"late\"],\"results\":[{\"cog\":\"late\",\"ok\":true,"
                         "\"kind\":\"none\",\"action\":\"unloaded\""))
      << reply;
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].action, hotcog::ReloadAction::Unloaded);
  EXPECT_EQ(registry.ask("answer"), "<none>");
  const std::string list = ask("hotcog/1 list");
  EXPECT_FALSE(has(list, "\"late\"")) << list;
  EXPECT_TRUE(has(list, "\"answer\"")) << list;
  EXPECT_TRUE(has(ask("hotcog/1 reload late"), "\"error\":\"unknown_cog\""));

  // Back again: loadable under its name.
  write_manifest({{"late", moved}});
  EXPECT_TRUE(has(ask("hotcog/1 manifest"), "\"added\":[\"late\"]"));
  EXPECT_TRUE(has(ask("hotcog/1 reload late"), "\"action\":\"loaded\""));
}

// Unloading a removed cog unmaps its code: poll() waits for a busy worker
// thread first (deferring, as for a reload), then unloads and replies.
TEST_F(ManifestSync, RemovedCogIsUnloadedOnlyAfterWorkerThreadsStop) {
  const std::string late = dir.path() + "/liblate.so";
  install(TEST_COG_ANSWER_V1, late);
  write_manifest({{"late", late}});
  ASSERT_TRUE(has(ask("hotcog/1 manifest"), "\"added\":[\"late\"]"));
  ASSERT_TRUE(has(ask("hotcog/1 reload late"), "\"action\":\"loaded\"")) << log.all();
  applied.clear();
  BusyWorker worker(*host);
  // Should an assertion end the test early, the Host goes first: its gate
  // lets the parked worker go, and ~BusyWorker can join it.
  struct HostFirst {
    std::unique_ptr<hotcog::Host>& host;
    ~HostFirst() { host.reset(); }
  } host_first{host};
  write_manifest({});
  client->send("hotcog/1 manifest\n");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{host->wait_fd(), POLLIN, 0};
    ::poll(&p, 1, 20);
    EXPECT_TRUE(host->poll().empty());
  }
  EXPECT_EQ(registry.ask("answer"), "v1") << "unloaded under a busy worker thread";
  EXPECT_TRUE(has(log.all(), "late: waiting for 1 worker thread to reach a safe point")) << log.all();
  worker.leave();
  for (int i = 0; i < 200 && applied.empty(); ++i) {
    pollfd p{host->wait_fd(), POLLIN, 0};
    ::poll(&p, 1, 50);
    for (const hotcog::ReloadResult& r : host->poll()) applied.push_back(r);
  }
  ASSERT_EQ(applied.size(), 1u) << log.all();
  EXPECT_EQ(applied[0].action, hotcog::ReloadAction::Unloaded) << applied[0].status.message;
  EXPECT_EQ(registry.ask("answer"), "<none>");
  EXPECT_TRUE(has(client->read_line(1000), "\"removed\":[\"late\"]"));
}

TEST_F(ManifestSync, UnreadableManifestIsAnErrorAndChangesNothing) {
  std::ofstream(dir.path() + "/hotcog/cogs.tsv") << "not a manifest\n";
  const std::string reply = ask("hotcog/1 manifest");
  EXPECT_TRUE(has(reply, "{\"ok\":false,\"error\":\"bad_manifest\"")) << reply;
  EXPECT_TRUE(has(reply, "cogs.tsv:1: not a hotcog cog manifest")) << reply;
  EXPECT_TRUE(has(ask("hotcog/1 list"), "\"answer\""));
  EXPECT_TRUE(has(ask("hotcog/1 manifest extra"), "\"error\":\"bad_request\""));
}

}  // namespace
}  // namespace runtime_test
