// A "/*" inside a string and a directive continued over two lines: the
// lines still match the full parse.
#define OPENER "/*"
#include "x4.h"
#include \
  "x5.h"
