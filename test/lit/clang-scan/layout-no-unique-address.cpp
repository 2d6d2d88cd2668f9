// [[no_unique_address]] lets an empty member share the address of the next
// one: both at offset 0, and the record is only as big as the int.
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
struct Shared { [[no_unique_address]] Empty e; int x; };
struct Unshared { Empty e; int x; };
int use() { return sizeof(Shared) + sizeof(Unshared); }

// CHECK:      "name": "Shared",
// CHECK:      "size": 4,
// CHECK:        "name": "e",
// CHECK-NEXT:   "type": "Empty",
// CHECK-NEXT:   "offset_bits": 0
// CHECK:        "name": "x",
// CHECK-NEXT:   "type": "int",
// CHECK-NEXT:   "offset_bits": 0
// CHECK:      "name": "Unshared",
// CHECK:      "size": 8,
// CHECK:        "name": "x",
// CHECK-NEXT:   "type": "int",
// CHECK-NEXT:   "offset_bits": 32
