// 1,000 reloads and 1,000 hot patches through the background thread and
// poll(): memory and file descriptors must not grow (every copy is dlclose'd
// and deleted, every context freed), every request gets its result, and
// /proc/self/maps shows only the images that are live. Not a timing test.
//
// Memory: RSS, except under ASan, whose quarantine grows RSS on purpose;
// there the heap in use (allocated and not freed, quarantine excluded) is
// what must not grow. Under TSan neither says anything useful.
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <set>

#include "host_fixture.hpp"
#include "patch_rebuild.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#elif __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#if defined(UNDER_ASAN)
// From <sanitizer/allocator_interface.h>, which GCC's packages do not always
// ship; the ASan runtime exports it.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace runtime_test {
namespace {

[[maybe_unused]] long resident_kib() {  // unused under sanitizers
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 20, '\n');
  }
  return -1;
}

// The memory figure that must not grow, in KiB (-1: none is meaningful).
long memory_kib() {
#if defined(UNDER_ASAN)
  return static_cast<long>(__sanitizer_get_current_allocated_bytes() / 1024);
#elif defined(UNDER_TSAN)
  return -1;
#else
  return resident_kib();
#endif
}

const char* memory_name() {
#if defined(UNDER_ASAN)
  return "heap in use";
#elif defined(UNDER_TSAN)
  return "memory (not measured under TSan)";
#else
  return "RSS";
#endif
}

void expect_bounded_growth(long before, long after) {
  if (before < 0) return;
  EXPECT_LE(after - before, 1024) << memory_name() << " grew";
}

// The distinct image copies of `images` that /proc/self/maps shows.
std::set<std::string> mapped_images(const std::string& images) {
  std::set<std::string> mapped;
  for (const std::string& line : mappings_containing(images)) mapped.insert(line.substr(line.find(images)));
  return mapped;
}

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

using Soak = HostFixture;

TEST_F(Soak, ThousandReloadsLeakNeitherMemoryNorDescriptors) {
  // Without the static-constructor probe: it forks per image (slow under
  // ASan) and has its own tests; the soak is about what reloads leave behind.
  host.reset();
  host = make_host(/*control_socket=*/false, /*isolate_static_init=*/false);
  ASSERT_TRUE(host->load("answer").ok());
  const std::string images = dir.path() + "/hotcog/images";
  auto reload_once = [&](int i) {
    install(i % 2 ? TEST_COG_ANSWER_V1 : TEST_COG_ANSWER_V2, image);
    host->request_reload("answer");
    const std::vector<hotcog::ReloadResult> r = poll_until_applied(*host);
    ASSERT_EQ(r.size(), 1u);
    ASSERT_TRUE(r[0].status.ok()) << r[0].status.message;
  };
  // Warm up: allocator arenas, the loader's caches, the socket-less worker.
  for (int i = 0; i < 50; ++i) reload_once(i);
  const long mem_before = memory_kib();
  const int fds_before = count_open_fds();
  for (int i = 0; i < 1000; ++i) {
    reload_once(i);
    if (HasFatalFailure()) return;
  }
  // Retired images are closed on the background thread; let it catch up.
  for (int i = 0; i < 500 && files_in(images) > 1; ++i) ::usleep(2000);
  const long mem_after = memory_kib();
  const int fds_after = count_open_fds();
  std::printf("soak: %s %ld KiB -> %ld KiB (%+ld KiB) over 1000 reloads, fds %d -> %d\n",
              memory_name(), mem_before, mem_after, mem_after - mem_before, fds_before, fds_after);
  expect_bounded_growth(mem_before, mem_after);
  EXPECT_EQ(fds_after, fds_before);
  EXPECT_EQ(files_in(images), 1u);
  EXPECT_EQ(mapped_images(images).size(), 1u) << "only the running image may be mapped";
  EXPECT_EQ(info("answer")->version, 1051u);
}

