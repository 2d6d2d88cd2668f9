// Gives the memory freed after a large parse back to the system. The start-up
// declaration scan of a big tree is tens of MB of JSON (500 TUs, bench/e2e
// --scale), parsed on the scan thread; glibc keeps the freed pages of that
// thread's malloc arena mapped. When the scan was one document parsed whole,
// the arena grew past 1 GB and `hotcog watch` sat at 1.2 GB RSS for its whole
// life; it is parsed one TU at a time now (scan_facts.h), but what is freed
// after it is still only given back by a trim.
#pragma once

namespace hotcog::cli {

// Returns the free pages of every malloc arena to the kernel (glibc
// malloc_trim; elsewhere it does nothing). Costs a walk over the arenas:
// call it after a large allocation burst, not per event.
void release_free_memory();

}  // namespace hotcog::cli
