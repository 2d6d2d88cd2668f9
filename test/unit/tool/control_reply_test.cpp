#include "lib/control_reply.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

TEST(ControlReply, ParsesReloadResults) {
  // The example reply of docs/control-protocol.md.
  auto reply = parse_control_reply(
      R"j({"ok":true,"results":[{"cog":"greeter","ok":true,"kind":"none","version":3,"pause_us":41,"message":""},)j"
      R"j({"cog":"dice","ok":false,"kind":"setup_failed","version":2,"pause_us":90,)j"
      R"j("message":"dice: setup threw std::runtime_error: boom (kept version 2)"}]})j");
  ASSERT_TRUE(static_cast<bool>(reply)) << llvm::toString(reply.takeError());
  EXPECT_TRUE(reply->ok);
  ASSERT_EQ(reply->results.size(), 2u);
  EXPECT_EQ(reply->results[0].cog, "greeter");
  EXPECT_TRUE(reply->results[0].ok);
  EXPECT_EQ(reply->results[0].version, 3);
  EXPECT_EQ(reply->results[0].pause_us, 41);
  EXPECT_EQ(reply->results[1].kind, "setup_failed");
  EXPECT_EQ(reply->results[1].message,
            "dice: setup threw std::runtime_error: boom (kept version 2)");
  EXPECT_EQ(reply->failed_count(), 1u);
}

TEST(ControlReply, ParsesTheHostsTimings) {
  auto reply = parse_control_reply(
      R"j({"ok":true,"results":[{"cog":"greeter","ok":true,"kind":"none","version":3,"pause_us":41,)j"
      R"j("prepare_start_us":5000123,"prepare_us":2500,"apply_start_us":5010000,"message":""}]})j");
  ASSERT_TRUE(static_cast<bool>(reply)) << llvm::toString(reply.takeError());
  ASSERT_EQ(reply->results.size(), 1u);
  EXPECT_EQ(reply->results[0].prepare_start_us, 5000123);
  EXPECT_EQ(reply->results[0].prepare_us, 2500);
  EXPECT_EQ(reply->results[0].apply_start_us, 5010000);
}

TEST(ControlReply, ParsesStatusAndPing) {
  auto status = parse_control_reply(
      R"({"ok":true,"pid":1234,"cogs":[{"name":"greeter","loaded":true,"version":2,"output":"/abs/libgreeter.so"}]})");
  ASSERT_TRUE(static_cast<bool>(status)) << llvm::toString(status.takeError());
  EXPECT_EQ(status->pid, 1234);
  ASSERT_EQ(status->cogs.size(), 1u);
  EXPECT_TRUE(status->cogs[0].loaded);
  EXPECT_EQ(status->cogs[0].output, "/abs/libgreeter.so");

  auto pong = parse_control_reply(R"({"ok":true,"pong":true,"pid":7})");
  ASSERT_TRUE(static_cast<bool>(pong)) << llvm::toString(pong.takeError());
  EXPECT_TRUE(pong->pong);
}

TEST(ControlReply, RequestLevelErrorIsAValidReply) {
  auto reply = parse_control_reply(R"({"ok":false,"error":"unknown_cog","message":"no cog 'x'"})");
  ASSERT_TRUE(static_cast<bool>(reply)) << llvm::toString(reply.takeError());
  EXPECT_FALSE(reply->ok);
  EXPECT_EQ(reply->error, "unknown_cog");
  EXPECT_EQ(reply->message, "no cog 'x'");
}

TEST(ControlReply, UnknownFieldsAreIgnored) {
  auto reply = parse_control_reply(R"({"ok":true,"results":[],"future_field":{"x":1}})");
  ASSERT_TRUE(static_cast<bool>(reply)) << llvm::toString(reply.takeError());
  EXPECT_EQ(reply->failed_count(), 0u);
}

std::string parse_error(llvm::StringRef line) {
  auto reply = parse_control_reply(line);
  if (reply) return "";
  return llvm::toString(reply.takeError());
}

TEST(ControlReply, MalformedRepliesAreErrorsThatSayWhy) {
  EXPECT_NE(parse_error("not json").find("malformed reply"), std::string::npos);
  EXPECT_NE(parse_error(R"({"results":[]})").find("unexpected reply"), std::string::npos)
      << "missing ok";
  EXPECT_NE(parse_error(R"({"ok":"yes"})").find("unexpected reply"), std::string::npos);
  EXPECT_NE(parse_error(R"({"ok":true,"results":[{"ok":true}]})").find("cog"), std::string::npos)
      << "a result without its cog name";
}

}  // namespace
}  // namespace hotcog::cli
