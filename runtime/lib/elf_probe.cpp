#include "elf_probe.h"

#include <elf.h>

#include <cstring>

#include "hotcog/cog.hpp"
#include "mapped_file.h"

namespace hotcog::rt {
namespace {

#if defined(__x86_64__)
constexpr unsigned kMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kMachine = EM_AARCH64;
#else
constexpr unsigned kMachine = 0;  // not checked
#endif

ElfProbe fail(ElfProbe::Result r, std::string detail) {
  ElfProbe p;
  p.result = r;
  p.detail = std::move(detail);
  return p;
}

}  // namespace

ElfProbe probe_elf_file(const std::string& path) {
  MappedFile file(path);
  if (file.contains(0, SELFMAG) && std::memcmp(file.bytes(0), ELFMAG, SELFMAG) != 0)
    return fail(ElfProbe::NotElf, "not an ELF file");
  const Elf64_Ehdr* eh = file.at<Elf64_Ehdr>(0);
  if (!eh) return fail(ElfProbe::Truncated, "file is empty or shorter than an ELF header");
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_DYN ||
      (kMachine != 0 && eh->e_machine != kMachine))
    return fail(ElfProbe::NotElf, "not a 64-bit shared object for this machine");
  // The linker writes the section header table last; if it (or anything it
  // points at) lies beyond the end of the file, the link is still running.
  const uint64_t sh_bytes = uint64_t(eh->e_shnum) * eh->e_shentsize;
  const uint64_t ph_bytes = uint64_t(eh->e_phnum) * eh->e_phentsize;
  if (eh->e_shentsize != sizeof(Elf64_Shdr) || !file.contains(eh->e_shoff, sh_bytes) ||
      !file.contains(eh->e_phoff, ph_bytes) || eh->e_shnum == 0)
    return fail(ElfProbe::Truncated, "ELF headers point past the end of the file");
  if (eh->e_shoff % alignof(Elf64_Shdr) != 0)
    return fail(ElfProbe::NotElf, "section header table misaligned");
  const Elf64_Shdr* sections = reinterpret_cast<const Elf64_Shdr*>(file.bytes(eh->e_shoff));
  for (unsigned i = 0; i < eh->e_shnum; ++i) {
    const Elf64_Shdr& s = sections[i];
    if (s.sh_type != SHT_NOBITS && !file.contains(s.sh_offset, s.sh_size))
      return fail(ElfProbe::Truncated, "a section lies past the end of the file");
  }

  ElfProbe out;
  bool have_abi = false, have_fingerprint = false;
  for (unsigned i = 0; i < eh->e_shnum; ++i) {
    const Elf64_Shdr& symtab = sections[i];
    if (symtab.sh_type != SHT_DYNSYM || symtab.sh_link >= eh->e_shnum) continue;
    const Elf64_Shdr& strtab = sections[symtab.sh_link];
    const size_t count = symtab.sh_size / sizeof(Elf64_Sym);
    for (size_t k = 0; k < count; ++k) {
      const Elf64_Sym* sym = file.at<Elf64_Sym>(symtab.sh_offset + k * sizeof(Elf64_Sym));
      if (!sym || sym->st_name >= strtab.sh_size || sym->st_shndx == SHN_UNDEF ||
          sym->st_shndx >= eh->e_shnum)
        continue;
      const char* name = reinterpret_cast<const char*>(file.bytes(strtab.sh_offset + sym->st_name));
      const size_t max_len = strtab.sh_size - sym->st_name;
      if (ELF64_ST_BIND(sym->st_info) == STB_GNU_UNIQUE && out.gnu_unique_symbol.empty())
        out.gnu_unique_symbol.assign(name, strnlen(name, max_len));
      const bool is_abi = strncmp(name, HOTCOG_ABI_SYMBOL_NAME, max_len) == 0;
      const bool is_fp = strncmp(name, HOTCOG_FINGERPRINT_SYMBOL_NAME, max_len) == 0;
      if (!is_abi && !is_fp) continue;
      // Symbol value -> file offset through its section.
      const Elf64_Shdr& home = sections[sym->st_shndx];
      if (home.sh_type == SHT_NOBITS || sym->st_value < home.sh_addr) continue;
      const uint64_t offset = home.sh_offset + (sym->st_value - home.sh_addr);
      if (!file.contains(offset, sym->st_size)) continue;
      if (is_abi && sym->st_size == sizeof(unsigned)) {
        std::memcpy(&out.abi_version, file.bytes(offset), sizeof(unsigned));
        have_abi = true;
      } else if (is_fp && sym->st_size > 0) {
        const char* text = reinterpret_cast<const char*>(file.bytes(offset));
        out.fingerprint.assign(text, strnlen(text, sym->st_size));
        have_fingerprint = true;
      }
    }
  }
  if (!have_abi || !have_fingerprint)
    return fail(ElfProbe::NoAbiSymbols,
                "no " HOTCOG_ABI_SYMBOL_NAME "/" HOTCOG_FINGERPRINT_SYMBOL_NAME
                " symbols: not built with HOTCOG_COG");
  out.result = ElfProbe::Ok;
  return out;
}

}  // namespace hotcog::rt
