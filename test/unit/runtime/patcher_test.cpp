// Hot patching real cog images: patch_v1 -> patch_v2 (-> patch_v3), each
// test with its own dlopen'ed copies, old pointers and objects kept across
// the patch.
#include "patcher.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "patch_cogs.hpp"
#include "test_support.hpp"
#include "thread_gate.h"

namespace runtime_test {
namespace {

using hotcog::rt::apply_patch;
using hotcog::rt::patch_image;
using hotcog::rt::PatchReport;
using hotcog::rt::plan_patch;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const PatchReport::NotKept* not_kept(const PatchReport& r, const std::string& name) {
  for (const auto& n : r.vars_not_kept)
    if (n.name == name) return &n;
  return nullptr;
}

class PatcherTest : public ::testing::Test {
 protected:
  TempDir dir;
  // Declared newest first: destroyed (dlclose'd) oldest first, see patcher.h.
  PatchCog v2{dir.path(), TEST_COG_PATCH_V2, "v2"};
  PatchCog v1{dir.path(), TEST_COG_PATCH_V1, "v1"};

  PatchReport patch_v1_to_v2() {
    PatchReport r = patch_image({v1.image()}, v2.image(), patch_cog_vars(2));
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.warning.empty()) << r.warning;
    return r;
  }
};

TEST_F(PatcherTest, StoredFunctionPointerRunsNewCode) {
  const test_cogs::PatchApi old = v1.api();  // pointers into v1, taken before the patch
  ASSERT_EQ(old.version(), 1);
  ASSERT_EQ(old.small(), 1);
  const PatchReport r = patch_v1_to_v2();
  EXPECT_EQ(old.version(), 2);
  EXPECT_EQ(old.small(), 2);  // 6 bytes of code: the padding after it holds the jump
  EXPECT_GT(r.redirected, 10u);
  EXPECT_EQ(r.redirected, r.near_jumps + r.far_jumps);
  EXPECT_TRUE(r.ambiguous.empty()) << r.ambiguous.front();
}

TEST_F(PatcherTest, ObjectCreatedByOldCodeCallsNewVirtualMethodAndKeepsItsFields) {
  std::unique_ptr<test_cogs::Shape> shape(v1.api().make_shape(3, 4));  // v1's vtable
  ASSERT_EQ(shape->version(), 1);
  ASSERT_EQ(shape->area(), 1012);
  patch_v1_to_v2();
  EXPECT_EQ(shape->version(), 2);
  EXPECT_EQ(shape->area(), 2012);  // v2 code reading the fields v1 code wrote
  EXPECT_EQ(shape->width, 3);
  EXPECT_EQ(shape->height, 4);
}  // deleted through v1's vtable: v1's deleting destructor jumps to v2's

TEST_F(PatcherTest, StaticsKeepTheirValues) {
  const test_cogs::PatchApi old = v1.api();
  EXPECT_EQ(old.tick(), 1);
  EXPECT_EQ(old.tick(), 2);
  EXPECT_EQ(old.tick(), 3);
  EXPECT_EQ(old.local_tick(), 101);  // initialized from first_local_value(): 100 * version
  EXPECT_EQ(old.local_tick(), 102);
  const PatchReport r = patch_v1_to_v2();
  EXPECT_TRUE(contains(r.vars_kept, "counter"));
  EXPECT_TRUE(contains(r.vars_kept, "local_tick()::calls"));
  EXPECT_EQ(v2.api().tick(), 4);  // v2 sees v1's counter
  EXPECT_EQ(old.tick(), 5);       // through v1's pointer, same variable
  // The guard was copied too: v2 does not initialize calls again (201).
  EXPECT_EQ(v2.api().local_tick(), 103);
  EXPECT_EQ(old.local_tick(), 104);
}

TEST_F(PatcherTest, VariablesThatCannotBeCopiedAreReportedWithTheReason) {
  const PatchReport r = patch_v1_to_v2();
  const auto* greeting = not_kept(r, "patch_cog::greeting");
  ASSERT_NE(greeting, nullptr);
  EXPECT_NE(greeting->reason.find("not trivially copyable"), std::string::npos) << greeting->reason;
  EXPECT_STREQ(v1.api().greeting(), "hello from v2");  // v2's own string, intact
  const auto* history = not_kept(r, "history");
  ASSERT_NE(history, nullptr);
  EXPECT_EQ(history->reason, "size changed: 8 -> 12 bytes");
  EXPECT_EQ(v1.api().history_size(), 3);
  EXPECT_EQ(r.vars_kept.size() + r.vars_not_kept.size(), patch_cog_vars(2).size());
}

TEST_F(PatcherTest, EntryWithoutRoomForAJumpIsSkipped) {
  const PatchReport r = patch_v1_to_v2();
  EXPECT_TRUE(contains(r.too_small, "patch_tiny"));
  EXPECT_FALSE(contains(r.too_small, "patch_tiny_same"));  // same 3 bytes in v2
  EXPECT_GE(r.too_small_unchanged, 1u);
  EXPECT_EQ(v1.api().tiny(), 1);  // 4 bytes: old code stays reachable, untouched
  EXPECT_EQ(v2.api().tiny(), 2);
}

TEST_F(PatcherTest, SameStaticNameInTwoFilesPairsWithItsOwnFile) {
  const uintptr_t helper_a = v1.address_of("_ZL6helperv", "patch_cog.cpp");
  const uintptr_t helper_b = v1.address_of("_ZL6helperv", "patch_cog_helper.cpp");
  ASSERT_EQ(reinterpret_cast<int (*)()>(helper_a)(), 11);
  ASSERT_EQ(reinterpret_cast<int (*)()>(helper_b)(), 21);
  const PatchReport r = patch_v1_to_v2();
  EXPECT_FALSE(contains(r.ambiguous, "_ZL6helperv"));
  EXPECT_EQ(reinterpret_cast<int (*)()>(helper_a)(), 12);
  EXPECT_EQ(reinterpret_cast<int (*)()>(helper_b)(), 22);
}

TEST_F(PatcherTest, DescriptorEntryPointIsRedirected) {
  using Entry = const void* (*)();
  const auto old_entry = reinterpret_cast<Entry>(::dlsym(v1.handle(), "hotcog_cog_descriptor"));
  const auto new_entry = reinterpret_cast<Entry>(::dlsym(v2.handle(), "hotcog_cog_descriptor"));
  ASSERT_NE(old_entry(), new_entry());
  patch_v1_to_v2();
  EXPECT_EQ(old_entry(), new_entry());
}

TEST_F(PatcherTest, LifeCycleCodeIsNotRedirected) {
  // crtstuff's destructor runner (by .fini_array and by name) and a
  // __attribute__((constructor)) with an ordinary name (by .init_array only).
  const uintptr_t entries[] = {v1.address_of("__do_global_dtors_aux"),
                               v1.address_of("_ZL21patch_cog_constructorv")};
  std::vector<std::string> before;
  for (uintptr_t at : entries) before.emplace_back(reinterpret_cast<const char*>(at), 16);
  const PatchReport r = patch_v1_to_v2();
  EXPECT_GE(r.not_patchable, 6u);  // crtstuff, _init, _fini, the constructors
  for (size_t i = 0; i < before.size(); ++i)
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(entries[i]), 16), before[i]) << i;
}

