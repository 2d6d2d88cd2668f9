// hotcog-scan: what the compiler sees in each TU of a compile_commands.json.
//
//   hotcog-scan -p <build-dir> [--includes] [--layouts] [--refs]
//               [--format=json|json-lines|manifest] [--jobs N] [-o FILE] [FILE...]
//
// Exit status: 0 all TUs scanned; 1 at least one TU failed to parse (its
// diagnostics go to stderr, every TU is still written); 2 bad usage or an
// unreadable/malformed compilation database.
//
// Two modes for the build itself (modes.h), which need no database:
//   hotcog-scan --tu-manifest -o <object>.layouts -- <compiler> <arguments...>
//   hotcog-scan --merge-manifests -o <image>.layouts <tu>.layouts...
#include "hotcog/scan/scanner.h"

#include "modes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <utility>

namespace cl = llvm::cl;
using namespace hotcog::scan;

namespace {

cl::OptionCategory category("hotcog-scan options");

cl::opt<std::string> build_dir("p",
                               cl::desc("Build directory holding compile_commands.json "
                                        "(required unless --tu-manifest/--merge-manifests)"),
                               cl::value_desc("build-dir"), cl::cat(category));
cl::list<std::string> files(cl::Positional,
                            cl::desc("[FILE...] (default: every TU; with --merge-manifests: "
                                     "the per-TU manifests)"),
                            cl::cat(category));
cl::opt<bool> tu_manifest("tu-manifest",
                          cl::desc("Write the layout manifest of the one compile command "
                                   "given after '--' (run in the current directory) to -o"),
                          cl::cat(category));
cl::opt<bool> merge_manifests("merge-manifests",
                              cl::desc("Merge the per-TU layout manifests FILE... into -o"),
                              cl::cat(category));
cl::opt<bool> want_includes("includes", cl::desc("Files each TU opens, and #include edges (default)"),
                            cl::cat(category));
cl::opt<bool> want_layouts("layouts", cl::desc("Record layouts of user types"), cl::cat(category));
cl::opt<bool> want_refs("refs", cl::desc("Declaration hashes and referenced USRs"),
                        cl::cat(category));

enum class Format { Json, JsonLines, Manifest };
cl::opt<Format> format("format", cl::desc("Output format"), cl::init(Format::Json),
                       cl::values(clEnumValN(Format::Json, "json", "one JSON document"),
                                  clEnumValN(Format::JsonLines, "json-lines",
                                             "one JSON object per TU, one per line"),
                                  clEnumValN(Format::Manifest, "manifest",
                                             "the layout manifest line format (implies --layouts)")),
                       cl::cat(category));
cl::opt<SymbolStyle> symbols(
    "symbols", cl::desc("Whose linker names the layout manifest's vars carry"),
    cl::init(SymbolStyle::Auto),
    cl::values(clEnumValN(SymbolStyle::Auto, "auto", "GCC's if the compiler is gcc/g++/c++, "
                                                    "else clang's (default)"),
               clEnumValN(SymbolStyle::Gcc, "gcc", "GCC 12's"),
               clEnumValN(SymbolStyle::Clang, "clang", "clang's")),
    cl::cat(category));
cl::opt<unsigned> jobs("jobs", cl::desc("TUs scanned in parallel (default: all cores)"),
                       cl::init(0), cl::cat(category));
cl::alias jobs_short("j", cl::aliasopt(jobs), cl::desc("Alias for --jobs"));
cl::opt<std::string> output("o", cl::desc("Write to FILE (atomically) instead of stdout"),
                            cl::value_desc("FILE"), cl::cat(category));
cl::opt<std::string> resource_dir("resource-dir",
                                  cl::desc("Clang resource dir (default: the one of clang-14)"),
                                  cl::cat(category));
// For `hotcog doctor`: the compiled-in default is where clang's own headers
// (stddef.h, ...) must be, or every scan fails on the first #include.
cl::opt<bool> print_resource_dir("print-resource-dir",
                                 cl::desc("Print the default clang resource dir and exit"),
                                 cl::cat(category));
cl::opt<std::string> cache_dir("cache-dir",
                               cl::desc("Scan cache (default: <build-dir>/hotcog/scan-cache)"),
                               cl::cat(category));
cl::opt<bool> no_cache("no-cache", cl::desc("Neither read nor write the scan cache"),
                       cl::cat(category));
cl::opt<bool> full_sources("no-minimize",
                           cl::desc("Include-only scans: preprocess full sources, not minimized "
                                    "ones (slower; for checking)"),
                           cl::cat(category));
cl::opt<std::string> pch_cache(
    "pch-cache",
    cl::desc("--tu-manifest: precompile the TU's leading system #includes into DIR, shared "
             "by TUs with the same ones (keeps 32)"),
    cl::value_desc("DIR"), cl::cat(category));
cl::opt<bool> print_times("time", cl::desc("Print phase timings and cache hits to stderr"),
                          cl::cat(category));

void error_line(const llvm::Twine& message) {
  llvm::WithColor::error(llvm::errs(), "hotcog-scan") << message << "\n";
}

bool write_output(const std::string& text) {
  if (output.empty()) {
    llvm::outs() << text;
    return true;
  }
  return write_file_atomically(output, text);
}

// With --tu-manifest, everything after the first "--" is the compile command,
// kept away from llvm::cl (which would expand its @files and take its
// arguments for positional ones).
std::vector<std::string> split_compile_command(int* argc, char** argv) {
  std::vector<std::string> command;
  bool tu_mode = false;
  for (int i = 1; i < *argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "--tu-manifest" || arg == "-tu-manifest") tu_mode = true;
    if (arg != "--") continue;
    if (!tu_mode) break;
    command.assign(argv + i + 1, argv + *argc);
    *argc = i;
    break;
  }
  return command;
}

