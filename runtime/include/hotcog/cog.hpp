// hotcog/cog.hpp — what a cog (a hot-reloadable shared library) implements.
//
// A cog exports one C entry point, hotcog_cog_descriptor(), which returns a
// static descriptor: ABI version, build fingerprint and the setup/teardown
// hooks. Define it with HOTCOG_COG:
//
//   static void setup(hotcog::CogContext& ctx) {
//     auto* bot = ctx.service<bot::Commands>("bot.commands");
//     bot->add(ctx, "hello", [](std::string_view) { return "hi"; });
//   }
//   HOTCOG_COG(setup, /*teardown=*/nullptr);
//
// The runtime checks abi_version and fingerprint before it runs any cog code,
// calls setup at the host's safe point (Host::poll), and runs every callback
// registered with CogContext::on_unload when that version goes away, so a host
// service never keeps a function pointer into an unloaded image.
//
// Contract for cog authors:
//  - setup, teardown, save_state and on_unload callbacks run on the host
//    thread, inside Host::poll() or a synchronous Host::load/reload/unload.
//  - On reload: save_state(old) -> teardown(old) -> old's on_unload callbacks
//    -> setup(new) with restored_state() = what save_state returned. If setup
//    throws or crashes, new's on_unload callbacks run and the OLD setup runs
//    again, with the same saved state and its old version number.
//  - The CogContext& given to setup stays valid until that version goes
//    away; a cog may keep it and register more on_unload callbacks later.
//  - Build cogs with hotcog_add_cog() (hidden visibility, -fno-gnu-unique):
//    STB_GNU_UNIQUE symbols and thread_locals with destructors keep an image
//    mapped forever; the runtime logs both.
//
// C++17: included by user projects.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace hotcog {

// Bumped whenever CogDescriptor or CogContext change incompatibly.
inline constexpr unsigned kAbiVersion = 1;

// Identifies the compiler and C++ library a binary was built with; a cog built
// with a different toolchain than its host is refused (std::string, exceptions
// and vtables cross the boundary).
#if defined(__VERSION__) && defined(_GLIBCXX_RELEASE)
#define HOTCOG_BUILD_FINGERPRINT_STR2(x) #x
#define HOTCOG_BUILD_FINGERPRINT_STR(x) HOTCOG_BUILD_FINGERPRINT_STR2(x)
#define HOTCOG_BUILD_FINGERPRINT \
  (__VERSION__ " libstdc++-" HOTCOG_BUILD_FINGERPRINT_STR(_GLIBCXX_RELEASE))
#else
#define HOTCOG_BUILD_FINGERPRINT (__VERSION__)
#endif

class CogContext {
 public:
  // Name of the cog being set up or torn down.
  virtual const char* cog_name() const = 0;
  // Version counter of this cog: 1 for the first load, +1 for every reload.
  virtual unsigned version() const = 0;

  // A service the host registered with Host::provide(name, ptr); nullptr when
  // there is none.
  virtual void* raw_service(const char* name) = 0;
  template <class T>
  T* service(const char* name) {
    return static_cast<T*>(raw_service(name));
  }

  // Runs `undo` when this version of the cog is unloaded, replaced, or its
  // setup fails (in reverse order of registration). Host services call this
  // for everything a cog registers with them.
  virtual void on_unload(std::function<void()> undo) = 0;

  // State handoff: bytes the previous version's save_state hook returned
  // (empty on first load or when the previous version saved nothing).
  virtual std::string_view restored_state() const = 0;

 protected:
  ~CogContext() = default;
};

using CogSetupFn = void (*)(CogContext&);
using CogTeardownFn = void (*)(CogContext&);
using CogSaveStateFn = std::string (*)(CogContext&);

struct CogDescriptor {
  unsigned abi_version;
  const char* build_fingerprint;
  CogSetupFn setup;            // required; may throw: the runtime catches
  CogTeardownFn teardown;      // optional
  CogSaveStateFn save_state;   // optional: called before teardown on reload
};

}  // namespace hotcog

#define HOTCOG_ENTRY_POINT hotcog_cog_descriptor
#define HOTCOG_ENTRY_POINT_NAME "hotcog_cog_descriptor"
// Plain data copies of abi_version and build_fingerprint. The runtime reads
// them straight from the ELF file (.dynsym + .rodata), so a cog built for
// another ABI or toolchain is refused before dlopen runs any of its code
// (static constructors included).
#define HOTCOG_ABI_SYMBOL hotcog_cog_abi_version
#define HOTCOG_ABI_SYMBOL_NAME "hotcog_cog_abi_version"
#define HOTCOG_FINGERPRINT_SYMBOL hotcog_cog_build_fingerprint
#define HOTCOG_FINGERPRINT_SYMBOL_NAME "hotcog_cog_build_fingerprint"

// HOTCOG_COG(setup, teardown[, save_state]); teardown and save_state may be
// nullptr. Use it once per cog, at namespace scope.
#define HOTCOG_COG(...) HOTCOG_COG_IMPL_(__VA_ARGS__, nullptr, nullptr)
#define HOTCOG_COG_IMPL_(setup_fn, teardown_fn, save_fn, ...)                 \
  extern "C" __attribute__((visibility("default"))) const unsigned            \
      HOTCOG_ABI_SYMBOL = ::hotcog::kAbiVersion;                              \
  extern "C" __attribute__((visibility("default"))) const char                \
      HOTCOG_FINGERPRINT_SYMBOL[] = HOTCOG_BUILD_FINGERPRINT;                 \
  extern "C" __attribute__((visibility("default"))) const ::hotcog::CogDescriptor* \
  HOTCOG_ENTRY_POINT() {                                                      \
    static const ::hotcog::CogDescriptor descriptor{                         \
        ::hotcog::kAbiVersion, HOTCOG_BUILD_FINGERPRINT, setup_fn,             \
        teardown_fn, save_fn};                                                 \
    return &descriptor;                                                        \
  }
