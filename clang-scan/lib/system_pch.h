// A precompiled header of the system headers a TU includes first, shared by
// every --tu-manifest scan with the same leading `#include <...>` lines and
// the same flags (hotcog-scan --pch-cache DIR).
//
// The scan beside a GCC compile parses the TU a second time; most of that
// parse is the standard library (clang -fsyntax-only of examples/bot's
// counter.cpp: 0.43 s CPU, 0.06 s with its <string>/<hotcog/cog.hpp> prefix
// precompiled). The PCH is built from exactly the TU's leading run of
// `#include <...>` lines (nothing before them can change what they mean but
// the command's own flags, which are part of the key); the TU is then parsed
// in full with `-include-pch`, its own #include lines of those headers
// finding their include guards already defined.
//
// clang validates every input of a PCH (size, mtime) when it loads it: a
// changed header makes the scan fail, and the caller then scans without the
// PCH and removes it (the next scan builds a fresh one). The directory keeps
// the 32 most recently used PCHs.
#pragma once

#include "hotcog/scan/scanner.h"

#include <optional>
#include <string>

namespace hotcog::scan {

// The PCH for `command` in options.pch_cache, built if missing; nullopt when
// the TU has no leading system includes, has -include flags (they would come
// before the PCH), is not C++, or the PCH cannot be built.
std::optional<std::string> system_pch_for(const CompileCommand& command,
                                          const ScanOptions& options);

}  // namespace hotcog::scan
