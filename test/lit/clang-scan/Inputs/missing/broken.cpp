#include "nope.h"  // there is no such header
int broken();
