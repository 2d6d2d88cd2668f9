// Which images may skip the static-constructor probe: read from real test
// cogs (test/cogs), built by the same toolchain as the host.
#include <gtest/gtest.h>

#include <fstream>

#include "load_time_code.h"
#include "test_support.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::load_runs_no_cog_code;

TEST(LoadTimeCode, ACogWithoutConstructorsRunsNoCodeOfItsOwn) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizers add a module constructor to every image: there the
  // answer is rightly "runs code", and the probe runs.
  EXPECT_FALSE(load_runs_no_cog_code(TEST_COG_ANSWER_V1));
#else
  // answer.cpp has no static objects: .init_array holds frame_dummy only.
  EXPECT_TRUE(load_runs_no_cog_code(TEST_COG_ANSWER_V1));
#endif
}

TEST(LoadTimeCode, AStaticConstructorIsCogCode) {
  // The cog the probe exists for: its constructor crashes inside dlopen.
  EXPECT_FALSE(load_runs_no_cog_code(TEST_COG_CTOR_CRASHES));
}

TEST(LoadTimeCode, WhatCannotBeReadIsAssumedToRunCode) {
  TempDir dir;
  const std::string garbage = dir.path() + "/garbage.so";
  std::ofstream(garbage) << "not an ELF file";
  EXPECT_FALSE(load_runs_no_cog_code(garbage));
  EXPECT_FALSE(load_runs_no_cog_code(dir.path() + "/missing.so"));
}

}  // namespace
}  // namespace runtime_test
