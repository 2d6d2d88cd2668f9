// Class templates have no layout; each specialization instantiated in the TU
// is a record of its own, named with its arguments. Box<long> is only named,
// never instantiated, so it is not listed.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|@DIR@|%t|g' -e 's|@FILE@|%s|g' -e 's|@CC@|%clang|g' -e 's|@FLAGS@||g' \
// RUN:     %S/Inputs/compile_commands.json.in > %t/compile_commands.json
// RUN: %hotcog-scan -p %t --layouts > %t/scan.json
// RUN: FileCheck %s --input-file=%t/scan.json
// RUN: cd %t && %clang -std=c++17 -c %s -o %t/layout.o -Xclang -fdump-record-layouts > %t/dump.txt
// RUN: %python %S/../../fidelity/compare_layouts.py %t/scan.json %t/dump.txt | FileCheck --check-prefix=DUMP %s
// DUMP: records: [[N:[1-9][0-9]*]]/[[N]] equal

template <class T> struct Box { T value; char tag; };
Box<double> d;
Box<char> c;
Box<long>* p;

// CHECK-NOT:  "name": "Box<long>",
// CHECK:      "name": "Box<double>",
// CHECK:      "size": 16,
// CHECK-NEXT: "align": 8,
// CHECK:      "name": "Box<char>",
// CHECK:      "size": 2,
// CHECK-NEXT: "align": 1,
// CHECK-NOT:  "name": "Box<long>",
// CHECK-NOT:  "name": "Box",
