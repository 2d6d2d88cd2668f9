// The control protocol, version 1 (docs/control-protocol.md): request parsing
// and reply formatting, free of sockets so it can be tested line by line.
//
// Requests are one line of space-separated tokens, at most kMaxRequestBytes
// including the '\n'; replies are one JSON object per line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hotcog/base/control_protocol.h"
#include "hotcog/host.hpp"

namespace hotcog::rt {

using control::kMaxReloadCogs;
using control::kMaxRequestBytes;
using control::kProtocolVersion;

struct ControlRequest {
  enum Verb { Ping, List, Status, Reload };
  Verb verb = Ping;
  std::vector<std::string> cogs;  // Reload: 1..kMaxReloadCogs, duplicates removed
  bool allow_patch = true;        // Reload: false after control::kNoPatchFlag
};

struct RequestError {
  std::string code;  // bad_request, too_long, unsupported_version, unknown_verb, ...
  std::string message;
};

// Parses one request line, without its '\n' (a trailing '\r' is accepted).
bool parse_control_request(std::string_view line, ControlRequest* out, RequestError* err);

// A cog as listed by `list` and `status`.
struct CogListing {
  CogInfo info;
  Status last_status;  // of the last load/reload/unload (status only)
};

std::string json_string(std::string_view text);
std::string reply_error(const RequestError& err);
std::string reply_pong(long pid);
std::string reply_list(long pid, const std::vector<CogListing>& cogs);
std::string reply_status(long pid, const std::string& build_dir, size_t pending,
                         const std::vector<CogListing>& cogs);
std::string reply_results(const std::vector<ReloadResult>& results);

}  // namespace hotcog::rt
