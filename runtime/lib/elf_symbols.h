// The function and variable symbols of an x86-64 ELF64 shared object, read
// from its file: what the patcher needs to find every function entry of a
// loaded image (and how many bytes it may overwrite there) and every static
// or global variable (and whether it lives in writable memory).
//
// Cogs are built with hidden visibility, so most of their functions and all
// of their statics appear only in .symtab; .dynsym (the fallback for a
// stripped file) holds the exported few. Values are relative to the load
// base: at run time a symbol lives at link_map::l_addr + value.
//
// Bounded and robust: the file is mapped read-only and every offset, size
// and string is checked against it; a malformed file is an error, never a
// crash or a read past the end.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotcog::rt {

struct ElfSymbol {
  enum class Kind : uint8_t { Function, Object };
  enum class Binding : uint8_t { Local, Global, Weak };

  std::string name;
  // Local symbols only: the STT_FILE entry that precedes them in .symtab
  // (the translation unit's source name), so `static int counter` in a.cpp
  // and in b.cpp can be told apart. Empty for global and weak symbols.
  std::string file;
  uint64_t value = 0;  // st_value, relative to the load base
  uint64_t size = 0;   // st_size
  // Bytes from `value` to the next symbol of any kind in the same section,
  // or to the end of the section: the symbol's own bytes plus the padding
  // after it. What may be overwritten at a function entry.
  uint64_t room = 0;
  uint64_t section_end = 0;  // sh_addr + sh_size of the symbol's section
  Kind kind = Kind::Function;
  Binding binding = Binding::Local;
  bool executable = false;  // section has SHF_EXECINSTR
  // Section has SHF_WRITE and the symbol lies outside PT_GNU_RELRO (which the
  // loader makes read-only after relocation).
  bool writable = false;
};

struct ElfSymbolTable {
  std::vector<ElfSymbol> symbols;  // defined FUNC and OBJECT symbols, in table order
  bool from_dynsym = false;        // no .symtab (stripped): exported symbols only
  // Where the loaded image can be checked against this file: the address of
  // .dynamic (link_map::l_ld - l_addr) and the GNU build-id note's
  // descriptor (empty if the file has none) with its address.
  uint64_t dynamic_addr = 0;
  std::string build_id;
  uint64_t build_id_addr = 0;
  // .init_array, .fini_array and .preinit_array: {address, bytes}. Their
  // entries (relocated: read them from the loaded image) are the image's
  // constructors and destructors, which must never be redirected.
  std::vector<std::pair<uint64_t, uint64_t>> init_fini_arrays;
};

// Reads `path`. On failure returns false and sets *error to
// "<path>: <what is wrong>"; *table is then unspecified.
bool read_elf_symbols(const std::string& path, ElfSymbolTable* table, std::string* error);

}  // namespace hotcog::rt