TEST_F(PatcherTest, PlanWritesNothingAndApplyWritesIt) {
  const std::string before = v1.snapshot();
  const auto plan = plan_patch({v1.image()}, v2.image(), patch_cog_vars(2));
  ASSERT_TRUE(plan.report.ok()) << plan.report.error;
  EXPECT_EQ(v1.snapshot(), before);
  EXPECT_EQ(v1.api().version(), 1);
  const PatchReport r = apply_patch(plan);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(v1.snapshot(), before);
  EXPECT_EQ(v1.api().version(), 2);
  EXPECT_GT(r.plan_time.count(), 0);
  EXPECT_GT(r.apply_time.count(), 0);
}

TEST(PatcherChain, APlanMadeBeforeAnotherPatchIsRefusedAsStale) {
  TempDir dir;
  PatchCog v3(dir.path(), TEST_COG_PATCH_V3, "v3");
  PatchCog v2(dir.path(), TEST_COG_PATCH_V2, "v2");
  PatchCog v1(dir.path(), TEST_COG_PATCH_V1, "v1");
  const auto to_v2 = plan_patch({v1.image()}, v2.image(), patch_cog_vars(2));
  const auto to_v3 = plan_patch({v1.image()}, v3.image(), patch_cog_vars(3));  // made too early
  ASSERT_TRUE(apply_patch(to_v2).ok());
  const std::string v1_after = v1.snapshot(), v3_before = v3.snapshot();
  const PatchReport r = apply_patch(to_v3);
  EXPECT_NE(r.error.find("stale plan"), std::string::npos) << r.error;
  EXPECT_EQ(v1.snapshot(), v1_after);
  EXPECT_EQ(v3.snapshot(), v3_before);
  EXPECT_EQ(v1.api().version(), 2);
}

