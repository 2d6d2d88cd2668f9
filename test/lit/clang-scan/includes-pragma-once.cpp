// A header with #pragma once is opened once and listed once, but every
// directive that names it is an edge (here: this file twice, again.h once).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/once|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#include "once.h"
#include "once.h"
#include "again.h"

// CHECK:      "includes": [
// CHECK-NEXT:   "{{/.*}}/Inputs/once/once.h",
// CHECK-NEXT:   "{{/.*}}/Inputs/once/again.h"
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-pragma-once.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/once/once.h",
// CHECK-NEXT:     "line": 9
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-pragma-once.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/once/once.h",
// CHECK-NEXT:     "line": 10
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-pragma-once.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/once/again.h",
// CHECK-NEXT:     "line": 11
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/Inputs/once/again.h",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/once/once.h",
// CHECK-NEXT:     "line": 1
// CHECK-NEXT:   }
// CHECK-NEXT: ]
