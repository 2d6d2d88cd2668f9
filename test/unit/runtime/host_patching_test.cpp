// Hot patching through the Host: real test cogs (patch_v1/v2, test/cogs),
// real dlopen, real entry jumps, layout manifests written beside the images
// the way the build writes them. The patcher's own tests (patcher_test.cpp)
// cover the mechanics; these cover the decisions and the host's path:
// guard -> plan (background) -> worker threads parked -> patch at poll().
#include <dlfcn.h>
#include <poll.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <hotcog/host.hpp>

#include "test_cogs/patch_api.hpp"
#include "busy_worker.hpp"
#include "patch_rebuild.hpp"
#include "socket_client.hpp"
#include "test_support.hpp"

namespace runtime_test {
namespace {

// The API table of the version of `cog` the host has loaded most recently.
const test_cogs::PatchApi* loaded_api(const std::string& images_dir, const std::string& cog) {
  std::string newest;
  for (const std::string& line : mappings_containing(images_dir + "/" + cog + "."))
    newest = line.substr(line.find(images_dir));
  if (newest.empty()) return nullptr;
  void* handle = ::dlopen(newest.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!handle) return nullptr;
  auto api = reinterpret_cast<const test_cogs::PatchApi* (*)()>(::dlsym(handle, TEST_COGS_PATCH_API_NAME));
  ::dlclose(handle);  // the host's reference keeps it loaded
  return api ? api() : nullptr;
}

class HostPatching : public ::testing::Test {
 protected:
  std::unique_ptr<hotcog::Host> start(bool hot_patching = true, bool control_socket = false) {
    hotcog::HostOptions options;
    options.build_dir = dir.path();
    options.control_socket = control_socket;
    options.hot_patching = hot_patching;
    options.log = log.sink();
    auto host = std::make_unique<hotcog::Host>(options);
    for (const char* cog : {"shapes", "other"}) {
      const std::string image = dir.path() + "/lib" + cog + ".so";
      rebuild(TEST_COG_PATCH_V1, image, patch_manifest());
      EXPECT_TRUE(host->add_cog(cog, image).ok());
    }
    EXPECT_TRUE(host->load("shapes").ok()) << log.all();
    return host;
  }
  hotcog::ReloadResult reload(hotcog::Host& host, const std::string& cog) {
    host.request_reload(cog);
    std::vector<hotcog::ReloadResult> results = poll_until_applied(host);
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? hotcog::ReloadResult{} : results.front();
  }
  std::string images() const { return dir.path() + "/hotcog/images"; }
  std::string image(const char* cog) const { return dir.path() + "/lib" + cog + ".so"; }

  TempDir dir;
  LogCapture log;
};

TEST_F(HostPatching, BodyEditIsPatchedAndLiveStateReachesNewCode) {
  auto host = start();
  const test_cogs::PatchApi* v1 = loaded_api(images(), "shapes");
  ASSERT_NE(v1, nullptr);
  EXPECT_EQ(v1->tick(), 1);
  EXPECT_EQ(v1->tick(), 2);
  EXPECT_EQ(v1->local_tick(), 101);
  std::unique_ptr<test_cogs::Shape> shape(v1->make_shape(2, 3));  // v1's vtable
  auto tick_pointer = v1->tick;  // a function pointer the host stored

  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  const hotcog::ReloadResult r = reload(*host, "shapes");
  ASSERT_TRUE(r.status.ok()) << r.status.message;
  EXPECT_EQ(r.action, hotcog::ReloadAction::Patched) << r.reason;
  EXPECT_EQ(r.version, 2u);
  // Statics kept, old pointers and old objects run the new code.
  EXPECT_EQ(tick_pointer(), 3);
  EXPECT_EQ(v1->local_tick(), 102);
  EXPECT_EQ(v1->version(), 2);
  EXPECT_EQ(shape->version(), 2);
  EXPECT_EQ(shape->area(), 6 + 2000);
  // The std::string global is not copied, and the result says so.
  EXPECT_NE(r.reason.find("patch_cog::greeting"), std::string::npos) << r.reason;
  // Both images stay mapped while this version runs.
  EXPECT_EQ(mappings_containing(images() + "/shapes.").empty(), false);
  EXPECT_EQ(host->cogs().front().version, 2u);
}

TEST_F(HostPatching, DisabledPatchingIsAFullReloadThatSaysWhy) {
  auto host = start(/*hot_patching=*/false);
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  const hotcog::ReloadResult r = reload(*host, "shapes");
  ASSERT_TRUE(r.status.ok()) << r.status.message;
  EXPECT_EQ(r.action, hotcog::ReloadAction::Reloaded);
  EXPECT_NE(r.reason.find("hot patching disabled in the host"), std::string::npos) << r.reason;
}

// The tool's hot_patching setting reaches a host it did not start through the
// request (docs/control-protocol.md): --no-patch holds for that request only.
TEST_F(HostPatching, NoPatchRequestIsAFullReloadOnlyForThatRequest) {
  auto host = start(/*hot_patching=*/true, /*control_socket=*/true);
  SocketClient c(dir.path() + "/hotcog/control.sock");
  ASSERT_TRUE(c.connected()) << log.all();

  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  c.send("hotcog/1 reload --no-patch shapes\n");
  std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].action, hotcog::ReloadAction::Reloaded) << results[0].reason;
  EXPECT_NE(results[0].reason.find("hot patching disabled by the request"), std::string::npos)
      << results[0].reason;
  EXPECT_NE(c.read_line().find("\"action\":\"reloaded\""), std::string::npos);

