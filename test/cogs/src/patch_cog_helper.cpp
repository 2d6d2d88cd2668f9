// Second translation unit of the patch_v* cogs: a file-scope `static int
// helper()` with the same name as the one in patch_cog.cpp (two local
// symbols named _ZL6helperv, told apart by their STT_FILE).
__attribute__((noinline)) static int helper() {
  static volatile int twenty = 20;
  return twenty + PATCH_VERSION;
}

int patch_helper_b() { return helper(); }
