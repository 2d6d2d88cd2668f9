// A type alpha and beta share; the host never includes this header.
#pragma once

namespace arena {

struct Pair {
  int left;
  int right;
};

}  // namespace arena
