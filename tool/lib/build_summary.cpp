#include "lib/build_summary.h"

#include <fmt/format.h>
#include <llvm/ADT/StringRef.h>

#include <cstring>

namespace hotcog::cli {
namespace {

std::string fallback_error_line(const ninja::BuildResult& result) {
  llvm::StringRef output(result.output);
  llvm::SmallVector<llvm::StringRef, 32> lines;
  output.split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef line : lines)
    if (line.startswith("ninja: error:") || line.contains(" error:") || line.contains("error: "))
      return line.trim().str();
  for (const ninja::FailedEdge& edge : result.failed)
    if (!edge.output.empty()) return llvm::StringRef(edge.output).split('\n').first.trim().str();
  if (!lines.empty()) return lines.back().trim().str();
  return "ninja failed with exit code " + std::to_string(result.exit_code);
}

std::string killed_line(int signo) {
  const char* name = sigabbrev_np(signo);
  return fmt::format("ninja was killed by {} before it finished (not by hotcog); the next "
                     "save builds again",
                     name ? fmt::format("SIG{}", name) : fmt::format("signal {}", signo));
}

}  // namespace

BuildSummary summarize_build(const ninja::BuildResult& result) {
  BuildSummary summary;
  summary.ok = result.ok();
  summary.seconds = result.seconds;
  summary.up_to_date = llvm::StringRef(result.output).contains("ninja: no work to do");
  llvm::SmallVector<llvm::StringRef, 32> lines;
  llvm::StringRef(result.output).split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef line : lines)
    if (line.consume_front("ninja: warning: ")) summary.warnings.push_back("ninja: " + line.trim().str());
  for (const ninja::Diagnostic& diagnostic : result.diagnostics)
    summary.error_count += diagnostic.is_error() ? 1 : 0;
  if (summary.ok) return summary;
  if (const ninja::Diagnostic* first = result.first_error())
    summary.first_error = first->text();
  else if (!result.error.empty())  // ninja never ran: no build dir, lock, spawn
    summary.first_error = result.error;
  else if (result.signal != 0)  // its last line is whatever edge it was running
    summary.first_error = killed_line(result.signal);
  else
    summary.first_error = fallback_error_line(result);
  if (summary.error_count == 0) summary.error_count = 1;  // ninja's own failure counts
  return summary;
}

}  // namespace hotcog::cli
