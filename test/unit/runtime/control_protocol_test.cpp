// Request parsing and reply formatting of the control protocol, line by line.
#include <gtest/gtest.h>

#include "control_protocol.h"

namespace runtime_test {
namespace {

using hotcog::rt::ControlRequest;
using hotcog::rt::parse_control_request;
using hotcog::rt::RequestError;

std::string error_of(const std::string& line) {
  ControlRequest req;
  RequestError err;
  EXPECT_FALSE(parse_control_request(line, &req, &err)) << line;
  return err.code;
}

TEST(ControlProtocol, ParsesEveryVerb) {
  ControlRequest req;
  RequestError err;
  ASSERT_TRUE(parse_control_request("hotcog/1 ping", &req, &err));
  EXPECT_EQ(req.verb, ControlRequest::Ping);
  ASSERT_TRUE(parse_control_request("hotcog/1 list\r", &req, &err));
  EXPECT_EQ(req.verb, ControlRequest::List);
  ASSERT_TRUE(parse_control_request("hotcog/1  status", &req, &err));
  EXPECT_EQ(req.verb, ControlRequest::Status);
  ASSERT_TRUE(parse_control_request("hotcog/1 reload greeter dice greeter", &req, &err));
  EXPECT_EQ(req.verb, ControlRequest::Reload);
  EXPECT_EQ(req.cogs, (std::vector<std::string>{"greeter", "dice"}));
}

TEST(ControlProtocol, ReloadMayForbidPatching) {
  ControlRequest req;
  RequestError err;
  ASSERT_TRUE(parse_control_request("hotcog/1 reload greeter", &req, &err));
  EXPECT_TRUE(req.allow_patch);
  ASSERT_TRUE(parse_control_request("hotcog/1 reload --no-patch greeter dice", &req, &err));
  EXPECT_FALSE(req.allow_patch);
  EXPECT_EQ(req.cogs, (std::vector<std::string>{"greeter", "dice"}));
  EXPECT_EQ(error_of("hotcog/1 reload --no-patch"), "bad_request");
  // Only in front of the cogs: elsewhere it is a cog name (unknown_cog later).
  ASSERT_TRUE(parse_control_request("hotcog/1 reload greeter --no-patch", &req, &err));
  EXPECT_TRUE(req.allow_patch);
}

TEST(ControlProtocol, RejectsMalformedRequests) {
  EXPECT_EQ(error_of(""), "bad_request");
  EXPECT_EQ(error_of("ping"), "bad_request");
  EXPECT_EQ(error_of("hotcog/2 ping"), "unsupported_version");
  EXPECT_EQ(error_of("hotcog/1"), "bad_request");
  EXPECT_EQ(error_of("hotcog/1 explode"), "unknown_verb");
  EXPECT_EQ(error_of("hotcog/1 ping extra"), "bad_request");
  EXPECT_EQ(error_of("hotcog/1 reload"), "bad_request");
  EXPECT_EQ(error_of("hotcog/1 reload ../../etc/passwd"), "bad_request");
  EXPECT_EQ(error_of(std::string("hotcog/1 reload a\0b", 19)), "bad_request");
  EXPECT_EQ(error_of("hotcog/1 reload caf\xc3\xa9"), "bad_request");
  EXPECT_EQ(error_of("hotcog/1 ping " + std::string(5000, 'x')), "too_long");
}

TEST(ControlProtocol, ReloadTakesAtMost64Cogs) {
  std::string line = "hotcog/1 reload";
  for (int i = 0; i < 64; ++i) line += " c" + std::to_string(i);
  ControlRequest req;
  RequestError err;
  ASSERT_TRUE(parse_control_request(line, &req, &err)) << err.message;
  EXPECT_EQ(req.cogs.size(), 64u);
  EXPECT_EQ(error_of(line + " c64"), "bad_request");
}

// A result prepared in the background says when (steady clock, us) and for
// how long, so a client can place the host's work on its own timeline.
TEST(ControlProtocol, ReloadResultCarriesPrepareAndApplyTimes) {
  hotcog::ReloadResult r{"greeter", {}, 3, 41000, hotcog::ReloadAction::Patched, ""};
  r.prepare_start_ns = 5'000'123'000;
  r.prepare_ns = 2'500'000;
  r.apply_start_ns = 5'010'000'999;
  EXPECT_EQ(hotcog::rt::reply_results({r}),
            "{\"ok\":true,\"results\":["
            "{\"cog\":\"greeter\",\"ok\":true,\"kind\":\"none\",\"action\":\"patched\","
            "\"version\":3,\"pause_us\":41,\"prepare_start_us\":5000123,\"prepare_us\":2500,"
            "\"apply_start_us\":5010000,\"message\":\"\"}]}\n");
}

TEST(ControlProtocol, RepliesAreOneJsonLine) {
  hotcog::ReloadResult ok{"greeter", {}, 3, 41000, hotcog::ReloadAction::Patched, ""};
  hotcog::ReloadResult bad{"dice",
                           {hotcog::ErrorKind::SetupFailed, "dice: setup failed: \"boom\"\n"},
                           2,
                           90000,
                           hotcog::ReloadAction::Failed,
                           ""};
  EXPECT_EQ(hotcog::rt::reply_results({ok, bad}),
            "{\"ok\":true,\"results\":["
            "{\"cog\":\"greeter\",\"ok\":true,\"kind\":\"none\",\"action\":\"patched\","
            "\"version\":3,\"pause_us\":41,"
            "\"message\":\"\"},"
            "{\"cog\":\"dice\",\"ok\":false,\"kind\":\"setup_failed\",\"action\":\"failed\","
            "\"version\":2,"
            "\"pause_us\":90,\"message\":\"dice: setup failed: \\\"boom\\\"\\n\"}]}\n");
  EXPECT_EQ(hotcog::rt::reply_pong(1234), "{\"ok\":true,\"pong\":true,\"pid\":1234}\n");
  EXPECT_EQ(hotcog::rt::reply_error({"too_long", "x"}),
            "{\"ok\":false,\"error\":\"too_long\",\"message\":\"x\"}\n");
  hotcog::rt::CogListing c;
  c.info = {"greeter", "/abs/libgreeter.so", true, 2};
  EXPECT_EQ(hotcog::rt::reply_list(7, {c}),
            "{\"ok\":true,\"pid\":7,\"cogs\":[{\"name\":\"greeter\",\"loaded\":true,\"version\":2,"
            "\"output\":\"/abs/libgreeter.so\"}]}\n");
  EXPECT_EQ(hotcog::rt::json_string(std::string("\x01", 1)), "\"\\u0001\"");
}

}  // namespace
}  // namespace runtime_test
