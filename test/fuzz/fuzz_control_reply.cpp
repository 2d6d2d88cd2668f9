// libFuzzer target: the tool's reader of control replies
// (tool/lib/control_reply.h): one JSON line from whatever process listens on
// the control socket. Malformed replies are errors, never crashes of
// `hotcog watch`.
#include <cstddef>
#include <cstdint>
#include <string>

#include <llvm/Support/Error.h>

#include "fuzz_check.h"
#include "lib/control_reply.h"

using namespace hotcog::cli;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  llvm::StringRef line(reinterpret_cast<const char*>(data), size);
  llvm::Expected<ControlReply> reply = parse_control_reply(line);
  if (!reply) {
    std::string message = llvm::toString(reply.takeError());
    FUZZ_CHECK(!message.empty(), "a rejected reply says why");
    return 0;
  }
  // What `hotcog reload` and `hotcog watch` print from a reply.
  size_t failed = reply->failed_count();
  FUZZ_CHECK(failed <= reply->results.size(), "failed_count() counts results");
  for (const CogReloadResult& result : reply->results) (void)describe_result(result);
  return 0;
}
