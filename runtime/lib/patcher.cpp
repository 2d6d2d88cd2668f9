#include "patcher.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "elf_symbols.h"

namespace hotcog::rt {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kAmbiguous = std::numeric_limits<size_t>::max();

// Locals of a translation unit are qualified by it; hidden symbols the linker
// made local (after the empty STT_FILE) and globals by their name alone.
// Views into an Image's symbol table (or a caller's string).
struct Key {
  std::string_view file, name;
  bool operator==(const Key& o) const { return file == o.file && name == o.name; }
};
struct KeyHash {
  size_t operator()(const Key& k) const {
    const std::hash<std::string_view> h;
    return h(k.name) * 31 + h(k.file);
  }
};
Key key_of(const ElfSymbol& s) { return {s.file, s.name}; }

// A loaded image with its symbols indexed by matching key.
struct Image {
  std::string path;
  uintptr_t base = 0;
  ElfSymbolTable table;
  std::unordered_map<Key, size_t, KeyHash> functions;  // symbol index or kAmbiguous
  std::unordered_map<Key, size_t, KeyHash> objects;
  std::unordered_map<std::string_view, std::vector<size_t>> objects_by_name;
};

// Compiler-made parts and clones, and the image's life-cycle code: see patcher.h.
bool patchable(const std::string& name) {
  static const char* const kLifeCycle[] = {"_init",
                                           "_fini",
                                           "__do_global_dtors_aux",
                                           "frame_dummy",
                                           "register_tm_clones",
                                           "deregister_tm_clones"};
  static const char* const kLifeCyclePrefixes[] = {
      "_GLOBAL__sub_I_", "_GLOBAL__sub_D_",       "_sub_I_",
      "_sub_D_",         "_GLOBAL__I_",           "_GLOBAL__D_",
      "__tcf_",          "__cxx_global_var_init", "__cxx_global_array_dtor",
      "__dtor_"};
  if (name.find('.') != std::string::npos) return false;
  for (const char* n : kLifeCycle)
    if (name == n) return false;
  for (const char* p : kLifeCyclePrefixes)
    if (name.compare(0, std::strlen(p), p) == 0) return false;
  return true;
}

void index_symbols(Image* image) {
  const auto& symbols = image->table.symbols;
  image->functions.reserve(symbols.size());
  image->objects.reserve(symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    const ElfSymbol& s = symbols[i];
    const bool function = s.kind == ElfSymbol::Kind::Function;
    if (function && !s.executable) continue;
    auto [it, fresh] = (function ? image->functions : image->objects).emplace(key_of(s), i);
    if (!fresh) it->second = kAmbiguous;
    if (!function) image->objects_by_name[s.name].push_back(i);
  }
}

// The GNU build-id of a loaded image, read from its mapped PT_NOTE segments.
std::string loaded_build_id(const link_map* lm) {
  struct Search {
    const link_map* lm;
    std::string id;
  } search{lm, {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        if (info->dlpi_addr != s->lm->l_addr || !info->dlpi_name ||
            std::strcmp(info->dlpi_name, s->lm->l_name) != 0)
          return 0;
        for (unsigned i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
          const uint64_t pad = ph.p_align == 8 ? 7 : 3;  // .note.gnu.property: 8
          for (uint64_t at = 0; at + sizeof(ElfW(Nhdr)) <= ph.p_memsz;) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p + at, sizeof note);
            const uint64_t name_at = at + sizeof note;
            const uint64_t desc_at = name_at + ((uint64_t(note.n_namesz) + pad) & ~pad);
            const uint64_t next = desc_at + ((uint64_t(note.n_descsz) + pad) & ~pad);
            if (next > ph.p_memsz) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(p + name_at, "GNU", 4) == 0) {
              s->id.assign(reinterpret_cast<const char*>(p + desc_at), note.n_descsz);
              return 1;
            }
            at = next;
          }
        }
        return 1;
      },
      &search);
  return search.id;
}

// Reads the file's symbols and checks that it is the image loaded at the
// handle: a file replaced after dlopen would put every write in the wrong place.
bool load_image(const PatchImage& in, Image* out, std::string* error) {
  out->path = in.path;
  link_map* lm = nullptr;
  if (!in.handle || ::dlinfo(in.handle, RTLD_DI_LINKMAP, &lm) != 0 || !lm) {
    *error = in.path + ": not a loaded image (no dlopen handle or dlinfo failed)";
    return false;
  }
  out->base = lm->l_addr;
  if (!read_elf_symbols(in.path, &out->table, error)) return false;
  const ElfSymbolTable& t = out->table;
  const bool same_dynamic =
      t.dynamic_addr != 0 && reinterpret_cast<uintptr_t>(lm->l_ld) == lm->l_addr + t.dynamic_addr;
  const bool same_build_id = t.build_id.empty() || loaded_build_id(lm) == t.build_id;
  if (!same_dynamic || !same_build_id) {
    *error = in.path + ": not the image loaded from " + (lm->l_name ? lm->l_name : "?") + " (" +
             (same_dynamic ? "GNU build-id" : "address of .dynamic") +
             " differs: was the file replaced after dlopen?)";
    return false;
  }
  index_symbols(out);
  return true;
}

