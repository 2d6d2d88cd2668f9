// Every kind of layout change, described exactly.
#include "layout_diff.h"
#include "layout_text.hpp"

namespace runtime_test {
namespace {

using hotcog::rt::describe_layout_change;
using hotcog::rt::LayoutRecord;

const char* const kPlayer =
    "record|game::Player|8|4|0|h1|/src/game/include/player.h|12\n"
    "field|0|-|d|hp|int\n"
    "field|32|-|d|xp|int\n"
    "end\n";

std::string diff(const std::string& before, const std::string& after) {
  return describe_layout_change(record(before), record(after));
}

TEST(LayoutDiff, IdenticalLayoutsHaveNoChange) {
  EXPECT_EQ(diff(kPlayer, kPlayer), "");
  EXPECT_TRUE(hotcog::rt::same_layout(record(kPlayer), record(kPlayer)));
}

TEST(LayoutDiff, MovingTheDeclarationIsNotAChange) {
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|8|4|0|h1|/src/game/include/player.h|40\n"
                 "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nend\n"),
            "");
}

TEST(LayoutDiff, FieldAddedGrowsTheRecord) {
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|12|4|0|h2|/src/game/include/player.h|12\n"
                 "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nfield|64|-|d|mana|int\nend\n"),
            "size 8 -> 12; field 'mana' added at offset 8");
}

TEST(LayoutDiff, FieldRemoved) {
  EXPECT_EQ(diff(kPlayer, "record|game::Player|4|4|0|h2|/p.h|12\nfield|0|-|d|hp|int\nend\n"),
            "size 8 -> 4; field 'xp' removed (was at offset 4)");
}

TEST(LayoutDiff, FieldsSwappedAreMoved) {
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|8|4|0|h2|/p.h|12\n"
                 "field|0|-|d|xp|int\nfield|32|-|d|hp|int\nend\n"),
            "field 'xp' moved from offset 4 to offset 0; field 'hp' moved from offset 0 to offset 4");
}

TEST(LayoutDiff, FieldRetypedAndAlignmentChanged) {
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|16|8|0|h2|/p.h|12\n"
                 "field|0|-|d|hp|int\nfield|64|-|d|xp|long\nend\n"),
            "size 8 -> 16; alignment 4 -> 8; field 'xp' moved from offset 4 to offset 8 and "
            "retyped 'int' -> 'long'");
}

TEST(LayoutDiff, BitFieldsInBits) {
  const std::string before =
      "record|Flags|4|4|0|h1|/f.h|1\n"
      "field|0|3|d|mode|unsigned int\nfield|3|2|d|kind|unsigned int\nfield|8|-|d|tag|char\nend\n";
  EXPECT_EQ(diff(before,
                 "record|Flags|4|4|0|h2|/f.h|1\n"
                 "field|0|5|d|mode|unsigned int\nfield|5|2|d|kind|unsigned int\n"
                 "field|8|-|d|tag|char\nend\n"),
            "field 'mode' bit-field width 3 -> 5; field 'kind' moved from bit 3 to bit 5");
  EXPECT_EQ(diff(before,
                 "record|Flags|4|4|0|h2|/f.h|1\n"
                 "field|0|3|d|mode|unsigned int\nfield|3|2|d|kind|unsigned int\n"
                 "field|8|4|d|tag|char\nend\n"),
            "field 'tag' became a bit-field of width 4");
  EXPECT_EQ(diff(before,
                 "record|Flags|4|4|0|h2|/f.h|1\n"
                 "field|0|-|d|mode|unsigned int\nfield|32|2|d|kind|unsigned int\n"
                 "field|40|-|d|tag|char\nend\n"),
            "field 'mode' is no longer a bit-field (was width 3); field 'kind' moved from bit 3 "
            "to offset 4; field 'tag' moved from offset 1 to offset 5");
}

TEST(LayoutDiff, UnnamedBitFieldsMatchByOrder) {
  EXPECT_EQ(diff("record|P|4|4|0|h1|/p.h|1\nfield|0|3|d||int\nfield|3|1|d|on|int\nend\n",
                 "record|P|4|4|0|h2|/p.h|1\nfield|0|4|d||int\nfield|4|1|d|on|int\nend\n"),
            "unnamed bit-field of type 'int' bit-field width 3 -> 4; field 'on' moved from bit 3 "
            "to bit 4");
}

TEST(LayoutDiff, MemberMovedIntoAnAnonymousUnion) {
  EXPECT_EQ(diff("record|U|8|4|0|h1|/u.h|1\nfield|0|-|d|a|int\nend\n",
                 "record|U|8|4|0|h2|/u.h|1\nfield|0|-|d||U::(anonymous union)\n"
                 "field|0|-|i|a|int\nend\n"),
            "unnamed field of type 'U::(anonymous union)' added at offset 0; field 'a' moved "
            "into an anonymous struct/union");
}

