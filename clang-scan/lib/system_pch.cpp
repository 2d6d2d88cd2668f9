#include "system_pch.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "content_hash.h"
#include "scan_action.h"
#include "scan_paths.h"

#include <algorithm>
#include <sys/time.h>

namespace hotcog::scan {
namespace {

constexpr size_t kKeep = 32;

// The TU's leading `#include <...>` lines, one per line; blank lines and
// comments may come before and between them, anything else ends the run.
std::string leading_system_includes(llvm::StringRef text) {
  std::string out;
  bool in_comment = false;
  while (!text.empty()) {
    auto [raw, rest] = text.split('\n');
    text = rest;
    llvm::StringRef line = raw.trim();
    if (in_comment) {
      size_t end = line.find("*/");
      if (end == llvm::StringRef::npos) continue;
      in_comment = false;
      line = line.drop_front(end + 2).trim();
    }
    if (line.startswith("/*")) {
      size_t end = line.find("*/", 2);
      if (end == llvm::StringRef::npos) {
        in_comment = true;
        continue;
      }
      line = line.drop_front(end + 2).trim();
    }
    if (line.empty() || line.startswith("//")) continue;
    if (!line.consume_front("#")) break;
    line = line.ltrim();
    if (!line.consume_front("include")) break;
    line = line.ltrim();
    if (!line.startswith("<")) break;
    size_t close = line.find('>');
    if (close == llvm::StringRef::npos) break;
    llvm::StringRef after = line.drop_front(close + 1).trim();
    if (!after.empty() && !after.startswith("//")) break;
    out += "#include " + line.take_front(close + 1).str() + "\n";
  }
  return out;
}

bool is_cxx(const std::vector<std::string>& args, const std::string& file) {
  for (size_t i = 1; i + 1 < args.size(); ++i)
    if (args[i] == "-x") return args[i + 1] == "c++";
  llvm::StringRef ext = llvm::sys::path::extension(file);
  return ext == ".cpp" || ext == ".cc" || ext == ".cxx" || ext == ".c++" || ext == ".C";
}

// Keeps the kKeep most recently used PCHs (their mtime is refreshed on use).
void trim(const std::string& dir) {
  std::vector<std::pair<llvm::sys::TimePoint<>, std::string>> pchs;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec)) {
    if (llvm::sys::path::extension(it->path()) != ".pch") continue;
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(it->path(), status))
      pchs.emplace_back(status.getLastModificationTime(), it->path());
  }
  if (pchs.size() <= kKeep) return;
  std::sort(pchs.begin(), pchs.end());
  for (size_t i = 0; i + kKeep < pchs.size(); ++i) {
    llvm::sys::fs::remove(pchs[i].second);
    llvm::sys::fs::remove(llvm::StringRef(pchs[i].second).drop_back(4).str() + ".h");
  }
}

}  // namespace

std::optional<std::string> system_pch_for(const CompileCommand& command,
                                          const ScanOptions& options) {
  std::vector<std::string> args = scanner_command_line(command, options);
  if (!is_cxx(args, command.file)) return std::nullopt;
  auto buffer = llvm::MemoryBuffer::getFile(command.file, /*IsText=*/true);
  if (!buffer) return std::nullopt;
  std::string includes = leading_system_includes((*buffer)->getBuffer());
  if (includes.empty()) return std::nullopt;

  // The key: the flags without the source (and nothing may be forced in
  // before the PCH), and the include lines.
  std::string key_text = "hotcog-scan pch 1\n" + command.directory + "\n" + includes;
  std::optional<size_t> source;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg(args[i]);
    if (arg == "-include" || arg == "-imacros" || (arg.startswith("-include") && arg != "-include-pch"))
      return std::nullopt;
    if (i > 0 && !source && normalize_path(arg, command.directory) == command.file) {
      source = i;
      continue;
    }
    key_text += args[i] + '\0';
  }
  if (!source) return std::nullopt;
  llvm::SmallString<256> pch(options.pch_cache), header(options.pch_cache);
  std::string key = hash_hex(key_text);
  llvm::sys::path::append(pch, key + ".pch");
  llvm::sys::path::append(header, key + ".h");
  if (llvm::sys::fs::exists(pch)) {
    utimes(pch.c_str(), nullptr);  // used now: kept by trim()
    return std::string(pch);
  }

  // Build it: the scan's own command, for the header instead of the source.
  if (llvm::sys::fs::create_directories(options.pch_cache)) return std::nullopt;
  if (llvm::Error error = llvm::writeFileAtomically(std::string(header) + ".tmp%%%%%%", header, includes)) {
    llvm::consumeError(std::move(error));
    return std::nullopt;
  }
  llvm::SmallString<256> temp;
  int fd = -1;
  if (llvm::sys::fs::createUniqueFile(std::string(pch) + ".tmp%%%%%%", fd, temp)) return std::nullopt;
  llvm::sys::fs::closeFile(fd);
  std::vector<std::string> pch_args;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-fsyntax-only" || args[i] == "-c") continue;
    if (i == *source) {
      pch_args.insert(pch_args.end(), {"-x", "c++-header", std::string(header)});
      continue;
    }
    pch_args.push_back(args[i]);
  }
  pch_args.insert(pch_args.end(), {"-o", std::string(temp)});
  std::string diagnostics;
  if (!generate_pch(pch_args, command.directory, std::string(header), &diagnostics) ||
      llvm::sys::fs::rename(temp, pch)) {
    llvm::sys::fs::remove(temp);
    return std::nullopt;
  }
  trim(options.pch_cache);
  return std::string(pch);
}

}  // namespace hotcog::scan