// The entries of the loaded image's .init_array/.fini_array: constructors
// and destructors of whatever kind (C++ statics, __attribute__((constructor)),
// a sanitizer's module constructor), whatever their names. Called only after
// load_image() verified that the file is the loaded image.
std::unordered_set<uintptr_t> init_fini_entries(const Image& image) {
  std::unordered_set<uintptr_t> out;
  for (const auto& [addr, bytes] : image.table.init_fini_arrays)
    for (uint64_t at = 0; at + sizeof(uintptr_t) <= bytes; at += sizeof(uintptr_t)) {
      uintptr_t entry;
      std::memcpy(&entry, reinterpret_cast<const void*>(image.base + addr + at), sizeof entry);
      out.insert(entry);
    }
  return out;
}

void plan_redirects(const Image& old, const Image& fresh, PatchPlan* plan) {
  PatchReport& r = plan->report;
  const std::unordered_set<uintptr_t> life_cycle = init_fini_entries(old);
  for (const ElfSymbol& s : old.table.symbols) {
    if (s.kind != ElfSymbol::Kind::Function || !s.executable) continue;
    if (!patchable(s.name) || life_cycle.count(old.base + s.value)) {
      ++r.not_patchable;
      continue;
    }
    const Key key = key_of(s);
    const auto to = fresh.functions.find(key);
    if (old.functions.at(key) == kAmbiguous ||
        (to != fresh.functions.end() && to->second == kAmbiguous)) {
      r.ambiguous.push_back(s.name);
      continue;
    }
    if (to == fresh.functions.end()) {
      ++r.not_in_new;
      continue;
    }
    const EntryJump jump =
        encode_entry_jump(old.base + s.value, fresh.base + fresh.table.symbols[to->second].value);
    if (jump.size > s.room) {
      // Less than 5 bytes hold no rel32 call, jump or RIP-relative access
      // (a 2-byte jmp lands on an old entry nearby, itself redirected): a
      // byte-identical new body behaves the same, so nothing is lost.
      const ElfSymbol& n = fresh.table.symbols[to->second];
      const bool same =
          s.size > 0 && s.size == n.size && s.size < kNearJumpSize &&
          std::memcmp(reinterpret_cast<const void*>(old.base + s.value),
                      reinterpret_cast<const void*>(fresh.base + n.value), s.size) == 0;
      if (same)
        ++r.too_small_unchanged;
      else
        r.too_small.push_back(s.name);
      continue;
    }
    plan->jumps.push_back(jump);
    std::memcpy(plan->jumps.back().planned_over, reinterpret_cast<const void*>(jump.at), jump.size);
  }
}

// One write per entry: aliases (C1/C2 constructors, D1/D2 destructors) share
// an address and agree; aliases that disagree are dropped.
void merge_aliases(PatchPlan* plan) {
  auto& jumps = plan->jumps;
  std::sort(jumps.begin(), jumps.end(),
            [](const EntryJump& a, const EntryJump& b) { return a.at < b.at; });
  std::vector<EntryJump> out;
  for (size_t i = 0; i < jumps.size();) {
    size_t j = i + 1;
    bool agree = true;
    for (; j < jumps.size() && jumps[j].at == jumps[i].at; ++j) agree &= jumps[j].to == jumps[i].to;
    if (!agree) {
      char what[64];
      std::snprintf(what, sizeof what, "<aliases at %#lx disagree>",
                    static_cast<unsigned long>(jumps[i].at));
      plan->report.ambiguous.push_back(what);
    } else if (!out.empty() && out.back().at + out.back().size > jumps[i].at) {
      plan->report.too_small.push_back("<entry overlapping the previous jump>");
    } else {
      out.push_back(jumps[i]);
    }
    i = j;
  }
  jumps = std::move(out);
  for (const EntryJump& j : jumps)
    ++(j.size == kNearJumpSize ? plan->report.near_jumps : plan->report.far_jumps);
  plan->report.redirected = jumps.size();
}

// The symbol `name` in the same translation unit as `like`, or nullptr.
const ElfSymbol* sibling(const Image& image, const ElfSymbol& like, const std::string& name) {
  const auto it = image.objects.find(Key{like.file, name});
  return it == image.objects.end() || it->second == kAmbiguous ? nullptr
                                                               : &image.table.symbols[it->second];
}

