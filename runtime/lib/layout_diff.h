// What changed between two layouts of one record, in words a user can act on:
//
//   size 8 -> 12; field 'mana' added at offset 8
//
// Offsets are printed in bytes when byte-aligned ("offset 8"), else in bits
// ("bit 35"). Parts, in this order, joined with "; ":
//   size A -> B | alignment A -> B | vptr added/removed
//   base 'B' added at offset N / removed (was at offset N) / moved from offset A to offset B /
//     became virtual / became non-virtual
//   field 'f' added at offset N / removed (was at offset N) /
//     moved from offset A to offset B / retyped 'T' -> 'U' / bit-field width A -> B /
//     became a bit-field of width N / is no longer a bit-field / moved into (out of)
//     an anonymous struct/union  (several changes of one field joined with " and ")
//   virtual 'm' added at slot N / removed (was slot N) / moved from slot A to slot B
//     (moves reported only when the relative order of the slots both have changed)
//   alignment attributes changed (alignas/packed/#pragma pack)
//     when the hashes differ and nothing above does (the scanner hashes the
//     attributes and the data size, which the manifest does not list)
// Fields are matched by name (unnamed ones by their order among the unnamed),
// bases by name, vtable slots by method signature.
#pragma once

#include <string>
#include <string_view>

#include "layout_manifest.h"

namespace hotcog::rt {

// Same hash and same structure (size, alignment, vptr, bases, fields, vtable
// slots). The declaring file and line do not count: moving a declaration is
// not a layout change.
bool same_layout(const LayoutRecord& a, const LayoutRecord& b);

// "" when same_layout(before, after); otherwise the parts listed above.
std::string describe_layout_change(const LayoutRecord& before, const LayoutRecord& after);

// "player.h:12": basename of the before record's file and its line, or the
// after record's when the before one has no file.
std::string layout_location(const LayoutRecord& before, const LayoutRecord& after);

// "layout of 'game::Player' changed (player.h:12): size 8 -> 12; field 'mana' added at offset 8"
std::string layout_change_message(const LayoutRecord& before, const LayoutRecord& after);

// layout_change_message + "; running version kept - " + remedy, e.g. with
// remedy "restart the host to apply" (kRestartHostRemedy).
std::string layout_refusal_message(const LayoutRecord& before, const LayoutRecord& after,
                                   std::string_view remedy);

constexpr std::string_view kRestartHostRemedy = "restart the host to apply";

}  // namespace hotcog::rt
