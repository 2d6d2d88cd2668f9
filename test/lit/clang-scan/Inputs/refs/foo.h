#pragma once
struct Foo {
  int bar();
  int baz();
  int field = 0;
};
#define FOO_SCALE 42
#define FOO_UNUSED 7
