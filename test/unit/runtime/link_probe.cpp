// The smallest host: only hotcog::runtime. Its dynamic dependencies are what
// the runtime drags into a user's program (checked by runtime.link_line).
#include <hotcog/host.hpp>

int main() {
  hotcog::HostOptions options;
  options.control_socket = false;
  hotcog::Host host(options);
  return host.poll().empty() ? 0 : 1;
}