int run_database_mode();

}  // namespace

int main(int argc, char** argv) {
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream& os) {
    os << "hotcog-scan 0.1 (JSON version 1, layout manifest version 2)\n";
  });
  std::vector<std::string> command = split_compile_command(&argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "hotcog-scan: include graph, record layouts and declaration "
                                   "references of each TU of a compile_commands.json\n",
                                   &llvm::errs()))
    return 2;

  if (print_resource_dir) {
    llvm::outs() << default_resource_dir() << "\n";
    return 0;
  }
  if (tu_manifest && merge_manifests) {
    error_line("--tu-manifest and --merge-manifests are two modes: give one");
    return 2;
  }
  if (tu_manifest) {
    if (!files.empty()) {
      error_line("--tu-manifest takes the compile command after '--', not '" + files.front() +
                 "'");
      return 2;
    }
    return run_tu_manifest(output, resource_dir, symbols, pch_cache, command);
  }
  if (merge_manifests) return run_merge_manifests(output, files);
  if (build_dir.empty()) {
    error_line("-p <build-dir> is required (or --tu-manifest, --merge-manifests); see --help");
    return 2;
  }
  return run_database_mode();
}

namespace {

std::string join_lines(std::vector<std::string>& lines) {
  size_t size = 0;
  for (const std::string& line : lines) size += line.size();
  std::string text;
  text.reserve(size);
  for (std::string& line : lines) text += std::exchange(line, {});
  return text;
}

int run_database_mode() {

  ScanOptions options;
  options.parts.includes = want_includes;
  options.parts.layouts = want_layouts || format == Format::Manifest;
  options.parts.refs = want_refs;
  const bool json = format == Format::Json || format == Format::JsonLines;
  if (!want_includes && !want_layouts && !want_refs && json)
    options.parts.includes = true;
  options.jobs = jobs;
  options.symbols = symbols;
  options.resource_dir = resource_dir;
  options.minimized_sources = !full_sources;
  if (!no_cache) {
    llvm::SmallString<256> dir(build_dir);
    llvm::sys::path::append(dir, "hotcog", "scan-cache");
    options.cache_dir = cache_dir.empty() ? std::string(dir) : cache_dir;
  }

  auto start = std::chrono::steady_clock::now();
  std::vector<CompileCommand> commands;
  std::string err;
  if (!load_compile_commands(build_dir, files, &commands, &err)) {
    error_line(err);
    return 2;
  }
  double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // The JSON text of each TU is made by the thread that scanned it.
  ScanTimings timings;
  std::vector<std::string> tu_texts(commands.size());
  TuDone render;
  if (format == Format::Json)
    render = [&](size_t i, const TuScan& tu) { tu_texts[i] = tu_json_text(tu, options.parts); };
  else if (format == Format::JsonLines)
    render = [&](size_t i, const TuScan& tu) { tu_texts[i] = tu_json_line(tu, options.parts); };
  std::vector<TuScan> tus = scan_all(commands, options, &timings, render);

  start = std::chrono::steady_clock::now();
  std::string text;
  if (format == Format::Json)
    text = json_document(tu_texts);
  else if (format == Format::JsonLines)
    text = join_lines(tu_texts);
  else
    text = to_layout_manifest(tus);
  bool written = write_output(text);
  double write_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // One note per argument clang does not know, not one per TU.
  std::map<std::string, std::pair<unsigned, std::string>> ignored;  // -> TUs, first TU
  for (const TuScan& tu : tus)
    for (const std::string& arg : tu.ignored_arguments) {
      auto& [count, first] = ignored[arg];
      if (count++ == 0) first = tu.file;
    }
  for (const auto& [arg, seen] : ignored)
    llvm::errs() << "hotcog-scan: note: clang does not know the argument '" << arg
                 << "' of " << seen.first << (seen.first == 1 ? " command" : " commands")
                 << " (first: " << seen.second << "); it is left out of the scan\n";

  int failed = 0;
  for (const TuScan& tu : tus) {
    if (tu.error.empty()) continue;
    ++failed;
    error_line("cannot parse '" + tu.file + "':");
    llvm::errs() << tu.error;
  }
  if (print_times)
    llvm::errs() << llvm::format(
        "hotcog-scan: time: load-db %.1f ms, cache-check %.1f ms, parse %.1f ms (%u parsed, "
        "%u cached), write %.1f ms, driver runs %u\n",
        load_ms, timings.cache_check_ms, timings.parse_ms, timings.parsed, timings.cached,
        write_ms, timings.driver_runs);
  if (!written) return 2;
  return failed ? 1 : 0;
}

}  // namespace
