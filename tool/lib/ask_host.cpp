#include "lib/ask_host.h"

#include "lib/control_client.h"
#include "lib/tool_error.h"

namespace hotcog::cli {

llvm::Expected<ControlReply> ask_host(const std::string& socket_path,
                                      const HostQuestion& question) {
  llvm::Expected<ControlConnection> connection = ControlConnection::connect(socket_path);
  if (!connection) return connection.takeError();
  llvm::Expected<std::string> line =
      connection->round_trip(question.request, question.timeout, question.interrupt_fd);
  if (!line) return line.takeError();
  llvm::Expected<ControlReply> reply = parse_control_reply(*line);
  if (!reply) return reply.takeError();
  if (!reply->ok)
    return tool_error(ErrorKind::Reload, "the host refused the request: {}: {}", reply->error,
                      reply->message);
  return reply;
}

std::string simple_request(const char* verb) {
  return std::string(kProtocolVersion) + " " + verb;
}

bool is_no_host(llvm::Error& err) {
  bool no_host = false;
  err = llvm::handleErrors(std::move(err), [&](std::unique_ptr<ToolError> e) -> llvm::Error {
    if (e->kind() != ErrorKind::NoHost) return llvm::Error(std::move(e));
    no_host = true;
    return llvm::Error::success();
  });
  if (no_host) llvm::cantFail(std::move(err));  // marks the success value checked
  return no_host;
}

}  // namespace hotcog::cli
