// The service the benchmark's host offers its cog: one handler slot.
#pragma once

#include <hotcog/cog.hpp>

namespace bench {

class Handlers {
 public:
  static constexpr const char* kServiceName = "bench.handlers";
  virtual void set(hotcog::CogContext& cog, int (*handler)(int)) = 0;

 protected:
  ~Handlers() = default;
};

}  // namespace bench