  rebuild(TEST_COG_PATCH_V1, image("shapes"), patch_manifest());
  c.send("hotcog/1 reload shapes\n");
  results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].action, hotcog::ReloadAction::Patched) << results[0].reason;
  EXPECT_NE(c.read_line().find("\"action\":\"patched\""), std::string::npos);
}

TEST_F(HostPatching, EnvironmentVariableDisablesPatching) {
  ::setenv("HOTCOG_ENABLE_HOT_PATCHING", "0", 1);
  auto host = start();
  ::unsetenv("HOTCOG_ENABLE_HOT_PATCHING");
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  const hotcog::ReloadResult r = reload(*host, "shapes");
  EXPECT_EQ(r.action, hotcog::ReloadAction::Reloaded) << r.reason;
}

TEST_F(HostPatching, PrivateLayoutChangeIsAFullReload) {
  auto host = start();
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest(/*shape_size=*/24));
  const hotcog::ReloadResult r = reload(*host, "shapes");
  ASSERT_TRUE(r.status.ok()) << r.status.message;
  EXPECT_EQ(r.action, hotcog::ReloadAction::Reloaded);
  EXPECT_NE(r.reason.find("layout of 'test_cogs::Shape' changed (patch_api.hpp:11): size 16 -> 24"),
            std::string::npos)
      << r.reason;
}

TEST_F(HostPatching, ChangeOfATypeAnotherRunningCogUsesIsRefusedBeforeAnyCodeRuns) {
  auto host = start();
  ASSERT_TRUE(host->load("other").ok());
  const test_cogs::PatchApi* before = loaded_api(images(), "shapes");
  ASSERT_NE(before, nullptr);
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest(/*shape_size=*/24));
  const hotcog::ReloadResult r = reload(*host, "shapes");
  EXPECT_EQ(r.status.kind, hotcog::ErrorKind::LayoutRefused);
  EXPECT_EQ(r.action, hotcog::ReloadAction::Refused);
  EXPECT_NE(r.status.message.find("also used by running cog 'other'"), std::string::npos)
      << r.status.message;
  EXPECT_EQ(r.version, 1u);
  // Never opened: only v1's copy is mapped, and the old code still runs.
  EXPECT_EQ(loaded_api(images(), "shapes"), before);
  EXPECT_EQ(before->version(), 1);
}

// Rebuilds `image` as v2 and requests the reload of shapes while `worker`
// is busy: poll() defers it for a while; then the worker reaches its safe
// point. The one result must say that it waited.
hotcog::ReloadResult reload_past(hotcog::Host& host, BusyWorker& worker, const std::string& image) {
  rebuild(TEST_COG_PATCH_V2, image, patch_manifest());
  host.request_reload("shapes");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < deadline) EXPECT_TRUE(host.poll().empty());
  worker.leave();  // the worker reaches its safe point: wait_fd wakes the host
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(host);
  EXPECT_EQ(results.size(), 1u);
  if (results.empty()) return {};
  EXPECT_NE(results[0].reason.find("applied after waiting"), std::string::npos) << results[0].reason;
  return results[0];
}

TEST_F(HostPatching, PatchWaitsForABusyWorkerThreadThenApplies) {
  auto host = start();
  BusyWorker worker(*host);
  const hotcog::ReloadResult r = reload_past(*host, worker, image("shapes"));
  EXPECT_EQ(r.action, hotcog::ReloadAction::Patched) << r.status.message;
  EXPECT_NE(log.all().find("shapes: waiting for 1 worker thread to reach a safe point"),
            std::string::npos)
      << log.all();
}

