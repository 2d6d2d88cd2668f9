#include "b.h"
int a_value();
