// __has_include of an existing header lists it (the compiler looked it up:
// creating, deleting or editing it changes this TU, and clang's depfile lists
// it too) but adds no edge; a header that does not exist is not listed.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/hasinc|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#if __has_include("probed.h")
#define HAVE_PROBED 1
#endif
#if __has_include("absent.h")
#error "absent.h should not exist"
#endif
#include "used.h"

// CHECK:      "includes": [
// CHECK-NEXT:   "{{/.*}}/Inputs/hasinc/probed.h",
// CHECK-NEXT:   "{{/.*}}/Inputs/hasinc/used.h"
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-has-include.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/hasinc/used.h",
// CHECK-NEXT:     "line": 16
// CHECK-NEXT:   }
// CHECK-NEXT: ]
// CHECK-NOT:  absent.h
