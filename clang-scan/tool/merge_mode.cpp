#include "modes.h"

#include "hotcog/scan/scanner.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace hotcog::scan {

int run_merge_manifests(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) {
    llvm::WithColor::error(llvm::errs(), "hotcog-scan")
        << "--merge-manifests needs -o <file> (usage: hotcog-scan --merge-manifests -o "
        << "<image>.layouts <tu>.layouts...)\n";
    return 2;
  }
  std::vector<LayoutManifest> parts;
  for (const std::string& input : inputs) {
    LayoutManifest part;
    auto buffer = llvm::MemoryBuffer::getFile(input, /*IsText=*/true);
    std::string err;
    if (!buffer) {
      // The TU was compiled without the layout step (e.g. before layouts
      // were enabled) or its file was deleted: say so, do not fail the link.
      part.incomplete.push_back({input, "no per-TU layout manifest (" +
                                            buffer.getError().message() + ")"});
    } else if (!parse_layout_manifest((*buffer)->getBuffer().str(), &part, &err)) {
      part = LayoutManifest();
      part.incomplete.push_back({input, "unreadable per-TU layout manifest: " + err});
    }
    parts.push_back(std::move(part));
  }
  return write_file_atomically(output, write_layout_manifest(merge_layout_manifests(parts)))
             ? 0
             : 2;
}

}  // namespace hotcog::scan
