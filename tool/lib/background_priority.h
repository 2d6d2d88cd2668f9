// Background work of `hotcog watch` (the declaration scans after a build and
// at start-up) must never slow down the build the user is waiting for. On a
// machine with few cores, a scanner at normal priority takes a core from the
// compile of the next save (measured by bench/e2e: see bench/README.md).
#pragma once

namespace hotcog::cli {

// Lowers the calling thread's CPU priority to the lowest nice value (19);
// processes it starts afterwards inherit it (Linux: nice is per thread and
// copied into children). Best effort: on failure nothing changes.
void lower_this_thread_priority();

}  // namespace hotcog::cli