TEST(PatcherChain, OldImagesAreRedirectedStraightToTheNewest) {
  TempDir dir;
  PatchCog v3(dir.path(), TEST_COG_PATCH_V3, "v3");
  PatchCog v2(dir.path(), TEST_COG_PATCH_V2, "v2");
  PatchCog v1(dir.path(), TEST_COG_PATCH_V1, "v1");
  const test_cogs::PatchApi api1 = v1.api(), api2 = v2.api();
  std::unique_ptr<test_cogs::Shape> shape(api1.make_shape(2, 5));
  EXPECT_EQ(api1.tick(), 1);
  ASSERT_TRUE(patch_image({v1.image()}, v2.image(), patch_cog_vars(2)).ok());
  EXPECT_EQ(api2.tick(), 2);
  const PatchReport r = patch_image({v1.image(), v2.image()}, v3.image(), patch_cog_vars(3));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(api1.version(), 3);
  EXPECT_EQ(api2.version(), 3);
  EXPECT_EQ(shape->version(), 3);
  EXPECT_EQ(shape->area(), 3010);
  EXPECT_EQ(v3.api().tick(), 3);  // the counter came from v2, the running image
  // v1's entry jumps into v3 itself, not through v2.
  const auto* entry = reinterpret_cast<const unsigned char*>(v1.address_of("_ZL7versionv"));
  ASSERT_EQ(entry[0], 0xe9);
  int32_t rel;
  std::memcpy(&rel, entry + 1, sizeof rel);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(entry) + 5 + rel, v3.address_of("_ZL7versionv"));
}

class PatcherFailure : public PatcherTest {
 protected:
  // Every failure: an error naming the cause, nothing written to either image.
  void expect_refused(const std::vector<hotcog::rt::PatchImage>& olds,
                      const hotcog::rt::PatchImage& fresh, const std::string& cause) {
    const std::string v1_before = v1.snapshot(), v2_before = v2.snapshot();
    const PatchReport r = patch_image(olds, fresh, patch_cog_vars(2));
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find(cause), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("nothing was patched"), std::string::npos) << r.error;
    EXPECT_EQ(r.redirected, 0u);
    EXPECT_EQ(v1.snapshot(), v1_before);
    EXPECT_EQ(v2.snapshot(), v2_before);
    EXPECT_EQ(v1.api().version(), 1);
  }
};

TEST_F(PatcherFailure, GarbageNewImageFile) {
  const std::string garbage = dir.path() + "/garbage.so";
  std::ofstream(garbage) << "\x7f"
                            "ELF but not really";
  expect_refused({v1.image()}, {v2.handle(), garbage}, garbage);
}

TEST_F(PatcherFailure, GarbageOldImageFile) {
  const std::string garbage = dir.path() + "/garbage.so";
  std::ofstream(garbage) << "garbage";
  expect_refused({{v1.handle(), garbage}}, v2.image(),
                 "old image " + garbage + ": not an ELF file");
}

TEST_F(PatcherFailure, FileIsNotTheLoadedImage) {
  // v2's handle with v1's file: the symbols would put every jump in the wrong place.
  expect_refused({v1.image()}, {v2.handle(), v1.path()}, "not the image loaded from");
}

