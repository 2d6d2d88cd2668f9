// The runtime's layout manifest reader: formats 1 and 2, every malformed line
// kind, hostile numbers and files cut short, and the on-disk rules (absent,
// stale by mtime, broken).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "layout_manifest.h"
#include "layout_text.hpp"
#include "test_support.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::LayoutLoad;
using hotcog::rt::LayoutManifest;
using hotcog::rt::parse_layout_manifest;

const char* const kGood =
    "hotcog-layouts|2\n"
    "record|game::Hero|16|8|1|h-hero|/src/hero.h|7\n"
    "base|0|n|game::Unit\n"
    "base|8|v|game::Named\n"
    "field|32|3|d|flags|unsigned int\n"
    "field|40|-|i|x|int\n"
    "field|40|-|d||game::Hero::(anonymous union)\n"
    "vslot|game::Hero::act()\n"
    "vslot|game::Hero::~Hero() [complete]\n"
    "end\n"
    "record|game::Player|8|4|0|h-player|/src/player.h|12\n"
    "field|0|-|d|hp|int\n"
    "field|32|-|d|xp|int\n"
    "end\n"
    "var|_ZL7counter|4|1|counter|/src/tick.cpp|3\n"
    "var|_ZN4game5namesE|32|0|game::names|/src/names.cpp|9\n"
    "incomplete|/src/broken.cpp|clang: unknown type name 'foo'\n";

bool parses(const std::string& pipe_text, std::string* err) {
  LayoutManifest m;
  return parse_layout_manifest(tabs(pipe_text), &m, err);
}

