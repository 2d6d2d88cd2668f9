// __builtin_has_attribute is GCC's; clang (the scanner) rejects it.
[[noreturn]] void stop();
int gcc_only() { return __builtin_has_attribute(stop, noreturn) ? 1 : 0; }
