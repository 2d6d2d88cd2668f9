// A GCC command line (argv[0] "c++", found in PATH like the shell would) is
// scanned by clang-14 in g++ mode: libstdc++ and glibc headers are the same
// files GCC opens, compiler-builtin headers such as <stddef.h> come from
// clang's resource dir (GCC would open its own copy under
// /usr/lib/gcc/x86_64-linux-gnu/12/include: different by design).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|c++|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#include <stddef.h>
#include <vector>

// CHECK:      "includes": [
// CHECK-NEXT:   "{{/.*}}/lib/clang/14{{[.0-9]*}}/include/stddef.h",
// CHECK:        "/usr/include/c++/12/vector",
// CHECK-NOT:    /usr/lib/gcc/x86_64-linux-gnu/12/include/
// CHECK:      "edges": [