TEST(LayoutManifest, ParsesEveryLineKindOfFormat2) {
  const LayoutManifest m = layouts(kGood);
  EXPECT_EQ(m.version, 2u);
  ASSERT_EQ(m.records.size(), 2u);
  const auto* hero = m.find("game::Hero");
  ASSERT_NE(hero, nullptr);
  EXPECT_EQ(hero->size, 16u);
  EXPECT_EQ(hero->align, 8u);
  EXPECT_TRUE(hero->vptr);
  EXPECT_EQ(hero->hash, "h-hero");
  EXPECT_EQ(hero->file, "/src/hero.h");
  EXPECT_EQ(hero->line, 7u);
  ASSERT_EQ(hero->bases.size(), 2u);
  EXPECT_EQ(hero->bases[1].offset, 8u);
  EXPECT_TRUE(hero->bases[1].is_virtual);
  EXPECT_EQ(hero->bases[1].name, "game::Named");
  ASSERT_EQ(hero->fields.size(), 3u);
  EXPECT_EQ(hero->fields[0].bit_width, 3);
  EXPECT_EQ(hero->fields[0].type, "unsigned int");
  EXPECT_TRUE(hero->fields[1].indirect);
  EXPECT_EQ(hero->fields[1].bit_width, -1);
  EXPECT_EQ(hero->fields[2].name, "");
  EXPECT_EQ(hero->vslots, (std::vector<std::string>{"game::Hero::act()",
                                                    "game::Hero::~Hero() [complete]"}));
  ASSERT_EQ(m.vars.size(), 2u);
  const auto* counter = m.find_var("_ZL7counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->size, 4u);
  EXPECT_TRUE(counter->trivially_copyable);
  EXPECT_EQ(counter->name, "counter");
  EXPECT_EQ(counter->line, 3u);
  EXPECT_FALSE(m.find_var("_ZN4game5namesE")->trivially_copyable);
  EXPECT_EQ(m.find_var("_ZL5other"), nullptr);
  EXPECT_EQ(m.find("game::Nobody"), nullptr);
  EXPECT_EQ(m.incomplete,
            (std::vector<std::string>{"/src/broken.cpp: clang: unknown type name 'foo'"}));
  EXPECT_FALSE(m.complete());
}

TEST(LayoutManifest, AcceptsFormat1WhichHasNoVars) {
  const LayoutManifest m = layouts(
      "hotcog-layouts|1\n"
      "record|S|4|4|0|h|/s.h|1\n"
      "field|0|-|d|a|int\n"
      "end\n");
  EXPECT_EQ(m.version, 1u);
  EXPECT_EQ(m.records.size(), 1u);
  EXPECT_TRUE(m.vars.empty());
  EXPECT_TRUE(m.complete());
}

TEST(LayoutManifest, RejectsOtherVersionsAndOtherFiles) {
  for (const char* header : {"hotcog-layouts|3", "hotcog-layouts|0", "hotcog-layouts|2x",
                             "hotcog-layouts|99999999999999999999999"}) {
    std::string err;
    EXPECT_FALSE(parses(std::string(header) + "\n", &err)) << header;
    EXPECT_NE(err.find("line 1: layout manifest version"), std::string::npos) << err;
    EXPECT_NE(err.find("versions 1 and 2"), std::string::npos) << err;
  }
  for (const char* text : {"hotcog-cogs|1\n", "hotcog-layouts\n", "hotcog-layouts|2|x\n",
                           "\x7f" "ELF\n"}) {
    std::string err;
    EXPECT_FALSE(parses(text, &err)) << text;
    EXPECT_NE(err.find("line 1: not a layout manifest"), std::string::npos) << err;
  }
  std::string err;
  EXPECT_FALSE(parses("", &err));
  EXPECT_EQ(err, "line 1: empty file (not a layout manifest)");
}

TEST(LayoutManifest, MalformedLineOfEachKindNamesTheLineAndTheProblem) {
  const std::string head = "hotcog-layouts|2\n";
  const std::string rec = "record|S|4|4|0|h|/s.h|1\n";
  struct Case {
    std::string text;
    std::string error;
  };
  const Case cases[] = {
      {head + "record|S|4|4|0|h|/s.h\n", "line 2: record: expected 7 tab-separated fields"},
      {head + "record|S|four|4|0|h|/s.h|1\n", "line 2: record: size 'four' is not a number"},
      {head + "record|S|4|-4|0|h|/s.h|1\n", "line 2: record: align '-4' is not a number"},
      {head + "record|S|4|4|2|h|/s.h|1\n", "line 2: record: vptr must be '1' or '0', got '2'"},
      {head + "record||4|4|0|h|/s.h|1\n", "line 2: record: empty record name"},
      {head + "record|S|4|4|0||/s.h|1\n", "line 2: record: empty hash for record 'S'"},
      {head + rec + rec, "line 3: record: inside record 'S' (missing 'end' before it)"},
      {head + "base|0|n|B\n", "line 2: base: outside a record"},
      {head + rec + "base|0|x|B\n", "line 3: base: virtual must be 'v' or 'n', got 'x'"},
      {head + rec + "base|0|n\n", "line 3: base: expected 3 tab-separated fields"},
      {head + rec + "base|0|n|\n", "line 3: base: empty base name"},
      {head + "field|0|-|d|a|int\n", "line 2: field: outside a record"},
      {head + rec + "field|0|3.5|d|a|int\n", "line 3: field: bit_width '3.5' is not a number"},
      {head + rec + "field|0|-|x|a|int\n", "line 3: field: member kind must be 'i' or 'd'"},
      {head + rec + "field| 0|-|d|a|int\n", "line 3: field: offset_bits ' 0' is not a number"},
      {head + rec + "field|0|-|d|a|\n", "line 3: field: empty type for field 'a'"},
      {head + "vslot|S::f()\n", "line 2: vslot: outside a record"},
      {head + rec + "vslot|\n", "line 3: vslot: empty method name"},
      {head + "end\n", "line 2: end: outside a record"},
      {head + rec + "end|x\n", "line 3: end: expected 0 tab-separated fields"},
      {head + rec + "var|_ZL1x|4|1|x|/x.cpp|1\n", "line 3: var: inside record 'S'"},
      {head + "var|_ZL1x|4|yes|x|/x.cpp|1\n", "line 2: var: trivial must be '1' or '0'"},
      {head + "var||4|1|x|/x.cpp|1\n", "line 2: var: empty symbol"},
      {head + "var|_ZL1x|4|1|x|/x.cpp\n", "line 2: var: expected 6 tab-separated fields"},
      {head + "incomplete|/a.cpp\n", "line 2: incomplete: expected 2 tab-separated fields"},
      {head + rec + "incomplete|/a.cpp|crash\n", "line 3: incomplete: inside record 'S'"},
  };
  for (const Case& c : cases) {
    std::string err;
    EXPECT_FALSE(parses(c.text, &err)) << c.text;
    EXPECT_EQ(err.substr(0, c.error.size()), c.error) << "input:\n" << c.text;
  }
}

TEST(LayoutManifest, SkipsUnknownLineKindsInsideAndOutsideRecords) {
  const LayoutManifest m = layouts(
      "hotcog-layouts|2\n"
      "future-kind|anything|at|all\n"
      "record|S|4|4|0|h|/s.h|1\n"
      "attribute|packed\n"
      "field|0|-|d|a|int\n"
      "\n"
      "end\n"
      "checksum|123\n");
  ASSERT_EQ(m.records.size(), 1u);
  EXPECT_EQ(m.records[0].fields.size(), 1u);
}

TEST(LayoutManifest, HugeNumbersAreRangeCheckedNeverWrapped) {
  const std::string head = "hotcog-layouts|2\n";
  // The largest 64-bit value is a valid (if absurd) size.
  const LayoutManifest m =
      layouts(head + "record|S|18446744073709551615|1|0|h|/s.h|4294967295\nend\n");
  EXPECT_EQ(m.records[0].size, UINT64_MAX);
  EXPECT_EQ(m.records[0].line, 4294967295u);
  const std::pair<std::string, std::string> cases[] = {
      {"record|S|18446744073709551616|1|0|h|/s.h|1\nend\n", "size '18446744073709551616'"},
      {"record|S|1|99999999999999999999999|0|h|/s.h|1\nend\n", "align '99999999999999999999999'"},
      {"record|S|1|1|0|h|/s.h|4294967296\nend\n", "line '4294967296' is not a number in 0..4294967295"},
      {"record|S|1|1|0|h|/s.h|1\nfield|0|2147483648|d|a|int\nend\n", "bit_width '2147483648'"},
      {"record|S|1|1|0|h|/s.h|1\nfield|" + std::string(5000, '9') + "|-|d|a|int\nend\n",
       "offset_bits '" + std::string(40, '9') + "...' is not a number"},
  };
  for (const auto& [body, error] : cases) {
    std::string err;
    EXPECT_FALSE(parses(head + body, &err)) << body.substr(0, 80);
    EXPECT_NE(err.find(error), std::string::npos) << err.substr(0, 200);
  }
}

TEST(LayoutManifest, AFileCutShortIsAnErrorAtEveryLength) {
  // Every prefix of a good manifest either fails with a line-numbered error
  // or (cut right after a complete line outside a record) parses fewer items.
  const std::string good = tabs(kGood);
  for (size_t len = 0; len < good.size(); ++len) {
    LayoutManifest m;
    std::string err;
    if (parse_layout_manifest(std::string_view(good).substr(0, len), &m, &err)) {
      EXPECT_EQ(good[len - 1], '\n') << "cut at " << len;
      EXPECT_LE(m.records.size() + m.vars.size(), 4u);
    } else {
      EXPECT_EQ(err.rfind("line ", 0), 0u) << "cut at " << len << ": " << err;
    }
  }
  std::string err;
  EXPECT_FALSE(parses("hotcog-layouts|2\nrecord|S|4|4|0|h|/s.h|1\nfield|0|-|d|a|int\n", &err));
  EXPECT_EQ(err, "line 3: file ends inside record 'S' (no 'end'; truncated?)");
  EXPECT_FALSE(parses("hotcog-layouts|2\nrecord|S|4|4|0|h|/s.h|1\nend", &err));
  EXPECT_EQ(err, "line 3: no newline at the end (truncated file?)");
}

TEST(LayoutManifest, GarbageNeverCrashes) {
  std::mt19937 rng(42);
  const std::string alphabet = tabs("|\n0123456789-record base field vslot end var incomplete");
  for (int round = 0; round < 2000; ++round) {
    std::string text = tabs("hotcog-layouts|2\n");
    const int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      text += rng() % 8 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 256);
    }
    LayoutManifest m;
    std::string err;
    if (!parse_layout_manifest(text, &m, &err)) {
      EXPECT_EQ(err.rfind("line ", 0), 0u) << err;
    }
  }
}

