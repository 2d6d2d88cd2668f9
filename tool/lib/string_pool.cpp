#include "lib/string_pool.h"

namespace hotcog::cli {

PooledString StringPool::intern(llvm::StringRef text) {
  std::lock_guard<std::mutex> lock(mutex_);
  // StringMap allocates each entry on its own: rehashing moves the table of
  // pointers, never an entry, so handed-out PooledStrings stay valid.
  return PooledString(&*strings_.try_emplace(text, llvm::None).first);
}

size_t StringPool::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return strings_.size();
}

}  // namespace hotcog::cli
