#include "hotcog/scan/scanner.h"

#include "scratch_dir.h"

#include <gtest/gtest.h>

namespace hotcog::scan {
namespace {

using testing::ScratchDir;

TEST(CompileDb, ReadsCommandsWithAbsoluteFiles) {
  ScratchDir dir;
  dir.write("compile_commands.json",
            R"([{"directory": ")" + dir.path() +
                R"(", "file": "src/../a.cpp", "command": "c++ -DX=1 -c src/../a.cpp"}])");
  std::vector<CompileCommand> commands;
  std::string err;
  ASSERT_TRUE(load_compile_commands(dir.path(), {}, &commands, &err)) << err;
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].file, dir.file("a.cpp"));
  EXPECT_EQ(commands[0].directory, dir.path());
  EXPECT_EQ(commands[0].arguments.front(), "c++");
  EXPECT_EQ(commands[0].arguments[1], "-DX=1");
}

TEST(CompileDb, MalformedIsAnErrorNamingTheFile) {
  ScratchDir dir;
  dir.write("compile_commands.json", "[{\"directory\": ");
  std::vector<CompileCommand> commands;
  std::string err;
  EXPECT_FALSE(load_compile_commands(dir.path(), {}, &commands, &err));
  EXPECT_NE(err.find("malformed compilation database"), std::string::npos) << err;
  EXPECT_NE(err.find(dir.file("compile_commands.json")), std::string::npos) << err;
}

TEST(CompileDb, MissingDatabaseIsKeptApartFromBroken) {
  ScratchDir dir;
  std::vector<CompileCommand> commands;
  std::string err;
  EXPECT_FALSE(load_compile_commands(dir.path(), {}, &commands, &err));
  EXPECT_NE(err.find("no compile_commands.json"), std::string::npos) << err;
}

TEST(CompileDb, SelectsFilesAndRejectsUnknownOnes) {
  ScratchDir dir;
  dir.write("compile_commands.json",
            R"([{"directory": ")" + dir.path() + R"(", "file": "a.cpp", "command": "c++ -c a.cpp"},
                {"directory": ")" + dir.path() + R"(", "file": "b.cpp", "command": "c++ -c b.cpp"}])");
  std::vector<CompileCommand> commands;
  std::string err;
  ASSERT_TRUE(load_compile_commands(dir.path(), {dir.file("b.cpp")}, &commands, &err)) << err;
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].file, dir.file("b.cpp"));

  commands.clear();
  EXPECT_FALSE(load_compile_commands(dir.path(), {dir.file("c.cpp")}, &commands, &err));
  EXPECT_NE(err.find("no compile command for"), std::string::npos) << err;
}

}  // namespace
}  // namespace hotcog::scan
