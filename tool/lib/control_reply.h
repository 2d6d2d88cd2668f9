// Replies of the control protocol (docs/control-protocol.md), parsed with
// llvm::json. One struct covers every verb; fields a verb does not send keep
// their defaults.
#pragma once

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Error.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotcog::cli {

struct CogReloadResult {
  std::string cog;
  bool ok = false;
  std::string kind;  // runtime ErrorKind in snake case: "none", "setup_failed", ...
  // What the host did: "patched", "reloaded", "loaded", "refused", "failed"
  // ("" from a host that predates actions).
  std::string action;
  std::string reason;  // why a full reload instead of a patch, what a patch could not keep
  int64_t version = 0;
  int64_t pause_us = 0;
  // The host's preparation of the request and the start of this cog's apply
  // (steady clock, us; 0: not sent, e.g. by an older host).
  int64_t prepare_start_us = 0;
  int64_t prepare_us = 0;
  int64_t apply_start_us = 0;
  std::string message;
};

struct CogStatus {
  std::string name;
  bool loaded = false;
  int64_t version = 0;
  std::string output;
  std::string kind;     // status only: outcome of the last load/reload
  std::string message;  // and its message ("" when it went fine)
};

struct ControlReply {
  bool ok = false;
  std::string error;    // request-level error code when !ok ("unknown_cog", ...)
  std::string message;  // its explanation
  int64_t pid = 0;  // 0: not sent
  std::string build_dir;  // status
  int64_t pending = 0;    // status: reloads waiting for the host's next poll()
  bool pong = false;
  std::vector<CogReloadResult> results;  // reload
  std::vector<CogStatus> cogs;           // list / status

  size_t failed_count() const;
};

// One cog's outcome as the line under "Reloaded X/Y cogs ...":
// "greeter: patched", "echo: reloaded (<reason>)", "dice: failed: <message>",
// "game: refused: <message>" (the message without its leading "<cog>: ").
std::string describe_result(const CogReloadResult& r);

// A malformed reply (not JSON, missing "ok", wrong field types) is a Reload
// error quoting the reason; a well-formed {"ok":false,...} is returned as is.
llvm::Expected<ControlReply> parse_control_reply(llvm::StringRef line);

}  // namespace hotcog::cli
