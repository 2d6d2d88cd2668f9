#include "lib/background_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace hotcog::cli {

void lower_this_thread_priority() {
  // PRIO_PROCESS with a thread id sets that thread's nice value alone (Linux).
  // Nice rather than SCHED_IDLE: a scan that decide() waits for must still
  // progress on a machine that is never idle.
  id_t self = static_cast<id_t>(syscall(SYS_gettid));
  (void)setpriority(PRIO_PROCESS, self, 19);
}

}  // namespace hotcog::cli
