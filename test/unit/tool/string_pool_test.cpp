#include "lib/string_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hotcog::cli {
namespace {

TEST(StringPool, KeepsEachTextOnce) {
  StringPool pool;
  std::string text = "/src/include/api.h";
  PooledString a = pool.intern(text);
  text[1] = 'X';  // the pool keeps its own copy
  PooledString b = pool.intern("/src/include/api.h");
  EXPECT_EQ(a.str(), "/src/include/api.h");
  EXPECT_EQ(a.str().data(), b.str().data());  // one copy, shared
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_TRUE(PooledString().empty());
  EXPECT_EQ(PooledString(), pool.intern(""));
}

TEST(StringPool, StringsStayValidAsThePoolGrows) {
  StringPool pool;
  PooledString first = pool.intern("/first.h");
  const char* data = first.str().data();
  for (int i = 0; i < 20000; ++i) pool.intern("/dir/header" + std::to_string(i) + ".h");
  EXPECT_EQ(first.str(), "/first.h");
  EXPECT_EQ(first.str().data(), data);
  EXPECT_EQ(pool.size(), 20001u);
}

TEST(StringPool, ComparesByTextAcrossPools) {
  StringPool one, two;
  EXPECT_EQ(one.intern("/a.h"), two.intern("/a.h"));
  EXPECT_NE(one.intern("/a.h"), two.intern("/b.h"));
  EXPECT_LT(two.intern("/a.h"), one.intern("/b.h"));
  EXPECT_FALSE(one.intern("/b.h") < two.intern("/a.h"));
}

TEST(StringPool, InternsFromSeveralThreads) {
  StringPool pool;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&pool] {
      for (int i = 0; i < 2000; ++i) pool.intern("/shared/" + std::to_string(i));
    });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(pool.size(), 2000u);
  EXPECT_EQ(pool.intern("/shared/7").str(), "/shared/7");
}

}  // namespace
}  // namespace hotcog::cli
