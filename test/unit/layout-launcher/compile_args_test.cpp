#include "compile_args.h"

#include <gtest/gtest.h>

namespace hotcog::launcher {
namespace {

TEST(CompileArgs, ReadsObjectAndSourceOfCMakesNinjaCompileLine) {
  auto args = read_compile_args({"/usr/bin/g++", "-DX=1", "-I/inc", "-O2", "-MD", "-MT",
                                 "CMakeFiles/a.dir/a.cpp.o", "-MF", "CMakeFiles/a.dir/a.cpp.o.d",
                                 "-o", "CMakeFiles/a.dir/a.cpp.o", "-c", "/src/a.cpp"});
  ASSERT_TRUE(args);
  EXPECT_EQ(args->object, "CMakeFiles/a.dir/a.cpp.o");
  EXPECT_EQ(args->source, "/src/a.cpp");
}

TEST(CompileArgs, JoinedOutputAndSourceBeforeDashC) {
  auto args = read_compile_args({"cc", "/src/b.c", "-oobj/b.o", "-c"});
  ASSERT_TRUE(args);
  EXPECT_EQ(args->object, "obj/b.o");
  EXPECT_EQ(args->source, "/src/b.c");
}

TEST(CompileArgs, NotACompileToAnObject) {
  EXPECT_FALSE(read_compile_args({"g++", "--version"}));
  EXPECT_FALSE(read_compile_args({"g++", "-o", "a.out", "a.cpp"}));  // a link
  EXPECT_FALSE(read_compile_args({"g++", "-c", "a.cpp"}));           // no -o
  EXPECT_FALSE(read_compile_args({"g++", "-c", "a.cpp", "-o"}));     // -o without a value
}

TEST(CompileArgs, SourceFallsBackToTheObjectWhenNoneIsRecognized) {
  auto args = read_compile_args({"g++", "-c", "-x", "c++", "-", "-o", "stdin.o"});
  ASSERT_TRUE(args);
  EXPECT_EQ(args->source, "stdin.o");
}

}  // namespace
}  // namespace hotcog::launcher
