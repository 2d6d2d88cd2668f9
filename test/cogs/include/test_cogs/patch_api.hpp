// What the hot-patch test cogs (patch_v1/v2/v3, src/patch_cog.cpp) offer the
// tests: one exported C function returning a table of plain function
// pointers, so a test can keep v1's pointers, patch v1 -> v2 and call them.
// Everything else in those cogs has hidden visibility (only in .symtab), as
// in a cog built with hotcog_add_cog().
#pragma once

namespace test_cogs {

// Created by the cog; its vtable lives in the image that created it.
class Shape {
 public:
  Shape(int w, int h) : width(w), height(h) {}
  virtual ~Shape() = default;
  virtual int version() const = 0;  // PATCH_VERSION of the code that runs
  virtual int area() const = 0;     // width * height + 1000 * PATCH_VERSION
  int width, height;
};

struct PatchApi {
  int (*version)();           // PATCH_VERSION
  int (*tick)();              // ++ a file-scope static counter
  int (*local_tick)();        // ++ a dynamically initialized function-local static
  int (*helper_a)();          // static helper() of patch_cog.cpp
  int (*helper_b)();          // static helper() of patch_cog_helper.cpp (same name)
  const char* (*greeting)();  // c_str() of a std::string global
  Shape* (*make_shape)(int w, int h);
  int (*tiny)();          // 4 bytes of code, no padding: too small for a jump
  int (*small)();         // compiler-made one-instruction body plus padding
  int (*history_size)();  // elements of a static array whose size changes per version
};

}  // namespace test_cogs

#define TEST_COGS_PATCH_API_NAME "patch_cog_api"
