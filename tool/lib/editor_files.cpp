#include "lib/editor_files.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace hotcog::cli {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// sed -i writes "sed" + 6 random [A-Za-z0-9] characters, then renames.
bool is_sed_temp(std::string_view name) {
  return name.size() == 9 && starts_with(name, "sed") &&
         std::all_of(name.begin() + 3, name.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

bool is_editor_temp_file(std::string_view name) {
  if (name.empty()) return true;
  if (name.size() >= 2 && name.front() == '#' && name.back() == '#') return true;
  if (starts_with(name, ".#") || starts_with(name, ".goutputstream-")) return true;
  static constexpr std::array<std::string_view, 7> kSuffixes = {
      ".swx", ".swo", ".kate-swp", "___jb_tmp___", "___jb_old___", ".orig", ".part"};
  for (std::string_view suffix : kSuffixes)
    if (ends_with(name, suffix)) return true;
  return is_sed_temp(name);
}

}  // namespace hotcog::cli
