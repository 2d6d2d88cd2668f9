// Test helpers for scan facts, whose paths live in a StringPool
// (scan_facts.h): one pool for the whole test binary, and the facts' paths
// back as text for readable EXPECT_EQ failures.
#pragma once

#include "lib/scan_facts.h"

#include <initializer_list>
#include <string>
#include <vector>

namespace hotcog::cli {

inline StringPool& test_pool() {
  static StringPool pool;
  return pool;
}

inline std::vector<PooledString> pooled(std::initializer_list<llvm::StringRef> texts) {
  std::vector<PooledString> out;
  for (llvm::StringRef text : texts) out.push_back(test_pool().intern(text));
  return out;
}

inline IncludeEdge edge(llvm::StringRef from, llvm::StringRef to) {
  return {test_pool().intern(from), test_pool().intern(to)};
}

inline std::vector<std::string> texts(const std::vector<PooledString>& strings) {
  std::vector<std::string> out;
  for (PooledString s : strings) out.push_back(s.string());
  return out;
}

inline std::vector<std::string> texts(const std::vector<IncludeEdge>& edges) {
  std::vector<std::string> out;
  for (const IncludeEdge& e : edges) out.push_back(e.from.string() + " -> " + e.to.string());
  return out;
}

}  // namespace hotcog::cli
