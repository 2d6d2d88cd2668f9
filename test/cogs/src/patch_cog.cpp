// patch_v1 / patch_v2 / patch_v3: one source, PATCH_VERSION differs. Every
// kind of code and state a hot patch must handle (see patch_api.hpp); the
// tests list the variables with their mangled names, as a layout manifest
// would (checked against the images by ElfSymbols.TestCogVariableListMatchesTheImages).
#include <hotcog/cog.hpp>
#include <string>

#include "test_cogs/patch_api.hpp"

int patch_helper_b();  // patch_cog_helper.cpp

namespace {

class Rect final : public test_cogs::Shape {
 public:
  using Shape::Shape;
  int version() const override { return PATCH_VERSION; }
  int area() const override { return width * height + 1000 * PATCH_VERSION; }
};

}  // namespace

namespace patch_cog {
// Not trivially copyable: never copied between images (SSO pointer).
std::string greeting = "hello from v" + std::to_string(PATCH_VERSION);
}  // namespace patch_cog

static int counter;  // _ZL7counter
// _ZL7history: its size differs per version (used: only written, never read)
__attribute__((used)) static int history[PATCH_VERSION + 1];

// Opaque to the optimizer, so the local static below needs a guard variable.
__attribute__((noinline)) static int first_local_value() {
  static volatile int base = 100;
  return base * PATCH_VERSION;
}

static int version() { return PATCH_VERSION; }
static int tick() {
  history[0] = counter;
  return ++counter;
}
static int local_tick() {
  static int calls = first_local_value();  // _ZZL10local_tickvE5calls + _ZGVZL10local_tickvE5calls
  return ++calls;
}
__attribute__((noinline)) static int helper() {
  static volatile int ten = 10;
  return ten + PATCH_VERSION;
}
static int helper_a() { return helper(); }
static const char* greeting() { return patch_cog::greeting.c_str(); }
static test_cogs::Shape* make_shape(int w, int h) { return new Rect(w, h); }
static int history_size() { return int(sizeof(history) / sizeof(history[0])); }
__attribute__((noinline)) int patch_small() { return PATCH_VERSION; }

// Entry points back to back without padding, each with less room than any
// jump: patch_tiny (push $v; pop %rax; ret: differs per version) and
// patch_tiny_same (xor %eax, %eax; ret: the same in every version).
#define PATCH_STR2(x) #x
#define PATCH_STR(x) PATCH_STR2(x)
extern "C" int patch_tiny();
asm(".pushsection .text\n"
    ".globl patch_tiny\n .hidden patch_tiny\n .type patch_tiny, @function\n"
    "patch_tiny:\n push $" PATCH_STR(PATCH_VERSION) "\n pop %rax\n ret\n"
    ".size patch_tiny, . - patch_tiny\n"
    ".globl patch_tiny_same\n .hidden patch_tiny_same\n .type patch_tiny_same, @function\n"
    "patch_tiny_same:\n xor %eax, %eax\n ret\n .size patch_tiny_same, 3\n"
    ".globl patch_tiny_next\n .hidden patch_tiny_next\n .type patch_tiny_next, @function\n"
    "patch_tiny_next:\n ret\n .size patch_tiny_next, 1\n"
    ".popsection\n");

extern "C" __attribute__((visibility("default"))) const test_cogs::PatchApi* patch_cog_api() {
  static const test_cogs::PatchApi api{version,        tick,        local_tick, helper_a,
                                       patch_helper_b, greeting,    make_shape, patch_tiny,
                                       patch_small,    history_size};
  return &api;
}

// A constructor with an ordinary name: found through .init_array, never redirected.
static volatile int constructed;
__attribute__((constructor)) static void patch_cog_constructor() { constructed = constructed + 1; }

static void setup(hotcog::CogContext&) {}
HOTCOG_COG(setup, nullptr);
