// The runtime's background thread: serves the control socket, reads the
// self-watch, prepares images (copy, checks, probe, dlopen) and closes
// retired ones, so that Host::poll() never waits for any of it.
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "control_server.h"
#include "host_impl.h"
#include "output_watcher.h"
#include "patch_transaction.h"
#include "socket_keeper.h"
#include "status_text.h"

namespace hotcog {
namespace {

void drain(int fd) {
  uint64_t value;
  while (::read(fd, &value, sizeof value) > 0) {
  }
}

}  // namespace

void Host::Impl::run_worker() {
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    fds.push_back({wake_fd, POLLIN, 0});
    fds.push_back({watcher ? watcher->fd() : -1, POLLIN, 0});  // -1: ignored by poll
    fds.push_back({keeper ? keeper->fd() : -1, POLLIN, 0});
    if (server) server->add_pollfds(&fds);
    if (::poll(fds.data(), fds.size(), retry_timeout_ms()) < 0 && errno != EINTR) {
      log("control loop: poll failed: " + std::string(std::strerror(errno)));
      return;
    }
    if (fds[0].revents) drain(wake_fd);

    std::deque<Job> jobs;
    std::vector<std::pair<uint64_t, std::string>> answers;
    std::vector<std::unique_ptr<rt::CogImage>> to_close;
    bool stop;
    {
      std::lock_guard<std::mutex> lock(mu);
      jobs.swap(requests);
      answers.swap(replies);
      to_close.swap(retired);
      stop = stopping;
    }
    for (auto& image : to_close) {
      const std::string warning = rt::close_cog_image(*image);
      if (!warning.empty()) log(warning);
    }
    if (server)
      for (const auto& [client, line] : answers) server->send_reply(client, line);
    if (stop) {
      // Jobs never prepared: nothing to close.
      if (server) server->close();
      return;
    }
    for (Job& job : jobs) prepare(std::move(job));
    if (fds[1].revents) queue_watched_changes();
    if (fds[2].revents && keeper->should_serve_again()) serve_socket_again();
    if (server) server->handle_events(fds.data() + 3, fds.size() - 3);
  }
}

// The build dir was re-created (socket_keeper.h): the old socket file is
// gone with the old directory; clients of the old socket are dropped.
void Host::Impl::serve_socket_again() {
  server->close();
  std::string err;
  if (!server->open(build_dir + "/hotcog", "control.sock", &err)) {
    log("control socket not served in the re-created build dir: " + err);
    return;
  }
  keeper->served();
  log("the build dir was re-created; serving the control socket again at " + server->path());
}

void Host::Impl::prepare(Job job) {
  ReadyBatch batch;
  batch.client = job.client;
  batch.prepare_start_ns = now_ns();
  // Layouts first: the guard decides before any code of a new image runs
  // (static constructors included), so a refused image is never opened.
  for (const std::string& cog : job.cogs) {
    Prepared p;
    p.cog = cog;
    p.allow_patch = job.allow_patch;
    if (rt::CogSlot* slot = find_slot(cog)) {
      {
        std::lock_guard<std::mutex> lock(mu);
        p.output = slot->output;
      }
      p.layouts = image_layouts(p.output, &p.layouts_missing);
    } else {
      p.status = rt::make_status(ErrorKind::NotFound, cog, "reload", "no such cog", "");
    }
    batch.items.push_back(std::move(p));
  }
  std::vector<std::vector<rt::PatchImage>> running_images;
  const std::vector<rt::GuardVerdict> verdicts =
      check_layouts(batch.items, &batch.checked_generation, &running_images);

  for (size_t i = 0; i < batch.items.size(); ++i) {
    Prepared& p = batch.items[i];
    p.verdict = verdicts[i];
    if (!p.status.ok()) continue;
    if (p.verdict.action == rt::GuardVerdict::Refuse) {
      p.status = {ErrorKind::LayoutRefused, p.cog + ": " + p.verdict.reason};
      continue;
    }
    p.status = rt::open_cog_image(p.cog, p.output, open_options, &p.image);
    if (!p.image) continue;
    describe_image(p);
    // A patch's plan reads the symbol tables here, off the host thread; poll()
    // only writes (and re-plans if the running images changed meanwhile).
    if (p.verdict.action == rt::GuardVerdict::Patch && !running_images[i].empty()) {
      p.plan = std::make_unique<rt::PatchPlan>(rt::plan_patch(
          running_images[i], {p.image->handle, p.image->copy_path}, rt::patch_vars(*p.layouts)));
      for (const rt::PatchImage& image : running_images[i]) p.planned_against.push_back(image.handle);
    }
  }
  batch.prepare_ns = now_ns() - batch.prepare_start_ns;
  {
    std::lock_guard<std::mutex> lock(mu);
    ready.push_back(std::move(batch));
  }
  signal_ready();
}

void Host::Impl::queue_watched_changes() {
  std::vector<std::string> changed = watcher->read_changes();
  if (changed.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu);
    ++in_flight;
  }
  // All cogs one event batch reported are applied in the same poll().
  prepare({std::move(changed), 0});
}

bool Host::Impl::start_socket_reload(uint64_t client, const rt::ControlRequest& req,
                                     rt::RequestError* err) {
  if (req.verb == rt::ControlRequest::Manifest) return start_socket_sync(client, err);
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string unknown;
    for (const std::string& cog : req.cogs)
      if (!listed(cog)) unknown += (unknown.empty() ? "" : ", ") + cog;
    if (unknown.empty()) break;
    if (attempt == 1) {
      *err = {"unknown_cog", "not in the cog manifest: " + unknown};
      return false;
    }
    reread_manifest();  // a cog added since the host started
  }
  std::lock_guard<std::mutex> lock(mu);
  if (in_flight >= 64) {
    *err = {"busy", "too many reloads waiting for the host's poll()"};
    return false;
  }
  ++in_flight;
  requests.push_back({req.cogs, client, req.allow_patch});
  wake();
  return true;
}

std::string Host::Impl::answer_now(const rt::ControlRequest& req) {
  const long pid = static_cast<long>(::getpid());
  switch (req.verb) {
    case rt::ControlRequest::Ping: return rt::reply_pong(pid);
    case rt::ControlRequest::List: return rt::reply_list(pid, listing());
    case rt::ControlRequest::Status: {
      size_t pending;
      {
        std::lock_guard<std::mutex> lock(mu);
        pending = in_flight;
      }
      return rt::reply_status(pid, build_dir, pending, listing());
    }
    case rt::ControlRequest::Reload:
    case rt::ControlRequest::Manifest: break;
  }
  return rt::reply_error({"bad_request", "internal: reload or manifest answered immediately"});
}

}  // namespace hotcog
