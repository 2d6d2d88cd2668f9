// Builds Status values whose message names the cog, the phase and the file,
// e.g. "greeter: setup failed: std::runtime_error: boom (file /b/libgreeter.so)".
#pragma once

#include <string>

#include "hotcog/host.hpp"

namespace hotcog::rt {

Status make_status(ErrorKind kind, const std::string& cog, const char* phase,
                   const std::string& what, const std::string& file);

// snake_case name of an ErrorKind, as used by the control protocol.
const char* kind_token(ErrorKind kind);

}  // namespace hotcog::rt
