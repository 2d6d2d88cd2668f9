#include "entry_jump.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace hotcog::rt {
namespace {

std::string describe_mprotect(uintptr_t begin, uintptr_t end, const char* what) {
  char buf[96];
  std::snprintf(buf, sizeof buf,
                "mprotect(%#lx, %lu bytes, %s) failed: ", static_cast<unsigned long>(begin),
                static_cast<unsigned long>(end - begin), what);
  return buf + std::string(std::strerror(errno));
}

}  // namespace

EntryJump encode_entry_jump(uintptr_t at, uintptr_t to) {
  EntryJump j;
  j.at = at;
  j.to = to;
  const int64_t rel = static_cast<int64_t>(to - (at + kNearJumpSize));
  if (rel >= INT32_MIN && rel <= INT32_MAX) {
    const int32_t rel32 = static_cast<int32_t>(rel);
    j.size = kNearJumpSize;
    j.bytes[0] = 0xe9;  // jmp rel32
    std::memcpy(j.bytes + 1, &rel32, sizeof rel32);
  } else {
    j.size = kFarJumpSize;
    const uint8_t jmp_rip[6] = {0xff, 0x25, 0, 0, 0, 0};  // jmp *0(%rip)
    std::memcpy(j.bytes, jmp_rip, sizeof jmp_rip);
    const uint64_t target = to;
    std::memcpy(j.bytes + sizeof jmp_rip, &target, sizeof target);
  }
  return j;
}

CodeWriteWindow::CodeWriteWindow(const std::vector<EntryJump>& jumps) : jumps_(jumps) {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (const EntryJump& j : jumps_) {
    const uintptr_t begin = j.at & ~(page - 1);
    const uintptr_t end = (j.at + j.size + page - 1) & ~(page - 1);
    if (!runs_.empty() && begin <= runs_.back().end)
      runs_.back().end = std::max(runs_.back().end, end);
    else
      runs_.push_back({begin, end});
  }
}

CodeWriteWindow::~CodeWriteWindow() { close(nullptr); }

bool CodeWriteWindow::open(std::string* error) {
  for (; opened_ < runs_.size(); ++opened_) {
    void* begin = reinterpret_cast<void*>(runs_[opened_].begin);
    const size_t len = runs_[opened_].end - runs_[opened_].begin;
    if (::mprotect(begin, len, PROT_READ | PROT_WRITE | PROT_EXEC) == 0) continue;
    if (errno == EACCES && ::mprotect(begin, len, PROT_READ | PROT_WRITE) == 0) continue;
    *error = describe_mprotect(runs_[opened_].begin, runs_[opened_].end, "read/write");
    close(nullptr);
    return false;
  }
  return true;
}

void CodeWriteWindow::write() {
  for (const EntryJump& j : jumps_) {
    std::memcpy(reinterpret_cast<void*>(j.at), j.bytes, j.size);
    // A no-op on x86 (coherent instruction cache), kept for what it says.
    __builtin___clear_cache(reinterpret_cast<char*>(j.at), reinterpret_cast<char*>(j.at + j.size));
  }
}

bool CodeWriteWindow::close(std::string* error) {
  bool ok = true;
  for (size_t k = 0; k < opened_; ++k) {
    void* begin = reinterpret_cast<void*>(runs_[k].begin);
    if (::mprotect(begin, runs_[k].end - runs_[k].begin, PROT_READ | PROT_EXEC) != 0 && ok) {
      ok = false;
      if (error) *error = describe_mprotect(runs_[k].begin, runs_[k].end, "read/exec");
    }
  }
  opened_ = 0;
  return ok;
}

}  // namespace hotcog::rt
