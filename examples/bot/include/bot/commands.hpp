// The service the bot host offers to cogs: chat commands ("!name args").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hotcog/cog.hpp>

namespace bot {

using Handler = std::function<std::string(std::string_view args)>;

class Commands {
 public:
  static constexpr const char* kServiceName = "bot.commands";

  // Registers !name on behalf of the cog being set up. The command is removed
  // when that version of the cog unloads, so no handler outlives its code.
  void add(hotcog::CogContext& cog, std::string name, Handler handler);

  // Runs the command in `line` ("!name args"); nullopt if there is none.
  std::optional<std::string> dispatch(std::string_view line) const;

  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::string cog;
    Handler handler;
  };
  std::map<std::string, Entry, std::less<>> commands_;
};

}  // namespace bot
