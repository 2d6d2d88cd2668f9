// The include list equals the depfile clang-14 writes for the same command
// (-MD: user and system headers, compiler builtin headers such as <stddef.h>
// from clang's resource dir), file for file and in the same order.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/nested|g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t > %t/scan.json
// RUN: cd %t && %clang -std=c++17 -I%S/Inputs/nested -fsyntax-only -MD -MF %t/tu.d %s
// RUN: %python %S/Inputs/compare_depfile.py %t/scan.json %t/tu.d %t | FileCheck %s
//
// CHECK: equal: {{[0-9]+}} files

#include <stddef.h>
#include <string>
#include <vector>
#include "a.h"

int main() { return static_cast<int>(std::vector<std::string>().size() + sizeof(size_t)); }
