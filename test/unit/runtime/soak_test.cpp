// 1,000 reloads through the background thread and poll(): memory and file
// descriptors must not grow (every copy is dlclose'd and deleted, every
// context freed). Not a timing test.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "host_fixture.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

namespace runtime_test {
namespace {

long resident_kib() {
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
  const long rss_before = resident_kib();
  const int fds_before = count_open_fds();
  for (int i = 0; i < 1000; ++i) {
    reload_once(i);
    if (HasFatalFailure()) return;
  }
  // Retired images are closed on the background thread; let it catch up.
  for (int i = 0; i < 500 && files_in(images) > 1; ++i) ::usleep(2000);
  const long rss_after = resident_kib();
  const int fds_after = count_open_fds();
  std::printf("soak: RSS %ld KiB -> %ld KiB (%+ld KiB) over 1000 reloads, fds %d -> %d\n",
              rss_before, rss_after, rss_after - rss_before, fds_before, fds_after);
#if defined(UNDER_SANITIZER)
  // ASan's quarantine and TSan's shadow memory grow RSS on purpose; RSS says
  // nothing here (LeakSanitizer checks for leaks at exit instead).
  (void)rss_after;
#else
  EXPECT_LE(rss_after - rss_before, 1024);
#endif
  EXPECT_EQ(fds_after, fds_before);
  EXPECT_EQ(files_in(images), 1u);
  std::set<std::string> mapped;
  for (const std::string& line : mappings_containing(images)) mapped.insert(line.substr(line.find(images)));
  EXPECT_EQ(mapped.size(), 1u) << "only the running image may be mapped";
  EXPECT_EQ(info("answer")->version, 1051u);
}

}  // namespace
}  // namespace runtime_test
