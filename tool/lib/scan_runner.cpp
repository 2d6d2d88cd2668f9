#include "lib/scan_runner.h"

#include "lib/env_config.h"
#include "lib/tool_error.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Program.h>

#include <poll.h>
#include <thread>

namespace hotcog::cli {
namespace {

// Cancels `scan` when the timeout passes or `outer` is raised, unless
// `done` is raised first.
void watchdog(const ninja::CancelToken& done, const ninja::CancelToken* outer,
              std::chrono::milliseconds timeout, ninja::CancelToken& scan) {
  pollfd fds[2] = {{done.fd(), POLLIN, 0}, {outer ? outer->fd() : -1, POLLIN, 0}};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    int ready = poll(fds, outer ? 2 : 1, static_cast<int>(left.count()));
    if (done.cancelled()) return;
    if (ready > 0 && outer && outer->cancelled()) break;
  }
  scan.cancel();
}

std::string last_lines(const std::string& output) {
  llvm::StringRef text = llvm::StringRef(output).rtrim();
  size_t cut = text.size() > 400 ? text.size() - 400 : 0;
  return text.substr(cut).str();
}

}  // namespace

std::string find_scanner() {
  if (std::optional<std::string> env = env_string("HOTCOG_SCAN")) return *env;
  std::string self = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  if (!self.empty()) {
    llvm::SmallString<256> next(llvm::sys::path::parent_path(self));
    llvm::sys::path::append(next, "hotcog-scan");
    if (llvm::sys::fs::can_execute(next)) return std::string(next);
  }
  if (llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName("hotcog-scan")) return *found;
  return "hotcog-scan";
}

llvm::Expected<std::vector<TuFacts>> run_scan(const ScanRequest& request) {
  ninja::SubprocessRequest sub;
  sub.argv = {request.scanner, "-p", request.db_dir, "--includes", "--refs",
              "--format=json-lines", "-o", request.output};
  if (!request.cache_dir.empty()) {
    sub.argv.push_back("--cache-dir");
    sub.argv.push_back(request.cache_dir);
  }
  if (request.jobs) sub.argv.push_back("--jobs=" + std::to_string(request.jobs));
  sub.argv.insert(sub.argv.end(), request.files.begin(), request.files.end());
  ninja::CancelToken scan_cancel, done;
  sub.cancel = &scan_cancel;
  sub.kill_after_ms = 1000;
  std::thread guard(watchdog, std::cref(done), request.cancel, request.timeout,
                    std::ref(scan_cancel));
  llvm::sys::fs::remove(request.output);
  ninja::SubprocessResult result = ninja::run_subprocess(sub);
  done.cancel();
  guard.join();

  if (!result.started)
    return tool_error(ErrorKind::Scan, "{} (set HOTCOG_SCAN to hotcog-scan's path)", result.error);
  if (result.cancelled || scan_cancel.cancelled()) {
    if (request.cancel && request.cancel->cancelled())
      return tool_error(ErrorKind::Scan, "scan cancelled");
    return tool_error(ErrorKind::Timeout, "hotcog-scan did not finish within {} ms ({} TUs)",
                      request.timeout.count(), request.files.size());
  }
  // 1: some TU failed to parse; its entry says why, the others are valid.
  if (result.exit_code != 0 && result.exit_code != 1)
    return tool_error(ErrorKind::Scan, "hotcog-scan exited with {}: {}", result.exit_code,
                      last_lines(result.output));
  auto buffer = llvm::MemoryBuffer::getFile(request.output);
  if (!buffer)
    return tool_error(ErrorKind::Scan, "hotcog-scan wrote no {}: {}", request.output,
                      last_lines(result.output));
  return parse_scan_lines((*buffer)->getBuffer(), request.output, *request.pool);
}

}  // namespace hotcog::cli
