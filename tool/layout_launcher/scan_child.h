// Child processes of hotcog-cc: the compiler (inherits everything, its output
// is the build's) and the scanner (stdin from /dev/null, stdout and stderr
// into a private temp file, shown only when the scan had something to say).
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace hotcog::launcher {

// Starts argv[0] (searched in PATH) with argv. out_fd/err_fd < 0: inherited.
// Returns the pid, or -1 with *err set. A program that cannot be executed
// becomes a child that prints why and exits 127, as a shell would.
pid_t start_process(const std::vector<std::string>& argv, int in_fd, int out_fd, int err_fd,
                    std::string* err);

// "exit 3", "signal 11 (Segmentation fault)".
std::string describe_status(int status);

// The status a shell would report for `status` (128 + signal for a signal).
int exit_code_of(int status);

// An anonymous temp file for a child's output; -1 if none can be made.
int open_capture_file();
// What was written to it.
std::string read_capture_file(int fd);

}  // namespace hotcog::launcher
