// C++17 without a -std flag: GCC 12 compiles it (its default is gnu++17),
// clang 14's default (gnu++14) would not (tu-manifest.test).
#include <string_view>
std::string_view greeting = "hi";
