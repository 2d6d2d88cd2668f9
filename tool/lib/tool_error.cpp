#include "lib/tool_error.h"

#include <cstring>

namespace hotcog::cli {

char ToolError::ID = 0;

std::string errno_text(int errnum) { return std::strerror(errnum); }

}  // namespace hotcog::cli
