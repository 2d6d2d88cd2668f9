#include "generated_build_dir.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace hotcog::bench {

std::string shared_header(const std::string& root, int i) {
  return fmt::format("{}/src/include/shared_{}.h", root, i);
}
std::string cog_header(const std::string& root, int cog, int i) {
  return fmt::format("{}/src/cog{}/cog{}_{}.h", root, cog, cog, i);
}
std::string cog_source(const std::string& root, int cog, int tu) {
  return fmt::format("{}/src/cog{}/tu{}.cpp", root, cog, tu);
}

std::string write_build_dir(const std::string& root, const BuildDirShape& shape) {
  std::string build = root + "/build";
  if (std::filesystem::exists(build + "/build.ninja")) return build;
  std::filesystem::create_directories(build);
  std::filesystem::create_directories(root + "/src/include");
  auto touch = [](const std::string& path) { std::ofstream(path) << "// generated\n"; };

  std::string shared;
  for (int h = 0; h < shape.shared_headers; ++h) {
    touch(shared_header(root, h));
    shared += " " + shared_header(root, h);
  }
  std::ofstream ninja(build + "/build.ninja.tmp");
  ninja << "rule cc\n"
           "  command = printf '%s: %s %s\\n' $out $in \"$headers\" > $out.d && touch $out\n"
           "  depfile = $out.d\n"
           "  deps = gcc\n"
           "  description = Building CXX object $out\n"
           "rule link\n"
           "  command = touch $out\n"
           "  description = Linking CXX shared library $out\n";
  for (int c = 0; c < shape.cogs; ++c) {
    std::filesystem::create_directories(fmt::format("{}/src/cog{}", root, c));
    std::string own;
    for (int h = 0; h < shape.headers_per_cog; ++h) {
      touch(cog_header(root, c, h));
      own += " " + cog_header(root, c, h);
    }
    std::string objects;
    for (int t = 0; t < shape.tus_per_cog; ++t) {
      touch(cog_source(root, c, t));
      std::string obj = fmt::format("CMakeFiles/cog{}.dir/tu{}.cpp.o", c, t);
      ninja << "build " << obj << ": cc " << cog_source(root, c, t) << "\n"
            << "  headers =" << shared << own << "\n";
      objects += " " + obj;
    }
    ninja << fmt::format("build libcog{}.so: link{}\n", c, objects)
          << fmt::format("build cog{}: phony libcog{}.so\n", c, c);
  }
  ninja.close();
  std::filesystem::rename(build + "/build.ninja.tmp", build + "/build.ninja");
  return build;
}

hotcog::CogManifest manifest_for(const std::string& root, const BuildDirShape& shape) {
  hotcog::CogManifest m;
  for (int c = 0; c < shape.cogs; ++c) {
    hotcog::CogEntry cog;
    cog.name = cog.target = fmt::format("cog{}", c);
    cog.output = fmt::format("{}/build/libcog{}.so", root, c);
    for (int t = 0; t < shape.tus_per_cog; ++t) cog.sources.push_back(cog_source(root, c, t));
    m.cogs.push_back(std::move(cog));
  }
  return m;
}

}  // namespace hotcog::bench
