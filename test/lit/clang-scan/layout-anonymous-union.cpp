// An anonymous union is not a record of its own: it is an unnamed member of
// the enclosing record, followed by its members ("indirect": true) at their
// offsets from the start of that record, nested anonymous structs included.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

struct Tagged {
  int kind;
  union {
    int i;
    float f;
    struct { short lo, hi; };
  };
  double after;
};
int use() { return sizeof(Tagged); }

// CHECK-NOT:  "name": "(anonymous
// CHECK:      "name": "Tagged",
// CHECK:      "size": 16,
// CHECK:      "fields": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "kind",
// CHECK-NEXT:     "type": "int",
// CHECK-NEXT:     "offset_bits": 0
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "",
// CHECK-NEXT:     "type": "Tagged::(anonymous)",
// CHECK-NEXT:     "offset_bits": 32
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK-NEXT:     "name": "i",
// CHECK-NEXT:     "type": "int",
// CHECK-NEXT:     "offset_bits": 32,
// CHECK-NEXT:     "indirect": true
// CHECK-NEXT:   },
// CHECK:          "name": "hi",
// CHECK-NEXT:     "type": "short",
// CHECK-NEXT:     "offset_bits": 48,
// CHECK-NEXT:     "indirect": true
// CHECK:          "name": "after",
// CHECK-NEXT:     "type": "double",
// CHECK-NEXT:     "offset_bits": 64
