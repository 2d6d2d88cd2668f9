// FUZZ_CHECK(cond, what): an invariant the parser promises for every input.
// A violation aborts, so libFuzzer saves the input as a crash like any ASan or
// UBSan report (assert() would vanish under NDEBUG).
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                         \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__,   \
                   what, #cond);                                                       \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)
