#include "lib/build_progress.h"

#include "hotcog/ninja/diagnostics.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace hotcog::cli {

std::string short_description(std::string_view description) {
  llvm::StringRef text = llvm::StringRef(description.data(), description.size()).trim();
  llvm::SmallVector<llvm::StringRef, 16> words;
  text.split(words, ' ', -1, /*KeepEmpty=*/false);
  if (words.empty()) return "";
  // A command ("... -o out"): its output; a description: its last word.
  llvm::StringRef target = words.back();
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == "-o") target = words[i + 1];
  // Not a path: a sentence ("Re-running CMake...").
  if (target.endswith("...") || (!target.contains('/') && !target.contains('.') && words.size() > 1))
    return text.str();
  llvm::StringRef name = llvm::sys::path::filename(target);
  if (!name.consume_back(".o")) name.consume_back(".obj");
  return name.empty() ? text.str() : name.str();
}

void follow_build(ninja::BuildRequest& request, WatchReporter& reporter) {
  llvm::SmallString<256> base(request.build_dir);
  llvm::sys::fs::make_absolute(base);
  reporter.build_started();
  request.on_status = [&reporter](int finished, int total, std::string_view description) {
    reporter.build_status(finished, total, short_description(description));
  };
  request.on_failure_line = [&reporter, base = std::string(base)](std::string_view line) {
    if (reporter.early_error_shown()) return;
    for (const ninja::Diagnostic& d : ninja::parse_diagnostics(line, base))
      if (d.is_error()) return reporter.early_error(d.text());
  };
}

}  // namespace hotcog::cli
