// hotcog-cc: a compiler launcher that runs the layout scan of the TU in
// parallel with its compile, in the same build edge, so plain `ninja` keeps
// <object>.layouts exactly as fresh as <object> and never re-parses a TU it
// does not recompile.
//
//   hotcog-cc --scanner <hotcog-scan> [--launchers <n>] [--scan-arg <arg>]...
//             -- [<launcher>...] <compiler> <arguments...>
//
// The command after "--" runs unchanged (a user launcher such as ccache stays
// in front of the compiler); the scanner gets it without the first <n>
// arguments (those launchers): `hotcog-scan --tu-manifest <scan-args>
// -o <object>.layouts -- <compiler> <arguments...>`.
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
  size_t launchers = 0;
  std::vector<std::string> scan_args;
  std::vector<std::string> command;
};

int usage(const std::string& message) {
  std::fprintf(stderr,
               "hotcog-cc: error: %s\nusage: hotcog-cc --scanner <hotcog-scan> [--launchers <n>] "
               "[--scan-arg <arg>]... -- [<launcher>...] <compiler> <arguments...>\n",
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
      *err = "unknown option '" + arg + "'";
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
  const std::string manifest = compile->object + ".layouts";
  std::remove(manifest.c_str());  // no manifest of an older compile while this one runs

  pid_t compiler = start_process(options.command, -1, -1, -1, &err);
  if (compiler < 0) {
    std::fprintf(stderr, "hotcog-cc: cannot start the compiler: %s\n", err.c_str());
    return 1;
  }
  std::vector<std::string> scan_argv = {options.scanner, "--tu-manifest"};
  scan_argv.insert(scan_argv.end(), options.scan_args.begin(), options.scan_args.end());
  scan_argv.insert(scan_argv.end(), {"-o", manifest, "--"});
  scan_argv.insert(scan_argv.end(), scan_command.begin(), scan_command.end());
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  int capture = open_capture_file();
  int scan_out = capture >= 0 ? capture : null_fd;
  std::string scan_error;
  pid_t scanner = start_process(scan_argv, null_fd, scan_out, scan_out, &scan_error);

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
  if (exit_code_of(compiler_status) != 0) {
    std::remove(manifest.c_str());
    return exit_code_of(compiler_status);
  }

  std::string scan_output = capture >= 0 ? read_capture_file(capture) : "";
  if (scanner < 0 || exit_code_of(scanner_status) != 0) {
    std::string reason = scanner < 0 ? "hotcog-scan did not start: " + scan_error
                                     : "hotcog-scan failed (" + describe_status(scanner_status) + ")";
    write_incomplete(manifest, compile->source, reason);
    std::fputs(scan_output.c_str(), stderr);
    std::fprintf(stderr, "hotcog-cc: warning: layouts of '%s' are incomplete: %s\n",
                 compile->source.c_str(), reason.c_str());
  } else {
    std::fputs(scan_output.c_str(), stderr);  // the scanner is silent unless the TU is incomplete
  }
  return 0;
}
