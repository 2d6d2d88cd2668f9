#include "hotcog/host.hpp"

#include <dirent.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "control_server.h"
#include "crash_guard.h"
#include "output_watcher.h"
#include "probe_zygote.h"
#include "host_impl.h"
#include "hotcog/base/cog_manifest.h"
#include "status_text.h"

namespace hotcog {
namespace {

std::string resolve_build_dir(const HostOptions& options, const char* compiled) {
  if (!options.build_dir.empty()) return options.build_dir;
  if (const char* env = std::getenv("HOTCOG_BUILD_DIR"); env && *env) return env;
  return compiled ? compiled : "";
}

// Copies named <cog>.<pid>.<n>.so left by processes that no longer exist.
void remove_stale_copies(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() < 4 || name.compare(name.size() - 3, 3, ".so") != 0) continue;
    const size_t last = name.rfind('.', name.size() - 4);
    if (last == std::string::npos || last == 0) continue;
    const size_t pid_dot = name.rfind('.', last - 1);
    if (pid_dot == std::string::npos) continue;
    const long pid = std::strtol(name.c_str() + pid_dot + 1, nullptr, 10);
    if (pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      ::unlink((dir + "/" + name).c_str());
  }
  ::closedir(d);
}

void drain(int fd) {
  uint64_t value;
  while (::read(fd, &value, sizeof value) > 0) {
  }
}

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

// ---- Impl: setup and shared helpers ---------------------------------------

Host::Impl::Impl(HostOptions opts, const char* compiled_build_dir) : options(std::move(opts)) {
  log_sink = options.log;
  if (const char* env = std::getenv("HOTCOG_ENABLE_HOT_PATCHING")) {
    const std::string value = env;
    if (value == "0" || value == "false" || value == "off")
      options.hot_patching = false;
    else if (!(value == "1" || value == "true" || value == "on" || value.empty()))
      log("HOTCOG_ENABLE_HOT_PATCHING='" + value + "' is not 0/1/true/false/on/off; ignored");
  }
  if (options.isolate_static_init) {
    // First, while the host is as small as it gets and before our thread.
    zygote = std::make_unique<rt::ProbeZygote>();
    std::string zygote_err;
    if (!zygote->start(&zygote_err)) {
      log("static-initialization probes fork the host directly: " + zygote_err);
      zygote.reset();
    }
  }
  rt::acquire_crash_handlers();
  build_dir = resolve_build_dir(options, compiled_build_dir);
  wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ready_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

  std::string err;
  bool images_dir_usable = false;
  if (!build_dir.empty()) {
    images_dir = build_dir + "/hotcog/images";
    images_dir_usable = rt::make_directories(images_dir, &err);
    if (images_dir_usable)
      remove_stale_copies(images_dir);
    else
      log("cannot use " + images_dir + " (" + err + "); using a temp dir");
  }
  if (!images_dir_usable) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/hotcog-images-XXXXXX";
    if (::mkdtemp(templ.data())) {
      images_dir = templ;
      own_images_dir = true;
    } else {
      log("cannot create a temp dir for cog images: " + std::string(std::strerror(errno)));
    }
  }

  open_options.images_dir = images_dir;
  open_options.isolate_static_init = options.isolate_static_init;
  open_options.zygote = zygote.get();

  if (options.self_watch) {
    watcher = std::make_unique<rt::OutputWatcher>();
    if (!watcher->open(&err)) {
      log("self-watch disabled: " + err);
      watcher.reset();
    }
  }

  if (!build_dir.empty()) {
    CogManifest manifest;
    switch (load_cog_manifest(build_dir, &manifest, &err)) {
      case ManifestLoad::Ok:
        for (const CogEntry& c : manifest.cogs) add_slot(c.name, c.output);
        break;
      case ManifestLoad::NotFound:
        log("no cog manifest at " + cog_manifest_path(build_dir) + " (no cogs registered)");
        break;
      case ManifestLoad::Error:
        log("cannot read the cog manifest: " + err);
        break;
    }
  }

  if (options.control_socket && !build_dir.empty()) {
    server = std::make_unique<rt::ControlServer>(rt::ControlServer::Callbacks{
        [this](const rt::ControlRequest& req) { return answer_now(req); },
        [this](uint64_t client, const rt::ControlRequest& req, rt::RequestError* e) {
          return start_socket_reload(client, req, e);
        }});
    if (!server->open(build_dir + "/hotcog", "control.sock", &err)) {
      log("control socket disabled: " + err);
      server.reset();
    }
  }

