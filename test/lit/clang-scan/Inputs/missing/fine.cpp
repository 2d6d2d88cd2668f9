#include "ok.h"
int fine();
