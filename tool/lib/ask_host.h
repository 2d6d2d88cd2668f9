// One question to the running host: connect to its control socket, send one
// request line, wait for the reply line, parse it, and turn a well-formed
// refusal ({"ok":false,...}) into an error. `hotcog reload`, `hotcog status`,
// `hotcog doctor` and the watch loop all ask through here, so they report the
// same failures the same way.
//
// Errors keep their ToolError kinds: NoHost (nobody listens; watch treats it
// as a normal state), Timeout, Reload (malformed reply or refusal), Io.
#pragma once

#include "lib/control_reply.h"

#include <llvm/Support/Error.h>

#include <chrono>
#include <string>

namespace hotcog::cli {

struct HostQuestion {
  std::string request;  // one line without its '\n' ("hotcog/1 status")
  std::chrono::milliseconds timeout{10000};
  int interrupt_fd = -1;  // readable (e.g. a stop-signal pipe): give up at once
};

llvm::Expected<ControlReply> ask_host(const std::string& socket_path, const HostQuestion& question);

// "hotcog/1 <verb>" for the verbs without arguments (ping, list, status).
std::string simple_request(const char* verb);

// True (and `err` consumed) when `err` says nobody listens on the socket;
// otherwise false and `err` left for the caller.
bool is_no_host(llvm::Error& err);

}  // namespace hotcog::cli
