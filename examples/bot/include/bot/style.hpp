// How the bot dresses its replies. Shared by several cogs: changing it
// reloads all of them in one batch.
#pragma once

#include <string>
#include <string_view>

namespace bot::style {

inline std::string reply(std::string_view text) { return std::string(text); }

}  // namespace bot::style
