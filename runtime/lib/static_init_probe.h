// Runs a cog's static constructors (and destructors) once in a forked child
// before the host dlopens it.
//
// Why: a crash inside dlopen happens while the dynamic loader holds its
// global lock, and glibc has no way to roll back a half-initialized library.
// The crash guard can jump out, but the lock stays taken by that thread, so
// later dlopen/dlclose calls from other threads, and the loader's own work at
// process exit, would block forever. Catching the crash in a throwaway child
// means the host never runs a constructor that crashes (or hangs). The cost is
// one fork per reload -- of the probe zygote (probe_zygote.h), not of the
// host -- and constructors running one extra time in the child (their side
// effects outside the process, if any, happen twice).
#pragma once

#include <string>

namespace hotcog::rt {

struct StaticInitProbe {
  enum Result {
    Ok,        // dlopen + dlclose finished in the child
    Crashed,   // the child died from a signal; `what` names it
    Failed,    // the child could not dlopen it; `what` has dlerror()
    TimedOut,  // still running after the timeout (killed)
    Unknown    // could not fork or wait; the caller goes on without a verdict
  };
  Result result = Unknown;
  std::string what;
};

StaticInitProbe probe_static_init(const std::string& path, int timeout_ms);

}  // namespace hotcog::rt
