// Hot patching: the running (old) image of a cog keeps its place in memory
// and every function of it that the new image also defines is redirected to
// the new one by a jump written over its entry (entry_jump.h). Live objects
// (their vtables point into the old image), function pointers the host
// stored, and old code still on a call stack all reach new code from their
// next call on; nothing is torn down or set up again. The cog's static and
// global variables keep their values: the old bytes are copied into the new
// image's variables, matched by symbol and size.
//
// Use (the host, at a safe point with every registered thread parked):
//   PatchPlan plan = plan_patch({old}, fresh, vars);   // any thread; reads files only
//   ... ThreadGate::try_quiesce() ...
//   PatchReport r = apply_patch(plan);                 // the only writes; all or nothing
//
// Matching. Functions and variables are matched by symbol name; a local
// symbol (hidden visibility turns most of a cog's symbols local) also by its
// translation unit (the STT_FILE before it), so `static int helper()` in
// a.cpp and in b.cpp pair up with their own new versions. A name still
// defined more than once in either image is ambiguous and skipped. Not
// redirected, and counted:
//  - entries with less room than the jump needs (room = up to the next
//    symbol or the section end, padding included): old code stays reachable
//    through them (listed in too_small, unless the new body is the same
//    bytes: then nothing differs);
//  - compiler-made parts and clones (`f.cold`, `f.constprop.0`, `f.isra.0`,
//    `f.part.0`: any name with a '.'): their calling convention is private to
//    one build, and only old code reaches them;
//  - the image's own life-cycle code: every entry of its .init_array and
//    .fini_array (static initializers, crtstuff's frame_dummy and
//    __do_global_dtors_aux, a sanitizer's module constructor and
//    destructor), _init and _fini, and by name the exit-time destructor
//    thunks (__tcf_N, __dtor_*) that __cxa_atexit calls: they act on THEIR
//    image (its __dso_handle, its objects, its sanitizer metadata);
//    redirected, dlclose of the old image would destroy the new image's
//    objects.
// The entry point hotcog_cog_descriptor is redirected like any function:
// harmless (the runtime reads the descriptor once, at load), and whoever
// calls the old entry again gets the running version's descriptor, whose
// hooks are the new functions -- the same ones the old hooks now jump to.
// Known limit of name matching: lambdas are named by their ordinal within
// the enclosing function, so inserting a lambda before another one in the
// same function pairs the old closure's code with a different new lambda.
//
// Variables. Only those the new image's layout manifest lists as trivially
// copyable are copied (a bytewise copy of a std::string would share, then
// double-free, its heap buffer, or point into the old object's SSO buffer);
// the others start from their new initial values and are reported by name.
// With a function-local static, its guard variable (_ZGV...) is copied too,
// so the new code does not initialize it again. A copied pointer may point
// into the old image (a string literal, a function): valid, since the old
// image stays mapped.
//
// Old code that stays reachable (entries listed in too_small, functions the
// new image does not define, frames already on a stack) works on the OLD
// image's variables, which stop being updated by the new code.
//
// Memory. A patched-over image must stay mapped: live objects use its
// vtables and type_info, copied pointers its data, and its redirected
// entries are how old function pointers reach new code. Each patch adds one
// image and copies-on-write the old images' code pages that hold a
// redirected entry (at most their text size). The host keeps them until the
// next full reload or unload of the cog, and forces a full reload after a
// bounded number of patches. Chains: when v2 replaces v1 and v3 replaces v2,
// pass {v1, v2} as old images: both are redirected straight to v3 (no jump
// chains), and the variables come from v2, the running one.
//
// Unloading: an old image's exit-time destructors run through its
// redirected entries (std::string's destructor, for one), so dlclose old
// images before the image they were redirected to (oldest first).
//
// Threads. apply_patch() must run while no thread can execute an old entry's
// first bytes (ThreadGate). x86 fetches the new bytes after the parked
// threads wake through a futex (a serializing system call).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "entry_jump.h"

namespace hotcog::rt {

struct PatchImage {
  void* handle = nullptr;  // from dlopen; its base is read with dlinfo(RTLD_DI_LINKMAP)
  std::string path;        // the file that was dlopen'ed (its symbols are read from it)
};

// One `var` line of the new image's layout manifest.
struct PatchVar {
  std::string symbol;  // linker name, e.g. _ZL7counter
  uint64_t size = 0;   // bytes
  bool trivially_copyable = false;
  std::string name;  // qualified name, for the report
};

struct PatchReport {
  struct NotKept {
    std::string name;
    std::string reason;
  };
  // Empty: applied (after plan_patch: ready to apply). Otherwise nothing was
  // written to either image.
  std::string error;
  // Applied, but a code page could not be made R+X again (it stays writable).
  std::string warning;
  size_t redirected = 0;  // entries now jumping into the new image (aliases count once)
  size_t near_jumps = 0;  // of which 5-byte jumps
  size_t far_jumps = 0;   // of which 14-byte jumps
  std::vector<std::string> too_small;  // no room for a jump: old code stays reachable
  // No room for a jump, but the new body is the same few bytes (an empty
  // function is one `ret`; clang packs those without padding): nothing to do.
  size_t too_small_unchanged = 0;
  std::vector<std::string> ambiguous;  // defined more than once in an image
  size_t not_in_new = 0;               // old functions the new image does not define
  size_t not_patchable = 0;            // compiler clones and life-cycle code, see above
  std::vector<std::string> vars_kept;  // names of the variables whose values were copied
  std::vector<NotKept> vars_not_kept;
  std::chrono::nanoseconds plan_time{0};   // reading symbols and matching (no pause needed)
  std::chrono::nanoseconds apply_time{0};  // the writes: the pause at the safe point
  bool ok() const { return error.empty(); }
};

struct PatchPlan {
  struct Copy {
    uintptr_t from, to;
    size_t size;
  };
  std::vector<EntryJump> jumps;  // sorted by address
  std::vector<Copy> copies;      // old variable -> new variable
  PatchReport report;
};

// A plan is valid until one of its images is patched again or closed;
// apply_patch() refuses one whose old entries no longer hold the bytes it
// planned over.
//
// Reads the images' symbol tables, checks that each file is the image loaded
// at its handle (GNU build-id, else the address of .dynamic), and computes
// every write. Writes no memory of either image (reads the old entries).
// `old_images`: the running
// image last, images it replaced by earlier patches before it (all of them
// are redirected; the variables come from the last).
PatchPlan plan_patch(const std::vector<PatchImage>& old_images, const PatchImage& new_image,
                     const std::vector<PatchVar>& vars);

// Copies the variables and writes the jumps. On error (a plan that failed, a
// stale plan, or a code page that could not be made writable) nothing is
// written.
PatchReport apply_patch(const PatchPlan& plan);

// Both, one after the other.
PatchReport patch_image(const std::vector<PatchImage>& old_images, const PatchImage& new_image,
                        const std::vector<PatchVar>& vars);

}  // namespace hotcog::rt
