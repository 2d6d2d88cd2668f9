#include "lib/watch_session.h"

#include "lib/batch_sinks.h"
#include "lib/batch_timeline.h"
#include "lib/build_progress.h"
#include "lib/ask_host.h"
#include "lib/build_summary.h"
#include "lib/change_plan.h"
#include "lib/cmake_rerun.h"
#include "lib/content_hash_store.h"
#include "lib/compile_db.h"
#include "lib/control_client.h"
#include "lib/control_reply.h"
#include "lib/decision_log.h"
#include "lib/decision_report.h"
#include "lib/editor_files.h"
#include "lib/header_plan.h"
#include "lib/inotify_watcher.h"
#include "lib/manifest_follow.h"
#include "lib/reload_set.h"
#include "lib/scan_runner.h"
#include "lib/semantic_deps.h"
#include "lib/shadow_headers.h"
#include "lib/stop_signals.h"
#include "lib/tool_error.h"
#include "lib/watch_reporter.h"

#include "hotcog/ninja/build_runner.h"
#include "hotcog/ninja/stale_outputs.h"
#include "hotcog/ninja/target_map.h"

#include <fmt/format.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <poll.h>

namespace hotcog::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(SteadyTime start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// An aggregate, built in run_watch() with designated initialisers; the
// members it does not name start empty ("{}", which also keeps GCC's
// -Wmissing-field-initializers quiet).
struct WatchContext {
  Project project;  // a copy: its cog manifest follows CMake re-runs (follow_manifest)
  WatchOptions options;
  WatchReporter reporter;
  InotifyWatcher watcher;
  Debouncer debouncer;
  std::optional<ninja::TargetMap> graph{};
  ContentHashStore hashes{};
  std::set<std::string> watched{};      // files whose events matter
  std::set<std::string> host_sources{}; // from the manifest
  std::set<std::string> carried{};      // cogs of the last failed build
  std::set<std::string> raced{};        // saves that landed while a build of their cogs ran
  ImageStamps images{};                 // cog -> its image when last built (and reloaded) here
  std::unique_ptr<SemanticDeps> semantic{};  // null: ninja's file-level view only
  std::map<std::string, std::vector<std::string>> cog_tus{}, host_tus{};  // owner -> its TUs
  std::vector<std::string> decision_lines{};  // of the batch being processed
  ImageStamp build_ninja_stamp{};             // to notice CMake re-runs
  std::string reported_deps_problem{};        // the last damaged-deps-log warning
  ninja::CancelToken cancel{};
  std::unique_ptr<StopSignals> signals{};
  BatchRecorder recorder{};  // the current batch's phases (batch_timeline.h)
  BatchSinks sinks{};        // --trace, the history of `hotcog stats`
  ManifestFollower manifest;  // notices when CMake rewrote the cog manifest
};

ninja::BuildResult build_cogs(WatchContext& ctx, const std::vector<std::string>& cogs) {
  ninja::BuildRequest request;
  request.build_dir = ctx.project.build_dir;
  request.targets = ctx.project.targets_of(cogs);
  request.cancel = &ctx.cancel;
  follow_build(request, ctx.reporter);  // status line, early first error
  request.on_wait = [&](const std::string& why) { ctx.reporter.warning(why); };
  return ninja::run_build(request);
}

std::vector<std::string> cogs_for_file(const WatchContext& ctx, const std::string& path) {
  if (ctx.semantic && !ctx.watched.count(path))  // a new header may shadow an included one
    if (auto cogs = owners_shadowed_by(*ctx.semantic, path, ctx.cog_tus); !cogs.empty())
      return cogs;
  if (ctx.graph) return ctx.graph->cogs_for_file(path);
  std::vector<std::string> cogs;  // no build graph: fall back to the manifest's sources
  for (const CogEntry& cog : ctx.project.manifest.cogs)
    for (const std::string& src : cog.sources)
      if (normalize_path(src) == path) cogs.push_back(cog.name);
  return cogs;
}

// A host's own sources always count. Its headers count once the deps log is
// complete: before that, the graph conservatively ties every unknown file to
// a never-built host, and "restart needed" on every save would drown the
// messages that matter.
bool is_host_file(const WatchContext& ctx, const std::string& path) {
  if (ctx.host_sources.count(path)) return true;
  // CMake's inputs feed every host; whether one really changed is read from
  // the cog manifest once CMake re-ran (follow_manifest).
  if (ctx.graph && ctx.graph->is_build_file(path)) return false;
  return ctx.graph && ctx.graph->deps_complete() && ctx.graph->is_host_file(path);
}

ImageStamps stamp_images(const WatchContext& ctx) {
  ImageStamps stamps;
  for (const CogEntry& cog : ctx.project.manifest.cogs) stamps[cog.name] = stamp_of(cog.output);
  return stamps;
}

// The cogs of a successful build whose image changed (reload_set.h); their
// new stamps become the reference. Only the planned cogs' stamps move: an
// image someone else relinked meanwhile is still reloaded when next planned.
std::vector<std::string> changed_images(WatchContext& ctx, const std::vector<std::string>& planned,
                                        const ninja::BuildResult& result) {
  ReloadInputs in{planned, std::nullopt, ctx.images, stamp_images(ctx)};
  if (ctx.graph && result.ran_error.empty()) in.relinked = ctx.graph->cogs_relinked(result.ran);
  for (const std::string& cog : planned)
    if (auto it = in.after.find(cog); it != in.after.end()) ctx.images[cog] = it->second;
  return cogs_to_reload(in);
}

std::vector<std::string> follow_manifest(WatchContext& ctx);
void reload_cogs(WatchContext& ctx, const std::vector<std::string>& cogs, SteadyTime first_event,
                 double build_seconds);

// Step: the first build replaced images a running host may have loaded
// (sources edited while no watch ran, a build a killed watch left running):
// that host gets them now, not at the next save. An image that did not exist
// before is in no host; with no host running there is nothing to say.
void reload_replaced_images(WatchContext& ctx, const ImageStamps& before, SteadyTime started,
                            double build_seconds) {
  std::vector<std::string> replaced;
  for (const auto& [cog, stamp] : ctx.images)
    if (auto it = before.find(cog); it != before.end() && it->second.size >= 0 && !(it->second == stamp))
      replaced.push_back(cog);
  if (replaced.empty()) return;
  if (auto probe = ControlConnection::connect(ctx.project.control_socket_path()); !probe)
    return llvm::consumeError(probe.takeError());
  reload_cogs(ctx, replaced, started, build_seconds);
}

// Step: one ninja run for every cog, so outputs and the deps log exist.
void initial_build(WatchContext& ctx) {
  // An edit of CMakeLists.txt made while watch was not running: CMake first,
  // so the cogs built are the ones it declares now (cmake_rerun.h).
  if (regenerate_build(ctx.project.build_dir, &ctx.cancel)) return;
  follow_manifest(ctx);
  std::vector<std::string> cogs = ctx.project.all_cog_names();
  if (cogs.empty()) {  // no targets would mean ninja's default targets: everything
    ctx.reporter.initial_build(cogs, BuildSummary{true, true, 0, 0, {}, {}});
    return;
  }
  ImageStamps before = stamp_images(ctx);
  SteadyTime started = Clock::now();
  ninja::BuildResult result = build_cogs(ctx, cogs);
  if (result.cancelled) return;  // a stop signal: run_watch reports it
  BuildSummary summary = summarize_build(result);
  ctx.reporter.build_warnings(summary);
  ctx.reporter.initial_build(cogs, summary);
  // A failed build may still have relinked some cogs: compared with the
  // images from before it, they are reloaded with the fix.
  ctx.images = summary.ok ? stamp_images(ctx) : std::move(before);
  if (!summary.ok) ctx.carried.insert(cogs.begin(), cogs.end());
  else reload_replaced_images(ctx, before, started, summary.seconds);
}

llvm::Error load_graph(WatchContext& ctx) {
  std::string err;
  ctx.graph = ninja::TargetMap::load(ctx.project.build_dir, ctx.project.manifest, &err);
  if (!ctx.graph)
    return tool_error(ErrorKind::Config, "cannot read the build graph of {}: {}",
                      ctx.project.build_dir, err);
  return llvm::Error::success();
}

// Step: (re)computes the watched files; files new to the set are hashed as
// they are now (they were just built from), and their directories watched.
llvm::Error update_watch_set(WatchContext& ctx) {
  std::set<std::string> files(ctx.host_sources.begin(), ctx.host_sources.end());
  for (const CogEntry& cog : ctx.project.manifest.cogs)
    for (const std::string& src : cog.sources) files.insert(normalize_path(src));
  if (ctx.graph)
    for (const std::string& file : ctx.graph->watched_files()) files.insert(normalize_path(file));
  for (const std::string& file : files) {
    if (!ctx.hashes.knows(file)) ctx.hashes.prime(file);
    std::string dir = llvm::sys::path::parent_path(file).str();
    if (!llvm::sys::fs::is_directory(dir)) continue;  // reported when a build needs it
    if (llvm::Error err = ctx.watcher.watch_directory(dir)) return err;
  }
  ctx.watched = std::move(files);
  return llvm::Error::success();
}

// Which TUs of the compile database each cog and host is built from (the
// graph walks through static libraries, so their TUs count too).
void map_tus(WatchContext& ctx) {
  ctx.cog_tus.clear();
  ctx.host_tus.clear();
  if (!ctx.semantic || !ctx.graph) return;
  for (const std::string& tu : ctx.semantic->db().files) {
    for (const std::string& cog : ctx.graph->cogs_for_file(tu)) ctx.cog_tus[cog].push_back(tu);
    for (const std::string& host : ctx.graph->hosts_for_file(tu)) ctx.host_tus[host].push_back(tu);
  }
}

// A damaged .ninja_deps, once per problem: header deps then come from
// `ninja -t deps`, which drops the damaged part (its cogs rebuild at every
// change until they are built again).
void report_deps_problem(WatchContext& ctx) {
  const std::string& problem = ctx.graph->deps_problem();
  if (problem == ctx.reported_deps_problem) return;
  ctx.reported_deps_problem = problem;
  if (!problem.empty())
    ctx.reporter.warning(fmt::format("ninja's deps log is damaged ({}); ninja recovers what it "
                                     "can, and cogs whose header deps were lost rebuild with every "
                                     "change until built again",
                                     problem));
}

void refresh_graph(WatchContext& ctx) {
  std::string err;
  if (ctx.graph && !ctx.graph->refresh(&err))
    ctx.reporter.warning(fmt::format("build graph not refreshed ({}); using the previous one", err));
  if (ctx.graph) report_deps_problem(ctx);
  // CMake re-ran (build.ninja changed): TUs may have come or gone.
  ImageStamp build_ninja = stamp_of(ctx.project.build_dir + "/build.ninja");
  if (ctx.semantic && !(build_ninja == ctx.build_ninja_stamp))
    if (llvm::Error db_err = ctx.semantic->reload_db())
      ctx.reporter.warning(fmt::format("compile commands not re-read ({}); using the previous ones",
                                       llvm::toString(std::move(db_err))));
  ctx.build_ninja_stamp = build_ninja;
  map_tus(ctx);
  if (llvm::Error watch_err = update_watch_set(ctx))
    ctx.reporter.warning(llvm::toString(std::move(watch_err)));
}

// Step: CMake rewrote the cog manifest (manifest_refresh.h): watch and host
// follow it. Returns the cogs to build now: new ones and moved outputs.
std::vector<std::string> follow_manifest(WatchContext& ctx) {
  llvm::Expected<std::optional<ManifestChange>> change = ctx.manifest.refresh(&ctx.project.manifest);
  if (!change) {
    ctx.reporter.warning(llvm::toString(change.takeError()));
    return {};
  }
  if (!*change) return {};
  std::vector<std::string> build = prepare_for_manifest(**change, &ctx.images, &ctx.carried);
  ctx.host_sources = ctx.project.host_sources();
  refresh_graph(ctx);
  HostFollow host;
  if (!(*change)->added.empty() || !(*change)->removed.empty() || !(*change)->moved.empty())
    host = tell_host_manifest(ctx.project.control_socket_path(), ctx.options.reply_timeout,
                              ctx.signals->fd());
  ctx.reporter.print_lines(manifest_lines(**change, host, ctx.reporter.json()));
  return build;
}

// Step: asks the host to reload `cogs`; every outcome is reported, none stops the loop.
void reload_cogs(WatchContext& ctx, const std::vector<std::string>& cogs, SteadyTime first_event,
                 double build_seconds) {
  auto fail = [&](llvm::Error err) {
    std::string result = "error";
    std::string message;
    llvm::handleAllErrors(std::move(err), [&](const ToolError& e) {
      if (e.kind() == ErrorKind::Timeout) result = "timeout";
      message = e.message();
    });
    ctx.recorder.result(cogs, result, Clock::now());
    ctx.reporter.reload_failed(cogs, result, message, seconds_since(first_event));
  };
  llvm::Expected<std::string> request = make_reload_request(cogs, ctx.options.hot_patching);
  if (!request) return fail(request.takeError());
  SteadyTime sent = Clock::now();
  llvm::Expected<ControlReply> reply =
      ask_host(ctx.project.control_socket_path(),
               {*request, ctx.options.reply_timeout, ctx.signals->fd()});
  if (!reply) {
    llvm::Error err = reply.takeError();
    if (is_no_host(err)) {
      ctx.recorder.result(cogs, "no_host", Clock::now());
      return ctx.reporter.no_host(cogs, build_seconds);
    }
    return fail(std::move(err));
  }
  ctx.recorder.reply(*reply, sent, Clock::now());
  ctx.reporter.reloaded(cogs, *reply, build_seconds, seconds_since(first_event));
}

// A modified file the declaration-level view can decide: a header (not a TU,
// not a file CMake reads). A cog or host never built is tied to every file by
// the graph and its TUs are judged like any other.
bool is_header_edit(const WatchContext& ctx, const std::string& path, ContentChange change) {
  return ctx.semantic && ctx.graph && change == ContentChange::Modified &&
         !ctx.semantic->is_tu(path) && !is_source_file(path) &&
         !ctx.graph->is_build_file(path) && !ctx.host_sources.count(path);
}

// A header whose save raced a build of its cogs is never decided per
// declaration: the background rescan after that build may already have read
// the new bytes (so "nothing changed"), while some object was compiled from the
// old ones (distrust_objects_of_racing_saves). Its cogs build, and ninja
// recompiles the objects marked stale.
bool is_decidable_header(const WatchContext& ctx, const std::string& path, ContentChange change) {
  return is_header_edit(ctx, path, change) && !ctx.raced.count(path);
}

// Step: header edits of the batch -> the cogs (and hosts) that use a changed
// declaration (header_plan.h). Other files of the batch keep ninja's answer.
void decide_headers(WatchContext& ctx, ChangePlan& plan, SteadyTime edited_at) {
  if (!ctx.semantic) return;
  HeaderLookup lookup{{[&](const std::string& p) { return cogs_for_file(ctx, p); },
                       [&](const std::string& p) { return is_host_file(ctx, p); }},
                      [&](const std::string& p) { return ctx.graph->hosts_for_file(p); },
                      [&](const std::string& p, ContentChange c) {
                        return is_decidable_header(ctx, p, c);
                      },
                      &ctx.cog_tus,
                      &ctx.host_tus};
  HeaderSplit split = split_headers(plan, lookup, ctx.carried);
  if (split.headers.empty() || split.candidates.empty()) return;
  HeaderDecision decision = ctx.semantic->decide(split.headers, split.candidates, edited_at);
  if (decision.rescanned > 0) ctx.recorder.phase_ending("scan", decision.seconds, Clock::now());
  apply_decision(split, decision, &plan);
  ctx.decision_lines = decision_lines(decision, ctx.reporter.json());
  if (llvm::Error err = log_decision(ctx.project.build_dir, decision, split.headers))
    ctx.reporter.warning(llvm::toString(std::move(err)));
}

// The headers of the batch that is_decidable_header() left to ninja because
// their save raced a build: one line each (human), one `undecided` event (JSON).
void report_raced_headers(WatchContext& ctx, const ChangePlan& plan) {
  std::vector<std::string> raced;
  for (const auto& [path, change] : plan.changed)
    if (ctx.raced.count(path) && is_header_edit(ctx, path, change)) raced.push_back(path);
  for (std::string& line : undecided_lines(raced, ctx.reporter.json()))
    ctx.decision_lines.push_back(std::move(line));
}

// The TUs among the changed files: rescanned in the background once built.
std::vector<std::string> changed_tus(const WatchContext& ctx, const ChangePlan& plan) {
  std::vector<std::string> tus;
  if (!ctx.semantic) return tus;
  for (const auto& [path, change] : plan.changed)
    if (ctx.semantic->is_tu(path)) tus.push_back(path);
  return tus;
}

llvm::Error take_events(WatchContext& ctx);

// Step: saves that arrived while ninja ran may have been read too early by a
// compile that wrote its object after them; ninja 1.11 would then never
// rebuild that object (stale_outputs.h). When such a save touches a cog of
// this build, the objects the build compiled are marked stale and the saved
// files distrusted, so the batch those saves start rebuilds them even when a
// checkout switched them back to the bytes hashed before: the build may have
// read the ones in between. Saves of other cogs' files change nothing here.
void distrust_objects_of_racing_saves(WatchContext& ctx, const std::vector<std::string>& built,
                                      const ninja::BuildResult& result) {
  if (llvm::Error err = take_events(ctx)) return ctx.reporter.warning(llvm::toString(std::move(err)));
  std::set<std::string> built_set(built.begin(), built.end());
  bool raced = false;
  for (const std::string& path : ctx.debouncer.pending_files()) {
    std::vector<std::string> cogs = cogs_for_file(ctx, path);
    if (std::none_of(cogs.begin(), cogs.end(), [&](const std::string& c) { return built_set.count(c); }))
      continue;
    ctx.hashes.distrust(path);
    ctx.raced.insert(path);
    raced = true;
  }
  std::string err;
  if (raced && !ninja::mark_stale(ctx.project.build_dir, ninja::compiled_outputs(result.ran), &err))
    ctx.reporter.warning(err);
}

// Created files of the batch that shadow a header some TU includes: the
// objects of those TUs are marked stale, so that ninja recompiles them
// (shadow_headers.h).
std::vector<std::string> rebuild_shadowed(WatchContext& ctx, const ChangePlan& plan) {
  std::vector<std::string> created, problems;
  if (!ctx.semantic) return {};
  for (const auto& [path, change] : plan.changed)
    if (change == ContentChange::Created && !ctx.watched.count(path)) created.push_back(path);
  std::vector<std::string> tus = invalidate_shadowed(*ctx.semantic, created, &problems);
  for (std::string& problem : problems) ctx.reporter.warning(std::move(problem));
  return tus;
}

// Step: a due batch -> hash filter -> plan -> build -> reload.
void process_batch(WatchContext& ctx, const Batch& batch) {
  SteadyTime due = Clock::now();
  ctx.recorder.begin(batch, saved_at_from_mtimes(batch.files, batch.first_event), due);
  std::vector<std::pair<std::string, ContentChange>> files;
  for (const std::string& path : batch.files)
    if (path != ctx.manifest.path()) files.emplace_back(path, ctx.hashes.update(path));
  // A CMake input changed: CMake runs first, so the plan sees today's cogs.
  if (ctx.graph && edits_cmake_input(files, *ctx.graph) &&
      regenerate_build(ctx.project.build_dir, &ctx.cancel))
    return;  // cancelled by a stop signal
  std::vector<std::string> manifest_cogs = follow_manifest(ctx);
  FileLookup lookup{[&](const std::string& p) { return cogs_for_file(ctx, p); },
                    [&](const std::string& p) { return is_host_file(ctx, p); }};
  ChangePlan plan = plan_changes(files, lookup, ctx.carried);
  add_cogs(&plan, manifest_cogs);
  if (!plan.deleted.empty()) ctx.reporter.deleted(plan.deleted);
  if (plan.changed.empty() && manifest_cogs.empty()) return;  // no content changed: nothing to do
  ctx.decision_lines.clear();
  decide_headers(ctx, plan, batch.first_event);
  report_raced_headers(ctx, plan);
  for (const std::string& path : batch.files) ctx.raced.erase(path);
  ctx.recorder.set_cogs(plan.cogs);
  ctx.recorder.phase("decide", due, Clock::now());
  if (!plan.changed.empty()) ctx.reporter.change(plan);
  ctx.reporter.print_lines(ctx.decision_lines);
  if (!plan.host_files.empty()) ctx.reporter.host_changed(plan.host_files);
  if (plan.cogs.empty()) return;

  std::vector<std::string> shadowed = rebuild_shadowed(ctx, plan);
  SteadyTime build_start = Clock::now();
  ninja::BuildResult result = build_cogs(ctx, plan.cogs);
  ctx.recorder.phase("build", build_start, Clock::now());
  if (result.cancelled) return;  // a stop signal: the loop ends next
  distrust_objects_of_racing_saves(ctx, plan.cogs, result);
  BuildSummary summary = summarize_build(result);
  ctx.reporter.build_warnings(summary);
  if (!summary.ok) {
    ctx.carried.insert(plan.cogs.begin(), plan.cogs.end());
    ctx.recorder.result(plan.cogs, "build_failed", Clock::now());
    ctx.reporter.build_failed(plan.cogs, summary);
    return;
  }
  ctx.carried.clear();
  std::vector<std::string> relinked = changed_images(ctx, plan.cogs, result);
  if (relinked.empty()) {
    ctx.recorder.result(plan.cogs, "unchanged", Clock::now());
    ctx.reporter.nothing_relinked(plan.cogs, summary.seconds);
  } else {
    reload_cogs(ctx, relinked, batch.first_event, summary.seconds);
  }
  // Once the host runs the new code, not before: the build graph (a new
  // #include may have added files to watch) and a background rescan of the
  // rebuilt TUs, whose scanner process would compete with the reload.
  refresh_graph(ctx);
  if (ctx.semantic) {
    std::vector<std::string> tus = changed_tus(ctx, plan);
    tus.insert(tus.end(), shadowed.begin(), shadowed.end());
    ctx.semantic->refresh(std::move(tus));
  }
}

// Step: inotify events -> debouncer (only files of the build graph count).
llvm::Error take_events(WatchContext& ctx) {
  bool overflowed = false;
  llvm::Expected<std::vector<FileEvent>> events = ctx.watcher.read_events(&overflowed);
  if (!events) return events.takeError();
  SteadyTime now = Clock::now();
  if (overflowed) {  // the kernel dropped events: let the hashes decide what changed
    for (const std::string& path : ctx.watched) ctx.debouncer.add(path, {}, now);
    return llvm::Error::success();
  }
  for (const FileEvent& event : *events) {
    if (manifest_dir_event(ctx.manifest, event.path, &ctx.debouncer, now)) continue;
    if (ctx.options.ignore.ignores(llvm::sys::path::filename(event.path))) continue;
    std::vector<std::string> cogs = cogs_for_file(ctx, event.path);
    EventKind kind = completes_write(event.mask) ? EventKind::Written : EventKind::Other;
    if (ctx.watched.count(event.path) || !cogs.empty()) {
      ctx.debouncer.add(event.path, std::move(cogs), now, kind);
    } else if (!ctx.carried.empty()) {
      // After a failed build, a file the graph does not know yet may be the
      // fix (the header a new #include asked for): retry the failed cogs.
      ctx.debouncer.add(event.path, {ctx.carried.begin(), ctx.carried.end()}, now, kind);
    }
  }
  return llvm::Error::success();
}

llvm::Error loop(WatchContext& ctx) {
  for (;;) {
    std::optional<Millis> wait = ctx.debouncer.time_until_due(Clock::now());
    // A negative fd (no background scan running) is ignored by poll.
    int scan_fd = ctx.semantic ? ctx.semantic->fd() : -1;
    pollfd fds[3] = {{ctx.watcher.fd(), POLLIN, 0}, {ctx.signals->fd(), POLLIN, 0},
                     {scan_fd, POLLIN, 0}};
    int ready = poll(fds, 3, wait ? static_cast<int>(wait->count()) : -1);
    if (ready < 0 && errno != EINTR)
      return tool_error(ErrorKind::Io, "poll failed: {}", errno_text(errno));
    if (ctx.signals->received_signal()) return llvm::Error::success();
    if (ready > 0 && (fds[0].revents & POLLIN))
      if (llvm::Error err = take_events(ctx)) return err;
    if (ready > 0 && (fds[2].revents & POLLIN))
      if (std::string note = ctx.semantic->collect(); !note.empty())
        ctx.reporter.print_lines(semantic_note_lines(note, ctx.reporter.json()));
    // Events queued since are part of the batch about to leave (two files
    // saved at once at --debounce-ms 0, a second file as the settle window
    // ends): read them before taking it.
    if (ctx.debouncer.time_until_due(Clock::now()) == Millis(0))
      if (llvm::Error err = take_events(ctx)) return err;
    if (std::optional<Batch> batch = ctx.debouncer.take_due(Clock::now())) {
      process_batch(ctx, *batch);
      if (std::optional<BatchTimeline> done = ctx.recorder.finish()) {
        ctx.reporter.batch_timings(*done);
        if (std::string warning = ctx.sinks.record(*done); !warning.empty())
          ctx.reporter.warning(warning);
      }
    }
    if (ctx.signals->received_signal()) return llvm::Error::success();
  }
}

// Step: the background scan that makes header edits declaration-level
// decisions; without it (HOTCOG_SEMANTIC_DEPS=0, no compile commands) the
// loop keeps ninja's file-level view.
void start_semantic(WatchContext& ctx) {
  if (!ctx.options.semantic_deps) return;
  SemanticDeps::Config config{ctx.project.build_dir, find_scanner(), ctx.options.scan_timeout};
  llvm::Expected<std::unique_ptr<SemanticDeps>> deps = SemanticDeps::start(std::move(config));
  if (!deps) {
    ctx.reporter.warning(fmt::format("declaration-level decisions off, header edits rebuild "
                                     "every cog ninja ties to them: {}",
                                     llvm::toString(deps.takeError())));
    return;
  }
  ctx.semantic = std::move(*deps);
  ctx.build_ninja_stamp = stamp_of(ctx.project.build_dir + "/build.ninja");
  map_tus(ctx);
  std::set<std::string> tus;
  for (const auto* owners : {&ctx.cog_tus, &ctx.host_tus})
    for (const auto& [owner, files] : *owners) tus.insert(files.begin(), files.end());
  ctx.semantic->scan_in_background({tus.begin(), tus.end()});
}

// Steps after the initial build: graph, hashes and watches, then the loop.
llvm::Error watch(WatchContext& ctx) {
  if (llvm::Error err = load_graph(ctx)) return err;
  if (llvm::Error err = update_watch_set(ctx)) return err;
  if (llvm::Error err = watch_manifest_dir(ctx.manifest, &ctx.watcher))
    ctx.reporter.warning(llvm::toString(std::move(err)));
  start_semantic(ctx);
  ctx.reporter.ready(ctx.watched.size(), ctx.project.all_cog_names());
  return loop(ctx);
}

}  // namespace