// Why the variable cannot be kept, or "" when its copies were added.
std::string plan_copy(const Image& old, const Image& fresh, const PatchVar& var,
                      const ElfSymbol& to, PatchPlan* plan) {
  const auto self = fresh.objects.find(key_of(to));
  if (self->second == kAmbiguous) return "defined more than once in the new image";
  const auto from_it = old.objects.find(key_of(to));
  if (from_it == old.objects.end()) return "new variable (the running image does not define it)";
  if (from_it->second == kAmbiguous) return "defined more than once in the running image";
  const ElfSymbol& from = old.table.symbols[from_it->second];
  if (from.size != to.size)
    return "size changed: " + std::to_string(from.size) + " -> " + std::to_string(to.size) +
           " bytes";
  if (var.size != to.size)
    return "the layout manifest says " + std::to_string(var.size) + " bytes, the image " +
           std::to_string(to.size) + " (stale manifest?)";
  if (!to.writable) return "not in writable memory of the new image";
  std::vector<PatchPlan::Copy> copies{{old.base + from.value, fresh.base + to.value, to.size}};
  if (var.symbol.compare(0, 2, "_Z") == 0) {
    const std::string guard = "_ZGV" + var.symbol.substr(2);
    const ElfSymbol* new_guard = sibling(fresh, to, guard);
    const ElfSymbol* old_guard = sibling(old, from, guard);
    if (new_guard && !old_guard)
      return "its initialization changed (a guard variable only in the new image): it would be "
             "initialized again";
    if (new_guard && (new_guard->size != old_guard->size || !new_guard->writable))
      return "its guard variable " + guard + " differs between the images";
    if (new_guard)
      copies.push_back(
          {old.base + old_guard->value, fresh.base + new_guard->value, new_guard->size});
  }
  plan->copies.insert(plan->copies.end(), copies.begin(), copies.end());
  return "";
}

void plan_copies(const Image& old, const Image& fresh, const std::vector<PatchVar>& vars,
                 PatchPlan* plan) {
  PatchReport& r = plan->report;
  for (const PatchVar& var : vars) {
    if (!var.trivially_copyable) {
      r.vars_not_kept.push_back(
          {var.name, "not trivially copyable: starts from its initial value"});
      continue;
    }
    const auto found = fresh.objects_by_name.find(var.symbol);
    if (found == fresh.objects_by_name.end()) {
      r.vars_not_kept.push_back({var.name, "the new image does not define " + var.symbol});
      continue;
    }
    for (size_t index : found->second) {
      const ElfSymbol& to = fresh.table.symbols[index];
      const std::string label =
          found->second.size() > 1 ? var.name + " (" + to.file + ")" : var.name;
      const std::string why = plan_copy(old, fresh, var, to, plan);
      if (why.empty())
        r.vars_kept.push_back(label);
      else
        r.vars_not_kept.push_back({label, why});
    }
  }
}

void sort_unique(std::vector<std::string>* names) {
  std::sort(names->begin(), names->end());
  names->erase(std::unique(names->begin(), names->end()), names->end());
}

}  // namespace

PatchPlan plan_patch(const std::vector<PatchImage>& old_images, const PatchImage& new_image,
                     const std::vector<PatchVar>& vars) {
  const auto start = Clock::now();
  PatchPlan plan;
  auto fail = [&](std::string error) {
    plan = PatchPlan{};
    plan.report.error = std::move(error) + "; nothing was patched";
    plan.report.plan_time = Clock::now() - start;
    return plan;
  };
  if (old_images.empty()) return fail("no running image to patch");
  Image fresh;
  std::string error;
  if (!load_image(new_image, &fresh, &error)) return fail("new image " + error);
  std::vector<Image> olds(old_images.size());
  for (size_t i = 0; i < old_images.size(); ++i) {
    if (old_images[i].handle == new_image.handle)
      return fail(old_images[i].path + ": the old and the new image are the same loaded image");
    if (!load_image(old_images[i], &olds[i], &error)) return fail("old image " + error);
    plan_redirects(olds[i], fresh, &plan);
  }
  merge_aliases(&plan);
  plan_copies(olds.back(), fresh, vars, &plan);
  sort_unique(&plan.report.too_small);
  sort_unique(&plan.report.ambiguous);
  plan.report.plan_time = Clock::now() - start;
  return plan;
}

PatchReport apply_patch(const PatchPlan& plan) {
  const auto start = Clock::now();
  PatchReport report = plan.report;
  if (!report.ok()) return report;
  // A plan made before another patch of the same image would undo it (and
  // copy variables from an image that no longer runs).
  for (const EntryJump& j : plan.jumps)
    if (std::memcmp(reinterpret_cast<const void*>(j.at), j.planned_over, j.size) != 0) {
      report.error =
          "stale plan: the old code changed since it was planned (patched again?); "
          "nothing was patched";
      return report;
    }
  CodeWriteWindow window(plan.jumps);
  if (!window.open(&report.error)) {
    report.error = "cannot make the old code writable: " + report.error + "; nothing was patched";
    return report;
  }
  for (const PatchPlan::Copy& c : plan.copies)
    std::memcpy(reinterpret_cast<void*>(c.to), reinterpret_cast<const void*>(c.from), c.size);
  window.write();
  if (!window.close(&report.warning)) report.warning = "patched, but " + report.warning;
  report.apply_time = Clock::now() - start;
  return report;
}

PatchReport patch_image(const std::vector<PatchImage>& old_images, const PatchImage& new_image,
                        const std::vector<PatchVar>& vars) {
  return apply_patch(plan_patch(old_images, new_image, vars));
}

}  // namespace hotcog::rt
