// Whether a cog's image can be unloaded and replaced cleanly, read from the
// real ELF file (llvm::object), not from the flags that should have made it:
//
// - hidden visibility: a cog exports only its entry points (hotcog_cog_*).
//   Every other exported symbol can interpose on, or be interposed by, the
//   host and other cogs, so after a reload calls may still reach old code.
// - no STB_GNU_UNIQUE symbols: GCC marks inline functions' statics and
//   template statics "unique" unless -fno-gnu-unique; glibc then never
//   unloads the image (dlclose is a no-op), and the next dlopen of the same
//   path returns the OLD code.
#pragma once

#include "lib/doctor_check.h"

#include <string>
#include <vector>

namespace hotcog::cli {

struct ImageSymbols {
  // Defined, default visibility; neither hotcog_cog_* nor the standard
  // library's (namespace std/__gnu_cxx, which libstdc++ keeps visible).
  std::vector<std::string> exported;
  std::vector<std::string> unique;    // STB_GNU_UNIQUE
};

// A missing file or one that is not an ELF shared object is an error string
// in *error (and an empty result).
ImageSymbols read_image_symbols(const std::string& image, std::string* error);

// The check of one cog's image, named "cog <name>".
CheckResult check_cog_image(const std::string& cog, const std::string& image);

}  // namespace hotcog::cli
