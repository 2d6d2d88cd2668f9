// A cog image: one version of a cog's shared library, opened from a private
// copy. Every open copies the library to a new file name first, so the
// dynamic loader (which caches by path and by inode) never hands back an older
// image, and a rebuild that rewrites the original never touches mapped pages.
//
// Opening is the expensive, blocking half of a reload (copy, ELF checks,
// dlopen with RTLD_NOW, descriptor lookup); it runs on the runtime's
// background thread so Host::poll() only runs setup/teardown.
#pragma once

#include <memory>
#include <string>

#include "hotcog/cog.hpp"
#include "hotcog/host.hpp"
#include "layout_manifest.h"

namespace hotcog::rt {

struct CogImage {
  std::string cog;
  std::string source;     // the library as built (manifest output path)
  std::string copy_path;  // the private copy that was dlopen'ed
  void* handle = nullptr;
  const CogDescriptor* descriptor = nullptr;
  std::string warning;  // loaded fine, but something the user should know
  // <source>.layouts as read before the image was opened; nullptr: none, or
  // the image no longer runs (patched over, or kept mapped after its version
  // went): nothing reads an old image's layouts.
  std::shared_ptr<const LayoutManifest> layouts;
  // Why this image must stay mapped once its version is torn down (the host
  // may hold objects whose vtables are in it: image_retention.h); "" if not.
  std::string keep_mapped;
};

class ProbeZygote;

struct OpenOptions {
  std::string images_dir;          // where the private copies go
  bool isolate_static_init = true;  // run constructors in a forked child first
  int static_init_timeout_ms = 5000;
  ProbeZygote* zygote = nullptr;    // runs the probes; nullptr: fork directly
};

// Copy, check (ELF complete, abi_version and fingerprint read from the file
// before any cog code runs), optionally probe the static constructors in a
// child process (static_init_probe.h), dlopen, then fetch and re-check the
// descriptor. Constructors and the descriptor function also run under the
// crash guard in the host.
Status open_cog_image(const std::string& cog, const std::string& source,
                      const OpenOptions& options, std::unique_ptr<CogImage>* out);

// dlclose (guarded: static destructors are cog code) and delete the copy.
// Returns an empty string, or a warning when the loader kept the image mapped
// (thread_local destructors or STB_GNU_UNIQUE symbols pin a library).
std::string close_cog_image(CogImage& image);

// Creates `dir` and missing parents (mode 0700 for the ones created).
bool make_directories(const std::string& dir, std::string* err);

}  // namespace hotcog::rt
