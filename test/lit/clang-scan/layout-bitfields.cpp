// Bit-fields carry "bit_width" and their exact bit offset; a zero-width
// bit-field (unnamed) moves the next one to the next allocation unit.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

struct Bits {
  unsigned a : 3;
  unsigned b : 7;
  int : 0;
  char c : 2;
  bool flag : 1;
};
int use() { return sizeof(Bits); }

// CHECK:      "name": "Bits",
// CHECK:      "size": 8,
// CHECK-NEXT: "align": 4,
// CHECK:      "fields": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "a",
// CHECK-NEXT:     "type": "unsigned int",
// CHECK-NEXT:     "offset_bits": 0,
// CHECK-NEXT:     "bit_width": 3
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "b",
// CHECK-NEXT:     "type": "unsigned int",
// CHECK-NEXT:     "offset_bits": 3,
// CHECK-NEXT:     "bit_width": 7
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "",
// CHECK-NEXT:     "type": "int",
// CHECK-NEXT:     "offset_bits": 32,
// CHECK-NEXT:     "bit_width": 0
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "c",
// CHECK-NEXT:     "type": "char",
// CHECK-NEXT:     "offset_bits": 32,
// CHECK-NEXT:     "bit_width": 2
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "flag",
// CHECK-NEXT:     "type": "bool",
// CHECK-NEXT:     "offset_bits": 34,
// CHECK-NEXT:     "bit_width": 1
// CHECK-NEXT:   }
// CHECK-NEXT: ],
