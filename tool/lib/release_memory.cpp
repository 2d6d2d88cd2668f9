#include "lib/release_memory.h"

// <malloc.h> first: __GLIBC__ is defined by the libc headers, so testing it
// before any of them is included would always compile the no-op.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace hotcog::cli {

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace hotcog::cli
