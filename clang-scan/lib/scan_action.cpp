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
#include "include_collector.h"
#include "layout_collector.h"
#include "minimized_sources.h"
#include "reference_collector.h"
#include "scan_paths.h"

namespace hotcog::scan {
namespace {

// What one run accumulates; outlives the FrontendAction, which ToolInvocation
// destroys before returning.
struct RunState {
  RunState(const CompileCommand& command, const ScanParts& parts, MinimizedSession* session)
      : command(command), parts(parts), session(session),
        includes(command.directory, session ? session->path_names() : nullptr),
        references(command.directory) {}

  const CompileCommand& command;
  ScanParts parts;
  MinimizedSession* session;  // set when clang sees minimized sources
  IncludeCollector includes;
  ReferenceCollector references;
  std::vector<RecordLayout> records;
  llvm::StringMap<std::string> seen_content;  // normalized path -> hash of what clang read
};

class CollectingConsumer : public clang::ASTConsumer {
 public:
  explicit CollectingConsumer(RunState* state) : state_(state) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    if (context.getDiagnostics().hasUnrecoverableErrorOccurred()) return;
    if (state_->parts.layouts)
      state_->records = collect_record_layouts(context, state_->command.directory);
    if (state_->parts.refs) state_->references.collect(context);
  }

 private:
  RunState* state_;
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
    if (state_->parts.refs) state_->references.attach(pp);
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
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&,
                                                        llvm::StringRef) override {
    return std::make_unique<CollectingConsumer>(state_);
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

// A GCC command line without -std= compiles with GCC's default dialect,
// gnu++17 / gnu17 since GCC 11, where clang 14 would use gnu++14 / gnu17:
// a project that relies on the default (std::string_view without -std)
// would fail to parse. Say GCC's default explicitly.
void add_gcc_default_standard(std::vector<std::string>* args, const std::string& file) {
  if (args->empty()) return;
  llvm::StringRef compiler = llvm::sys::path::filename((*args)[0]);
  bool gcc = compiler.contains("g++") || compiler.contains("gcc") || compiler == "c++" ||
             compiler == "cc";
  if (!gcc || compiler.contains("clang")) return;
  for (const std::string& arg : *args)
    if (llvm::StringRef(arg).startswith("-std=") || llvm::StringRef(arg).startswith("--std"))
      return;
  bool c_source = llvm::sys::path::extension(file) == ".c" && !compiler.contains("g++") &&
                  compiler != "c++";
  args->insert(args->begin() + 1, c_source ? "-std=gnu17" : "-std=gnu++17");
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
  return args;
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
  RunState state(command, options.parts, session);
  if (!options.cache_dir.empty()) state.includes.track_shadows();
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
  run.scan.decls = state.references.decls();
  run.scan.refs = state.references.refs();
  run.scan.used = state.references.used();
  run.scan.ignored_arguments = std::move(ignored_arguments);
  if (!ok) {
    run.scan.error = diagnostics.empty() ? "clang failed on " + command.file : diagnostics;
  }
  if (!options.cache_dir.empty()) {
    run.inputs = digest_inputs(run.scan, state, scan_start_ns);
    ExistenceMemo own_existence;
    run.absent =
        state.includes.absent_shadow_paths(shared.existence ? *shared.existence : own_existence);
  }
  return run;
}

}  // namespace hotcog::scan
