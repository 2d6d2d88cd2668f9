#include "cog_image.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <cerrno>
#include <cstring>

#include "crash_guard.h"
#include "elf_probe.h"
#include "load_time_code.h"
#include "probe_zygote.h"
#include "static_init_probe.h"
#include "status_text.h"

namespace hotcog::rt {
namespace {

std::atomic<unsigned long> g_copy_serial{0};

// Serializes the runtime's own dlopen/dlclose with its probe forks: a child
// forked while another of our threads is inside the loader would inherit the
// loader's lock taken and hang until the probe timeout.
std::mutex g_loader_mutex;

std::string errno_text(const char* what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

// Copies src to a new file dst (O_EXCL); on failure *err says why.
bool copy_file(const std::string& src, const std::string& dst, std::string* err) {
  const int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    *err = errno_text("cannot open", src);
    return false;
  }
  struct stat st;
  if (::fstat(in, &st) != 0) {
    *err = errno_text("cannot stat", src);
    ::close(in);
    return false;
  }
  const int out = ::open(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
  if (out < 0) {
    *err = errno_text("cannot create", dst);
    ::close(in);
    return false;
  }
  off_t offset = 0;
  bool ok = true;
  while (offset < st.st_size) {
    const ssize_t n = ::sendfile(out, in, &offset, static_cast<size_t>(st.st_size - offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = n < 0 ? errno_text("cannot copy to", dst) : "source shrank while copying: " + src;
      ok = false;
      break;
    }
  }
  ::close(in);
  if (::close(out) != 0 && ok) {
    *err = errno_text("cannot write", dst);
    ok = false;
  }
  if (!ok) ::unlink(dst.c_str());
  return ok;
}

}  // namespace

bool make_directories(const std::string& dir, std::string* err) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return true;
    *err = dir + " exists and is not a directory";
    return false;
  }
  const size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0 &&
      !make_directories(dir.substr(0, slash), err))
    return false;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    *err = errno_text("cannot create directory", dir);
    return false;
  }
  return true;
}

namespace {

// The steps of open_cog_image, in order. Each returns a Status naming the cog,
// the phase and the source; open_cog_image owns the cleanup (unlinking the
// copy, closing the handle) so every step has a single failure path.

// Step 1: copy the library to a fresh file name under images_dir.
Status copy_image(const std::string& images_dir, CogImage* image) {
  const std::string& cog = image->cog;
  const std::string& source = image->source;
  struct stat st;
  if (::stat(source.c_str(), &st) != 0)
    return make_status(ErrorKind::NotFound, cog, "open", "image not found", source);
  std::string err;
  if (!make_directories(images_dir, &err))
    return make_status(ErrorKind::Io, cog, "copy", err, source);
  image->copy_path = images_dir + "/" + cog + "." + std::to_string(::getpid()) + "." +
                     std::to_string(++g_copy_serial) + ".so";
  if (!copy_file(source, image->copy_path, &err))
    return make_status(ErrorKind::Io, cog, "copy", err, source);
  return Status::success();
}

// Step 2: the ELF file is complete and built for this ABI and build
// fingerprint, read from the file before any cog code runs. Runs on the copy:
// what is checked is exactly what gets loaded.
Status check_image(CogImage* image) {
  const std::string& cog = image->cog;
  const std::string& source = image->source;
  const ElfProbe probe = probe_elf_file(image->copy_path);
  switch (probe.result) {
    case ElfProbe::Ok: break;
    case ElfProbe::Truncated:  // what a linker still writing (or killed) leaves
      return make_status(ErrorKind::NoEntryPoint, cog, "check",
                         "incomplete image (still being written, or cut short): " + probe.detail,
                         source);
    case ElfProbe::NotElf:
    case ElfProbe::NoAbiSymbols:
      return make_status(ErrorKind::NoEntryPoint, cog, "check", probe.detail, source);
  }
  if (probe.abi_version != kAbiVersion)
    return make_status(ErrorKind::AbiMismatch, cog, "check",
                       "cog ABI version " + std::to_string(probe.abi_version) +
                           ", host ABI version " + std::to_string(kAbiVersion),
                       source);
  if (probe.fingerprint != HOTCOG_BUILD_FINGERPRINT)
    return make_status(ErrorKind::AbiMismatch, cog, "check",
                       "cog built with '" + probe.fingerprint + "', host with '" +
                           HOTCOG_BUILD_FINGERPRINT + "'",
                       source);
  if (!probe.gnu_unique_symbol.empty())
    image->warning = cog + ": " + source + " has STB_GNU_UNIQUE symbol '" +
                     probe.gnu_unique_symbol +
                     "', so no version of it can ever be unloaded (memory grows with every "
                     "reload); build it with -fno-gnu-unique (hotcog_add_cog does)";
  return Status::success();
}

// Step 3 (optional): run the static constructors in a child process first
// (static_init_probe.h). Called with g_loader_mutex held.
Status probe_image_static_init(const CogImage& image, const OpenOptions& options) {
  // Nothing of the cog's runs inside dlopen: no crash to isolate, no fork.
  if (load_runs_no_cog_code(image.copy_path)) return Status::success();
  const StaticInitProbe p =
      options.zygote ? options.zygote->probe(image.copy_path, options.static_init_timeout_ms)
                     : probe_static_init(image.copy_path, options.static_init_timeout_ms);
  switch (p.result) {
    case StaticInitProbe::Ok:
    case StaticInitProbe::Unknown:  // no verdict: the crash guard still applies
      return Status::success();
    case StaticInitProbe::Crashed:
      return make_status(ErrorKind::Crashed, image.cog, "static initialization",
                         p.what + " in a probe process; never loaded in the host", image.source);
    case StaticInitProbe::TimedOut:
      return make_status(ErrorKind::TimedOut, image.cog, "static initialization", p.what,
                         image.source);
    case StaticInitProbe::Failed:
      return make_status(ErrorKind::NoEntryPoint, image.cog, "dlopen", p.what, image.source);
  }
  return Status::success();
}

// Step 4: dlopen the copy (static constructors run here, under the crash
// guard). Called with g_loader_mutex held.
Status dlopen_image(CogImage* image) {
  void* handle = nullptr;
  std::string dl_error;
  const GuardOutcome opened = guarded([&] {
    handle = ::dlopen(image->copy_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) dl_error = ::dlerror();
  });
  if (!opened.ok())
    return make_status(opened.kind == GuardOutcome::Crashed ? ErrorKind::Crashed
                                                             : ErrorKind::SetupFailed,
                       image->cog, "static initialization", opened.what, image->source);
  if (!handle)
    return make_status(ErrorKind::NoEntryPoint, image->cog, "dlopen", dl_error, image->source);
  image->handle = handle;
  return Status::success();
}

// Step 5: call the entry point (guarded) and re-check the descriptor it
// returns. Called with g_loader_mutex held; on failure the image stays open
// for the caller to close.
Status fetch_descriptor(CogImage* image) {
  const std::string& cog = image->cog;
  const std::string& source = image->source;
  using EntryFn = const CogDescriptor* (*)();
  auto entry = reinterpret_cast<EntryFn>(::dlsym(image->handle, HOTCOG_ENTRY_POINT_NAME));
  if (!entry)
    return make_status(ErrorKind::NoEntryPoint, cog, "dlsym",
                       "no " HOTCOG_ENTRY_POINT_NAME " (missing HOTCOG_COG?)", source);
  const CogDescriptor* descriptor = nullptr;
  const GuardOutcome called = guarded([&] { descriptor = entry(); });
  if (!called.ok()) return make_status(ErrorKind::Crashed, cog, "descriptor", called.what, source);
  if (!descriptor || !descriptor->setup)
    return make_status(ErrorKind::NoEntryPoint, cog, "descriptor", "no setup function", source);
  if (descriptor->abi_version != kAbiVersion)
    return make_status(ErrorKind::AbiMismatch, cog, "descriptor",
                       "descriptor ABI version " + std::to_string(descriptor->abi_version),
                       source);
  image->descriptor = descriptor;
  return Status::success();
}

}  // namespace

