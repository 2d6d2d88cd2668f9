#include "scan_action.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"

#include "cc1_commands.h"
#include "content_hash.h"
#include "context_tracker.h"
#include "include_collector.h"
#include "layout_collector.h"
#include "minimized_sources.h"
#include "reference_collector.h"
#include "var_collector.h"
#include "var_symbols.h"
#include "scan_paths.h"

namespace hotcog::scan {
namespace {

// What one run accumulates; outlives the FrontendAction, which ToolInvocation
// destroys before returning.
struct RunState {
  RunState(const CompileCommand& command, const ScanOptions& options, MinimizedSession* session)
      : command(command), parts(options.parts), session(session),
        gcc_symbols(options.symbols == SymbolStyle::Gcc ||
                    (options.symbols == SymbolStyle::Auto && !command.arguments.empty() &&
                     compiler_is_gcc(command.arguments.front()))),
        includes(command.directory, session ? session->path_names() : nullptr),
        references(command.directory), contexts(command.directory) {}

  const CompileCommand& command;
  ScanParts parts;
  MinimizedSession* session;  // set when clang sees minimized sources
  bool gcc_symbols;           // vars named as GCC names them
  IncludeCollector includes;
  ReferenceCollector references;
  ContextTracker contexts;
  std::vector<RecordLayout> records;
  std::vector<VarLayout> vars;
  llvm::StringMap<std::string> seen_content;  // normalized path -> hash of what clang read
};

class CollectingConsumer : public clang::ASTConsumer {
 public:
  CollectingConsumer(RunState* state, const clang::SourceManager& sm) : state_(state), sm_(sm) {}

  // Layouts-only scans skip the bodies of functions in system headers (most
  // of libstdc++ is inline code): nothing there is collected (records and
  // variables in system headers are left out), a class's layout never
  // depends on a function body, and clang itself keeps the bodies it needs
  // (constexpr functions, deduced return types; Sema::canSkipFunctionBody).
  // This is clangd's trick for preambles; it makes the scan that runs beside
  // every compile cheaper.
  bool shouldSkipFunctionBody(clang::Decl* decl) override {
    return skips_system_bodies(state_->parts) &&
           sm_.isInSystemHeader(sm_.getExpansionLoc(decl->getLocation()));
  }

  void HandleTranslationUnit(clang::ASTContext& context) override {
    if (context.getDiagnostics().hasUnrecoverableErrorOccurred()) return;
    if (state_->parts.layouts) {
      state_->records = collect_record_layouts(context, state_->command.directory);
      state_->vars =
          collect_static_vars(context, state_->command.directory, state_->gcc_symbols);
    }
    if (state_->parts.refs) state_->references.collect(context);
  }

  static bool skips_system_bodies(const ScanParts& parts) { return parts.layouts && !parts.refs; }

 private:
  RunState* state_;
  const clang::SourceManager& sm_;
};

// The hooks every scan needs, on top of either frontend action.
template <typename Base>
class CollectingAction : public Base {
 public:
  explicit CollectingAction(RunState* state) : state_(state) {}

 protected:
  bool BeginInvocation(clang::CompilerInstance& ci) override {
    if (state_->session) state_->session->configure(ci);
    return true;
  }

  bool BeginSourceFileAction(clang::CompilerInstance& ci) override {
    clang::Preprocessor& pp = ci.getPreprocessor();
    state_->includes.attach(pp);
    if (state_->parts.refs) {
      state_->references.attach(pp);
      state_->contexts.attach(pp);
    }
    return true;
  }

  void EndSourceFileAction() override {
    if (state_->session) return;  // minimized buffers: the session hashed the originals
    // Hash the buffers clang actually read, so a file edited during the scan
    // can never be cached with a result computed from its older content.
    const clang::SourceManager& sm = this->getCompilerInstance().getSourceManager();
    for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it) {
      auto data = it->second->getBufferDataIfLoaded();
      if (!data || !it->first) continue;
      state_->seen_content[normalize_path(it->first->getName(), state_->command.directory)] =
          hash_hex(*data);
    }
  }

  RunState* state_;
};

// Includes only: the preprocessor runs to the end, as `clang -E` would,
// without an ASTContext or Sema.
using PreprocessScanAction = CollectingAction<clang::PreprocessOnlyAction>;

// Layouts/refs: a full parse (Sema, no codegen), then the AST collectors.
class ParseScanAction : public CollectingAction<clang::ASTFrontendAction> {
 public:
  using CollectingAction::CollectingAction;

 protected:
  bool BeginInvocation(clang::CompilerInstance& ci) override {
    // Parser asks the consumer about each body only with this set.
    if (CollectingConsumer::skips_system_bodies(state_->parts))
      ci.getFrontendOpts().SkipFunctionBodies = true;
    return CollectingAction::BeginInvocation(ci);
  }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& ci,
                                                        llvm::StringRef) override {
    return std::make_unique<CollectingConsumer>(state_, ci.getSourceManager());
  }
};

