// Whether the cogs' TUs are COMPILED the way hotcog_add_cog() compiles them,
// read from compile_commands.json: -fvisibility=hidden and, with GCC,
// -fno-gnu-unique (the last of each pair on the command line wins). The
// images tell what a build produced (cog_image_check.h); the flags tell it
// before anything is built, and name the TU to fix.
#pragma once

#include "lib/doctor_check.h"
#include "lib/project.h"

#include <string>
#include <vector>

namespace hotcog::cli {

// The flags `args` (a compile command, args[0] the compiler) lacks.
std::vector<std::string> missing_cog_flags(const std::vector<std::string>& args);

// Every cog source's entry in <build>/compile_commands.json; Skipped when the
// database is missing (check_compile_commands reports that).
CheckResult check_cog_flags(const Project& project);

}  // namespace hotcog::cli
