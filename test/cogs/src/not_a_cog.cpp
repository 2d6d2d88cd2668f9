// A shared library that is not a cog: no HOTCOG_COG.
extern "C" __attribute__((visibility("default"))) int not_a_cog_function() { return 42; }
