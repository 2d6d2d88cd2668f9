// Every file the compiler opens is listed once, in the order it was opened,
// as an absolute normalized path; each #include directive is an edge with the
// file and line of the directive.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/nested/./sub/..|g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#include "a.h"

// CHECK:      "version": 1,
// CHECK:      "file": "{{/.*}}/clang-scan/includes-nested.cpp",
// CHECK-NEXT: "includes": [
// CHECK-NEXT:   "{{/.*}}/clang-scan/Inputs/nested/a.h",
// CHECK-NEXT:   "{{/.*}}/clang-scan/Inputs/nested/b.h",
// CHECK-NEXT:   "{{/.*}}/clang-scan/Inputs/nested/sub/c.h"
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/clang-scan/includes-nested.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/clang-scan/Inputs/nested/a.h",
// CHECK-NEXT:     "line": 11
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/clang-scan/Inputs/nested/a.h",
// CHECK-NEXT:     "to": "{{/.*}}/clang-scan/Inputs/nested/b.h",
// CHECK-NEXT:     "line": 1
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/clang-scan/Inputs/nested/b.h",
// CHECK-NEXT:     "to": "{{/.*}}/clang-scan/Inputs/nested/sub/c.h",
// CHECK-NEXT:     "line": 2
// CHECK-NEXT:   }
// CHECK-NEXT: ]
// CHECK-NOT:  /./
// CHECK-NOT:  /../
