#include "bot/commands.hpp"

namespace bot {

void Commands::add(hotcog::CogContext& cog, std::string name, Handler handler) {
  commands_[name] = Entry{cog.cog_name(), std::move(handler)};
  cog.on_unload([this, name] { commands_.erase(name); });
}

std::optional<std::string> Commands::dispatch(std::string_view line) const {
  if (line.empty() || line.front() != '!') return std::nullopt;
  line.remove_prefix(1);
  const size_t space = line.find(' ');
  const std::string_view name = line.substr(0, space);
  const std::string_view args =
      space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  auto it = commands_.find(name);
  if (it == commands_.end()) return std::nullopt;
  return it->second.handler(args);
}

std::vector<std::string> Commands::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : commands_) out.push_back(name);
  return out;
}

}  // namespace bot
