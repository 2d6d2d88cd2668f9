// Includes whose name is computed by macros resolve to the file the
// preprocessor chose, edge on the line of the #include.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' \
// RUN:     -e 's|@FLAGS@|-I%S/Inputs/macro|g' %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t | FileCheck %s

#define HEADER "by_macro.h"
#include HEADER

#define STR2(x) #x
#define STR(x) STR2(x)
#define VERSIONED(name, v) STR(name##_v##v.h)
#include VERSIONED(by_concat, 2)

// CHECK:      "includes": [
// CHECK-NEXT:   "{{/.*}}/Inputs/macro/by_macro.h",
// CHECK-NEXT:   "{{/.*}}/Inputs/macro/by_concat_v2.h"
// CHECK-NEXT: ],
// CHECK-NEXT: "edges": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-macro.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/macro/by_macro.h",
// CHECK-NEXT:     "line": 10
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "from": "{{/.*}}/includes-macro.cpp",
// CHECK-NEXT:     "to": "{{/.*}}/Inputs/macro/by_concat_v2.h",
// CHECK-NEXT:     "line": 15
// CHECK-NEXT:   }
// CHECK-NEXT: ]
