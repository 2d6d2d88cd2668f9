// A "/*" inside a string fools a line scan that knows only comments: the
// lines then come from the raw lexer.
#define OPENER "/*"
#include "x4.h"
#include \
  "x5.h"
