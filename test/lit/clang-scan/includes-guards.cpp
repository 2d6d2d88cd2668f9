// A header with a classic include guard: listed once, one edge per directive
// (clang skips re-entering it through its multiple-include optimization).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/guards|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#include "guarded.h"
#include "guarded.h"

// CHECK:      "includes": [
// CHECK-NEXT:   "{{/.*}}/Inputs/guards/guarded.h"
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-guards.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/guards/guarded.h",
// CHECK-NEXT:     "line": 9
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-guards.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/guards/guarded.h",
// CHECK-NEXT:     "line": 10
// CHECK-NEXT:   }
// CHECK-NEXT: ]
