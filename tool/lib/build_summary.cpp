#include "lib/build_summary.h"

#include <llvm/ADT/StringRef.h>

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

}  // namespace

BuildSummary summarize_build(const ninja::BuildResult& result) {
  BuildSummary summary;
  summary.ok = result.ok();
  summary.seconds = result.seconds;
  summary.up_to_date = llvm::StringRef(result.output).contains("ninja: no work to do");
  for (const ninja::Diagnostic& diagnostic : result.diagnostics)
    summary.error_count += diagnostic.is_error() ? 1 : 0;
  if (summary.ok) return summary;
  if (const ninja::Diagnostic* first = result.first_error())
    summary.first_error = first->text();
  else
    summary.first_error = fallback_error_line(result);
  if (summary.error_count == 0) summary.error_count = 1;  // ninja's own failure counts
  return summary;
}

}  // namespace hotcog::cli
