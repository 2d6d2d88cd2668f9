#include "content_hash.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace hotcog::scan {

std::string hash_hex(llvm::StringRef data) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format_hex_no_prefix(llvm::xxHash64(data), 16);
  return os.str();
}

std::optional<std::string> hash_file(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) return std::nullopt;
  return hash_hex((*buffer)->getBuffer());
}

}  // namespace hotcog::scan
