// Layout manifests written as text in tests: '|' stands for the tab that
// separates fields, so a manifest reads like the file it imitates.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "layout_manifest.h"

namespace runtime_test {

inline std::string tabs(std::string text) {
  std::replace(text.begin(), text.end(), '|', '\t');
  return text;
}

// Parses `pipe_text` (see tabs()); a parse error fails the test.
inline hotcog::rt::LayoutManifest layouts(const std::string& pipe_text) {
  hotcog::rt::LayoutManifest m;
  std::string err;
  EXPECT_TRUE(hotcog::rt::parse_layout_manifest(tabs(pipe_text), &m, &err)) << err;
  return m;
}

// The first record of a one-record manifest.
inline hotcog::rt::LayoutRecord record(const std::string& pipe_text) {
  hotcog::rt::LayoutManifest m = layouts("hotcog-layouts|2\n" + pipe_text);
  EXPECT_FALSE(m.records.empty());
  return m.records.empty() ? hotcog::rt::LayoutRecord{} : m.records.front();
}

}  // namespace runtime_test
