// Include directives among comments: the fast line scan is fooled by the
// commented-out ones, the check sees it and the raw lexer gives the lines.
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
