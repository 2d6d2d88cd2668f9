// Errors of the hotcog CLI. Every failure travels as an llvm::Error carrying a
// ToolError with a kind (the cause, as DESIGN.md's error hierarchy names them)
// and a message that already says what to do. Only main() turns a kind into
// an exit code: usage and configuration errors are 2, everything else 1.
#pragma once

#include <fmt/format.h>
#include <llvm/Support/Error.h>

#include <string>

namespace hotcog::cli {

enum class ErrorKind {
  Usage,        // bad command line
  Config,       // no/invalid manifest or build graph, invalid option values
  FileWatch,    // inotify setup failed
  Build,        // ninja failed
  NoHost,       // nothing listens on the control socket
  Timeout,      // the host did not answer in time
  Reload,       // the host answered with an error
  Io,           // any other system call failure
  Scan,         // hotcog-scan failed or printed what we cannot read
  Check,        // hotcog doctor found a problem (it printed which and the fix)
};

class ToolError : public llvm::ErrorInfo<ToolError> {
 public:
  static char ID;

  ToolError(ErrorKind kind, std::string message)
      : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  std::string message() const override { return message_; }

  void log(llvm::raw_ostream& os) const override { os << message_; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }

 private:
  ErrorKind kind_;
  std::string message_;
};

template <typename... Args>
llvm::Error tool_error(ErrorKind kind, fmt::format_string<Args...> format,
                       Args&&... args) {
  return llvm::make_error<ToolError>(
      kind, fmt::format(format, std::forward<Args>(args)...));
}

// "strerror(errno)" for messages about failed system calls.
std::string errno_text(int errnum);

}  // namespace hotcog::cli
