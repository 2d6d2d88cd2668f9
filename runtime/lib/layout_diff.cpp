#include "layout_diff.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace hotcog::rt {
namespace {

std::string position(uint64_t bits) {
  return bits % 8 == 0 ? "offset " + std::to_string(bits / 8) : "bit " + std::to_string(bits);
}

// Keys that match the same member in both versions: the name, or for unnamed
// members (anonymous unions, unnamed bit-fields) their order among the
// unnamed; a repeated key (only possible in broken input) gets its ordinal.
template <typename T, typename NameOf>
std::vector<std::string> match_keys(const std::vector<T>& items, NameOf name_of) {
  std::vector<std::string> keys;
  keys.reserve(items.size());
  std::map<std::string, unsigned> seen;
  for (const T& item : items) {
    std::string key(name_of(item));
    const unsigned n = seen[key]++;
    if (n) key += "#" + std::to_string(n);
    keys.push_back(std::move(key));
  }
  return keys;
}

std::map<std::string, size_t> index_by(const std::vector<std::string>& keys) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < keys.size(); ++i) index.emplace(keys[i], i);
  return index;
}

std::string field_label(const LayoutField& f) {
  if (!f.name.empty()) return "field '" + f.name + "'";
  return std::string(f.bit_width >= 0 ? "unnamed bit-field" : "unnamed field") + " of type '" +
         f.type + "'";
}

void describe_field(const LayoutField& a, const LayoutField& b, std::vector<std::string>* parts) {
  std::vector<std::string> changes;
  if (a.offset_bits != b.offset_bits)
    changes.push_back("moved from " + position(a.offset_bits) + " to " + position(b.offset_bits));
  if (a.type != b.type) changes.push_back("retyped '" + a.type + "' -> '" + b.type + "'");
  if (a.bit_width != b.bit_width) {
    if (a.bit_width < 0)
      changes.push_back("became a bit-field of width " + std::to_string(b.bit_width));
    else if (b.bit_width < 0)
      changes.push_back("is no longer a bit-field (was width " + std::to_string(a.bit_width) + ")");
    else
      changes.push_back("bit-field width " + std::to_string(a.bit_width) + " -> " +
                        std::to_string(b.bit_width));
  }
  if (a.indirect != b.indirect)
    changes.push_back(b.indirect ? "moved into an anonymous struct/union"
                                 : "moved out of an anonymous struct/union");
  if (changes.empty()) return;
  std::string text = field_label(b);
  for (size_t i = 0; i < changes.size(); ++i) text += (i ? " and " : " ") + changes[i];
  parts->push_back(std::move(text));
}

void describe_fields(const LayoutRecord& before, const LayoutRecord& after,
                     std::vector<std::string>* parts) {
  auto name_of = [](const LayoutField& f) { return f.name; };
  const auto old_keys = match_keys(before.fields, name_of);
  const auto new_keys = match_keys(after.fields, name_of);
  const auto old_index = index_by(old_keys);
  const auto new_index = index_by(new_keys);
  for (size_t i = 0; i < after.fields.size(); ++i) {
    const LayoutField& f = after.fields[i];
    auto it = old_index.find(new_keys[i]);
    if (it == old_index.end())
      parts->push_back(field_label(f) + " added at " + position(f.offset_bits));
    else
      describe_field(before.fields[it->second], f, parts);
  }
  for (size_t i = 0; i < before.fields.size(); ++i)
    if (!new_index.count(old_keys[i]))
      parts->push_back(field_label(before.fields[i]) + " removed (was at " +
                       position(before.fields[i].offset_bits) + ")");
}

void describe_bases(const LayoutRecord& before, const LayoutRecord& after,
                    std::vector<std::string>* parts) {
  auto name_of = [](const LayoutBase& b) { return b.name; };
  const auto old_keys = match_keys(before.bases, name_of);
  const auto new_keys = match_keys(after.bases, name_of);
  const auto old_index = index_by(old_keys);
  const auto new_index = index_by(new_keys);
  for (size_t i = 0; i < after.bases.size(); ++i) {
    const LayoutBase& b = after.bases[i];
    const std::string label = "base '" + b.name + "'";
    auto it = old_index.find(new_keys[i]);
    if (it == old_index.end()) {
      parts->push_back(label + " added at offset " + std::to_string(b.offset));
      continue;
    }
    const LayoutBase& a = before.bases[it->second];
    if (a.offset != b.offset)
      parts->push_back(label + " moved from offset " + std::to_string(a.offset) +
                       " to offset " + std::to_string(b.offset));
    if (a.is_virtual != b.is_virtual)
      parts->push_back(label + (b.is_virtual ? " became virtual" : " became non-virtual"));
  }
  for (size_t i = 0; i < before.bases.size(); ++i)
    if (!new_index.count(old_keys[i]))
      parts->push_back("base '" + before.bases[i].name + "' removed (was at offset " +
                       std::to_string(before.bases[i].offset) + ")");
}

