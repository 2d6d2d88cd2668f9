#include "modes.h"

#include "hotcog/scan/scanner.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace hotcog::scan {
bool write_file_atomically(const std::string& path, const std::string& text) {
  // The hotcog-cc launcher stops the scan with SIGTERM when the compile
  // fails; LLVM's signal handler then removes the registered temp file.
  llvm::SmallString<256> temp;
  int fd = -1;
  auto fail = [&](const std::string& what, std::error_code ec) {
    llvm::WithColor::error(llvm::errs(), "hotcog-scan")
        << "cannot write '" << path << "': " << what << ": " << ec.message() << "\n";
    return false;
  };
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(path + ".tmp%%%%%%", fd, temp))
    return fail("cannot create a temp file", ec);
  llvm::sys::RemoveFileOnSignal(temp);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (os.has_error()) {
      std::error_code ec = os.error();
      os.clear_error();
      llvm::sys::fs::remove(temp);
      return fail(std::string(temp), ec);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, path)) {
    llvm::sys::fs::remove(temp);
    return fail("cannot rename " + std::string(temp), ec);
  }
  llvm::sys::DontRemoveFileOnSignal(temp);
  return true;
}

int run_tu_manifest(const std::string& output, const std::string& resource_dir,
                    SymbolStyle symbols, const std::string& pch_cache,
                    const std::vector<std::string>& command) {
  auto usage = [](const std::string& message) {
    llvm::WithColor::error(llvm::errs(), "hotcog-scan")
        << message << " (usage: hotcog-scan --tu-manifest -o <object>.layouts -- "
        << "<compiler> <arguments...>)\n";
    return 2;
  };
  if (output.empty()) return usage("--tu-manifest needs -o <file>");
  if (command.empty()) return usage("--tu-manifest needs the compile command after '--'");
  llvm::SmallString<256> cwd;
  if (std::error_code ec = llvm::sys::fs::current_path(cwd))
    return usage("cannot read the current directory: " + ec.message());
  CompileCommand compile;
  std::string err;
  if (!compile_command_from_argv(command, std::string(cwd), &compile, &err))
    return usage(err);

  ScanOptions options;
  options.parts.includes = false;
  options.parts.layouts = true;
  options.resource_dir = resource_dir;
  options.symbols = symbols;
  options.pch_cache = pch_cache;
  LayoutManifest manifest = layout_manifest_of({scan_translation_unit(compile, options)});
  for (const IncompleteScan& failed : manifest.incomplete) {
    // One line: the compiler reports the TU's errors itself if it has any;
    // this says only that the image's layout data is incomplete.
    llvm::WithColor::warning(llvm::errs(), "hotcog-scan")
        << "layouts of '" << failed.file << "' are incomplete: clang cannot parse it ("
        << failed.reason << ")\n";
  }
  return write_file_atomically(output, write_layout_manifest(manifest)) ? 0 : 2;
}

}  // namespace hotcog::scan