// Hot patches keep the images they patched over mapped (their entries jump
// into the newest image, and old function pointers may still reach them):
// a version holds at most 16 images, then the next reload is a full one and
// frees them. The other images the runtime keeps on purpose
// (image_retention.h, up to max_retained_images): after a full reload, those
// defining dynamic classes derived from a type the host knows, since the
// host may hold such an object. This host has no layout manifest, so it
// knows no types and retains none: at any moment exactly the running
// version's chain may be mapped, and nothing else.
#if defined(UNDER_TSAN)
// TSan (runtime tests only, for races) measures nothing here and runs the
// patch path ~5x slower: fewer rounds still cross the chain limit often.
constexpr int kPatches = 200;
#else
constexpr int kPatches = 1000;
#endif

TEST(SoakPatches, ThousandHotPatchesMapOnlyTheLiveChain) {
  TempDir dir;
  LogCapture log;
  const std::string image = dir.path() + "/libshapes.so";
  const std::string images = dir.path() + "/hotcog/images";
  rebuild(TEST_COG_PATCH_V1, image, patch_manifest());
  hotcog::HostOptions options;
  options.build_dir = dir.path();
  options.control_socket = false;
  // The static-constructor probe forks per image (slow under ASan) and has
  // its own tests; the soak is about what reloads and patches leave behind.
  options.isolate_static_init = false;
  options.log = log.sink();
  hotcog::Host host(options);
  ASSERT_TRUE(host.add_cog("shapes", image).ok());
  ASSERT_TRUE(host.load("shapes").ok()) << log.all();

  size_t chain = 1;  // images of the running version
  int patches = 0, full = 0, requests = 0;
  auto reload_once = [&] {
    rebuild(requests % 2 ? TEST_COG_PATCH_V1 : TEST_COG_PATCH_V2, image, patch_manifest());
    ++requests;
    host.request_reload("shapes");
    const std::vector<hotcog::ReloadResult> r = poll_until_applied(host);
    ASSERT_EQ(r.size(), 1u) << "request " << requests << " got no result";
    ASSERT_TRUE(r[0].status.ok()) << r[0].status.message;
    if (r[0].action == hotcog::ReloadAction::Patched) {
      ++patches;
      ++chain;
    } else {
      ASSERT_EQ(r[0].action, hotcog::ReloadAction::Reloaded) << r[0].reason;
      ++full;
      chain = 1;
    }
  };
  // Memory is compared at the same point of the patch cycle, right after a
  // full reload: each patch in a chain keeps one more image (and its
  // loader bookkeeping) until the next full reload frees them.
  auto on_to_full_reload = [&] {
    while (chain != 1 && !::testing::Test::HasFatalFailure()) reload_once();
    for (int i = 0; i < 500 && files_in(images) > 1; ++i) ::usleep(2000);
  };
  for (int i = 0; i < 50; ++i) reload_once();  // warm-up, as above
  on_to_full_reload();
  if (::testing::Test::HasFatalFailure()) return;
  const long mem_before = memory_kib();
  const int fds_before = count_open_fds();
  const int patches_before = patches;
  while (patches - patches_before < kPatches) {
    reload_once();
    if (::testing::Test::HasFatalFailure()) return;
  }
  for (int i = 0; i < 500 && files_in(images) > chain; ++i) ::usleep(2000);
  const size_t chain_now = chain;
  EXPECT_LE(chain_now, 16u);
  EXPECT_EQ(mapped_images(images).size(), chain_now) << "only the running chain may be mapped";
  EXPECT_EQ(files_in(images), chain_now);
  EXPECT_EQ(host.cogs().front().version, static_cast<unsigned>(requests + 1));
  on_to_full_reload();
  if (::testing::Test::HasFatalFailure()) return;
  const long mem_after = memory_kib();
  const int fds_after = count_open_fds();
  std::printf("soak: %s %ld KiB -> %ld KiB (%+ld KiB) over %d patches and %d full reloads "
              "(both right after a full reload), fds %d -> %d, %zu images mapped before the last\n",
              memory_name(), mem_before, mem_after, mem_after - mem_before,
              patches - patches_before, full, fds_before, fds_after, chain_now);
  expect_bounded_growth(mem_before, mem_after);
  EXPECT_EQ(fds_after, fds_before);
  EXPECT_GT(full, 0) << "the patch chain limit never forced a full reload";
  EXPECT_EQ(mapped_images(images).size(), 1u);
}

}  // namespace
}  // namespace runtime_test