TEST_F(PatcherFailure, NoHandle) {
  expect_refused({v1.image()}, {nullptr, v2.path()}, "not a loaded image");
}

TEST_F(PatcherFailure, SameImage) {
  expect_refused({v1.image()}, v1.image(), "are the same loaded image");
}

TEST_F(PatcherFailure, NoOldImage) {
  const PatchReport r = patch_image({}, v2.image(), {});
  EXPECT_NE(r.error.find("no running image"), std::string::npos) << r.error;
}

TEST(PatcherThreads, WorkerParkedAtItsSafePointRunsNewCodeAfterRelease) {
  TempDir dir;
  PatchCog v2(dir.path(), TEST_COG_PATCH_V2, "v2");
  PatchCog v1(dir.path(), TEST_COG_PATCH_V1, "v1");
  hotcog::rt::ThreadGate gate;
  std::atomic<bool> stop{false};
  std::atomic<int> last_seen{0}, calls{0};
  const auto version = v1.api().version;  // v1's pointer, as a host would keep it
  std::thread worker([&] {
    hotcog::WorkerThread self = gate.register_thread();
    while (!stop.load()) {
      self.safe_point();
      last_seen = version();  // cog code, never while a patch is written
      ++calls;
    }
  });
  while (calls.load() < 100) std::this_thread::yield();
  const bool quiesced = gate.try_quiesce(std::chrono::seconds(10));
  EXPECT_TRUE(quiesced);
  const int parked_at = calls.load();
  const PatchReport r = patch_image({v1.image()}, v2.image(), patch_cog_vars(2));
  EXPECT_EQ(calls.load(), parked_at);  // it did not move while the patch was written
  gate.release();
  EXPECT_TRUE(r.ok()) << r.error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (last_seen.load() != 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_EQ(last_seen.load(), 2);  // the parked worker continued with v2's code
  stop = true;
  worker.join();
}

TEST(PatcherThreads, PatchIsDeferredWhileAWorkerIsInsideALongCallThenApplied) {
  // The host's loop: try to quiesce with a small budget each poll(); patch
  // only when every registered thread is parked.
  TempDir dir;
  PatchCog v2(dir.path(), TEST_COG_PATCH_V2, "v2");
  PatchCog v1(dir.path(), TEST_COG_PATCH_V1, "v1");
  hotcog::rt::ThreadGate gate;
  std::mutex mu;
  std::condition_variable cv;
  bool in_call = false, finish_call = false;
  std::atomic<bool> stop{false};
  std::atomic<int> last_seen{0};
  const auto version = v1.api().version;
  std::thread worker([&] {
    hotcog::WorkerThread self = gate.register_thread();
    self.safe_point();
    {
      std::unique_lock<std::mutex> lock(mu);
      in_call = true;  // a long call into cog code: no safe point until it returns
      cv.notify_all();
      cv.wait(lock, [&] { return finish_call; });
    }
    while (!stop.load()) {
      self.safe_point();
      last_seen = version();
    }
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return in_call; });
  }
  const auto plan = plan_patch({v1.image()}, v2.image(), patch_cog_vars(2));
  ASSERT_TRUE(plan.report.ok()) << plan.report.error;
  for (int poll = 0; poll < 3; ++poll) {  // three polls defer the patch
    EXPECT_FALSE(gate.try_quiesce(std::chrono::milliseconds(5)));
  }
  EXPECT_EQ(gate.busy(), 1u);
  EXPECT_EQ(v1.api().version(), 1);  // nothing applied while deferred
  {
    std::lock_guard<std::mutex> lock(mu);
    finish_call = true;
    cv.notify_all();
  }
  const bool quiesced = gate.try_quiesce(std::chrono::seconds(10));
  EXPECT_TRUE(quiesced);
  if (quiesced) {
    EXPECT_TRUE(apply_patch(plan).ok());
  }
  gate.release();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (last_seen.load() != 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::yield();
  EXPECT_EQ(last_seen.load(), 2);
  stop = true;
  worker.join();
}

}  // namespace
}  // namespace runtime_test
