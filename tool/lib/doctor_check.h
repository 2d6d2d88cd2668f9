// `hotcog doctor`: one check = one finding about the setup, with the fix
// when it is not fine. The checks live in doctor_checks.h (tools, build dir,
// host, inotify, scanner) and cog_image_check.h (the cogs' ELF images); the
// command prints them and exits 0 only when every check is Ok.
#pragma once

#include <string>

namespace hotcog::cli {

struct CheckResult {
  enum Status { Ok, Fail, Skipped };  // Skipped: an earlier failure makes it meaningless
  std::string name;    // "ninja", "compile_commands.json", "cog greeter", ...
  Status status = Ok;
  std::string detail;  // what was found
  std::string fix;     // what to do (Fail only)
};

inline CheckResult check_ok(std::string name, std::string detail) {
  return {std::move(name), CheckResult::Ok, std::move(detail), {}};
}
inline CheckResult check_fail(std::string name, std::string detail, std::string fix) {
  return {std::move(name), CheckResult::Fail, std::move(detail), std::move(fix)};
}
inline CheckResult check_skipped(std::string name, std::string why) {
  return {std::move(name), CheckResult::Skipped, std::move(why), {}};
}

}  // namespace hotcog::cli
