// x86-64 jumps written over function entries, and the page-protection dance
// around writing them.
//
// A redirected entry is a 5-byte `jmp rel32` when the target lies within
// +-2 GiB of the entry (the usual case: dlopen maps images next to each
// other), else the 14-byte `jmp *0(%rip); .quad target`, which needs no
// scratch register (the entry may be reached with every register live).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hotcog::rt {

inline constexpr size_t kNearJumpSize = 5;
inline constexpr size_t kFarJumpSize = 14;

struct EntryJump {
  uintptr_t at = 0;  // the old entry
  uintptr_t to = 0;  // the new function
  uint8_t size = 0;  // kNearJumpSize or kFarJumpSize
  uint8_t bytes[kFarJumpSize] = {};
  // What the first `size` bytes at `at` held when the jump was planned
  // (filled by the patcher): a plan whose code changed since is stale.
  uint8_t planned_over[kFarJumpSize] = {};
};

// The shortest jump placed at `at` that continues at `to`.
EntryJump encode_entry_jump(uintptr_t at, uintptr_t to);

// Makes the code pages under a set of jumps writable, writes the jumps, and
// makes the pages R+X again (code pages of a shared object are R+X; writing
// copies them privately, copy-on-write). Opening is all or nothing: if one
// mprotect fails, the pages already changed are restored and nothing is
// written. W^X systems that refuse RWX get RW while the writes happen.
//
// Nothing may execute the affected pages between open() and close(): the
// caller has every thread that runs this code parked (ThreadGate).
class CodeWriteWindow {
 public:
  // `jumps` sorted by address, not overlapping.
  explicit CodeWriteWindow(const std::vector<EntryJump>& jumps);
  ~CodeWriteWindow();
  CodeWriteWindow(const CodeWriteWindow&) = delete;
  CodeWriteWindow& operator=(const CodeWriteWindow&) = delete;

  bool open(std::string* error);
  void write();
  // Back to R+X; false (and *error) if a page could not be restored (it stays
  // writable; the jumps are in place and work).
  bool close(std::string* error);

 private:
  struct Run {
    uintptr_t begin, end;  // page aligned
  };
  const std::vector<EntryJump>& jumps_;
  std::vector<Run> runs_;
  size_t opened_ = 0;  // runs_[0, opened_) are writable now
};

}  // namespace hotcog::rt
