// An empty base takes no space (empty base optimization): it sits at offset 0
// and the first field too.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

struct Empty {};
struct Derived : Empty { int x; };
int use() { return sizeof(Derived); }

// CHECK:      "name": "Empty",
// CHECK:      "size": 1,
// CHECK-NEXT: "align": 1,
// CHECK:      "name": "Derived",
// CHECK:      "size": 4,
// CHECK-NEXT: "align": 4,
// CHECK-NEXT: "vptr": false,
// CHECK-NEXT: "bases": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "Empty",
// CHECK-NEXT:     "offset": 0,
// CHECK-NEXT:     "virtual": false
// CHECK-NEXT:   }
// CHECK-NEXT: ],
// CHECK-NEXT: "fields": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "x",
// CHECK-NEXT:     "type": "int",
// CHECK-NEXT:     "offset_bits": 0
// CHECK-NEXT:   }
// CHECK-NEXT: ],
