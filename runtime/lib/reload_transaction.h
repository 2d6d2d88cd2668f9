// Load, reload and unload of one cog as transactions, run on the host thread
// at its safe point. discord.py's extension semantics:
//
//   reload = save_state(old) -> teardown(old) -> undo(old) -> setup(new)
//   setup(new) threw or crashed -> undo(new) -> setup(old, saved state)
//
// The old image stays mapped until the new version's setup succeeded, so
// "rolling back" really runs the old code again. save_state failing aborts the
// reload before anything was torn down; since the running version's
// save_state would fail the same way every time (and no fix of the new
// version could get past it), the next reload of that cog goes ahead without
// calling it, so without state. Teardown and undo failures are logged and
// ignored. A cog whose first setup fails stays unloaded.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cog_version.h"
#include "hotcog/host.hpp"

namespace hotcog::rt {

struct CogSlot {
  std::string name;
  std::string output;                 // image path as built
  std::unique_ptr<CogVersion> current;
  unsigned last_version = 0;          // highest version number set up so far
  Status last_status;                 // outcome of the last operation
  bool skip_save_state = false;       // the running version's save_state failed
};

struct TransactionEnv {
  const ServiceTable* services = nullptr;
  std::function<void(const std::string&)> log;
  // Takes images that are no longer needed: closes them now, or hands them to
  // the background thread so dlclose does not count against poll()'s pause.
  std::function<void(std::unique_ptr<CogImage>)> dispose;
  // Takes a version that was torn down (its undo list has run): its images
  // are disposed of, or kept mapped while the host may still reach them
  // (image_retention.h). Unset: every image goes to dispose.
  std::function<void(std::unique_ptr<CogVersion>)> retire;
  // Deadline of each cog call (setup, teardown, save_state, undo); 0: none.
  unsigned call_timeout_ms = 0;
};

// Sets `image` up as the running version of `slot` (a load if nothing runs,
// a reload otherwise). `image` is consumed either way.
Status apply_image(CogSlot& slot, std::unique_ptr<CogImage> image, const TransactionEnv& env);

// Tears down and closes the running version.
Status apply_unload(CogSlot& slot, const TransactionEnv& env);

}  // namespace hotcog::rt
