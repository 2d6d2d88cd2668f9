#include "lib/compile_db.h"

#include "lib/project.h"
#include "lib/tool_error.h"

#include "hotcog/ninja/ninja_tool.h"

#include <llvm/ADT/StringSwitch.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/FileUtilities.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/StringSaver.h>
#include <llvm/Support/raw_ostream.h>

namespace hotcog::cli {
bool is_source_file(llvm::StringRef file) {
  return llvm::StringSwitch<bool>(llvm::sys::path::extension(file))
      .Cases(".c", ".cc", ".cpp", ".cxx", ".c++", ".C", true)
      .Cases(".m", ".mm", true)
      .Default(false);
}

namespace {

namespace json = llvm::json;

std::string entry_file(const json::Object& entry, llvm::StringRef key = "file") {
  llvm::StringRef file = entry.getString(key).getValueOr("");
  llvm::StringRef dir = entry.getString("directory").getValueOr("");
  if (file.empty()) return {};
  llvm::SmallString<256> path(file);
  if (!llvm::sys::path::is_absolute(path)) {
    path = dir;
    llvm::sys::path::append(path, file);
  }
  return normalize_path(std::string(path));
}

llvm::Expected<json::Array> parse_array(llvm::StringRef text, const std::string& origin) {
  // ninja's own warnings may precede the document on the shared pipe.
  size_t start = text.find('[');
  llvm::Expected<json::Value> value =
      json::parse(start == llvm::StringRef::npos ? text : text.substr(start));
  if (!value)
    return tool_error(ErrorKind::Scan, "{} is not a compilation database: {}", origin,
                      llvm::toString(value.takeError()));
  json::Array* array = value->getAsArray();
  if (!array) return tool_error(ErrorKind::Scan, "{} is not a JSON array", origin);
  return std::move(*array);
}

}  // namespace

llvm::Expected<std::string> filter_ninja_compdb(llvm::StringRef text) {
  llvm::Expected<json::Array> entries = parse_array(text, "the output of `ninja -t compdb`");
  if (!entries) return entries.takeError();
  json::Array kept;
  for (json::Value& entry : *entries) {
    const json::Object* object = entry.getAsObject();
    if (!object) continue;
    bool has_command = !object->getString("command").getValueOr("").empty() ||
                       object->getArray("arguments");
    if (has_command && is_source_file(object->getString("file").getValueOr("")))
      kept.push_back(std::move(entry));
  }
  std::string out;
  llvm::raw_string_ostream os(out);
  os << json::Value(std::move(kept));
  return os.str();
}

llvm::Expected<std::vector<std::string>> compile_db_files(llvm::StringRef text,
                                                          const std::string& origin) {
  llvm::Expected<json::Array> entries = parse_array(text, origin);
  if (!entries) return entries.takeError();
  std::vector<std::string> files;
  for (const json::Value& entry : *entries)
    if (const json::Object* object = entry.getAsObject())
      if (std::string file = entry_file(*object); !file.empty()) files.push_back(file);
  return files;
}

std::map<std::string, std::string> compile_db_outputs(llvm::StringRef text) {
  std::map<std::string, std::string> outputs;
  llvm::Expected<json::Array> entries = parse_array(text, "");
  if (!entries) {
    llvm::consumeError(entries.takeError());
    return outputs;
  }
  for (const json::Value& entry : *entries)
    if (const json::Object* object = entry.getAsObject()) {
      std::string file = entry_file(*object), output = entry_file(*object, "output");
      if (!file.empty() && !output.empty()) outputs.emplace(file, output);
    }
  return outputs;
}

llvm::Expected<std::vector<CompileCommand>> compile_db_commands(llvm::StringRef text,
                                                                const std::string& origin) {
  llvm::Expected<json::Array> entries = parse_array(text, origin);
  if (!entries) return entries.takeError();
  std::vector<CompileCommand> commands;
  for (const json::Value& entry : *entries) {
    const json::Object* object = entry.getAsObject();
    if (!object) continue;
    CompileCommand command{entry_file(*object), {}};
    if (const json::Array* args = object->getArray("arguments")) {
      for (const json::Value& arg : *args)
        if (auto text = arg.getAsString()) command.args.push_back(text->str());
    } else {
      llvm::BumpPtrAllocator alloc;
      llvm::StringSaver saver(alloc);
      llvm::SmallVector<const char*, 64> argv;
      llvm::cl::TokenizeGNUCommandLine(object->getString("command").getValueOr(""), saver, argv);
      for (const char* arg : argv) command.args.emplace_back(arg);
    }
    if (!command.file.empty() && !command.args.empty()) commands.push_back(std::move(command));
  }
  return commands;
}

llvm::Expected<CompileDb> load_compile_db(const std::string& build_dir) {
  CompileDb db;
  std::string path = build_dir + "/compile_commands.json";
  std::string text;
  if (llvm::sys::fs::exists(path)) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return tool_error(ErrorKind::Io, "cannot read {}: {}", path, buffer.getError().message());
    text = (*buffer)->getBuffer().str();
    db.dir = build_dir;
  } else {
    std::string out, err;
    if (!ninja::run_ninja_tool(build_dir, {"compdb"}, &out, &err))
      return tool_error(ErrorKind::Scan,
                        "no {} and `ninja -t compdb` failed in {}: {}", path, build_dir, err);
    llvm::Expected<std::string> filtered = filter_ninja_compdb(out);
    if (!filtered) return filtered.takeError();
    text = std::move(*filtered);
    db.dir = build_dir + "/hotcog/compdb";
    db.from_ninja = true;
    if (std::error_code ec = llvm::sys::fs::create_directories(db.dir))
      return tool_error(ErrorKind::Io, "cannot create {}: {}", db.dir, ec.message());
    std::string target = db.dir + "/compile_commands.json";
    if (llvm::Error e = llvm::writeFileAtomically(target + ".tmp%%%%%%", target, text))
      return tool_error(ErrorKind::Io, "cannot write {}: {}", target, llvm::toString(std::move(e)));
  }
  llvm::Expected<std::vector<std::string>> files = compile_db_files(text, path);
  if (!files) return files.takeError();
  db.files = std::move(*files);
  db.outputs = compile_db_outputs(text);
  return db;
}

}  // namespace hotcog::cli
