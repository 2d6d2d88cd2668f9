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
#include <set>

#include "control_server.h"
#include "socket_keeper.h"
#include "call_watchdog.h"
#include "crash_guard.h"
#include "output_watcher.h"
#include "probe_zygote.h"
#include "host_impl.h"
#include "image_retention.h"
#include "patch_transaction.h"
#include "hotcog/base/cog_manifest.h"
#include "hotcog/base/control_protocol.h"
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
  if (const char* env = std::getenv("HOTCOG_COG_CALL_TIMEOUT_MS")) {
    std::string why;
    if (!rt::parse_timeout_ms(env, &options.cog_call_timeout_ms, &why))
      log("HOTCOG_COG_CALL_TIMEOUT_MS='" + std::string(env) + "' " + why + "; ignored");
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
  {
    auto manifest = std::make_shared<rt::LayoutManifest>();
    std::string why;
    switch (rt::load_host_layouts(manifest.get(), &why)) {
      case rt::LayoutLoad::Ok: host_layouts = std::move(manifest); break;
      case rt::LayoutLoad::NotFound:
      case rt::LayoutLoad::Stale: host_layouts_missing = why; break;
      case rt::LayoutLoad::Error:
        host_layouts_missing = why;
        log("the host's layout manifest is unusable, so cogs' layouts are not checked against "
            "the host: " + why);
        break;
    }
  }
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
        },
        [this](const std::string& line) { log(line); }});
    if (!server->open(build_dir + "/" + control::kSocketDir, control::kSocketName, &err)) {
      log("control socket disabled: " + err);
      server.reset();
    } else {
      keeper = std::make_unique<rt::SocketKeeper>(build_dir, cog_manifest_path(build_dir));
      if (!keeper->open(&err)) {
        log("the control socket will not follow a re-created build dir: " + err);
        keeper.reset();
      }
    }
  }

  gate.on_arrival([this] { signal_ready(); });
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
  keeper.reset();
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
  // Kept for objects the host may hold, and it may hold them longer than
  // this Host lives (services are declared before it): never dlclose'd, the
  // loader unmaps them at exit. Only their files go now.
  for (auto& image : kept_mapped) ::unlink(image->copy_path.c_str());
  kept_mapped.clear();
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

rt::CogSlot* Host::Impl::add_slot(const std::string& name, const std::string& output,
                                  bool from_manifest) {
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
    e.from_manifest = from_manifest;
    slots.push_back(std::move(e));
    added = slots.back().slot.get();
  }
  if (!err.empty()) log("self-watch: " + name + ": " + err);
  return added;
}

