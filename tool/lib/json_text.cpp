#include "lib/json_text.h"

#include <llvm/Support/raw_ostream.h>

namespace hotcog::cli {

llvm::json::Array json_strings(const std::vector<std::string>& items) {
  llvm::json::Array array;
  for (const std::string& item : items) array.push_back(item);
  return array;
}

std::string json_text(llvm::json::Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << value;
  return os.str();
}

}  // namespace hotcog::cli
