#include "lib/env_config.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

TEST(EnvConfig, UnsetOrEmptyMeansNoValue) {
  auto unset = parse_env_unsigned("HOTCOG_X", nullptr, 0, 10);
  ASSERT_TRUE(static_cast<bool>(unset));
  EXPECT_FALSE(unset->has_value());
  auto empty = parse_env_unsigned("HOTCOG_X", "", 0, 10);
  ASSERT_TRUE(static_cast<bool>(empty));
  EXPECT_FALSE(empty->has_value());
}

TEST(EnvConfig, IntegerInRange) {
  auto value = parse_env_unsigned("HOTCOG_X", "250", 0, 1000);
  ASSERT_TRUE(static_cast<bool>(value));
  EXPECT_EQ(**value, 250u);
}

TEST(EnvConfig, InvalidValueIsAnErrorNamingTheVariable) {
  for (const char* bad : {"fast", "-1", "12ms", "1001"}) {
    auto value = parse_env_unsigned("HOTCOG_DEBOUNCE_MS", bad, 0, 1000);
    ASSERT_FALSE(static_cast<bool>(value)) << bad;
    std::string message = llvm::toString(value.takeError());
    EXPECT_NE(message.find("HOTCOG_DEBOUNCE_MS='"), std::string::npos) << message;
    EXPECT_NE(message.find("from 0 to 1000"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace hotcog::cli
