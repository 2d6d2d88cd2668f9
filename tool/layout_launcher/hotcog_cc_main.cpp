// hotcog-cc: a compiler launcher that runs the layout scan of the TU in
// parallel with its compile, in the same build edge, so plain `ninja` keeps
// <object>.layouts exactly as fresh as <object> and never re-parses a TU it
// does not recompile.
//
//   hotcog-cc --scanner <hotcog-scan> [--launchers <n>] [--scan-arg <arg>]...
//             [--clang-plugin <hotcog-layout-plugin.so>]
//             -- [<launcher>...] <compiler> <arguments...>
//
// The command after "--" runs unchanged (a user launcher such as ccache stays
// in front of the compiler); the scanner gets it without the first <n>
// arguments (those launchers): `hotcog-scan --tu-manifest <scan-args>
// -o <object>.layouts -- <compiler> <arguments...>`.
//
// With --clang-plugin (the compiler is clang 14), no second parse: the
// compile itself gets -fplugin=<plugin> and writes <object>.layouts; only
// when it did not (a ccache hit runs no compiler) does the scan run, after
// the compile.
//
// The exit status is the compiler's. When the compile fails, the scan is
// stopped and <object>.layouts removed: no manifest claims a TU that did not
// build. When the scan fails (crash, scanner missing), <object>.layouts says
// `incomplete` and one warning line goes to stderr; the build goes on. A
// command that does not compile to an object (no -c or -o) just runs.
#include "compile_args.h"
#include "scan_child.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace hotcog::launcher;

namespace {

struct Options {
  std::string scanner;
  std::string clang_plugin;
  size_t launchers = 0;
  std::vector<std::string> scan_args;
  std::vector<std::string> command;
};

int usage(const std::string& message) {
  std::fprintf(stderr,
               "hotcog-cc: error: %s\nusage: hotcog-cc --scanner <hotcog-scan> [--launchers <n>] "
               "[--scan-arg <arg>]... [--clang-plugin <plugin.so>] -- [<launcher>...] <compiler> "
               "<arguments...>\n",
               message.c_str());
  return 2;
}

bool parse_options(int argc, char** argv, Options* out, std::string* err) {
  int i = 1;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (i + 1 >= argc) {
      *err = "'" + arg + "' needs a value (or '--' is missing)";
      return false;
    }
    std::string value = argv[++i];
    if (arg == "--scanner") {
      out->scanner = value;
    } else if (arg == "--clang-plugin") {
      out->clang_plugin = value;
    } else if (arg == "--scan-arg") {
      out->scan_args.push_back(value);
    } else if (arg == "--launchers") {
      char* end = nullptr;
      unsigned long n = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0') {
        *err = "--launchers takes a count, not '" + value + "'";
        return false;
      }
      out->launchers = n;
    } else {
      *err = "unknown option '" + arg + "' (the compile command goes after '--')";
      return false;
    }
  }
  if (i >= argc) {
    *err = "no '--' before the compile command";
    return false;
  }
  out->command.assign(argv + i + 1, argv + argc);
  if (out->scanner.empty()) *err = "--scanner is required";
  else if (out->command.size() <= out->launchers)
    *err = "no compiler after the " + std::to_string(out->launchers) + " launcher argument(s)";
  return err->empty();
}

// The manifest hotcog-cc writes itself when the scanner could not: the image
// will say that its layout data is incomplete, and why.
void write_incomplete(const std::string& path, const std::string& source,
                      const std::string& reason) {
  std::string temp = path + ".hotcog-cc.tmp";
  if (FILE* file = std::fopen(temp.c_str(), "w")) {
    std::fprintf(file, "hotcog-layouts\t2\nincomplete\t%s\t%s\n", source.c_str(), reason.c_str());
    if (std::fclose(file) == 0 && std::rename(temp.c_str(), path.c_str()) == 0) return;
  }
  std::remove(temp.c_str());
  std::fprintf(stderr, "hotcog-cc: warning: cannot write '%s': %s\n", path.c_str(),
               std::strerror(errno));
}

pid_t wait_child(int* status) {
  for (;;) {
    pid_t pid = waitpid(-1, status, 0);
    if (pid >= 0 || errno != EINTR) return pid;
  }
}

// The steps of one launch, over what they share.
class Launch {
 public:
  Launch(Options options, CompileArgs compile)
      : options_(std::move(options)), compile_(std::move(compile)),
        manifest_(compile_.object + ".layouts"),
        scan_command_(options_.command.begin() + options_.launchers, options_.command.end()) {}

  int run() {
    std::remove(manifest_.c_str());  // no manifest of an older compile while this one runs
    if (!options_.clang_plugin.empty()) return run_with_plugin();
    return run_beside_scan();
  }

