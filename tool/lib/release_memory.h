// Gives the memory freed after a large parse back to the system. The start-up
// declaration scan of a big tree is one JSON document (79 MB for 500 TUs,
// bench/e2e --scale); parsing it on the scan thread grows that thread's malloc
// arena to over 1 GB, and glibc keeps the freed pages mapped: `hotcog watch`
// then sat at 1.2 GB RSS for its whole life although what it keeps (the facts
// per TU) is a fraction of that.
#pragma once

namespace hotcog::cli {

// Returns the free pages of every malloc arena to the kernel (glibc
// malloc_trim; elsewhere it does nothing). Costs a walk over the arenas:
// call it after a large allocation burst, not per event.
void release_free_memory();

}  // namespace hotcog::cli
