// How `hotcog watch` reports a change of the cog manifest (manifest_follow.h
// does the work): human lines or one JSON event. C++17 (llvm::json).
#pragma once

#include "lib/control_reply.h"
#include "lib/manifest_change.h"

#include <string>
#include <vector>

namespace hotcog::cli {

// What the host made of `hotcog/1 manifest`.
struct HostFollow {
  enum Result { NoHost, Ok, Failed } result = NoHost;
  ControlReply reply;  // Ok: the host's answer (its unloads in reply.results)
  std::string error;   // Failed: why
};

// Human lines:
//   cog manifest changed: added dice; removed echo; output moved: greeter
//     echo: unloaded (removed from the cog manifest)
//   host bot changed in the cog manifest: restart needed
//   the host did not follow the cog manifest: <why>
// JSON (one line): {"phase":"manifest","added":[..],"removed":[..],"moved":[..],
//   "hosts":[..],"host":"ok"|"no_host"|"error"[,"results":[..]][,"error":".."]}
std::vector<std::string> manifest_lines(const ManifestChange& change, const HostFollow& host,
                                        bool as_json);

}  // namespace hotcog::cli