  if (wake_fd >= 0 && ready_fd >= 0)
    worker = std::thread([this] { run_worker(); });
  else
    log("cannot create eventfds; background reloads disabled");
}

Host::Impl::~Impl() {
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
  }
  wake();
  if (worker.joinable()) worker.join();
  server.reset();
  // Prepared but never applied images, then every running cog (reverse load
  // order is not tracked; reverse registration order is close enough).
  for (ReadyBatch& b : ready)
    for (Prepared& p : b.items)
      if (p.image) rt::close_cog_image(*p.image);
  ready.clear();
  const rt::TransactionEnv inline_env = env(false);
  for (auto it = slots.rbegin(); it != slots.rend(); ++it)
    if (it->slot->current) rt::apply_unload(*it->slot, inline_env);
  for (auto& image : retired) rt::close_cog_image(*image);
  retired.clear();
  if (own_images_dir) ::rmdir(images_dir.c_str());
  if (wake_fd >= 0) ::close(wake_fd);
  if (ready_fd >= 0) ::close(ready_fd);
  rt::release_crash_handlers();
}

void Host::Impl::log(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mu);
  if (log_sink) {
    log_sink(line);
  } else {
    std::fprintf(stderr, "hotcog: %s\n", line.c_str());
  }
}

rt::CogSlot* Host::Impl::find_slot(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu);
  for (SlotEntry& e : slots)
    if (e.slot->name == name) return e.slot.get();
  return nullptr;
}

rt::CogSlot* Host::Impl::add_slot(const std::string& name, const std::string& output) {
  rt::CogSlot* added = nullptr;
  std::string err;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (SlotEntry& e : slots)
      if (e.slot->name == name) return nullptr;
    if (watcher) watcher->watch(name, output, &err);
    SlotEntry e;
    e.slot = std::make_unique<rt::CogSlot>();
    e.slot->name = name;
    e.slot->output = output;
    e.listing.info.name = name;
    e.listing.info.output = output;
    slots.push_back(std::move(e));
    added = slots.back().slot.get();
  }
  if (!err.empty()) log("self-watch: " + name + ": " + err);
  return added;
}

void Host::Impl::publish(const rt::CogSlot& slot) {
  std::lock_guard<std::mutex> lock(mu);
  for (SlotEntry& e : slots) {
    if (e.slot.get() != &slot) continue;
    e.listing.info.loaded = slot.current != nullptr;
    e.listing.info.version = slot.current ? slot.current->context->version() : 0;
    e.listing.last_status = slot.last_status;
  }
}

void Host::Impl::reread_manifest() {
  if (build_dir.empty()) return;
  CogManifest manifest;
  std::string err;
  if (load_cog_manifest(build_dir, &manifest, &err) != ManifestLoad::Ok) return;
  for (const CogEntry& c : manifest.cogs) add_slot(c.name, c.output);
}

std::vector<rt::CogListing> Host::Impl::listing() const {
  std::lock_guard<std::mutex> lock(mu);
  std::vector<rt::CogListing> out;
  for (const SlotEntry& e : slots) out.push_back(e.listing);
  return out;
}

rt::TransactionEnv Host::Impl::env(bool retire_in_background) {
  rt::TransactionEnv e;
  e.services = &services;
  e.log = [this](const std::string& line) { log(line); };
  if (retire_in_background && worker.joinable()) {
    e.dispose = [this](std::unique_ptr<rt::CogImage> image) {
      std::lock_guard<std::mutex> lock(mu);
      retired.push_back(std::move(image));
    };
  } else {
    e.dispose = [this](std::unique_ptr<rt::CogImage> image) {
      const std::string warning = rt::close_cog_image(*image);
      if (!warning.empty()) log(warning);
    };
  }
  return e;
}

void Host::Impl::wake() {
  const uint64_t one = 1;
  if (wake_fd >= 0) (void)!::write(wake_fd, &one, sizeof one);
}

void Host::Impl::signal_ready() {
  const uint64_t one = 1;
  if (ready_fd >= 0) (void)!::write(ready_fd, &one, sizeof one);
}

// ---- Host: the public API ----------------------------------------------------

Host::Host(HostOptions options, const char* compiled_build_dir)
    : impl_(std::make_unique<Impl>(std::move(options), compiled_build_dir)) {}

Host::~Host() = default;

void Host::provide(std::string name, void* service) { impl_->services[std::move(name)] = service; }

