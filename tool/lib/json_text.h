// The two pieces every JSON writer of the tool needs (watch events, the
// trace, the batch history, stats, decisions, the compile database): a list
// of names as a JSON array, and a value as one line of text (llvm::json
// writes no newline inside, so one value is one line of a JSON-lines file).
// C++17 like the other includers of JSON.h (see tool/CMakeLists.txt).
#pragma once

#include <llvm/Support/JSON.h>

#include <string>
#include <vector>

namespace hotcog::cli {

llvm::json::Array json_strings(const std::vector<std::string>& items);
std::string json_text(llvm::json::Value value);

}  // namespace hotcog::cli
