#include "lib/editor_files.h"

#include <gtest/gtest.h>

namespace hotcog::cli {
namespace {

TEST(EditorFiles, TempAndSwapFilesAreIgnored) {
  // *.swp, *~, 4913, *.tmp, *.bak: the ignore setting's defaults (ignore_rules_test).
  for (const char* name : {".greeter.cpp.swx", "#greeter.cpp#", ".#greeter.cpp",
                           "greeter.cpp.kate-swp", ".goutputstream-ABC123",
                           "greeter.cpp___jb_tmp___", "sedX1b2Zq", "greeter.cpp.orig", ""})
    EXPECT_TRUE(is_editor_temp_file(name)) << name;
}

TEST(EditorFiles, SourcesAreNotIgnored) {
  for (const char* name : {"greeter.cpp", "style.hpp", "sed.cpp", "sedimentary", "4913.cpp",
                           "CMakeLists.txt", "a.h"})
    EXPECT_FALSE(is_editor_temp_file(name)) << name;
}

}  // namespace
}  // namespace hotcog::cli
