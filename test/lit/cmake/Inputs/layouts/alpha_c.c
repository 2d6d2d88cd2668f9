/* A C source of a cog: scanned too (no mangling; a C function-local static
   has a compiler-made name and is not listed). */
struct c_stats { int hits; int misses; };
struct c_stats c_totals;
static int c_calls;
int c_tick(void) { static int local_c; return ++c_calls + ++local_c + c_totals.hits; }