int64_t ns_since_epoch(llvm::sys::TimePoint<> t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Files changed this close to the scan start are not trusted by mtime: file
// system timestamps come from a coarse clock (cf. git's "racy" entries).
constexpr int64_t kRacyMarginNs = 2'000'000'000;

std::vector<InputDigest> digest_inputs(const TuScan& scan, const RunState& state,
                                       int64_t scan_start_ns) {
  std::vector<InputDigest> inputs;
  inputs.reserve(scan.includes.size() + 1);
  auto add_content = [&](const std::string& path) {
    auto seen = state.seen_content.find(path);
    std::optional<std::string> original;
    if (state.session) original = state.session->original_hash(path);
    if (original) {  // what the minimizer read, before minimizing
      inputs.push_back({path, *original});
    } else if (state.session) {  // probed only (__has_include)
      inputs.push_back({path, hash_file(path).value_or("")});
    } else if (seen != state.seen_content.end()) {
      inputs.push_back({path, seen->second});
    } else if (auto hash = hash_file(path)) {  // probed only (__has_include)
      inputs.push_back({path, *hash});
    } else {
      inputs.push_back({path, ""});
    }
  };
  auto add = [&](const std::string& path) {
    add_content(path);
    llvm::sys::fs::file_status status;
    if (llvm::sys::fs::status(path, status)) return;
    int64_t mtime = ns_since_epoch(status.getLastModificationTime());
    if (mtime < scan_start_ns - kRacyMarginNs) {
      inputs.back().size = static_cast<int64_t>(status.getSize());
      inputs.back().mtime_ns = mtime;
    }
  };
  add(scan.file);
  for (const std::string& path : scan.includes) add(path);
  return inputs;
}

// What clang::tooling::ToolInvocation does - driver, then a CompilerInstance
// over our FileManager - with the driver's work shared by TUs of one shape.
bool run_frontend(const std::vector<std::string>& args, const CompileCommand& command,
                  Cc1Commands& cc1_commands, clang::FileManager& files,
                  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diag_options,
                  clang::DiagnosticConsumer& printer,
                  std::unique_ptr<clang::FrontendAction> action) {
  llvm::IntrusiveRefCntPtr<clang::DiagnosticsEngine> driver_diags =
      clang::CompilerInstance::createDiagnostics(diag_options.get(), &printer,
                                                 /*ShouldOwnClient=*/false);
  clang::SourceManager driver_sources(*driver_diags, files);
  driver_diags->setSourceManager(&driver_sources);
  auto cc1 = cc1_commands.get(args, command.directory, command.file, *driver_diags,
                              &files.getVirtualFileSystem());
  if (!cc1) return false;
  llvm::opt::ArgStringList cc1_argv;
  for (const std::string& arg : *cc1) cc1_argv.push_back(arg.c_str());
  std::shared_ptr<clang::CompilerInvocation> invocation(
      clang::tooling::newInvocation(driver_diags.get(), cc1_argv, args[0].c_str()));

  clang::CompilerInstance compiler(std::make_shared<clang::PCHContainerOperations>());
  compiler.setInvocation(std::move(invocation));
  compiler.setFileManager(&files);
  // The action may refer to the compiler's members: it goes first.
  std::unique_ptr<clang::FrontendAction> scoped_action = std::move(action);
  compiler.createDiagnostics(&printer, /*ShouldOwnClient=*/false);
  if (!compiler.hasDiagnostics()) return false;
  compiler.createSourceManager(files);
  // "N errors generated." would go straight to stderr, between the output of
  // parallel TUs; the diagnostics themselves are in the TU's error.
  compiler.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
  bool ok = compiler.ExecuteAction(*scoped_action);
  files.clearStatCache();
  return ok;
}

}  // namespace

std::string default_resource_dir() { return HOTCOG_CLANG_RESOURCE_DIR; }

namespace {

// GCC-built projects pass GCC-only flags (hotcog_add_cog's -fno-gnu-unique,
// -fconserve-stack, ...) that clang's driver rejects as unknown, failing the
// whole command. They never name a file or change what the preprocessor
// opens, so they are left out. clang-cl mode only warns about unknown
// arguments: nothing to do there.
std::vector<std::string> drop_unknown_arguments(std::vector<std::string> args,
                                                std::vector<std::string>* ignored) {
  if (args.size() < 2) return args;
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  llvm::ArrayRef<const char*> arguments = llvm::makeArrayRef(argv).drop_front();
  if (clang::driver::IsClangCL(clang::driver::getDriverMode(argv[0], arguments))) return args;
  unsigned missing_index = 0, missing_count = 0;
  namespace options = clang::driver::options;
  llvm::opt::InputArgList parsed = clang::driver::getDriverOptTable().ParseArgs(
      arguments, missing_index, missing_count, /*FlagsToInclude=*/0,
      /*FlagsToExclude=*/options::NoDriverOption | options::CLOption);
  std::vector<bool> unknown(args.size(), false);
  bool any = false;
  for (const llvm::opt::Arg* arg : parsed.filtered(options::OPT_UNKNOWN)) {
    unknown[arg->getIndex() + 1] = true;
    any = true;
  }
  if (!any) return args;
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!unknown[i])
      kept.push_back(std::move(args[i]));
    else if (ignored)
      ignored->push_back(std::move(args[i]));
  }
  return kept;
}

