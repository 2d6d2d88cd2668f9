// hotcog-scan's two build-time modes, beside the compile_commands.json mode in
// hotcog_scan_main.cpp. Each returns the process exit status.
#pragma once

#include "hotcog/scan/scanner.h"

#include <string>
#include <vector>

namespace hotcog::scan {

// --tu-manifest: the layout manifest of the one TU `command` compiles (run in
// the current directory), written atomically to `output`. A TU clang cannot
// parse still gets a manifest, with an `incomplete` line, and status 0 (one
// warning line on stderr): the scan must never fail the build. 2: no output,
// no compile command, or the manifest cannot be written.
int run_tu_manifest(const std::string& output, const std::string& resource_dir,
                    SymbolStyle symbols, const std::string& pch_cache,
                    const std::vector<std::string>& command);

// --merge-manifests: the per-image manifest from per-TU ones. A missing or
// unreadable input becomes an `incomplete` line, never a failure. 2: no
// output or it cannot be written.
int run_merge_manifests(const std::string& output, const std::vector<std::string>& inputs);

// Writes `text` to `path` atomically (a temp file renamed over it), removing
// the temp file if the process is interrupted. false with an error line
// printed.
bool write_file_atomically(const std::string& path, const std::string& text);

}  // namespace hotcog::scan