TEST(LayoutManifest, ExposesAnOdrConflictAndFindsInUnsortedInput) {
  const LayoutManifest m = layouts(
      "hotcog-layouts|2\n"
      "record|Z|4|4|0|hz|/z.h|1\nend\n"
      "record|S|4|4|0|h1|/a.h|1\nfield|0|-|d|a|int\nend\n"
      "record|S|8|8|0|h2|/b.h|1\nfield|0|-|d|a|long\nend\n"
      "record|A|4|4|0|ha|/a.h|9\nend\n");
  ASSERT_NE(m.find("A"), nullptr);
  ASSERT_NE(m.find("Z"), nullptr);
  const auto* first = m.find("S");
  const auto* second = m.conflicting("S");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->hash, "h1");  // order of the file kept among equal names
  EXPECT_EQ(second->hash, "h2");
  EXPECT_EQ(m.conflicting("A"), nullptr);
  EXPECT_EQ(m.conflicting("missing"), nullptr);
}

TEST(LayoutManifest, AnonymousNamespaceTypesAreTuLocal) {
  EXPECT_TRUE(hotcog::rt::is_tu_local_record("(anonymous namespace)::Impl"));
  EXPECT_TRUE(hotcog::rt::is_tu_local_record("a::(anonymous namespace)::B<int>"));
  EXPECT_FALSE(hotcog::rt::is_tu_local_record("game::Player"));
}

