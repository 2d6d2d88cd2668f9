// hotcog_layouts: a clang plugin that writes the layout manifest of the TU
// from inside the real compile, so a clang build gets <object>.layouts with
// no second parse (GCC builds run hotcog-scan beside the compiler instead).
//
//   clang++ -fplugin=<path>/hotcog-layout-plugin.so ... -c a.cpp -o a.cpp.o
//     -> a.cpp.o.layouts (or -fplugin-arg-hotcog_layouts-out=<file>)
//
// It runs after clang's own action (codegen) over the same AST, with the
// scanner's collectors, so the manifest is exactly what `hotcog-scan
// --tu-manifest` writes for the command (clang's symbol names: the compiler
// is clang). Loaded into clang-14, it uses that process's libclang-cpp and
// libLLVM. A TU with errors gets no manifest: the compile fails anyway.
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"

#include "layout_collector.h"
#include "scan_paths.h"
#include "var_collector.h"

namespace hotcog::scan {
namespace {

class LayoutConsumer : public clang::ASTConsumer {
 public:
  LayoutConsumer(std::string output, std::string file, std::string directory)
      : output_(std::move(output)), file_(std::move(file)), directory_(std::move(directory)) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    clang::DiagnosticsEngine& diags = context.getDiagnostics();
    if (diags.hasErrorOccurred()) return;
    TuScan tu;
    tu.file = file_;
    tu.records = collect_record_layouts(context, directory_);
    tu.vars = collect_static_vars(context, directory_, /*gcc_symbols=*/false);
    if (llvm::Error error = llvm::writeFileAtomically(output_ + ".tmp%%%%%%", output_,
                                                      to_layout_manifest({tu}))) {
      unsigned id = diags.getCustomDiagID(clang::DiagnosticsEngine::Warning,
                                          "hotcog_layouts: cannot write '%0': %1");
      diags.Report(id) << output_ << llvm::toString(std::move(error));
    }
  }

 private:
  std::string output_, file_, directory_;
};

class LayoutAction : public clang::PluginASTAction {
 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci,
                                                        llvm::StringRef in_file) override {
    std::string output = output_;
    if (output.empty()) {
      const std::string& object = ci.getFrontendOpts().OutputFile;
      if (object.empty() || object == "-") return std::make_unique<clang::ASTConsumer>();
      output = object + ".layouts";
    }
    llvm::SmallString<256> directory;
    llvm::sys::fs::current_path(directory);
    return std::make_unique<LayoutConsumer>(output, normalize_path(in_file, directory),
                                            std::string(directory));
  }

  bool ParseArgs(const clang::CompilerInstance& ci,
                 const std::vector<std::string>& args) override {
    for (const std::string& arg : args) {
      llvm::StringRef a(arg);
      if (a.consume_front("out=")) {
        output_ = a.str();
        continue;
      }
      clang::DiagnosticsEngine& diags = ci.getDiagnostics();
      diags.Report(diags.getCustomDiagID(clang::DiagnosticsEngine::Error,
                                         "hotcog_layouts: unknown plugin argument '%0' "
                                         "(known: out=<file>)"))
          << arg;
      return false;
    }
    return true;
  }

  // Beside the compile (codegen still runs), after it: the AST is complete.
  ActionType getActionType() override { return AddAfterMainAction; }

 private:
  std::string output_;
};

clang::FrontendPluginRegistry::Add<LayoutAction> registration(
    "hotcog_layouts", "write <object>.layouts, the TU's hotcog layout manifest");

}  // namespace
}  // namespace hotcog::scan