// A C++ command without -std compiles as GCC's default dialect; clang 14's
// is gnu++14, GCC 11 and later's gnu++17 (C++17 headers such as the
// runtime's <string_view> uses would not parse). Only GCC's drivers: any
// other compiler is clang, whose default the scan already has.
void add_gcc_default_standard(std::vector<std::string>* args, const std::string& file) {
  if (args->empty() || !compiler_is_gcc(args->front())) return;
  bool cxx = false;
  for (size_t i = 1; i < args->size(); ++i) {
    llvm::StringRef arg((*args)[i]);
    if (arg.startswith("-std=") || arg.startswith("--std")) return;
    if ((arg == "-x" && i + 1 < args->size() && (*args)[i + 1] == "c++") || arg == "-xc++")
      cxx = true;
  }
  llvm::StringRef ext = llvm::sys::path::extension(file);
  cxx = cxx || ext == ".cpp" || ext == ".cc" || ext == ".cxx" || ext == ".c++" || ext == ".C" ||
        ext == ".cp" || ext == ".CPP";
  if (cxx) args->push_back("-std=gnu++17");
}

// The directory and the scan's command line without the source file and
// without its macro definitions (-D, -U): TUs with equal shapes get the same
// built-in predefines, language options and header search. The macros are
// left out because CMake gives every target its own (cogN_EXPORTS, hotcog's
// HOTCOG_COG_NAME): with them, no two cogs shared a shape and a header edit
// parsed every includer (tool/lib/shared_header.h). A header that names one
// of them is not context-free instead (context_tracker.h).
std::string command_shape(const CompileCommand& command, const ScanOptions& options) {
  std::string text = command.directory;
  text += '\0';
  bool macro_value = false;  // the argument after a bare -D or -U
  for (const std::string& arg : scanner_command_line(command, options)) {
    if (std::exchange(macro_value, false)) continue;
    if (arg == "-D" || arg == "-U") {
      macro_value = true;
      continue;
    }
    if (llvm::StringRef(arg).startswith("-D") || llvm::StringRef(arg).startswith("-U")) continue;
    if (arg == command.file || normalize_path(arg, command.directory) == command.file) continue;
    text += arg;
    text += '\0';
  }
  return hash_hex(text);
}

}  // namespace

std::vector<std::string> scanner_command_line(const CompileCommand& command,
                                              const ScanOptions& options,
                                              std::vector<std::string>* ignored) {
  using namespace clang::tooling;
  std::vector<std::string> args = command.arguments;
  // The shell finds a bare "clang++" in PATH and the driver then knows where
  // it is installed (its GCC toolchain search depends on that); do the same.
  if (!args.empty() && args[0].find('/') == std::string::npos) {
    if (auto found = llvm::sys::findProgramByName(args[0])) args[0] = *found;
  }
  args = getClangStripOutputAdjuster()(args, command.file);
  args = getClangStripDependencyFileAdjuster()(args, command.file);
  args = getClangSyntaxOnlyAdjuster()(args, command.file);
  args = drop_unknown_arguments(std::move(args), ignored);
  add_gcc_default_standard(&args, command.file);
  std::string resource_dir =
      options.resource_dir.empty() ? default_resource_dir() : options.resource_dir;
  args.insert(args.begin() + 1, {"-resource-dir", resource_dir});
  args.push_back("-w");
  if (!options.include_pch.empty()) args.insert(args.end(), {"-include-pch", options.include_pch});
  return args;
}