TEST(LayoutDiff, BasesAddedRemovedMovedAndMadeVirtual) {
  const std::string before =
      "record|D|16|8|0|h1|/d.h|1\nbase|0|n|A\nbase|8|n|B\nfield|96|-|d|x|int\nend\n";
  EXPECT_EQ(diff(before,
                 "record|D|24|8|0|h2|/d.h|1\nbase|0|n|C\nbase|8|n|A\nbase|16|n|B\n"
                 "field|160|-|d|x|int\nend\n"),
            "size 16 -> 24; base 'C' added at offset 0; base 'A' moved from offset 0 to offset 8; "
            "base 'B' moved from offset 8 to offset 16; field 'x' moved from offset 12 to "
            "offset 20");
  EXPECT_EQ(diff(before,
                 "record|D|16|8|0|h2|/d.h|1\nbase|0|n|A\nfield|96|-|d|x|int\nend\n"),
            "base 'B' removed (was at offset 8)");
  EXPECT_EQ(diff(before,
                 "record|D|16|8|0|h2|/d.h|1\nbase|0|n|A\nbase|8|v|B\nfield|96|-|d|x|int\nend\n"),
            "base 'B' became virtual");
}

TEST(LayoutDiff, VptrAdded) {
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|16|8|1|h2|/p.h|12\n"
                 "field|64|-|d|hp|int\nfield|96|-|d|xp|int\n"
                 "vslot|game::Player::~Player() [complete]\nend\n"),
            "size 8 -> 16; alignment 4 -> 8; vptr added; field 'hp' moved from offset 0 to "
            "offset 8; field 'xp' moved from offset 4 to offset 12; virtual "
            "'game::Player::~Player() [complete]' added at slot 0");
}

const char* const kShape =
    "record|Shape|8|8|1|h1|/shape.h|3\n"
    "vslot|Shape::area() const\nvslot|Shape::draw()\nvslot|Shape::name() const\n"
    "end\n";

TEST(LayoutDiff, VtableSlotOrderChanged) {
  EXPECT_EQ(diff(kShape,
                 "record|Shape|8|8|1|h2|/shape.h|3\n"
                 "vslot|Shape::draw()\nvslot|Shape::area() const\nvslot|Shape::name() const\n"
                 "end\n"),
            "virtual 'Shape::draw()' moved from slot 1 to slot 0");
  // One slot moved to the end: only that one is named, not every shifted one.
  EXPECT_EQ(diff(kShape,
                 "record|Shape|8|8|1|h2|/shape.h|3\n"
                 "vslot|Shape::draw()\nvslot|Shape::name() const\nvslot|Shape::area() const\n"
                 "end\n"),
            "virtual 'Shape::area() const' moved from slot 0 to slot 2");
}

TEST(LayoutDiff, VtableSlotsAddedAndRemoved) {
  EXPECT_EQ(diff(kShape,
                 "record|Shape|8|8|1|h2|/shape.h|3\n"
                 "vslot|Shape::area() const\nvslot|Shape::scale(double)\nvslot|Shape::draw()\n"
                 "end\n"),
            "virtual 'Shape::scale(double)' added at slot 1; virtual 'Shape::name() const' "
            "removed (was slot 2)");
}

TEST(LayoutDiff, AlignasOnlyShowsInTheHash) {
  // Same sizes and offsets, different hash: the scanner hashed an alignas,
  // packed or #pragma pack that the manifest lines do not show.
  EXPECT_EQ(diff(kPlayer,
                 "record|game::Player|8|4|0|h-alignas|/p.h|12\n"
                 "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nend\n"),
            "alignment attributes changed (alignas/packed/#pragma pack)");
}

TEST(LayoutDiff, RefusalMessageNamesTypeFileLineChangeAndRemedy) {
  const LayoutRecord before = record(kPlayer);
  const LayoutRecord after =
      record("record|game::Player|12|4|0|h2|/src/game/include/player.h|13\n"
             "field|0|-|d|hp|int\nfield|32|-|d|xp|int\nfield|64|-|d|mana|int\nend\n");
  EXPECT_EQ(hotcog::rt::layout_refusal_message(before, after, hotcog::rt::kRestartHostRemedy),
            "layout of 'game::Player' changed (player.h:12): size 8 -> 12; field 'mana' added at "
            "offset 8; running version kept - restart the host to apply");
  LayoutRecord nowhere = before;
  nowhere.file.clear();
  EXPECT_EQ(hotcog::rt::layout_location(nowhere, after), "player.h:13");
}

}  // namespace
}  // namespace runtime_test