 private:
  // GCC (or clang without the plugin): compiler and scan at the same time.
  int run_beside_scan() {
    std::string err;
    pid_t compiler = start_process(options_.command, -1, -1, -1, &err);
    if (compiler < 0) return cannot_start_compiler(err);
    pid_t scanner = start_scan();
    int compiler_status = 0, scanner_status = 0;
    bool compiler_done = false, scanner_done = scanner < 0;
    while (!compiler_done || !scanner_done) {
      int status = 0;
      pid_t pid = wait_child(&status);
      if (pid < 0) break;  // ECHILD: nothing left to wait for
      if (pid == compiler) {
        compiler_done = true;
        compiler_status = status;
        // A failed compile makes the scan pointless: stop it now rather than
        // keep the build (and the user) waiting for it.
        if (exit_code_of(status) != 0 && !scanner_done) kill(scanner, SIGTERM);
      } else if (pid == scanner) {
        scanner_done = true;
        scanner_status = status;
      }
    }
    if (exit_code_of(compiler_status) != 0) return compile_failed(compiler_status);
    finish_scan(scanner, scanner_status);
    return 0;
  }

  // clang 14 with the plugin: the compile writes the manifest itself.
  int run_with_plugin() {
    std::vector<std::string> command = options_.command;
    command.push_back("-fplugin=" + options_.clang_plugin);
    std::string err;
    pid_t compiler = start_process(command, -1, -1, -1, &err);
    if (compiler < 0) return cannot_start_compiler(err);
    int status = 0;
    while (waitpid(compiler, &status, 0) < 0 && errno == EINTR) {
    }
    if (exit_code_of(status) != 0) return compile_failed(status);
    if (access(manifest_.c_str(), F_OK) == 0) return 0;
    // No compiler ran (a cache hit) or the plugin could not write: scan.
    pid_t scanner = start_scan();
    int scanner_status = 0;
    if (scanner >= 0)
      while (waitpid(scanner, &scanner_status, 0) < 0 && errno == EINTR) {
      }
    finish_scan(scanner, scanner_status);
    return 0;
  }

  // `hotcog-scan --tu-manifest`, its output into a private temp file.
  pid_t start_scan() {
    std::vector<std::string> argv = {options_.scanner, "--tu-manifest"};
    argv.insert(argv.end(), options_.scan_args.begin(), options_.scan_args.end());
    argv.insert(argv.end(), {"-o", manifest_, "--"});
    argv.insert(argv.end(), scan_command_.begin(), scan_command_.end());
    null_fd_ = open("/dev/null", O_RDWR | O_CLOEXEC);
    capture_fd_ = open_capture_file();
    int out = capture_fd_ >= 0 ? capture_fd_ : null_fd_;
    return start_process(argv, null_fd_, out, out, &scan_error_);
  }

  // The scanner is silent unless the TU is incomplete; a scanner that failed
  // leaves a manifest that says so.
  void finish_scan(pid_t scanner, int status) {
    std::string output = capture_fd_ >= 0 ? read_capture_file(capture_fd_) : "";
    std::fputs(output.c_str(), stderr);
    if (scanner >= 0 && exit_code_of(status) == 0) return;
    std::string reason = scanner < 0 ? "hotcog-scan did not start: " + scan_error_
                                     : "hotcog-scan failed (" + describe_status(status) + ")";
    write_incomplete(manifest_, compile_.source, reason);
    std::fprintf(stderr, "hotcog-cc: warning: layouts of '%s' are incomplete: %s\n",
                 compile_.source.c_str(), reason.c_str());
  }

  int compile_failed(int status) {
    std::remove(manifest_.c_str());
    return exit_code_of(status);
  }

  static int cannot_start_compiler(const std::string& err) {
    std::fprintf(stderr, "hotcog-cc: cannot start the compiler: %s\n", err.c_str());
    return 1;
  }

  Options options_;
  CompileArgs compile_;
  std::string manifest_;
  std::vector<std::string> scan_command_;
  int null_fd_ = -1, capture_fd_ = -1;
  std::string scan_error_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string err;
  if (!parse_options(argc, argv, &options, &err)) return usage(err);
  std::vector<std::string> scan_command(options.command.begin() + options.launchers,
                                        options.command.end());
  std::optional<CompileArgs> compile = read_compile_args(scan_command);
  if (!compile) {  // not a compile to an object: nothing to scan
    std::vector<char*> args;
    for (std::string& arg : options.command) args.push_back(arg.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "hotcog-cc: cannot run '%s': %s\n", args[0], std::strerror(errno));
    return 127;
  }
  return Launch(std::move(options), std::move(*compile)).run();
}
