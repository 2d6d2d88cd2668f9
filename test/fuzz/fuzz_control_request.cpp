// libFuzzer target: the runtime's control request parser (one line from the
// control socket, runtime/lib/control_protocol.h) and the error reply built
// from what it rejects. Any peer with the user's uid can send these bytes to a
// running host, so no input may crash it or produce a reply that is not
// exactly one line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "control_protocol.h"
#include "fuzz_check.h"

using namespace hotcog::rt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  ControlRequest request;
  RequestError error;
  if (parse_control_request(line, &request, &error)) {
    if (request.verb == ControlRequest::Reload) {
      FUZZ_CHECK(!request.cogs.empty() && request.cogs.size() <= kMaxReloadCogs,
                 "reload names 1..kMaxReloadCogs cogs");
      std::vector<std::string> sorted = request.cogs;
      std::sort(sorted.begin(), sorted.end());
      FUZZ_CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end(),
                 "duplicate cogs are removed");
    } else {
      FUZZ_CHECK(request.cogs.empty(), "only reload names cogs");
    }
  } else {
    FUZZ_CHECK(!error.code.empty(), "a refused request has an error code");
    std::string reply = reply_error(error);
    FUZZ_CHECK(reply.find('\n') == reply.size() - 1 || reply.find('\n') == std::string::npos,
               "an error reply is one line");
  }
  // The reply encoder sees names and messages from images and build dirs too:
  // any bytes must come out as one line of printable JSON.
  std::string quoted = json_string(line);
  for (char c : quoted)
    FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20, "json_string escapes control bytes");
  return 0;
}