bool generate_pch(const std::vector<std::string>& args, const std::string& directory,
                  const std::string& header, std::string* diagnostics) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs = llvm::vfs::createPhysicalFileSystem();
  fs->setCurrentWorkingDirectory(directory);
  llvm::IntrusiveRefCntPtr<clang::FileManager> files =
      new clang::FileManager(clang::FileSystemOptions(), fs);
  llvm::raw_string_ostream diag_stream(*diagnostics);
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diag_options(new clang::DiagnosticOptions());
  clang::TextDiagnosticPrinter printer(diag_stream, diag_options.get());
  Cc1Commands cc1_commands;
  CompileCommand command{directory, header, args};
  auto start = std::chrono::system_clock::now();
  bool ok = run_frontend(args, command, cc1_commands, *files, diag_options, printer,
                         std::make_unique<clang::GeneratePCHAction>());
  diag_stream.flush();
  if (!ok) return false;
  // clang checks a PCH's inputs by size and mtime in seconds when it loads
  // it: an input changed in the same second as this build, keeping its size,
  // would go unnoticed. A PCH with an input that recent is not kept (cf. the
  // scan cache's racy margin); a later edit then always moves the mtime.
  llvm::SmallVector<const clang::FileEntry*, 256> inputs;
  files->GetUniqueIDMapping(inputs);
  time_t racy = std::chrono::system_clock::to_time_t(start) - kRacyMarginNs / 1'000'000'000;
  for (const clang::FileEntry* input : inputs) {
    if (!input || input->getName() == header) continue;  // ours, named by its content
    if (input->getModificationTime() >= racy) {
      *diagnostics += "not kept: '" + input->getName().str() + "' changed less than 2 s ago\n";
      return false;
    }
  }
  return true;
}

TuRun run_translation_unit(const CompileCommand& command, const ScanOptions& options,
                           const SharedScanState& shared) {
  MinimizedSession* session = shared.session;
  Cc1Commands* cc1_commands = shared.cc1_commands;
  std::unique_ptr<MinimizedSession> own_session;
  bool minimize = !options.parts.needs_ast() && options.minimized_sources;
  if (minimize && !session) {
    own_session = std::make_unique<MinimizedSession>(!options.cache_dir.empty());
    session = own_session.get();
  }
  if (!minimize) session = nullptr;
  int64_t scan_start_ns = ns_since_epoch(std::chrono::system_clock::now());
  // A file system of our own: its working directory is per TU, not the
  // process's, so TUs with different directories can run in parallel.
  llvm::IntrusiveRefCntPtr<clang::FileManager> files;
  if (session) {
    files = session->file_manager_for(command.directory);
  } else {
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs = llvm::vfs::createPhysicalFileSystem();
    fs->setCurrentWorkingDirectory(command.directory);
    files = new clang::FileManager(clang::FileSystemOptions(), fs);
  }
  RunState state(command, options, session);
  if (!options.cache_dir.empty() || options.parts.refs) state.includes.track_shadows();
  if (session) {
    // Per TU, the tables by buffer: every edge needs one, the session's
    // lookup takes a lock.
    auto tables = std::make_shared<
        llvm::DenseMap<const char*, std::shared_ptr<const IncludeLines>>>();
    state.includes.set_line_mapper(
        [session, tables](const std::string& path, llvm::StringRef buffer, unsigned offset) {
          auto& table = (*tables)[buffer.data()];
          if (!table) table = session->include_lines(path, buffer);
          return table ? table->line_at(offset) : 0u;
        });
  }

  std::string diagnostics;
  llvm::raw_string_ostream diag_stream(diagnostics);
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diag_options(new clang::DiagnosticOptions());
  clang::TextDiagnosticPrinter printer(diag_stream, diag_options.get());

  Cc1Commands own_cc1_commands;
  std::unique_ptr<clang::FrontendAction> action;
  if (options.parts.needs_ast())
    action = std::make_unique<ParseScanAction>(&state);
  else
    action = std::make_unique<PreprocessScanAction>(&state);
  std::vector<std::string> ignored_arguments;
  bool ok = run_frontend(scanner_command_line(command, options, &ignored_arguments), command,
                         cc1_commands ? *cc1_commands : own_cc1_commands, *files, diag_options,
                         printer, std::move(action));
  diag_stream.flush();

  TuRun run;
  run.scan.file = command.file;
  run.scan.includes = state.includes.files(command.file);
  run.scan.edges = state.includes.edges();
  run.scan.records = std::move(state.records);
  run.scan.vars = std::move(state.vars);
  run.scan.decls = state.references.decls();
  run.scan.refs = state.references.refs();
  run.scan.used = state.references.used();
  if (options.parts.refs) {
    run.scan.context_free = state.contexts.context_free();
    run.scan.shape = command_shape(command, options);
  }
  run.scan.ignored_arguments = std::move(ignored_arguments);
  if (!ok) {
    run.scan.error = diagnostics.empty() ? "clang failed on " + command.file : diagnostics;
  }
  if (!options.cache_dir.empty() || options.parts.refs) {
    ExistenceMemo own_existence;
    run.absent =
        state.includes.absent_shadow_paths(shared.existence ? *shared.existence : own_existence);
  }
  if (!options.cache_dir.empty()) run.inputs = digest_inputs(run.scan, state, scan_start_ns);
  if (options.parts.refs) run.scan.shadows = run.absent;
  return run;
}

}  // namespace hotcog::scan
