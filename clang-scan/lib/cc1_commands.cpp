#include "cc1_commands.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "scan_paths.h"

namespace hotcog::scan {
namespace {

// What ToolInvocation does: the driver as a clang tool would run it, never
// checking that inputs exist (the scan's file system decides that).
std::optional<std::vector<std::string>> run_driver(
    const std::vector<std::string>& args, clang::DiagnosticsEngine& diags,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs) {
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  clang::driver::Driver driver(argv[0], llvm::sys::getDefaultTargetTriple(), diags,
                               "clang LLVM compiler", std::move(fs));
  driver.setTitle("clang_based_tool");
  driver.setCheckInputsExist(false);
  std::unique_ptr<clang::driver::Compilation> compilation(driver.BuildCompilation(argv));
  if (!compilation || diags.hasErrorOccurred()) return std::nullopt;
  const llvm::opt::ArgStringList* cc1 =
      clang::tooling::getCC1Arguments(&diags, compilation.get());
  if (!cc1) return std::nullopt;
  return std::vector<std::string>(cc1->begin(), cc1->end());
}

// The index of the one argument naming `file`; nullopt for none or several.
std::optional<size_t> source_argument(const std::vector<std::string>& args,
                                      const std::string& directory, const std::string& file) {
  std::optional<size_t> found;
  for (size_t i = 1; i < args.size(); ++i) {
    if (llvm::sys::path::filename(args[i]) != llvm::sys::path::filename(file)) continue;
    if (normalize_path(args[i], directory) != file) continue;  // as compile_db spells it
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

}  // namespace

std::optional<std::vector<std::string>> Cc1Commands::get(
    const std::vector<std::string>& args, const std::string& directory, const std::string& file,
    clang::DiagnosticsEngine& diags, llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs) {
  std::optional<size_t> source = source_argument(args, directory, file);
  std::string key;
  if (source) {
    key = directory;
    for (size_t i = 0; i < args.size(); ++i) {
      key += '\0';
      // The file's type comes from its extension: part of the shape.
      key += i == *source ? "\1" + llvm::sys::path::extension(args[i]).str() : args[i];
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = shapes_.find(key);
    if (it != shapes_.end() && it->second.reusable) {
      const Shape& shape = it->second;
      std::vector<std::string> cc1 = shape.cc1;
      cc1[shape.input_at] = args[*source];
      if (shape.main_file_name_at)
        cc1[*shape.main_file_name_at] = llvm::sys::path::filename(args[*source]).str();
      return cc1;
    }
  }

  auto cc1 = run_driver(args, diags, std::move(fs));
  std::lock_guard<std::mutex> lock(mutex_);
  ++driver_runs_;
  if (!cc1 || !source || shapes_.count(key)) return cc1;

  // Learn the shape: where the source went, and that it went nowhere else.
  Shape shape;
  const std::string& spelled = args[*source];
  std::string stem_dot = llvm::sys::path::stem(spelled).str() + ".";
  std::string name = llvm::sys::path::filename(spelled).str();
  unsigned inputs = 0, names = 0, elsewhere = 0;
  for (size_t i = 0; i < cc1->size(); ++i) {
    const std::string& arg = (*cc1)[i];
    if (arg == spelled) {
      shape.input_at = i;
      ++inputs;
    } else if (i > 0 && (*cc1)[i - 1] == "-main-file-name" && arg == name) {
      shape.main_file_name_at = i;
      ++names;
    } else if (arg.find(stem_dot) != std::string::npos) {
      ++elsewhere;
    }
  }
  shape.reusable = inputs == 1 && names <= 1 && elsewhere == 0;
  if (shape.reusable) shape.cc1 = *cc1;
  shapes_.emplace(std::move(key), std::move(shape));
  return cc1;
}

}  // namespace hotcog::scan
