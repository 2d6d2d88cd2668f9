// The host service the test cogs register with: named answers. Virtual, so
// the cogs call into the test binary without needing its symbols exported.
#pragma once

#include <functional>
#include <string>

#include <hotcog/cog.hpp>

namespace test_cogs {

class Registry {
 public:
  static constexpr const char* kServiceName = "test.registry";

  // Registers `name` for the cog being set up; removed when that version of
  // the cog goes away (through CogContext::on_unload).
  virtual void add(hotcog::CogContext& cog, const std::string& name,
                   std::function<std::string()> answer) = 0;

 protected:
  ~Registry() = default;
};

inline Registry& registry(hotcog::CogContext& ctx) {
  return *ctx.service<Registry>(Registry::kServiceName);
}

}  // namespace test_cogs
