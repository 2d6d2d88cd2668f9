#include "lib/content_hash_store.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace hotcog::cli {
namespace {

TEST(ContentHashStore, PrimedFileWithSameContentIsUnchanged) {
  ContentHashStore store;
  store.prime_with("/src/a.cpp", "int a;");
  EXPECT_EQ(store.update_with("/src/a.cpp", "int a;"), ContentChange::Unchanged);
}

TEST(ContentHashStore, DifferentContentIsModifiedOnceThenUnchanged) {
  ContentHashStore store;
  store.prime_with("/src/a.cpp", "int a;");
  EXPECT_EQ(store.update_with("/src/a.cpp", "int a = 1;"), ContentChange::Modified);
  EXPECT_EQ(store.update_with("/src/a.cpp", "int a = 1;"), ContentChange::Unchanged);
}

// A build read the file while it changed and changed back: the same bytes
// as hashed before prove nothing about what was compiled.
TEST(ContentHashStore, ADistrustedFileIsModifiedOnceEvenWithTheSameBytes) {
  ContentHashStore store;
  store.prime_with("/src/a.hpp", "int a = 0;");
  store.distrust("/src/a.hpp");
  store.distrust("/src/unknown.hpp");  // never seen: nothing to distrust
  EXPECT_EQ(store.update_with("/src/a.hpp", "int a = 0;"), ContentChange::Modified);
  EXPECT_EQ(store.update_with("/src/a.hpp", "int a = 0;"), ContentChange::Unchanged);
  store.distrust("/src/a.hpp");
  EXPECT_EQ(store.update_with("/src/a.hpp", std::nullopt), ContentChange::Deleted);
  EXPECT_EQ(store.update_with("/src/unknown.hpp", "x"), ContentChange::Created);
}

TEST(ContentHashStore, FileFirstSeenAfterStartIsACreatedChange) {
  ContentHashStore store;
  EXPECT_FALSE(store.knows("/src/new.cpp"));
  EXPECT_EQ(store.update_with("/src/new.cpp", "int n;"), ContentChange::Created);
  EXPECT_EQ(store.update_with("/src/new.cpp", "int n;"), ContentChange::Unchanged);
}

TEST(ContentHashStore, FileAbsentAtStartThatAppearsIsCreated) {
  ContentHashStore store;
  store.prime_with("/src/later.h", std::nullopt);
  EXPECT_EQ(store.update_with("/src/later.h", std::nullopt), ContentChange::Unchanged);
  EXPECT_EQ(store.update_with("/src/later.h", ""), ContentChange::Created);
}

TEST(ContentHashStore, DeletionAndReappearance) {
  ContentHashStore store;
  store.prime_with("/src/a.cpp", "x");
  EXPECT_EQ(store.update_with("/src/a.cpp", std::nullopt), ContentChange::Deleted);
  EXPECT_EQ(store.update_with("/src/a.cpp", std::nullopt), ContentChange::Unchanged);
  EXPECT_EQ(store.update_with("/src/a.cpp", "x"), ContentChange::Created);
}

TEST(ContentHashStore, EmptyFileDiffersFromAbsentFile) {
  ContentHashStore store;
  store.prime_with("/src/e.h", "");
  EXPECT_EQ(store.update_with("/src/e.h", std::nullopt), ContentChange::Deleted);
}

TEST(ContentHashStore, ReadsRealFiles) {
  char dir_template[] = "/tmp/hotcog-hash-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string path = std::string(dir_template) + "/a.cpp";
  std::ofstream(path) << "int a;\n";
  ContentHashStore store;
  store.prime(path);
  EXPECT_EQ(store.update(path), ContentChange::Unchanged);
  // A temp-file-and-rename save with identical bytes: no change.
  std::string tmp = path + ".tmp";
  std::ofstream(tmp) << "int a;\n";
  ASSERT_EQ(std::rename(tmp.c_str(), path.c_str()), 0);
  EXPECT_EQ(store.update(path), ContentChange::Unchanged);
  std::ofstream(path) << "int a = 2;\n";
  EXPECT_EQ(store.update(path), ContentChange::Modified);
  ASSERT_EQ(unlink(path.c_str()), 0);
  EXPECT_EQ(store.update(path), ContentChange::Deleted);
  rmdir(dir_template);
}

}  // namespace
}  // namespace hotcog::cli