Status Host::add_cog(std::string name, std::string image_path) {
  if (name.empty() || image_path.empty())
    return rt::make_status(ErrorKind::NotFound, name, "add_cog", "empty name or path", image_path);
  if (!impl_->add_slot(name, image_path))
    return rt::make_status(ErrorKind::AlreadyLoaded, name, "add_cog",
                           "a cog with this name is already registered", image_path);
  return Status::success();
}

Status Host::load_all() {
  std::vector<std::string> names;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (const Impl::SlotEntry& e : impl_->slots)
      if (!e.slot->current) names.push_back(e.slot->name);
  }
  Status first;
  size_t failed = 0;
  for (const std::string& name : names) {
    Status s = load(name);
    if (s.ok()) continue;
    impl_->log(s.message);
    if (failed++ == 0) first = s;
  }
  if (failed > 1)
    first.message += " (and " + std::to_string(failed - 1) + " more cogs failed to load)";
  return first;
}

Status Host::load(std::string_view cog) {
  rt::CogSlot* slot = impl_->find_slot(cog);
  if (!slot)
    return rt::make_status(ErrorKind::NotFound, std::string(cog), "load", "no such cog", "");
  if (slot->current)
    return rt::make_status(ErrorKind::AlreadyLoaded, slot->name, "load",
                           "version " + std::to_string(slot->current->context->version()) +
                               " is running",
                           slot->output);
  return reload(cog);
}

Status Host::reload(std::string_view cog) {
  rt::CogSlot* slot = impl_->find_slot(cog);
  if (!slot)
    return rt::make_status(ErrorKind::NotFound, std::string(cog), "reload", "no such cog", "");
  std::unique_ptr<rt::CogImage> image;
  if (impl_->watcher) impl_->watcher->mark_seen(slot->output);
  Status s = rt::open_cog_image(slot->name, slot->output, impl_->open_options, &image);
  if (s.ok()) s = rt::apply_image(*slot, std::move(image), impl_->env(false));
  slot->last_status = s;
  impl_->publish(*slot);
  return s;
}

Status Host::unload(std::string_view cog) {
  rt::CogSlot* slot = impl_->find_slot(cog);
  if (!slot)
    return rt::make_status(ErrorKind::NotFound, std::string(cog), "unload", "no such cog", "");
  Status s = rt::apply_unload(*slot, impl_->env(false));
  slot->last_status = s;
  impl_->publish(*slot);
  return s;
}

void Host::request_reload(std::string_view cog) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    ++impl_->in_flight;
    impl_->requests.push_back({{std::string(cog)}, 0});
  }
  impl_->wake();
}

std::vector<ReloadResult> Host::poll() {
  Impl& im = *impl_;
  std::deque<Impl::ReadyBatch> batches;
  if (im.ready_fd >= 0) drain(im.ready_fd);
  {
    std::lock_guard<std::mutex> lock(im.mu);
    batches.swap(im.ready);
  }
  std::vector<ReloadResult> all;
  if (batches.empty()) return all;
  const rt::TransactionEnv env = im.env(true);
  for (Impl::ReadyBatch& batch : batches) {
    std::vector<ReloadResult> results;
    for (Impl::Prepared& p : batch.items) {
      ReloadResult r;
      r.cog = p.cog;
      rt::CogSlot* slot = im.find_slot(p.cog);
      const std::uint64_t start = now_ns();
      if (!slot) {
        r.status = p.status;
      } else {
        const bool was_running = slot->current != nullptr;
        r.status = p.image ? rt::apply_image(*slot, std::move(p.image), env) : p.status;
        if (r.status.ok()) r.action = was_running ? ReloadAction::Reloaded : ReloadAction::Loaded;
        r.version = slot->current ? slot->current->context->version() : 0;
        slot->last_status = r.status;
        im.publish(*slot);
      }
      r.pause_ns = now_ns() - start;
      results.push_back(std::move(r));
    }
    {
      std::lock_guard<std::mutex> lock(im.mu);
      --im.in_flight;
      if (batch.client != 0) im.replies.emplace_back(batch.client, rt::reply_results(results));
    }
    all.insert(all.end(), results.begin(), results.end());
  }
  im.wake();  // replies to send, images to close
  return all;
}

int Host::wait_fd() const { return impl_->ready_fd; }

std::vector<CogInfo> Host::cogs() const {
  std::vector<CogInfo> out;
  for (const rt::CogListing& l : impl_->listing()) out.push_back(l.info);
  return out;
}

const std::string& Host::build_dir() const { return impl_->build_dir; }

}  // namespace hotcog