// --- on disk ---

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Sets the mtime of `path` to `sec` seconds and `nsec` nanoseconds.
void set_mtime(const std::string& path, time_t sec, long nsec) {
  const struct timespec times[2] = {{sec, nsec}, {sec, nsec}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

struct ImageDir {
  TempDir dir;
  std::string image = dir.path() + "/libfire.so";
  std::string manifest = image + ".layouts";
  ImageDir() { write_file(image, "not really an ELF file; only its mtime matters"); }
};

TEST(LayoutManifest, LoadsTheManifestBesideAnImage) {
  ImageDir d;
  write_file(d.manifest, tabs(kGood));
  set_mtime(d.image, 1700000000, 500);
  set_mtime(d.manifest, 1700000000, 500);  // same time: written right after the link
  LayoutManifest m;
  std::string err;
  ASSERT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Ok) << err;
  EXPECT_EQ(m.records.size(), 2u);
  EXPECT_EQ(hotcog::rt::image_layouts_path(d.image), d.manifest);
}

TEST(LayoutManifest, AMissingManifestIsNotFound) {
  ImageDir d;
  LayoutManifest m;
  std::string err;
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::NotFound);
  EXPECT_EQ(err, d.manifest + " not found");
}

TEST(LayoutManifest, AManifestOlderThanItsImageIsStaleToTheNanosecond) {
  ImageDir d;
  write_file(d.manifest, tabs(kGood));
  set_mtime(d.manifest, 1700000000, 500);
  set_mtime(d.image, 1700000000, 501);
  LayoutManifest m;
  std::string err;
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Stale);
  EXPECT_EQ(err, d.manifest + " is older than " + d.image + " (not written since the last link)");
  set_mtime(d.manifest, 1700000001, 0);
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Ok) << err;
}

TEST(LayoutManifest, ABrokenManifestIsAnErrorNamingFileAndLine) {
  ImageDir d;
  write_file(d.manifest, tabs("hotcog-layouts|2\nrecord|S|4|4|0|h|/s.h|1\nbase|0|q|B\nend\n"));
  LayoutManifest m;
  std::string err;
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Error);
  EXPECT_EQ(err, d.manifest + ": line 3: base: virtual must be 'v' or 'n', got 'q'");
}

TEST(LayoutManifest, NeitherADirectoryNorAFifoIsReadAsAManifest) {
  ImageDir d;
  std::filesystem::create_directory(d.manifest);
  LayoutManifest m;
  std::string err;
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Error);
  EXPECT_EQ(err, d.manifest + " is not a regular file");
  std::filesystem::remove(d.manifest);
  ASSERT_EQ(::mkfifo(d.manifest.c_str(), 0600), 0);  // would block a plain open()
  EXPECT_EQ(hotcog::rt::load_image_layouts(d.image, &m, &err), LayoutLoad::Error);
}

TEST(LayoutManifest, AMissingImageIsAnError) {
  LayoutManifest m;
  std::string err;
  EXPECT_EQ(hotcog::rt::load_image_layouts("/nonexistent/libx.so", &m, &err), LayoutLoad::Error);
  EXPECT_NE(err.find("cannot stat image /nonexistent/libx.so"), std::string::npos) << err;
}

TEST(LayoutManifest, TheHostManifestIsBesideTheRunningExecutable) {
  const std::string exe = std::filesystem::canonical("/proc/self/exe").string();
  EXPECT_EQ(hotcog::rt::host_image_path(), exe);
  EXPECT_EQ(hotcog::rt::host_layouts_path(), exe + ".layouts");
  // Written beside this test binary, read through load_host_layouts, removed.
  const std::string path = exe + ".layouts";
  ASSERT_FALSE(std::filesystem::exists(path)) << "left over: " << path;
  write_file(path, tabs("hotcog-layouts|2\nrecord|H|1|1|0|h|/h.h|1\nend\n"));
  LayoutManifest m;
  std::string err;
  const LayoutLoad result = hotcog::rt::load_host_layouts(&m, &err);
  std::filesystem::remove(path);
  ASSERT_EQ(result, LayoutLoad::Ok) << err;
  EXPECT_NE(m.find("H"), nullptr);
}

}  // namespace
}  // namespace runtime_test
