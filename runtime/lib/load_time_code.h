// Whether dlopen'ing a cog image can run any code of its own: the static
// constructor probe (static_init_probe.h) costs a fork per reload (~0.5 ms
// median, tens of ms at p99 on a busy machine, measured with
// hotcog-bench-runtime --patch against --no-isolate), and most cogs have no
// load-time code at all: their .init_array holds only the toolchain's
// frame_dummy (crtbeginS.o) and DT_INIT is crti's _init.
//
// An image is free of load-time code when, read from its file:
//   - DT_INIT is absent or the address of `_init`, and no DT_PREINIT_ARRAY;
//   - every DT_INIT_ARRAY entry is the address of `frame_dummy` (an entry
//     the file does not hold, as lld leaves RELATIVE slots zero, counts as
//     unknown code);
//   - it defines no GNU indirect function (resolvers run at relocation);
//   - every DT_NEEDED library is already loaded in this process, so loading
//     the image runs no other library's constructors either.
// Anything unreadable or unexpected answers false: the probe runs as before.
#pragma once

#include <string>

namespace hotcog::rt {

// Takes the loader's lock briefly (dlopen RTLD_NOLOAD per DT_NEEDED).
bool load_runs_no_cog_code(const std::string& path);

}  // namespace hotcog::rt
