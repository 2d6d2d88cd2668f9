// A class defined inside a function is named after its function: two
// functions' `struct L` are two types, not one type with two layouts (which
// the runtime's guard would refuse as an ODR conflict). Overloads differ by
// their parameter types.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cd %t && %hotcog-scan --tu-manifest -o %t/a.layouts -- %clang -c %s -o %t/a.o
// RUN: FileCheck %s --input-file=%t/a.layouts

namespace ns {
int f() { struct L { int a; }; L l{1}; return l.a; }
int f(double) { struct L { double d; int b; }; L l{1, 2}; return l.b; }
}  // namespace ns
int g() {
  struct Outer { struct In { char c; }; };
  return sizeof(Outer::In);
}

// CHECK: record{{.}}(local in g())::Outer{{.}}1{{.}}1
// CHECK: record{{.}}(local in g())::Outer::In{{.}}1{{.}}1
// CHECK: record{{.}}(local in ns::f())::L{{.}}4{{.}}4
// CHECK: record{{.}}(local in ns::f(double))::L{{.}}16{{.}}8
