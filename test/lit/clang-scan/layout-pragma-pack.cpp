// #pragma pack(1) and __attribute__((packed)) remove padding and drop the
// alignment to 1.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

#pragma pack(push, 1)
struct Packed { char c; int x; short s; };
#pragma pack(pop)
struct __attribute__((packed)) AttrPacked { char c; long l; };
struct Natural { char c; int x; short s; };
int use() { return sizeof(Packed) + sizeof(AttrPacked) + sizeof(Natural); }

// CHECK:      "name": "Packed",
// CHECK:      "size": 7,
// CHECK-NEXT: "align": 1,
// CHECK:        "name": "x",
// CHECK-NEXT:   "type": "int",
// CHECK-NEXT:   "offset_bits": 8
// CHECK:      "name": "AttrPacked",
// CHECK:      "size": 9,
// CHECK-NEXT: "align": 1,
// CHECK:      "name": "Natural",
// CHECK:      "size": 12,
// CHECK-NEXT: "align": 4,
