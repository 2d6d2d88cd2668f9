// b.h includes c.h from a subdirectory.
#include "sub/c.h"
