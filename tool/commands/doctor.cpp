// hotcog doctor: checks the setup hotcog depends on and explains each
// problem with its fix; shows every setting with its value and origin.
// Exit 0 only when every check passed (1 otherwise).
#include "commands/command.h"
#include "commands/setting_flags.h"
#include "lib/cog_flags_check.h"
#include "lib/cog_image_check.h"
#include "lib/config_file.h"
#include "lib/doctor_checks.h"
#include "lib/project.h"
#include "lib/scan_runner.h"
#include "lib/tool_error.h"

#include <fmt/format.h>

#include <algorithm>

namespace hotcog::cli {
namespace {

namespace cl = llvm::cl;

cl::SubCommand doctor_cmd("doctor",
                          "Check the setup (tools, build dir, host, cogs) and show the settings");
BuildDirOption build_dir(doctor_cmd);
SettingFlags setting_flags(doctor_cmd);

void print_check(const CheckResult& check) {
  static constexpr const char* kLabel[] = {"ok", "FAIL", "skip"};
  fmt::print("  {:<5} {}: {}\n", kLabel[check.status], check.name, check.detail);
  if (check.status == CheckResult::Fail) fmt::print("        fix: {}\n", check.fix);
}

// Every check, in the order a user would fix them: tools, build dir, cogs,
// host, machine, scanner.
std::vector<CheckResult> run_checks(const std::string& dir, const Settings& settings,
                                    const std::string& settings_error) {
  std::vector<CheckResult> checks = {check_ninja(), check_cmake()};
  if (!settings_error.empty())
    checks.push_back(check_fail("settings", settings_error,
                                "correct the value where it was set (flag, HOTCOG_* variable "
                                "or hotcog.toml line)"));
  llvm::Expected<Project> project = load_project(dir);
  std::string load_error = project ? "" : llvm::toString(project.takeError());
  checks.push_back(check_manifest(normalize_path(dir), load_error));
  if (!project) {
    for (const char* name : {"cog manifest current", "compile_commands.json", "cog flags",
                             "cog images", "host", "inotify watches"})
      checks.push_back(check_skipped(name, "needs the cog manifest"));
  } else {
    checks.push_back(check_manifest_current(*project));
    checks.push_back(check_compile_commands(*project));
    checks.push_back(check_cog_flags(*project));
    for (const CogEntry& cog : project->manifest.cogs)
      checks.push_back(check_cog_image(cog.name, cog.output));
    const auto timeout = std::min(std::chrono::milliseconds(settings.reply_timeout_ms.value),
                                  std::chrono::milliseconds(3000));
    checks.push_back(check_host(*project, timeout));
    checks.push_back(check_inotify(*project));
  }
  checks.push_back(check_scanner(find_scanner(), settings.semantic_deps.value));
  return checks;
}

void print_settings(const Settings& settings) {
  std::vector<SettingRow> rows = describe_settings(settings);
  size_t key_width = 0, value_width = 0;
  for (const SettingRow& row : rows) {
    key_width = std::max(key_width, row.key.size());
    value_width = std::max(value_width, row.value.size());
  }
  fmt::print("settings (flag > HOTCOG_* > hotcog.toml > default):\n");
  for (const SettingRow& row : rows)
    fmt::print("  {:<{}}  {:<{}}  ({})\n", row.key, key_width, row.value, value_width,
               row.origin);
}

llvm::Error run() {
  const std::string dir = build_dir.value();
  llvm::Expected<Settings> loaded = load_settings(normalize_path(dir), setting_flags.layer());
  std::string settings_error = loaded ? "" : llvm::toString(loaded.takeError());
  const Settings settings = loaded ? *loaded : Settings{};

  fmt::print("hotcog doctor: {}\n", normalize_path(dir));
  std::vector<CheckResult> checks = run_checks(dir, settings, settings_error);
  for (const CheckResult& check : checks) print_check(check);
  print_settings(settings);

  const auto failed = std::count_if(checks.begin(), checks.end(), [](const CheckResult& c) {
    return c.status == CheckResult::Fail;
  });
  if (failed == 0) {
    fmt::print("all {} checks passed\n", checks.size());
    return llvm::Error::success();
  }
  return tool_error(ErrorKind::Check, "{} of {} checks failed (each FAIL line says the fix)",
                    failed, checks.size());
}

RegisterCommand registration(doctor_cmd, run);

}  // namespace
}  // namespace hotcog::cli
