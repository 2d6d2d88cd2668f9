// The layout guard's rules, each on manifests written as text: a host that
// owns game::Player, cogs 'fire' and 'ice' that share fire::Spell.
#include "layout_guard.h"
#include "layout_text.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::check_batch;
using hotcog::rt::GuardCog;
using hotcog::rt::GuardVerdict;
using hotcog::rt::LayoutManifest;

const std::string kHead = "hotcog-layouts|2\n";
const std::string kPlayerV1 =
    "record|game::Player|8|4|0|p1|/src/include/player.h|12\n"
    "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nend\n";
const std::string kPlayerV2 =
    "record|game::Player|12|4|0|p2|/src/include/player.h|12\n"
    "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nfield|64|-|d|mana|int\nend\n";
const std::string kSpellV1 =
    "record|fire::Spell|4|4|0|s1|/src/fire/spell.h|3\nfield|0|-|d|cost|int\nend\n";
const std::string kSpellV2 =
    "record|fire::Spell|8|4|0|s2|/src/fire/spell.h|3\n"
    "field|0|-|d|cost|int\nfield|32|-|d|power|float\nend\n";
const std::string kSpellV3 =
    "record|fire::Spell|8|4|0|s3|/src/fire/spell.h|3\n"
    "field|0|-|d|cost|int\nfield|32|-|d|range|int\nend\n";
const std::string kOnlyHost = "record|game::World|64|8|0|w1|/src/world.h|1\nend\n";

const std::string kSpellChanged =
    "layout of 'fire::Spell' changed (spell.h:3): size 4 -> 8; field 'power' added at offset 4";

// Manifests kept alive for the pointers a GuardCog holds.
struct Manifests {
  std::vector<std::unique_ptr<LayoutManifest>> all;
  const LayoutManifest* operator()(const std::string& records) {
    all.push_back(std::make_unique<LayoutManifest>(layouts(kHead + records)));
    return all.back().get();
  }
};

struct Expect {
  GuardVerdict::Action action;
  std::string reason;
};

void expect_verdicts(const std::vector<GuardVerdict>& got, const std::vector<Expect>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(hotcog::rt::action_name(got[i].action), hotcog::rt::action_name(want[i].action))
        << got[i].cog << ": " << got[i].reason;
    EXPECT_EQ(got[i].reason, want[i].reason) << got[i].cog;
  }
}

class LayoutGuard : public ::testing::Test {
 protected:
  Manifests m;
  const LayoutManifest* host = m(kOnlyHost + kPlayerV1);
};

