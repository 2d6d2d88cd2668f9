// GCC-built projects pass flags clang does not know (hotcog_add_cog adds
// -fno-gnu-unique to every cog built with GCC). clang would refuse the whole
// command; the scan leaves those arguments out, lists them per TU in
// "ignored_arguments", says so once per argument on stderr, and succeeds.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|c++|g' \
// RUN:     -e 's|@FLAGS@|-fno-gnu-unique -fconserve-stack -DKEPT=1|g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t > %t/scan.json 2> %t/stderr.txt
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: FileCheck %s --check-prefix=NOTE --input-file=%t/stderr.txt
//
// The cached result says the same.
// RUN: %hotcog-scan -p %t > %t/cached.json 2> /dev/null
// RUN: diff %t/scan.json %t/cached.json

#if KEPT
#include "Inputs/nested/a.h"
#endif

// CHECK:      "ignored_arguments": [
// CHECK-NEXT:   "-fno-gnu-unique",
// CHECK-NEXT:   "-fconserve-stack"
// CHECK-NEXT: ],
// CHECK:      "includes": [
// CHECK-NEXT:   "{{.*}}/Inputs/nested/a.h"
// CHECK-NOT:  "error"

// NOTE: note: clang does not know the argument '-fconserve-stack' of 1 command (first: {{.*}}gcc-only-arguments.cpp); it is left out of the scan
// NOTE: note: clang does not know the argument '-fno-gnu-unique' of 1 command
