#include "elf_symbols.h"

#include <elf.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "mapped_file.h"

namespace hotcog::rt {
namespace {

bool fail(std::string* error, const std::string& path, const std::string& what) {
  *error = path + ": " + what;
  return false;
}

// The NUL-terminated string at `offset` in a string table section, or
// nullptr when it starts or runs past the table.
const char* string_at(const MappedFile& file, const Elf64_Shdr& strtab, uint64_t offset,
                      size_t* length) {
  if (strtab.sh_type != SHT_STRTAB || offset >= strtab.sh_size) return nullptr;
  const char* s = reinterpret_cast<const char*>(file.bytes(strtab.sh_offset + offset));
  const size_t max = strtab.sh_size - offset;
  *length = strnlen(s, max);
  return *length < max ? s : nullptr;
}

// Headers checked: an x86-64 ELF64 shared object whose section and program
// header tables, and every section with file contents, lie inside the file.
bool check_headers(const MappedFile& file, const std::string& path, std::string* error) {
  const Elf64_Ehdr* eh = file.at<Elf64_Ehdr>(0);
  if (!eh || std::memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
    return fail(error, path, file.size() == 0 ? "missing or empty" : "not an ELF file");
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_DYN || eh->e_machine != EM_X86_64)
    return fail(error, path, "not an x86-64 ELF64 shared object");
  // Tables at offsets the linker always aligns; anything else is corrupt
  // (and reading it through typed pointers would be misaligned).
  if (eh->e_phoff % alignof(Elf64_Phdr) != 0)
    return fail(error, path, "program header table misaligned");
  if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
      !file.contains(eh->e_shoff, uint64_t(eh->e_shnum) * sizeof(Elf64_Shdr)))
    return fail(error, path, "section header table missing or past the end of the file");
  if (eh->e_shoff % alignof(Elf64_Shdr) != 0)
    return fail(error, path, "section header table misaligned");
  if (eh->e_phnum != 0 && (eh->e_phentsize != sizeof(Elf64_Phdr) ||
                           !file.contains(eh->e_phoff, uint64_t(eh->e_phnum) * sizeof(Elf64_Phdr))))
    return fail(error, path, "program header table past the end of the file");
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(file.bytes(eh->e_shoff));
  for (unsigned i = 0; i < eh->e_shnum; ++i) {
    const Elf64_Shdr& s = sections[i];
    if (s.sh_type != SHT_NOBITS && s.sh_type != SHT_NULL && !file.contains(s.sh_offset, s.sh_size))
      return fail(error, path, "section " + std::to_string(i) + " lies past the end of the file");
  }
  return true;
}

std::pair<uint64_t, uint64_t> relro_range(const MappedFile& file, const Elf64_Ehdr& eh) {
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    const auto* ph = file.at<Elf64_Phdr>(eh.e_phoff + uint64_t(i) * sizeof(Elf64_Phdr));
    if (ph && ph->p_type == PT_GNU_RELRO) return {ph->p_vaddr, ph->p_vaddr + ph->p_memsz};
  }
  return {0, 0};
}

// .dynamic's address and the GNU build-id, to check a loaded image against
// it; where its constructor and destructor arrays are.
void read_layout(const MappedFile& file, const Elf64_Shdr* sections, unsigned count,
                 ElfSymbolTable* table) {
  for (unsigned i = 0; i < count; ++i) {
    const Elf64_Shdr& s = sections[i];
    if (s.sh_type == SHT_DYNAMIC) table->dynamic_addr = s.sh_addr;
    if ((s.sh_type == SHT_INIT_ARRAY || s.sh_type == SHT_FINI_ARRAY ||
         s.sh_type == SHT_PREINIT_ARRAY) &&
        (s.sh_flags & SHF_ALLOC))
      table->init_fini_arrays.emplace_back(s.sh_addr, s.sh_size);
    if (s.sh_type != SHT_NOTE || !(s.sh_flags & SHF_ALLOC)) continue;
    const uint64_t pad = s.sh_addralign == 8 ? 7 : 3;  // .note.gnu.property: 8
    uint64_t at = 0;
    while (at + sizeof(Elf64_Nhdr) <= s.sh_size) {
      Elf64_Nhdr header;  // copied: a corrupt section may be misaligned
      std::memcpy(&header, file.bytes(s.sh_offset + at), sizeof header);
      const Elf64_Nhdr* note = &header;
      const uint64_t name_at = at + sizeof(Elf64_Nhdr);
      const uint64_t desc_at = name_at + ((uint64_t(note->n_namesz) + pad) & ~pad);
      const uint64_t next = desc_at + ((uint64_t(note->n_descsz) + pad) & ~pad);
      if (next > s.sh_size) break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
          std::memcmp(file.bytes(s.sh_offset + name_at), "GNU", 4) == 0) {
        table->build_id.assign(reinterpret_cast<const char*>(file.bytes(s.sh_offset + desc_at)),
                               note->n_descsz);
        table->build_id_addr = s.sh_addr + desc_at;
        break;
      }
      at = next;
    }
  }
}