TEST_F(LayoutGuard, UnchangedLayoutsArePatched) {
  const auto v = check_batch(host, {{"fire", m(kPlayerV1 + kSpellV1), m(kPlayerV1 + kSpellV1)}},
                             {}, true);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].cog, "fire");
  expect_verdicts(v, {{GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, HotPatchingDisabledReloadsInstead) {
  expect_verdicts(check_batch(host, {{"fire", m(kSpellV1), m(kSpellV1)}}, {}, false),
                  {{GuardVerdict::Reload, "hot patching disabled"}});
}

TEST_F(LayoutGuard, ATypeTheHostSharesMustMatchTheHost) {
  const std::string message =
      "layout of 'game::Player' changed (player.h:12): size 8 -> 12; field 'mana' added at "
      "offset 8; running version kept - restart the host to apply";
  expect_verdicts(check_batch(host, {{"fire", m(kPlayerV1), m(kPlayerV2)}}, {}, true),
                  {{GuardVerdict::Refuse, message}});
  // Disabling hot patching does not make a refused change safe.
  expect_verdicts(check_batch(host, {{"fire", m(kPlayerV1), m(kPlayerV2)}}, {}, false),
                  {{GuardVerdict::Refuse, message}});
}

TEST_F(LayoutGuard, AnAlignasOnlyChangeOfASharedTypeIsRefused) {
  const std::string aligned =
      "record|game::Player|8|4|0|p-alignas|/src/include/player.h|12\n"
      "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nend\n";
  expect_verdicts(check_batch(host, {{"fire", m(kPlayerV1), m(aligned)}}, {}, true),
                  {{GuardVerdict::Refuse,
                    "layout of 'game::Player' changed (player.h:12): alignment attributes changed "
                    "(alignas/packed/#pragma pack); running version kept - restart the host to "
                    "apply"}});
}

TEST_F(LayoutGuard, AVtableSlotOrderChangeOfASharedInterfaceIsRefused) {
  const std::string api1 =
      "record|game::Ability|8|8|1|a1|/src/include/ability.h|5\n"
      "vslot|game::Ability::use()\nvslot|game::Ability::name() const\nend\n";
  const std::string api2 =
      "record|game::Ability|8|8|1|a2|/src/include/ability.h|5\n"
      "vslot|game::Ability::name() const\nvslot|game::Ability::use()\nend\n";
  const LayoutManifest* h = m(api1);
  expect_verdicts(check_batch(h, {{"fire", m(api1), m(api2)}}, {}, true),
                  {{GuardVerdict::Refuse,
                    "layout of 'game::Ability' changed (ability.h:5): virtual "
                    "'game::Ability::name() const' moved from slot 1 to slot 0; running version "
                    "kept - "
                    "restart the host to apply"}});
}

TEST_F(LayoutGuard, TypesOnlyTheHostHasAreIrrelevant) {
  // The host's World and Player are not in fire's image: nothing to compare.
  expect_verdicts(check_batch(host, {{"fire", m(kSpellV1), m(kSpellV1)}}, {}, true),
                  {{GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, APrivateTypeChangeIsAFullReload) {
  expect_verdicts(
      check_batch(host, {{"fire", m(kPlayerV1 + kSpellV1), m(kPlayerV1 + kSpellV2)}}, {}, true),
      {{GuardVerdict::Reload, kSpellChanged}});
}

TEST_F(LayoutGuard, ATypeARunningCogOutsideTheBatchUsesMustMatchIt) {
  expect_verdicts(
      check_batch(host, {{"fire", m(kSpellV1), m(kSpellV2)}}, {{"ice", m(kSpellV1)}}, true),
      {{GuardVerdict::Refuse,
        kSpellChanged +
            "; also used by running cog 'ice'; running version kept - reload 'ice' in the same "
            "batch or restart the host"}});
  // Another cog that does not have the type does not matter.
  expect_verdicts(
      check_batch(host, {{"fire", m(kSpellV1), m(kSpellV2)}}, {{"ice", m(kPlayerV1)}}, true),
      {{GuardVerdict::Reload, kSpellChanged}});
}

TEST_F(LayoutGuard, CogsChangingASharedTypeTogetherAreReloadedTogether) {
  expect_verdicts(check_batch(host,
                              {{"fire", m(kSpellV1), m(kSpellV2)}, {"ice", m(kSpellV1), m(kSpellV2)}},
                              {}, true),
                  {{GuardVerdict::Reload, kSpellChanged}, {GuardVerdict::Reload, kSpellChanged}});
}

TEST_F(LayoutGuard, BatchCogsWhoseNewImagesDisagreeAreBothRefused) {
  expect_verdicts(
      check_batch(host, {{"fire", m(kSpellV1), m(kSpellV2)}, {"ice", m(kSpellV1), m(kSpellV3)}},
                  {}, true),
      {{GuardVerdict::Refuse,
        "layout of 'fire::Spell' differs between the new images of 'fire' and 'ice' (spell.h:3): "
        "field 'power' added at offset 4; field 'range' removed (was at offset 4); running "
        "versions kept - rebuild both from the same headers"},
       {GuardVerdict::Refuse,
        "layout of 'fire::Spell' differs between the new images of 'ice' and 'fire' (spell.h:3): "
        "field 'range' added at offset 4; field 'power' removed (was at offset 4); running "
        "versions kept - rebuild both from the same headers"}});
}

TEST_F(LayoutGuard, ABatchLinkedByAChangedTypeIsRefusedAsOne) {
  // ice also changes the host's Player: refused; fire shares the changed
  // Spell with ice, so applying fire alone would split them: refused too.
  // earth shares only an unchanged type with ice: patched on its own.
  const std::string rock = "record|earth::Rock|4|4|0|r1|/src/rock.h|1\nend\n";
  const auto v = check_batch(host,
                             {{"fire", m(kSpellV1), m(kSpellV2)},
                              {"ice", m(kSpellV1 + kPlayerV1 + rock), m(kSpellV2 + kPlayerV2 + rock)},
                              {"earth", m(rock), m(rock)}},
                             {}, true);
  expect_verdicts(v, {{GuardVerdict::Refuse,
                       "refused together with 'ice' (they share type 'fire::Spell', which "
                       "changed); running version kept"},
                      {GuardVerdict::Refuse,
                       "layout of 'game::Player' changed (player.h:12): size 8 -> 12; field "
                       "'mana' added at offset 8; running version kept - restart the host to "
                       "apply"},
                      {GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, RefusalSpreadsAlongAChainOfChangedTypes) {
  // a refused (host type); b shares changed Spell with a; c shares changed
  // Rune with b only.
  const std::string rune1 = "record|Rune|4|4|0|u1|/src/rune.h|1\nfield|0|-|d|r|int\nend\n";
  const std::string rune2 = "record|Rune|8|8|0|u2|/src/rune.h|1\nfield|0|-|d|r|long\nend\n";
  const auto v = check_batch(host,
                             {{"a", m(kSpellV1 + kPlayerV1), m(kSpellV2 + kPlayerV2)},
                              {"b", m(kSpellV1 + rune1), m(kSpellV2 + rune2)},
                              {"c", m(rune1), m(rune2)}},
                             {}, true);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].action, GuardVerdict::Refuse);
  EXPECT_EQ(v[1].reason.rfind("refused together with 'a'", 0), 0u) << v[1].reason;
  EXPECT_EQ(v[2].action, GuardVerdict::Refuse);
  EXPECT_EQ(v[2].reason, "refused together with 'b' (they share type 'Rune', which changed); "
                         "running version kept");
}

TEST_F(LayoutGuard, AFirstLoadIsAReloadButStillMustMatchTheHost) {
  expect_verdicts(
      check_batch(host, {{"fire", nullptr, m(kPlayerV1 + kSpellV2), true}}, {}, true),
      {{GuardVerdict::Reload, "first load"}});
  const auto v = check_batch(host, {{"fire", nullptr, m(kPlayerV2), true}}, {}, true);
  EXPECT_EQ(v[0].action, GuardVerdict::Refuse) << v[0].reason;
}

TEST_F(LayoutGuard, WithoutTheNewImagesManifestLayoutsAreNotChecked) {
  GuardCog fire{"fire", m(kSpellV1), nullptr};
  fire.next_missing = "/b/libfire.so.layouts not found";
  expect_verdicts(check_batch(host, {fire}, {}, true),
                  {{GuardVerdict::Reload,
                    "no layout data (/b/libfire.so.layouts not found): layouts not checked"}});
  // Without the host's either, the rules cannot apply at all: say so.
  expect_verdicts(check_batch(nullptr, {fire}, {}, true),
                  {{GuardVerdict::Reload,
                    "no layout data (/b/libfire.so.layouts not found) and none for the host: "
                    "layout rules not applied"}});
}

TEST_F(LayoutGuard, AnIncompleteManifestIsAReloadButWhatItHasIsChecked) {
  const std::string gap = "incomplete|/src/fire/fire.cpp|clang: unknown type name 'foo'\n";
  expect_verdicts(
      check_batch(host, {{"fire", m(kSpellV1), m(kSpellV1 + gap)}}, {}, true),
      {{GuardVerdict::Reload,
        "layout data incomplete (/src/fire/fire.cpp: clang: unknown type name 'foo'): layouts "
        "not fully checked"}});
  const auto v = check_batch(host, {{"fire", m(kPlayerV1), m(kPlayerV2 + gap)}}, {}, true);
  EXPECT_EQ(v[0].action, GuardVerdict::Refuse) << v[0].reason;
}

TEST_F(LayoutGuard, UnknownRunningLayoutsAreAReload) {
  expect_verdicts(check_batch(host, {{"fire", nullptr, m(kSpellV1)}}, {}, true),
                  {{GuardVerdict::Reload, "running version has no layout data: layouts not checked"}});
}

TEST_F(LayoutGuard, WithoutHostDataAChangedTypeIsNotCheckedAgainstTheHost) {
  expect_verdicts(check_batch(nullptr, {{"fire", m(kSpellV1), m(kSpellV2)}}, {}, true),
                  {{GuardVerdict::Reload,
                    kSpellChanged + "; the host has no layout data: not checked against the host"}});
  // Unchanged layouts are as safe as the running version: patched.
  expect_verdicts(check_batch(nullptr, {{"fire", m(kSpellV1), m(kSpellV1)}}, {}, true),
                  {{GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, AnOdrConflictInTheNewImageIsRefused) {
  const std::string other_spell =
      "record|fire::Spell|8|8|0|s9|/src/fire/old_spell.h|7\nfield|0|-|d|cost|long\nend\n";
  expect_verdicts(
      check_batch(host, {{"fire", m(kSpellV1), m(kSpellV1 + other_spell)}}, {}, true),
      {{GuardVerdict::Refuse,
        "type 'fire::Spell' has two different layouts in cog 'fire' (spell.h:3 and "
        "old_spell.h:7: size 4 -> 8; alignment 4 -> 8; field 'cost' retyped 'int' -> 'long'), "
        "an ODR violation; running version kept - make the definitions agree"}});
}

TEST_F(LayoutGuard, ASharedTypeWithTwoLayoutsInTheHostCannotBeChecked) {
  const std::string other_player =
      "record|game::Player|4|4|0|p9|/src/legacy/player.h|2\nfield|0|-|d|hp|int\nend\n";
  const LayoutManifest* odd_host = m(kPlayerV1 + other_player);
  const auto v = check_batch(odd_host, {{"fire", m(kPlayerV1), m(kPlayerV1)}}, {}, true);
  EXPECT_EQ(v[0].action, GuardVerdict::Refuse);
  EXPECT_EQ(v[0].reason.rfind("type 'game::Player' has two different layouts in the host", 0), 0u)
      << v[0].reason;
}

TEST_F(LayoutGuard, AnonymousNamespaceTypesAreNeverShared) {
  const std::string impl_a =
      "record|(anonymous namespace)::Impl|4|4|0|i1|/src/fire/a.cpp|3\nfield|0|-|d|a|int\nend\n";
  const std::string impl_b =
      "record|(anonymous namespace)::Impl|8|8|0|i2|/src/fire/b.cpp|3\nfield|0|-|d|b|long\nend\n";
  const std::string impl_b2 =
      "record|(anonymous namespace)::Impl|16|8|0|i3|/src/fire/b.cpp|3\n"
      "field|0|-|d|b|long\nfield|64|-|d|c|long\nend\n";
  // The host's own Impl and the cog's two TU-local Impls are different types.
  const LayoutManifest* h = m(impl_b2);
  expect_verdicts(check_batch(h, {{"fire", m(impl_a + impl_b), m(impl_a + impl_b)}},
                              {{"ice", m(impl_b2)}}, true),
                  {{GuardVerdict::Patch, "layouts unchanged"}});
  // A change of one of them is a private change, diffed against its own TU's.
  expect_verdicts(check_batch(h, {{"fire", m(impl_a + impl_b), m(impl_a + impl_b2)}}, {}, true),
                  {{GuardVerdict::Reload,
                    "layout of '(anonymous namespace)::Impl' changed (b.cpp:3): size 8 -> 16; "
                    "field 'c' added at offset 8"}});
}

TEST_F(LayoutGuard, FunctionLocalClassesAreNeverShared) {
  // Two functions' `struct L` (the scanner names them after their function),
  // and the host has one of its own: no ODR conflict, nothing shared.
  const std::string l_f =
      "record|(local in f())::L|4|4|0|l1|/src/fire/a.cpp|3\nfield|0|-|d|a|int\nend\n";
  const std::string l_g =
      "record|(local in g())::L|8|8|0|l2|/src/fire/a.cpp|9\nfield|0|-|d|b|long\nend\n";
  const std::string l_host =
      "record|(local in f())::L|16|8|0|l3|/src/host/main.cpp|5\nfield|0|-|d|c|long\nend\n";
  expect_verdicts(
      check_batch(m(l_host), {{"fire", m(l_f + l_g), m(l_f + l_g)}}, {{"ice", m(l_g)}}, true),
      {{GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, AStaticThatChangedSizeCannotKeepItsValue) {
  const std::string v1 = kSpellV1 + "var|_ZL5casts|4|1|casts|/src/fire/fire.cpp|4\n";
  const std::string v2 = kSpellV1 + "var|_ZL5casts|8|1|casts|/src/fire/fire.cpp|4\n";
  expect_verdicts(check_batch(host, {{"fire", m(v1), m(v2)}}, {}, true),
                  {{GuardVerdict::Reload,
                    "static variable 'casts' changed size 4 -> 8: its value cannot be kept"}});
  expect_verdicts(check_batch(host, {{"fire", m(v1), m(v1)}}, {}, true),
                  {{GuardVerdict::Patch, "layouts unchanged"}});
}

TEST_F(LayoutGuard, SeveralChangedTypesAreCounted) {
  const std::string rune1 = "record|Rune|4|4|0|u1|/src/rune.h|1\nfield|0|-|d|r|int\nend\n";
  const std::string rune2 = "record|Rune|8|8|0|u2|/src/rune.h|1\nfield|0|-|d|r|long\nend\n";
  expect_verdicts(
      check_batch(host, {{"fire", m(rune1 + kSpellV1), m(rune2 + kSpellV2)}}, {}, true),
      {{GuardVerdict::Reload,
        "layout of 'Rune' changed (rune.h:1): size 4 -> 8; alignment 4 -> 8; field 'r' retyped "
        "'int' -> 'long' (and 1 more changed type)"}});
}

TEST_F(LayoutGuard, TheVerdictIsDeterministic) {
  const std::vector<GuardCog> batch = {{"ice", m(kSpellV1), m(kSpellV3)},
                                       {"fire", m(kSpellV1), m(kSpellV2)}};
  const auto first = check_batch(host, batch, {{"earth", m(kSpellV1)}}, true);
  for (int i = 0; i < 3; ++i) {
    const auto again = check_batch(host, batch, {{"earth", m(kSpellV1)}}, true);
    ASSERT_EQ(again.size(), first.size());
    for (size_t k = 0; k < first.size(); ++k) {
      EXPECT_EQ(again[k].cog, first[k].cog);
      EXPECT_EQ(again[k].action, first[k].action);
      EXPECT_EQ(again[k].reason, first[k].reason);
    }
  }
}

}  // namespace
}  // namespace runtime_test
