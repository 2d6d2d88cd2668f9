// alignas on a record raises its alignment and size; alignas on a member
// moves that member.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

struct alignas(32) Aligned { char c; };
struct FieldAligned { char c; alignas(16) int x; };
int use() { return sizeof(Aligned) + sizeof(FieldAligned); }

// CHECK:      "name": "Aligned",
// CHECK:      "size": 32,
// CHECK-NEXT: "align": 32,
// CHECK:      "name": "FieldAligned",
// CHECK:      "size": 32,
// CHECK-NEXT: "align": 16,
// CHECK:        "name": "x",
// CHECK-NEXT:   "type": "int",
// CHECK-NEXT:   "offset_bits": 128