void Host::Impl::publish(const rt::CogSlot& slot) {
  std::vector<rt::PatchImage> images;
  if (slot.current) images = rt::patch_chain(*slot.current);
  std::lock_guard<std::mutex> lock(mu);
  ++running_generation;
  for (SlotEntry& e : slots) {
    if (e.slot.get() != &slot) continue;
    e.listing.info.loaded = slot.current != nullptr;
    e.listing.info.version = slot.current ? slot.current->context->version() : 0;
    e.listing.last_status = slot.last_status;
    e.running_layouts = slot.current ? slot.current->image->layouts : nullptr;
    e.running_images = std::move(images);
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
  for (const SlotEntry& e : slots)
    if (!e.removed) out.push_back(e.listing);
  return out;
}

rt::TransactionEnv Host::Impl::env(bool retire_in_background) {
  rt::TransactionEnv e;
  e.services = &services;
  e.log = [this](const std::string& line) { log(line); };
  e.call_timeout_ms = options.cog_call_timeout_ms;
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
  e.retire = [this, dispose = e.dispose](std::unique_ptr<rt::CogVersion> v) {
    retire_version(std::move(v), dispose);
  };
  return e;
}

// The first reason one of a version's images gives to stay mapped: they all
// stay, since the older ones' entries jump into the newer ones.
static const std::string* keep_mapped_reason(const rt::CogVersion& v) {
  for (const auto& image : v.patched_over)
    if (!image->keep_mapped.empty()) return &image->keep_mapped;
  return v.image->keep_mapped.empty() ? nullptr : &v.image->keep_mapped;
}

void Host::Impl::retire_version(std::unique_ptr<rt::CogVersion> v,
                                const std::function<void(std::unique_ptr<rt::CogImage>)>& dispose) {
  const std::string* reason = keep_mapped_reason(*v);
  const std::string why = reason ? *reason : "";
  std::vector<std::unique_ptr<rt::CogImage>> images = std::move(v->patched_over);
  images.push_back(std::move(v->image));
  if (why.empty()) {
    for (auto& image : images) dispose(std::move(image));
    return;
  }
  log(images.front()->cog + ": keeping " + std::to_string(images.size()) +
      (images.size() == 1 ? " old image" : " old images") + " mapped: " + why + " (" +
      std::to_string(retained_images() + images.size()) + " kept, limit " +
      std::to_string(options.max_retained_images) + ")");
  for (auto& image : images) {
    image->layouts.reset();  // read only while it runs: keep the mapping, not the parse
    kept_mapped.push_back(std::move(image));
  }
}

std::string Host::Impl::why_keep_mapped(const rt::LayoutManifest* layouts,
                                        const std::string& image_path) const {
  // No manifest at all (an image not built by hotcog_add_cog): nothing is
  // known, and such images have always been closed.
  if (!host_layouts || !layouts) return "";
  if (!layouts->complete())
    return "its layout data is incomplete, so the host may hold objects whose vtables are in it";
  // The symbol table is read only when the layouts alone would keep it.
  if (rt::host_reachable_class(*layouts, *host_layouts).empty()) return "";
  std::set<std::string> vtables;
  std::string unknown;
  const bool known = rt::read_vtable_classes(image_path, &vtables, &unknown);
  const std::string reachable =
      rt::host_reachable_class(*layouts, *host_layouts, known ? &vtables : nullptr);
  if (reachable.empty()) return "";
  return "the host may hold a '" + reachable + "' object whose vtable is in it" +
         (known ? "" : " (vtables not known: " + unknown + ")");
}

void Host::Impl::describe_image(Prepared& p) const {
  p.image->layouts = p.layouts;
  p.image->keep_mapped = why_keep_mapped(p.layouts.get(), p.image->copy_path);
}

size_t Host::Impl::kept_after_reload(const rt::CogSlot& slot) const {
  const rt::CogVersion* v = slot.current.get();
  if (!v || !keep_mapped_reason(*v)) return 0;
  return v->patched_over.size() + 1;
}

size_t Host::Impl::retained_images() {
  size_t n = kept_mapped.size();
  std::lock_guard<std::mutex> lock(mu);
  for (const SlotEntry& e : slots)
    if (e.slot->current) n += e.slot->current->patched_over.size();
  return n;
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
  if (!impl_->add_slot(name, image_path, /*from_manifest=*/false))
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
  if (impl_->watcher) impl_->watcher->mark_seen(slot->output);
  // The layout guard first (a refused image never runs any code); then a
  // full reload: the synchronous path never patches.
  std::vector<Impl::Prepared> items(1);
  Impl::Prepared& p = items.front();
  p.cog = slot->name;
  p.layouts = Impl::image_layouts(slot->output, &p.layouts_missing);
  const rt::GuardVerdict verdict = impl_->check_layouts(items).front();
  Status s;
  if (verdict.action == rt::GuardVerdict::Refuse) {
    s = {ErrorKind::LayoutRefused, slot->name + ": " + verdict.reason};
  } else {
    // Opened first: the copy, the probe and dlopen need no worker stopped.
    s = rt::open_cog_image(slot->name, slot->output, impl_->open_options, &p.image);
    std::string refusal;
    if (s.ok() && slot->current && !impl_->stop_workers_now(slot->name, &refusal)) {
      s = rt::make_status(ErrorKind::TimedOut, slot->name, "reload", refusal, slot->output);
      impl_->env(false).dispose(std::move(p.image));
    } else if (s.ok()) {
      const bool stopped = slot->current != nullptr;  // a first load replaces no code
      impl_->describe_image(p);
      s = rt::apply_image(*slot, std::move(p.image), impl_->env(false));
      if (stopped) impl_->gate.release();
    }
  }
  slot->last_status = s;
  impl_->publish(*slot);
  return s;
}

Status Host::unload(std::string_view cog) {
  rt::CogSlot* slot = impl_->find_slot(cog);
  if (!slot)
    return rt::make_status(ErrorKind::NotFound, std::string(cog), "unload", "no such cog", "");
  Status s;
  std::string refusal;
  if (slot->current && !impl_->stop_workers_now(slot->name, &refusal)) {
    s = rt::make_status(ErrorKind::TimedOut, slot->name, "unload", refusal, slot->output);
  } else {
    const bool stopped = slot->current != nullptr;
    s = rt::apply_unload(*slot, impl_->env(false));
    if (stopped) impl_->gate.release();
  }
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
  std::vector<ReloadResult> all = im.apply_syncs();  // cogs that left the manifest
  if (batches.empty()) return all;
  const rt::TransactionEnv env = im.env(true);
  while (!batches.empty()) {
    Impl::ReadyBatch& batch = batches.front();
    std::vector<rt::GuardVerdict> verdicts;
    {
      std::lock_guard<std::mutex> lock(im.mu);
      if (batch.checked_generation == im.running_generation)
        for (const Impl::Prepared& p : batch.items) verdicts.push_back(p.verdict);
    }
    if (verdicts.empty()) verdicts = im.check_layouts(batch.items);  // something was applied since
    const Impl::GateState gate = im.stop_workers(batch, verdicts);
    if (gate == Impl::GateState::Defer) {  // this batch and those after it, in order
      std::lock_guard<std::mutex> lock(im.mu);
      while (!batches.empty()) {
        im.ready.push_front(std::move(batches.back()));
        batches.pop_back();
      }
      break;
    }
    const std::string waited = Impl::waited_note(batch);
    std::vector<ReloadResult> results;
    for (size_t i = 0; i < batch.items.size(); ++i) {
      ReloadResult r = im.apply_prepared(batch.items[i], verdicts[i], env);
      r.prepare_start_ns = batch.prepare_start_ns;
      r.prepare_ns = batch.prepare_ns;
      if (!waited.empty() && (r.action == ReloadAction::Patched || r.action == ReloadAction::Reloaded))
        r.reason = r.reason.empty() ? waited : waited + "; " + r.reason;
      results.push_back(std::move(r));
    }
    if (gate == Impl::GateState::Quiesced) im.gate.release();
    {
      std::lock_guard<std::mutex> lock(im.mu);
      --im.in_flight;
      if (batch.client != 0) im.replies.emplace_back(batch.client, rt::reply_results(results));
    }
    all.insert(all.end(), results.begin(), results.end());
    batches.pop_front();
  }
  im.wake();  // replies to send, images to close
  return all;
}

std::shared_ptr<const rt::LayoutManifest> Host::Impl::image_layouts(const std::string& output,
                                                                    std::string* missing) {
  auto manifest = std::make_shared<rt::LayoutManifest>();
  if (rt::load_image_layouts(output, manifest.get(), missing) == rt::LayoutLoad::Ok) return manifest;
  return nullptr;
}

std::vector<rt::GuardVerdict> Host::Impl::check_layouts(
    const std::vector<Prepared>& items, uint64_t* generation,
    std::vector<std::vector<rt::PatchImage>>* running_images) {
  std::vector<rt::GuardCog> cogs;
  std::vector<std::pair<std::string, const rt::LayoutManifest*>> others;
  // The published manifests stay alive (shared) while the guard reads them,
  // even if the host thread publishes new ones meanwhile.
  std::vector<std::shared_ptr<const rt::LayoutManifest>> pinned;
  if (running_images) running_images->assign(items.size(), {});
  {
    std::lock_guard<std::mutex> lock(mu);
    if (generation) *generation = running_generation;
    for (size_t i = 0; i < items.size(); ++i) {
      const SlotEntry* entry = nullptr;
      for (const SlotEntry& e : slots)
        if (e.slot->name == items[i].cog) entry = &e;
      const bool running = entry && entry->listing.info.loaded;
      if (running) {
        pinned.push_back(entry->running_layouts);
        if (running_images) (*running_images)[i] = entry->running_images;
      }
      cogs.emplace_back(items[i].cog, running ? entry->running_layouts.get() : nullptr,
                        items[i].layouts.get(), !running, items[i].layouts_missing);
    }
    for (const SlotEntry& e : slots) {
      if (!e.listing.info.loaded || !e.running_layouts) continue;
      bool in_batch = false;
      for (const Prepared& p : items) in_batch |= p.cog == e.slot->name;
      if (in_batch) continue;
      pinned.push_back(e.running_layouts);
      others.emplace_back(e.slot->name, e.running_layouts.get());
    }
  }
  // The host's option and the request's --no-patch (the tool's setting) must both allow it.
  bool patching = options.hot_patching;
  for (const Prepared& p : items) patching = patching && p.allow_patch;
  std::vector<rt::GuardVerdict> verdicts = rt::check_batch(host_layouts.get(), cogs, others, patching);
  for (rt::GuardVerdict& v : verdicts)  // say which switch is off
    if (v.reason == rt::kPatchingDisabled)
      v.reason += options.hot_patching
                      ? " by the request: reload --no-patch, the tool's hot_patching setting"
                      : " in the host: HOTCOG_ENABLE_HOT_PATCHING=0 or HostOptions::hot_patching";
  return verdicts;
}

ReloadResult Host::Impl::apply_prepared(Prepared& p, const rt::GuardVerdict& verdict,
                                        const rt::TransactionEnv& env) {
  ReloadResult r;
  r.cog = p.cog;
  const std::uint64_t start = now_ns();
  rt::CogSlot* slot = find_slot(p.cog);
  if (!slot || !p.image) {  // failed (or refused) while it was prepared
    r.status = p.status;
    r.action = p.status.kind == ErrorKind::LayoutRefused ? ReloadAction::Refused
                                                          : ReloadAction::Failed;
  } else if (verdict.action == rt::GuardVerdict::Refuse) {
    r.status = {ErrorKind::LayoutRefused, p.cog + ": " + verdict.reason};
    r.action = ReloadAction::Refused;
    env.dispose(std::move(p.image));
  } else {
    std::string full_reason = verdict.reason;
    if (verdict.action == rt::GuardVerdict::Patch && slot->current) {
      if (slot->current->patched_over.size() + 1 >= kMaxPatchChain) {
        const size_t patches = slot->current->patched_over.size();
        full_reason = std::to_string(patches) + " patches since the last full reload keep " +
                      std::to_string(patches + 1) + " images mapped (limit " +
                      std::to_string(kMaxPatchChain) + "); a full reload frees them";
      } else if (retained_images() + 1 > options.max_retained_images) {
        full_reason = "the limit of " + std::to_string(options.max_retained_images) +
                      " old images kept mapped is reached (HostOptions::max_retained_images); "
                      "a full reload instead of a patch";
      } else {
        std::vector<void*> chain;
        for (const rt::PatchImage& image : rt::patch_chain(*slot->current)) chain.push_back(image.handle);
        rt::PatchPlan plan = p.plan && p.planned_against == chain
                                 ? std::move(*p.plan)
                                 : rt::plan_slot_patch(*slot, *p.image);
        std::unique_ptr<rt::CogImage> back;
        std::string patch_reason;
        if (plan.report.ok()) {
          r.status = rt::apply_patch_to_slot(*slot, std::move(p.image), plan, &patch_reason, &back);
          if (r.status.ok()) {
            r.action = ReloadAction::Patched;
            r.reason = patch_reason;
          } else {
            p.image = std::move(back);
            full_reason = "hot patch failed (" + r.status.message + "); full reload instead";
          }
        } else {
          full_reason = "hot patch not possible (" + plan.report.error + "); full reload instead";
        }
      }
    }
    const size_t would_keep = r.action == ReloadAction::Patched ? 0 : kept_after_reload(*slot);
    if (would_keep && retained_images() + would_keep > options.max_retained_images) {
      r.status = {ErrorKind::LayoutRefused,
                  p.cog + ": a full reload would keep " + std::to_string(would_keep) +
                      " more old images mapped (the host may hold objects of their classes), "
                      "past HostOptions::max_retained_images (" +
                      std::to_string(options.max_retained_images) +
                      "); running version kept - restart the host to apply"};
      r.action = ReloadAction::Refused;
      env.dispose(std::move(p.image));
    } else if (r.action != ReloadAction::Patched) {
      const bool was_running = slot->current != nullptr;
      // What the transaction logs but gets past (a teardown that crashed, an
      // image pinned in memory) goes into the result too, so the tool shows it.
      std::string noted;
      rt::TransactionEnv noting = env;
      noting.log = [&](const std::string& line) {
        env.log(line);
        noted += (noted.empty() ? "" : "; ") + line;
      };
      r.status = rt::apply_image(*slot, std::move(p.image), noting);
      if (r.status.ok()) {
        r.action = was_running ? ReloadAction::Reloaded : ReloadAction::Loaded;
        if (was_running) r.reason = full_reason;
        if (!noted.empty()) r.reason += (r.reason.empty() ? "" : "; ") + noted;
      }
    }
  }
  if (slot) {
    r.version = slot->current ? slot->current->context->version() : 0;
    slot->last_status = r.status;
    publish(*slot);
  }
  r.apply_start_ns = start;
  r.pause_ns = now_ns() - start;
  return r;
}

int Host::wait_fd() const { return impl_->ready_fd; }

WorkerThread Host::register_thread() { return impl_->gate.register_thread(); }

std::vector<CogInfo> Host::cogs() const {
  std::vector<CogInfo> out;
  for (const rt::CogListing& l : impl_->listing()) out.push_back(l.info);
  return out;
}

const std::string& Host::build_dir() const { return impl_->build_dir; }

}  // namespace hotcog
