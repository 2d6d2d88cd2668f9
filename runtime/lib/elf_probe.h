// Reads what the runtime needs from a cog's ELF file without loading it:
// whether the file is a complete shared object for this machine, and the
// values of the cog's ABI data symbols (see HOTCOG_COG in cog.hpp). This is
// what lets the ABI check run before dlopen executes any cog code, and lets
// the self-watch tell a finished link from a half-written one.
#pragma once

#include <string>

namespace hotcog::rt {

struct ElfProbe {
  enum Result {
    Ok,
    NotElf,       // not a 64-bit ELF shared object for this machine
    Truncated,    // headers point past the end of the file: still being written
    NoAbiSymbols  // a shared object, but not a cog
  };
  Result result = NotElf;
  unsigned abi_version = 0;
  std::string fingerprint;
  // A defined STB_GNU_UNIQUE symbol (GCC's default for inline statics and
  // template statics) makes glibc refuse to ever unload the library; empty
  // if there is none (cogs built with -fno-gnu-unique).
  std::string gnu_unique_symbol;
  std::string detail;  // why, for messages
};

ElfProbe probe_elf_file(const std::string& path);

}  // namespace hotcog::rt