// Positions (into `seq`) of one longest strictly increasing subsequence,
// O(n log n): the slots that kept their relative order.
std::vector<bool> in_longest_increasing(const std::vector<size_t>& seq) {
  std::vector<size_t> tails;  // tails[k]: index in seq ending the best run of length k+1
  std::vector<size_t> prev(seq.size(), SIZE_MAX);
  for (size_t i = 0; i < seq.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), seq[i],
                               [&](size_t t, size_t v) { return seq[t] < v; });
    if (it != tails.begin()) prev[i] = *(it - 1);
    if (it == tails.end())
      tails.push_back(i);
    else
      *it = i;
  }
  std::vector<bool> keep(seq.size(), false);
  for (size_t i = tails.empty() ? SIZE_MAX : tails.back(); i != SIZE_MAX; i = prev[i])
    keep[i] = true;
  return keep;
}

// Added and removed slots by signature; of the slots both versions have, the
// fewest that explain the new order are reported as moved (an added slot
// shifting the ones after it is already said by "added at slot N").
void describe_vtable(const LayoutRecord& before, const LayoutRecord& after,
                     std::vector<std::string>* parts) {
  if (before.vslots == after.vslots) return;
  auto name_of = [](const std::string& s) { return s; };
  const auto old_keys = match_keys(before.vslots, name_of);
  const auto new_keys = match_keys(after.vslots, name_of);
  const auto old_index = index_by(old_keys);
  const auto new_index = index_by(new_keys);
  std::vector<size_t> old_slot, new_slot;  // of the common slots, in new order
  for (size_t i = 0; i < new_keys.size(); ++i) {
    auto it = old_index.find(new_keys[i]);
    if (it == old_index.end()) {
      parts->push_back("virtual '" + after.vslots[i] + "' added at slot " + std::to_string(i));
    } else {
      old_slot.push_back(it->second);
      new_slot.push_back(i);
    }
  }
  for (size_t i = 0; i < old_keys.size(); ++i)
    if (!new_index.count(old_keys[i]))
      parts->push_back("virtual '" + before.vslots[i] + "' removed (was slot " +
                       std::to_string(i) + ")");
  const std::vector<bool> kept = in_longest_increasing(old_slot);
  for (size_t k = 0; k < old_slot.size(); ++k)
    if (!kept[k])
      parts->push_back("virtual '" + after.vslots[new_slot[k]] + "' moved from slot " +
                       std::to_string(old_slot[k]) + " to slot " + std::to_string(new_slot[k]));
}

std::string basename(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool same_layout(const LayoutRecord& a, const LayoutRecord& b) {
  return a.hash == b.hash && a.size == b.size && a.align == b.align && a.vptr == b.vptr &&
         a.bases == b.bases && a.fields == b.fields && a.vslots == b.vslots;
}

std::string describe_layout_change(const LayoutRecord& before, const LayoutRecord& after) {
  if (same_layout(before, after)) return "";
  std::vector<std::string> parts;
  if (before.size != after.size)
    parts.push_back("size " + std::to_string(before.size) + " -> " + std::to_string(after.size));
  if (before.align != after.align)
    parts.push_back("alignment " + std::to_string(before.align) + " -> " +
                    std::to_string(after.align));
  if (before.vptr != after.vptr) parts.push_back(after.vptr ? "vptr added" : "vptr removed");
  describe_bases(before, after, &parts);
  describe_fields(before, after, &parts);
  describe_vtable(before, after, &parts);
  if (parts.empty()) parts.push_back("alignment attributes changed (alignas/packed/#pragma pack)");
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
  return text;
}

std::string layout_location(const LayoutRecord& before, const LayoutRecord& after) {
  const LayoutRecord& r = before.file.empty() ? after : before;
  if (r.file.empty()) return "unknown location";
  return basename(r.file) + ":" + std::to_string(r.line);
}

std::string layout_change_message(const LayoutRecord& before, const LayoutRecord& after) {
  return "layout of '" + after.name + "' changed (" + layout_location(before, after) +
         "): " + describe_layout_change(before, after);
}

std::string layout_refusal_message(const LayoutRecord& before, const LayoutRecord& after,
                                   std::string_view remedy) {
  return layout_change_message(before, after) + "; running version kept - " +
         std::string(remedy);
}

}  // namespace hotcog::rt
