// The jump encodings, executed: a near jump between two functions of this
// binary, and a far jump from a page mapped more than 2 GiB away.
#include "entry_jump.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>

namespace runtime_test {
namespace {

using hotcog::rt::encode_entry_jump;
using hotcog::rt::EntryJump;

__attribute__((noinline)) int jump_target() { return 42; }

// An executable page at least 4 GiB away from `near`, or nullptr.
void* far_page(uintptr_t near) {
  const size_t page = 4096;
  for (uintptr_t hint :
       {near + (uintptr_t(8) << 30), near - (uintptr_t(8) << 30), uintptr_t(1) << 44}) {
    void* p = ::mmap(reinterpret_cast<void*>(hint & ~(page - 1)), page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) continue;
    const uintptr_t at = reinterpret_cast<uintptr_t>(p);
    if ((at > near ? at - near : near - at) > (uintptr_t(4) << 30)) return p;
    ::munmap(p, page);
  }
  return nullptr;
}

TEST(PatcherJump, NearJumpIsJmpRel32) {
  const EntryJump j = encode_entry_jump(0x10000, 0x20000);
  ASSERT_EQ(j.size, 5u);
  EXPECT_EQ(j.bytes[0], 0xe9);
  int32_t rel;
  std::memcpy(&rel, j.bytes + 1, 4);
  EXPECT_EQ(rel, 0x20000 - 0x10005);
  EXPECT_EQ(encode_entry_jump(0x20000, 0x10000).size, 5u);  // backwards
  EXPECT_EQ(encode_entry_jump(0x10000, 0x10000 + 5 + 0x7fffffffull).size, 5u);
  EXPECT_EQ(encode_entry_jump(0x10000, 0x10000 + 5 + 0x80000000ull).size, 14u);
}

TEST(PatcherJump, FarJumpRunsTheTarget) {
  const uintptr_t target = reinterpret_cast<uintptr_t>(&jump_target);
  void* page = far_page(target);
  if (!page) GTEST_SKIP() << "could not map a page 4 GiB away";
  const EntryJump j = encode_entry_jump(reinterpret_cast<uintptr_t>(page), target);
  ASSERT_EQ(j.size, 14u);
  EXPECT_EQ(j.bytes[0], 0xff);
  EXPECT_EQ(j.bytes[1], 0x25);
  std::memcpy(page, j.bytes, j.size);
  ASSERT_EQ(::mprotect(page, 4096, PROT_READ | PROT_EXEC), 0);
  EXPECT_EQ(reinterpret_cast<int (*)()>(page)(), 42);
  ::munmap(page, 4096);
}

}  // namespace
}  // namespace runtime_test