llvm::Error run_watch(const Project& project, const WatchOptions& options) {
  llvm::Expected<InotifyWatcher> watcher = InotifyWatcher::create();
  if (!watcher) return watcher.takeError();
  WatchContext ctx{.project = project,
                   .options = options,
                   .reporter = WatchReporter(options.json, TerminalStyle::detect(STDOUT_FILENO),
                                             options.log_level),
                   .watcher = std::move(*watcher),
                   .debouncer = Debouncer(DebounceTimes{options.debounce, options.settle, {}}),
                   .host_sources = project.host_sources(),
                   .manifest = ManifestFollower(project.build_dir)};
  std::string sinks_warning;  // --trace, the batch history
  if (llvm::Error err =
          ctx.sinks.open(project.build_dir, options.trace_path, Clock::now(), &sinks_warning))
    return err;
  if (!sinks_warning.empty()) ctx.reporter.warning(sinks_warning);
  auto signals = StopSignals::install(&ctx.cancel);
  if (!signals) return signals.takeError();
  ctx.signals = std::move(*signals);

  initial_build(ctx);
  llvm::Error err = ctx.signals->received_signal() ? llvm::Error::success() : watch(ctx);
  int signo = ctx.signals->received_signal();
  ctx.reporter.stopped(signo ? fmt::format("SIG{}", sigabbrev_np(signo)) : std::string("error"));
  ctx.sinks.close();
  return err;
}

}  // namespace hotcog::cli
