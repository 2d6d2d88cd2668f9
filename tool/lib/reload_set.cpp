#include "lib/reload_set.h"

#include <algorithm>
#include <set>
#include <sys/stat.h>

namespace hotcog::cli {

ImageStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
          static_cast<long long>(st.st_size)};
}

std::vector<std::string> cogs_to_reload(const ReloadInputs& in) {
  if (!in.relinked && in.before.empty()) return in.planned;  // nothing known: as planned
  std::set<std::string> changed;
  if (in.relinked) changed.insert(in.relinked->begin(), in.relinked->end());
  for (const std::string& cog : in.planned) {
    auto before = in.before.find(cog);
    auto after = in.after.find(cog);
    if (before == in.before.end() || after == in.after.end()) {
      // A cog without a stamp (new in the manifest): only ninja's log can
      // say; without it, reload.
      if (!in.relinked) changed.insert(cog);
      continue;
    }
    if (!(before->second == after->second)) changed.insert(cog);
  }
  std::vector<std::string> result;
  for (const std::string& cog : in.planned)
    if (changed.count(cog)) result.push_back(cog);
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace hotcog::cli