Status open_cog_image(const std::string& cog, const std::string& source,
                      const OpenOptions& options, std::unique_ptr<CogImage>* out) {
  auto image = std::make_unique<CogImage>();
  image->cog = cog;
  image->source = source;
  if (Status s = copy_image(options.images_dir, image.get()); !s.ok()) return s;
  auto discard = [&](Status s) {
    ::unlink(image->copy_path.c_str());
    return s;
  };
  if (Status s = check_image(image.get()); !s.ok()) return discard(s);

  std::unique_lock<std::mutex> loader_lock(g_loader_mutex);
  if (options.isolate_static_init)
    if (Status s = probe_image_static_init(*image, options); !s.ok()) return discard(s);
  if (Status s = dlopen_image(image.get()); !s.ok()) return discard(s);
  const Status fetched = fetch_descriptor(image.get());
  loader_lock.unlock();  // close_cog_image takes it again
  if (!fetched.ok()) {
    close_cog_image(*image);
    return fetched;
  }
  *out = std::move(image);
  return Status::success();
}

std::string close_cog_image(CogImage& image) {
  std::string warning;
  if (image.handle) {
    void* handle = image.handle;
    image.handle = nullptr;
    image.descriptor = nullptr;
    std::lock_guard<std::mutex> loader_lock(g_loader_mutex);
    const GuardOutcome closed = guarded([&] { ::dlclose(handle); });
    if (!closed.ok())
      warning = image.cog + ": static destructors failed: " + closed.what;
    // Still mapped? RTLD_NOLOAD returns the live handle (and takes a
    // reference that we give back at once).
    if (void* again = ::dlopen(image.copy_path.c_str(), RTLD_NOW | RTLD_NOLOAD)) {
      ::dlclose(again);
      if (warning.empty())
        warning = image.cog + ": image " + image.copy_path +
                  " stays mapped after dlclose (thread_local destructors or "
                  "STB_GNU_UNIQUE symbols pin it; build cogs with -fno-gnu-unique)";
    }
  }
  if (!image.copy_path.empty()) ::unlink(image.copy_path.c_str());
  return warning;
}

}  // namespace hotcog::rt
