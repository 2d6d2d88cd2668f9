// hotcog::scan — what the compiler sees in each translation unit.
//
// For every compile command of a compile_commands.json the scanner runs clang
// (libTooling, in-process, parallel over TUs) and reports:
//   - includes: every file the compiler opened (the same set clang -MD writes to
//     its depfile), plus the #include edges with the line of each directive;
//   - records:  the layout of every complete class/struct/union defined outside
//     system headers, with values taken from clang's own record layout;
//   - decls/refs: a token hash per declaration in user files, and the USRs of
//     the user declarations the TU references.
//
// This header is the boundary of the only part of hotcog that includes clang:
// it speaks std types only, so the tool and the tests never compile clang.
#pragma once

#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <vector>

namespace hotcog::scan {

// One entry of compile_commands.json, with the file made absolute.
struct CompileCommand {
  std::string directory;
  std::string file;
  std::vector<std::string> arguments;  // argv[0] is the compiler
};

// Which parts of the scan to run; more parts need a full parse (Sema) instead
// of preprocessing only.
struct ScanParts {
  bool includes = true;
  bool layouts = false;
  bool refs = false;
  bool needs_ast() const { return layouts || refs; }
};

// Whose names the `var` symbols are: the compilers differ in a few corners
// (lib/var_symbols.h). Auto: GCC's if the command's compiler is gcc/g++/c++.
enum class SymbolStyle { Auto, Clang, Gcc };

struct ScanOptions {
  ScanParts parts;
  SymbolStyle symbols = SymbolStyle::Auto;
  unsigned jobs = 0;          // 0: all cores
  std::string resource_dir;   // empty: the one hotcog-scan was built with
  std::string cache_dir;      // empty: no persistent cache
  // Include-only scans preprocess minimized sources (directives only, as
  // clang-scan-deps does); false preprocesses the full text (for checking).
  bool minimized_sources = true;
  // scan_translation_unit: a directory of precompiled system-header
  // prefixes shared by TUs (lib/system_pch.h); empty: none.
  std::string pch_cache;
  // The PCH a scan loads (set by scan_translation_unit from pch_cache).
  std::string include_pch;
};

struct IncludeEdge {
  std::string from;  // the file holding the #include directive
  std::string to;    // the file it resolved to
  unsigned line = 0;
};

struct BaseLayout {
  std::string name;
  uint64_t offset = 0;  // bytes from the start of the record
  bool is_virtual = false;
};

struct FieldLayout {
  std::string name;  // empty for an anonymous struct/union member
  std::string type;
  uint64_t offset_bits = 0;
  std::optional<unsigned> bit_width;  // set for bit-fields only
  // A member of an anonymous struct/union, listed (with its offset from the
  // start of the enclosing named record) right after that anonymous member.
  bool indirect = false;
};

struct RecordLayout {
  std::string name;  // qualified, with template arguments
  std::string file;
  unsigned line = 0;
  uint64_t size = 0;   // bytes
  uint64_t align = 0;  // bytes
  bool vptr = false;   // dynamic class (has a vtable pointer, own or inherited)
  std::vector<BaseLayout> bases;    // direct non-virtual bases, then all virtual bases
  std::vector<FieldLayout> fields;  // in declaration order
  std::vector<std::string> vtable;  // virtual functions in slot order
  std::string hash;  // 16 hex digits over all of the above + packed/alignas/pack
};

// A variable with static storage duration the TU defines (var_collector.h).
struct VarLayout {
  std::string symbol;  // the linker name, Itanium-mangled as the compiler emits it
  uint64_t size = 0;   // bytes
  bool trivial = false;  // trivially copyable and not a reference
  std::string name;    // qualified, for messages
  std::string file;
  unsigned line = 0;
};

struct DeclHash {
  std::string usr;
  std::string kind;  // function, record, variable, enum, typedef, template, macro, ...
  std::string name;
  std::string file;
  unsigned line = 0;
  std::string hash;  // 16 hex digits over the declaration's tokens
};

struct TuScan {
  std::string file;
  std::vector<std::string> includes;  // in the order the compiler opened them
  std::vector<IncludeEdge> edges;
  std::vector<RecordLayout> records;
  std::vector<VarLayout> vars;  // with records (ScanParts::layouts), sorted by symbol
  std::vector<DeclHash> decls;
  std::vector<std::string> refs;  // USRs, sorted
  std::vector<std::string> used;  // the refs the TU's own code reaches, sorted (README)
  // With refs: the user headers preprocessed independently of this TU, each
  // with the hash of its identifier set (lib/context_tracker.h), and a hash
  // of the command line without the source file: TUs with the same shape see
  // a context-free header's tokens the same way.
  std::vector<std::pair<std::string, std::string>> context_free;
  std::string shape;
  // With refs: paths that do not exist and where header search would find a
  // header before one this TU includes now (or that a __has_include asked
  // for): a file created there changes what the TU compiles. Sorted.
  std::vector<std::string> shadows;
  // Empty when the TU parsed; else the compiler's diagnostics. The collected
  // parts are still filled as far as the compiler got.
  std::string error;
  // Arguments of the compile command that clang's driver does not know (e.g.
  // GCC's -fno-gnu-unique, -fconserve-stack): left out of the scan, since
  // clang would refuse the whole command for them. Empty for most commands.
  std::vector<std::string> ignored_arguments;
  bool from_cache = false;
};

// Where time went in scan_all(), for --time and the benchmarks.
struct ScanTimings {
  double cache_check_ms = 0;
  double parse_ms = 0;  // wall time of the parallel clang runs
  unsigned parsed = 0;
  unsigned cached = 0;
  unsigned driver_runs = 0;  // the rest of the parsed TUs reused a command shape's cc1 line
};

// Reads <build_dir>/compile_commands.json. With `files` non-empty, keeps only
// the commands for those files (made absolute against the current directory);
// a file without a command is an error. Returns false with *err set.
bool load_compile_commands(const std::string& build_dir,
                           const std::vector<std::string>& files,
                           std::vector<CompileCommand>* out, std::string* err);

// A compile command given as argv (argv[0] the compiler), run in `directory`
// (single_command.cpp): its source is its one input argument; @files are
// expanded. false with *err when it names no source or several inputs.
bool compile_command_from_argv(const std::vector<std::string>& argv,
                               const std::string& directory, CompileCommand* out,
                               std::string* err);

// Scans one command (no cache).
TuScan scan_translation_unit(const CompileCommand& command, const ScanOptions& options);

// Scans all commands in parallel, through the cache when options.cache_dir is
// set. Results are in the order of `commands`.
// `on_done(i, result)`, if set, is called on a scanning thread as soon as the
// result of commands[i] is known (from the cache or from clang), so output can
// be prepared in parallel with the remaining TUs.
using TuDone = std::function<void(size_t index, const TuScan& result)>;
std::vector<TuScan> scan_all(const std::vector<CompileCommand>& commands,
                             const ScanOptions& options, ScanTimings* timings = nullptr,
                             const TuDone& on_done = {});

// Writers (scan_json.cpp, manifest_writer.cpp).
std::string to_json(const std::vector<TuScan>& tus, const ScanParts& parts);
// The same document in two steps: each TU's text (independent, so it can be
// made on the thread that scanned it), then the document around them.
std::string tu_json_text(const TuScan& tu, const ScanParts& parts);
std::string json_document(const std::vector<std::string>& tu_texts);
// --format=json-lines: the same TU object on one line (no indentation, ending
// in '\n'), so that a reader can parse one TU at a time.
std::string tu_json_line(const TuScan& tu, const ScanParts& parts);

// The layout manifest (manifest_writer.cpp, manifest_reader.cpp; the format is
// described there and in docs/layout-manifest.md).
struct IncompleteScan {
  std::string file;    // the source whose scan failed (or the missing per-TU file)
  std::string reason;  // one line
};
struct LayoutManifest {
  std::vector<RecordLayout> records;
  std::vector<VarLayout> vars;
  std::vector<IncompleteScan> incomplete;
};
// The TUs' records and vars; a TU with an error becomes an `incomplete` line.
LayoutManifest layout_manifest_of(const std::vector<TuScan>& tus);
// Several manifests as one (the per-image file from the per-TU files).
LayoutManifest merge_layout_manifests(const std::vector<LayoutManifest>& parts);
// Records sorted by name and deduplicated by (name, hash), vars by symbol.
std::string write_layout_manifest(const LayoutManifest& manifest);
std::string to_layout_manifest(const std::vector<TuScan>& tus);
// Parses a version-2 manifest; false with *err ("line N: ...") when the text
// is not one. Unknown line kinds are skipped.
bool parse_layout_manifest(const std::string& text, LayoutManifest* out, std::string* err);

// The resource dir hotcog-scan was built with (`clang-14 -print-resource-dir`).
std::string default_resource_dir();

}  // namespace hotcog::scan
