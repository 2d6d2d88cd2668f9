// The control protocol's constants (docs/control-protocol.md), in one
// std-only header so the runtime's server and the tool's client cannot
// disagree on the version token, the limits or where the socket lives.
#pragma once

#include <cstddef>

namespace hotcog::control {

// Every request starts with this token; a host answers any other "hotcog/N"
// with unsupported_version.
inline constexpr const char* kProtocolVersion = "hotcog/1";

// One request line, including its '\n'.
inline constexpr std::size_t kMaxRequestBytes = 4096;
// Cogs named by one reload request.
inline constexpr std::size_t kMaxReloadCogs = 64;
// One reply line: a client gives up on a longer one.
inline constexpr std::size_t kMaxReplyBytes = std::size_t{1} << 20;

// The socket, relative to the build dir: <build>/<kSocketDir>/<kSocketName>.
inline constexpr const char* kSocketDir = "hotcog";
inline constexpr const char* kSocketName = "control.sock";

// Optional reload flag (after the verb, before the cogs): this batch is
// applied as full reloads, never as function patches, whatever the host's
// HostOptions::hot_patching says. The tool sends it when its hot-patching
// setting is off.
inline constexpr const char* kNoPatchFlag = "--no-patch";

}  // namespace hotcog::control
