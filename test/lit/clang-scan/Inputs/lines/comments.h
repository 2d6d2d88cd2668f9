// Include directives among comments: a line scan that knows block comments
// finds the same ones as the minimizer.
/* a block comment
#include "no_such_header.h"
*/
#include "x1.h" /* a comment that stays open
#include "no_such_header.h"
*/
  #  include "x2.h" // line comment /*
int code = 1; /* opened after code
#include "no_such_header.h" */
#include "x3.h"
