// A rebuild of a patch_v* test cog as the build leaves it: the image, then
// its layout manifest beside it. Shared by the hot-patching tests and the
// soak.
#pragma once

#include <fstream>
#include <string>

#include "test_support.hpp"

namespace runtime_test {

// The layouts of patch_cog.cpp as the scanner writes them (format 2), with
// test_cogs::Shape's size as a parameter to model a layout change.
inline std::string patch_manifest(int shape_size = 16) {
  return "hotcog-layouts\t2\n"
         "record\ttest_cogs::Shape\t" + std::to_string(shape_size) +
         "\t8\t1\t" + (shape_size == 16 ? "00000000000000a1" : "00000000000000b2") +
         "\tpatch_api.hpp\t11\n"
         "field\t64\t-\td\twidth\tint\n"
         "field\t96\t-\td\theight\tint\n" +
         (shape_size == 16 ? "" : "field\t128\t-\td\tdepth\tint\n") +
         "vslot\ttest_cogs::Shape::~Shape()\n"
         "vslot\tint test_cogs::Shape::version() const\n"
         "vslot\tint test_cogs::Shape::area() const\n"
         "end\n"
         "var\t_ZL7counter\t4\t1\tcounter\tpatch_cog.cpp\t32\n"
         "var\t_ZN9patch_cog8greetingB5cxx11E\t32\t0\tpatch_cog::greeting\tpatch_cog.cpp\t29\n"
         "var\t_ZZL10local_tickvE5calls\t4\t1\tlocal_tick()::calls\tpatch_cog.cpp\t47\n";
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A rebuild: the image, then its manifest (the build writes it after the link).
inline void rebuild(const std::string& cog_image, const std::string& image, const std::string& manifest) {
  install(cog_image, image);
  write_file(image + ".layouts", manifest);
}

}  // namespace runtime_test
