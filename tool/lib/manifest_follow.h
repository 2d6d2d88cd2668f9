// What `hotcog watch` does once manifest_refresh.h saw the cog manifest
// change: asks the running host to follow it (`hotcog/1 manifest`, which
// unloads the removed cogs; docs/control-protocol.md) and says what happened.
#pragma once

#include "lib/change_plan.h"
#include "lib/debouncer.h"
#include "lib/inotify_watcher.h"
#include "lib/manifest_refresh.h"
#include "lib/manifest_report.h"

#include <chrono>
#include <string>
#include <vector>

namespace hotcog::cli {

// Sends `hotcog/1 manifest` to the host serving `socket_path`. No host is a
// normal state (nothing to unload); every other problem is Failed with a
// message, never an llvm::Error: the watch loop goes on.
HostFollow tell_host_manifest(const std::string& socket_path, std::chrono::milliseconds timeout,
                              int interrupt_fd);

// Watches the manifest's directory, so a CMake run outside watch (by hand, or
// by a plain `ninja`) is noticed without waiting for the next save.
llvm::Error watch_manifest_dir(const ManifestFollower& manifest, InotifyWatcher* watcher);

// An event in the manifest's directory: the manifest itself goes to the
// debouncer (its batch runs follow_manifest), any other file there (the
// control socket, logs watch writes) is ignored. False: not in that directory.
bool manifest_dir_event(const ManifestFollower& manifest, const std::string& path,
                        Debouncer* debouncer, SteadyTime now);

// Adds `cogs` to the plan's cogs (kept sorted and unique).
void add_cogs(ChangePlan* plan, const std::vector<std::string>& cogs);

}  // namespace hotcog::cli
