// A Host with the test registry and one cog "answer" whose image path starts
// out holding answer_v1 (tests install other builds over it, like a rebuild).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <hotcog/host.hpp>

#include "test_support.hpp"

namespace runtime_test {

class HostFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    image = dir.path() + "/libanswer.so";
    install(TEST_COG_ANSWER_V1, image);
    host = make_host(/*control_socket=*/false);
  }
  void TearDown() override { host.reset(); }

  std::unique_ptr<hotcog::Host> make_host(bool control_socket, bool isolate_static_init = true) {
    hotcog::HostOptions options;
    options.build_dir = dir.path();
    options.control_socket = control_socket;
    options.isolate_static_init = isolate_static_init;
    options.log = log.sink();
    auto h = std::make_unique<hotcog::Host>(options);
    h->provide(test_cogs::Registry::kServiceName, &registry);
    EXPECT_TRUE(h->add_cog("answer", image).ok());
    return h;
  }

  const hotcog::CogInfo* info(const std::string& name) {
    infos = host->cogs();
    for (const hotcog::CogInfo& c : infos)
      if (c.name == name) return &c;
    return nullptr;
  }

  // After a reload from answer_v1 (whose "count" was asked once) failed in
  // setup: v1 answers again with its state, the broken build left nothing
  // registered, and the next good build loads.
  void expect_v1_back_then_v2_loads() {
    EXPECT_EQ(registry.ask("answer"), "v1");
    EXPECT_EQ(registry.ask("only_in_broken"), "<none>");
    EXPECT_EQ(registry.ask("count"), "2");
    install(TEST_COG_ANSWER_V2, image);
    const hotcog::Status s = host->reload("answer");
    ASSERT_TRUE(s.ok()) << s.message;
    EXPECT_EQ(registry.ask("answer"), "v2");
  }

  TempDir dir;
  std::string image;
  TestRegistry registry;  // declared before the host: it outlives it
  LogCapture log;
  std::unique_ptr<hotcog::Host> host;
  std::vector<hotcog::CogInfo> infos;
};

}  // namespace runtime_test
