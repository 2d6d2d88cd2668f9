// Virtual bases (a diamond): one shared VB subobject at the end, listed after
// the direct bases with "virtual": true; every class has a vptr, and the
// vtable lists the virtual functions in slot order.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

struct VB { virtual void f(); int a; };
struct V1 : virtual VB { int b; };
struct V2 : virtual VB { int c; };
struct Diamond : V1, V2 { void f() override; virtual void g(int) const; int d; };
int use() { return sizeof(Diamond); }

// CHECK:      "name": "Diamond",
// CHECK:      "size": 48,
// CHECK-NEXT: "align": 8,
// CHECK-NEXT: "vptr": true,
// CHECK-NEXT: "bases": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "V1",
// CHECK-NEXT:     "offset": 0,
// CHECK-NEXT:     "virtual": false
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "V2",
// CHECK-NEXT:     "offset": 16,
// CHECK-NEXT:     "virtual": false
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "VB",
// CHECK-NEXT:     "offset": 32,
// CHECK-NEXT:     "virtual": true
// CHECK-NEXT:   }
// CHECK-NEXT: ],
// CHECK:      "vtable": [
// CHECK-NEXT:   "Diamond::f()",
// CHECK-NEXT:   "Diamond::g(int) const",
// CHECK:      ],
