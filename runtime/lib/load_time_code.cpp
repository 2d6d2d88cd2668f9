#include "load_time_code.h"

#include <dlfcn.h>
#include <elf.h>

#include <cstring>
#include <vector>

#include "elf_symbols.h"
#include "mapped_file.h"

namespace hotcog::rt {
namespace {

// The file offset of `size` bytes at virtual address `addr`, from the
// section that holds them; false when no section with file contents does.
bool file_offset(const MappedFile& file, const Elf64_Shdr* sections, unsigned count, uint64_t addr,
                 uint64_t size, uint64_t* offset) {
  for (unsigned i = 0; i < count; ++i) {
    const Elf64_Shdr& s = sections[i];
    if (s.sh_type == SHT_NOBITS || !(s.sh_flags & SHF_ALLOC)) continue;
    if (addr < s.sh_addr || addr - s.sh_addr > s.sh_size || size > s.sh_size - (addr - s.sh_addr))
      continue;
    *offset = s.sh_offset + (addr - s.sh_addr);
    return file.contains(*offset, size);
  }
  return false;
}

bool defines_ifunc(const MappedFile& file, const Elf64_Shdr* sections, unsigned count) {
  for (unsigned i = 0; i < count; ++i) {
    const Elf64_Shdr& s = sections[i];
    if ((s.sh_type != SHT_SYMTAB && s.sh_type != SHT_DYNSYM) || s.sh_entsize != sizeof(Elf64_Sym))
      continue;
    for (uint64_t at = 0; at + sizeof(Elf64_Sym) <= s.sh_size; at += sizeof(Elf64_Sym)) {
      const Elf64_Sym* sym = file.at<Elf64_Sym>(s.sh_offset + at);
      if (!sym) return true;  // unreadable: assume the worst
      if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC && sym->st_shndx != SHN_UNDEF) return true;
    }
  }
  return false;
}

uint64_t symbol_value(const ElfSymbolTable& table, const char* name) {
  for (const ElfSymbol& sym : table.symbols)
    if (sym.kind == ElfSymbol::Kind::Function && sym.name == name) return sym.value;
  return 0;
}

bool already_loaded(const char* library) {
  void* handle = ::dlopen(library, RTLD_LAZY | RTLD_NOLOAD);
  if (!handle) return false;
  ::dlclose(handle);
  return true;
}

}  // namespace

bool load_runs_no_cog_code(const std::string& path) {
  ElfSymbolTable table;
  std::string error;
  // Validates the headers and every section's bounds; .symtab names the
  // toolchain's functions (a stripped file: unknown, probe it).
  if (!read_elf_symbols(path, &table, &error) || table.from_dynsym) return false;
  const uint64_t init = symbol_value(table, "_init");
  const uint64_t frame_dummy = symbol_value(table, "frame_dummy");
  MappedFile file(path);
  const Elf64_Ehdr* eh = file.at<Elf64_Ehdr>(0);
  if (!eh) return false;
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(file.bytes(eh->e_shoff));
  if (defines_ifunc(file, sections, eh->e_shnum)) return false;
  for (unsigned i = 0; i < eh->e_shnum; ++i) {
    const Elf64_Shdr& dyn = sections[i];
    if (dyn.sh_type != SHT_DYNAMIC) continue;
    if (dyn.sh_link >= eh->e_shnum) return false;
    const Elf64_Shdr& strtab = sections[dyn.sh_link];
    uint64_t init_array = 0, init_array_size = 0;
    std::vector<uint64_t> needed;
    for (uint64_t at = 0; at + sizeof(Elf64_Dyn) <= dyn.sh_size; at += sizeof(Elf64_Dyn)) {
      const Elf64_Dyn* d = file.at<Elf64_Dyn>(dyn.sh_offset + at);
      if (!d) return false;
      if (d->d_tag == DT_NULL) break;
      if (d->d_tag == DT_PREINIT_ARRAY) return false;
      if (d->d_tag == DT_INIT && (init == 0 || d->d_un.d_ptr != init)) return false;
      if (d->d_tag == DT_INIT_ARRAY) init_array = d->d_un.d_ptr;
      if (d->d_tag == DT_INIT_ARRAYSZ) init_array_size = d->d_un.d_val;
      if (d->d_tag == DT_NEEDED) needed.push_back(d->d_un.d_val);
    }
    if (init_array_size % sizeof(uint64_t) != 0) return false;
    if (init_array_size != 0) {
      uint64_t offset = 0;
      if (frame_dummy == 0 ||
          !file_offset(file, sections, eh->e_shnum, init_array, init_array_size, &offset))
        return false;
      for (uint64_t k = 0; k < init_array_size; k += sizeof(uint64_t)) {
        uint64_t entry = 0;
        std::memcpy(&entry, file.bytes(offset + k), sizeof entry);
        if (entry != frame_dummy) return false;
      }
    }
    for (uint64_t name : needed) {
      if (strtab.sh_type != SHT_STRTAB || name >= strtab.sh_size) return false;
      const char* s = reinterpret_cast<const char*>(file.bytes(strtab.sh_offset + name));
      if (strnlen(s, strtab.sh_size - name) == strtab.sh_size - name) return false;  // unterminated
      if (!already_loaded(s)) return false;
    }
    return true;
  }
  return false;  // no dynamic section: not something dlopen takes as is
}

}  // namespace hotcog::rt