// A full reload unmaps the old image: a thread inside it must be out first.
TEST_F(HostPatching, FullReloadAlsoWaitsForABusyWorkerThread) {
  auto host = start(/*hot_patching=*/false);
  BusyWorker worker(*host);
  const hotcog::ReloadResult r = reload_past(*host, worker, image("shapes"));
  EXPECT_EQ(r.action, hotcog::ReloadAction::Reloaded) << r.status.message;
  EXPECT_NE(r.reason.find("hot patching disabled in the host"), std::string::npos) << r.reason;
}

// A first load replaces no code: it never waits for worker threads.
TEST_F(HostPatching, FirstLoadDoesNotWaitForWorkerThreads) {
  auto host = start();
  BusyWorker worker(*host);
  host->request_reload("other");
  const std::vector<hotcog::ReloadResult> results = poll_until_applied(*host);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].action, hotcog::ReloadAction::Loaded) << results[0].status.message;
  EXPECT_EQ(results[0].reason.find("waiting"), std::string::npos) << results[0].reason;
}

// The synchronous Host::reload()/unload() tear the running version down and
// unmap its image on the calling thread: they wait for worker threads like
// poll() does, blocking instead of deferring.
TEST_F(HostPatching, SynchronousReloadWaitsForABusyWorkerThread) {
  auto host = start();
  BusyWorker worker(*host);
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  LeaveLater later(worker, std::chrono::milliseconds(300));
  const hotcog::Status s = host->reload("shapes");
  EXPECT_TRUE(later.left()) << "reload() replaced the code under a busy worker thread";
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_NE(log.all().find("shapes: waiting for 1 worker thread to reach a safe point"),
            std::string::npos)
      << log.all();
  const test_cogs::PatchApi* v2 = loaded_api(images(), "shapes");
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->version(), 2);
}

TEST_F(HostPatching, SynchronousUnloadWaitsForABusyWorkerThread) {
  auto host = start();
  BusyWorker worker(*host);
  LeaveLater later(worker, std::chrono::milliseconds(300));
  const hotcog::Status s = host->unload("shapes");
  EXPECT_TRUE(later.left()) << "unload() unmapped the code under a busy worker thread";
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_FALSE(host->cogs().front().loaded);
  EXPECT_TRUE(mappings_containing(images() + "/shapes.").empty());
}

// The thread that reloads may be a registered one itself: it never waits for
// its own safe point (it is at one).
TEST_F(HostPatching, SynchronousReloadFromARegisteredThreadDoesNotWaitForItself) {
  auto host = start();
  hotcog::WorkerThread self = host->register_thread();
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  const hotcog::Status s = host->reload("shapes");
  ASSERT_TRUE(s.ok()) << s.message;
  EXPECT_EQ(log.all().find("waiting"), std::string::npos) << log.all();
  self.safe_point();  // nothing pending any more: returns at once
}

// A worker that never reaches its safe point: after the bound (5 s) the
// reload is refused with poll()'s text and the old version runs on.
TEST_F(HostPatching, SynchronousReloadIsRefusedWhenAWorkerNeverArrives) {
  auto host = start();
  const test_cogs::PatchApi* v1 = loaded_api(images(), "shapes");
  ASSERT_NE(v1, nullptr);
  BusyWorker worker(*host);
  rebuild(TEST_COG_PATCH_V2, image("shapes"), patch_manifest());
  const hotcog::Status s = host->reload("shapes");
  EXPECT_EQ(s.kind, hotcog::ErrorKind::TimedOut) << s.message;
  EXPECT_NE(s.message.find("shapes: reload failed: 1 worker thread did not reach a safe point "
                           "(hotcog::WorkerThread::safe_point) within 5 s"),
            std::string::npos)
      << s.message;
  EXPECT_NE(s.message.find("running version kept"), std::string::npos) << s.message;
  EXPECT_EQ(loaded_api(images(), "shapes"), v1);  // the new image was closed again
  EXPECT_EQ(v1->version(), 1);
  EXPECT_EQ(host->cogs().front().version, 1u);
  worker.leave();  // now it parks: the next attempt goes through
  const hotcog::Status again = host->reload("shapes");
  ASSERT_TRUE(again.ok()) << again.message;
  EXPECT_EQ(loaded_api(images(), "shapes")->version(), 2);
}

}  // namespace
}  // namespace runtime_test