struct Boundary {
  unsigned section;
  uint64_t value;
  bool operator<(const Boundary& o) const {
    return section != o.section ? section < o.section : value < o.value;
  }
};

}  // namespace

bool read_elf_symbols(const std::string& path, ElfSymbolTable* table, std::string* error) {
  MappedFile file(path);
  if (!check_headers(file, path, error)) return false;
  const auto& eh = *file.at<Elf64_Ehdr>(0);
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(file.bytes(eh.e_shoff));
  const unsigned count = eh.e_shnum;

  const Elf64_Shdr* symtab = nullptr;
  for (unsigned pass = 0; pass < 2 && !symtab; ++pass)
    for (unsigned i = 0; i < count && !symtab; ++i)
      if (sections[i].sh_type == (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM)) symtab = &sections[i];
  if (!symtab) return fail(error, path, "no .symtab and no .dynsym");
  if (symtab->sh_entsize != sizeof(Elf64_Sym) || symtab->sh_link >= count)
    return fail(error, path, "malformed symbol table header");
  if (symtab->sh_offset % alignof(Elf64_Sym) != 0)
    return fail(error, path, "symbol table misaligned");
  const Elf64_Shdr& strtab = sections[symtab->sh_link];
  const auto [relro_begin, relro_end] = relro_range(file, eh);

  *table = ElfSymbolTable{};
  table->from_dynsym = symtab->sh_type == SHT_DYNSYM;
  read_layout(file, sections, count, table);

  std::vector<Boundary> boundaries;  // every defined symbol: where the room of another ends
  std::vector<unsigned> home;        // section of table->symbols[k]
  std::string current_file;
  const uint64_t n = symtab->sh_size / sizeof(Elf64_Sym);
  boundaries.reserve(n);
  table->symbols.reserve(n);
  for (uint64_t k = 1; k < n; ++k) {
    const auto& sym =
        *reinterpret_cast<const Elf64_Sym*>(file.bytes(symtab->sh_offset + k * sizeof(Elf64_Sym)));
    const unsigned type = ELF64_ST_TYPE(sym.st_info), bind = ELF64_ST_BIND(sym.st_info);
    size_t len = 0;
    const char* name = string_at(file, strtab, sym.st_name, &len);
    if (type == STT_FILE) {
      current_file.assign(name ? name : "", name ? len : 0);
      continue;
    }
    if (bind != STB_LOCAL) current_file.clear();
    if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= count || type == STT_SECTION) continue;
    const Elf64_Shdr& sec = sections[sym.st_shndx];
    const uint64_t end = sec.sh_addr + sec.sh_size;
    if (!(sec.sh_flags & SHF_ALLOC) || sym.st_value < sec.sh_addr || sym.st_value > end) continue;
    boundaries.push_back({sym.st_shndx, sym.st_value});
    if ((type != STT_FUNC && type != STT_OBJECT) || !name || len == 0) continue;
    if (sym.st_size > end - sym.st_value) continue;  // runs past its section: malformed
    ElfSymbol out;
    out.name.assign(name, len);
    if (bind == STB_LOCAL) out.file = current_file;
    out.value = sym.st_value;
    out.size = sym.st_size;
    out.section_end = end;
    out.kind = type == STT_FUNC ? ElfSymbol::Kind::Function : ElfSymbol::Kind::Object;
    out.binding = bind == STB_LOCAL  ? ElfSymbol::Binding::Local
                  : bind == STB_WEAK ? ElfSymbol::Binding::Weak
                                     : ElfSymbol::Binding::Global;
    out.executable = sec.sh_flags & SHF_EXECINSTR;
    const bool in_relro = sym.st_value < relro_end && sym.st_value + sym.st_size > relro_begin;
    out.writable = (sec.sh_flags & SHF_WRITE) && sec.sh_type != SHT_NULL && !in_relro;
    table->symbols.push_back(std::move(out));
    home.push_back(sym.st_shndx);
  }

  std::sort(boundaries.begin(), boundaries.end());
  for (size_t k = 0; k < table->symbols.size(); ++k) {
    ElfSymbol& s = table->symbols[k];
    const auto next =
        std::upper_bound(boundaries.begin(), boundaries.end(), Boundary{home[k], s.value});
    const uint64_t stop =
        next != boundaries.end() && next->section == home[k] ? next->value : s.section_end;
    s.room = std::min(stop, s.section_end) - s.value;
  }
  return true;
}

}  // namespace hotcog::rt
