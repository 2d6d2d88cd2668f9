#include "commands/setting_flags.h"

#include "commands/command.h"

#include <fmt/format.h>

namespace hotcog::cli {

SettingFlags::SettingFlags(llvm::cl::SubCommand& sub) {
  namespace cl = llvm::cl;
  // cl::desc keeps a StringRef: the texts must outlive the options.
  static std::vector<std::unique_ptr<std::string>> descriptions;
  for (const SettingSpec& spec : setting_specs()) {
    descriptions.push_back(std::make_unique<std::string>(fmt::format(
        "Setting {}: {} (else ${}, hotcog.toml, the default): {}", spec.key, spec.allowed,
        spec.env, spec.what)));
    flags_.push_back(std::make_unique<cl::opt<std::string>>(
        llvm::StringRef(spec.flag), cl::desc(*descriptions.back()), cl::value_desc("value"), cl::sub(sub),
        cl::cat(hotcog_category())));
  }
}

SettingLayer SettingFlags::layer() const {
  SettingLayer layer;
  const std::vector<SettingSpec>& specs = setting_specs();
  for (size_t i = 0; i < specs.size(); ++i)
    if (flags_[i]->getNumOccurrences() > 0)
      layer[specs[i].key] = {std::string(*flags_[i]),
                             {SettingOrigin::Flag, std::string("--") + specs[i].flag}};
  return layer;
}

}  // namespace hotcog::cli
