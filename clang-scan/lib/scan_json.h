// TuScan <-> llvm::json, shared by the --format=json writer and the cache.
#pragma once

#include "hotcog/scan/scanner.h"

#include "llvm/Support/JSON.h"

namespace hotcog::scan {

llvm::json::Value tu_to_json(const TuScan& tu, const ScanParts& parts);
bool fromJSON(const llvm::json::Value& value, TuScan& tu, llvm::json::Path path);

}  // namespace hotcog::scan
