#include "reload_transaction.h"

#include "crash_guard.h"
#include "status_text.h"

namespace hotcog::rt {
namespace {

ErrorKind kind_of(const GuardOutcome& out) {
  switch (out.kind) {
    case GuardOutcome::Crashed: return ErrorKind::Crashed;
    case GuardOutcome::TimedOut: return ErrorKind::TimedOut;
    default: return ErrorKind::SetupFailed;
  }
}

// Runs setup; on failure undoes whatever it registered.
GuardOutcome run_setup(CogVersion& v, const TransactionEnv& env) {
  CogVersionContext& ctx = *v.context;
  const CogSetupFn setup = v.image->descriptor->setup;
  GuardOutcome out = guarded([&] { setup(ctx); }, env.call_timeout_ms);
  if (!out.ok()) {
    for (const std::string& f : ctx.run_undo(env.call_timeout_ms))
      env.log(v.image->cog + ": undo after failed setup failed: " + f + " (ignored)");
  }
  return out;
}

// teardown + undo, failures logged and ignored.
void tear_down(CogVersion& v, const TransactionEnv& env) {
  CogVersionContext& ctx = *v.context;
  if (const CogTeardownFn teardown = v.image->descriptor->teardown) {
    const GuardOutcome out = guarded([&] { teardown(ctx); }, env.call_timeout_ms);
    if (!out.ok())
      env.log(v.image->cog + ": teardown of version " + std::to_string(ctx.version()) +
              " failed: " + out.what + " (ignored; file " + v.image->source + ")");
  }
  for (const std::string& f : ctx.run_undo(env.call_timeout_ms))
    env.log(v.image->cog + ": unregistering version " + std::to_string(ctx.version()) +
            " failed: " + f + " (ignored)");
}

std::unique_ptr<CogVersion> make_version(std::unique_ptr<CogImage> image, const std::string& cog,
                                         unsigned version, std::string state,
                                         const TransactionEnv& env) {
  auto v = std::make_unique<CogVersion>();
  v->image = std::move(image);
  v->context = std::make_unique<CogVersionContext>(cog, version, env.services, std::move(state));
  return v;
}

void retire(std::unique_ptr<CogVersion> v, const TransactionEnv& env) {
  if (env.retire) return env.retire(std::move(v));
  for (auto& image : v->patched_over) env.dispose(std::move(image));
  env.dispose(std::move(v->image));
}

}  // namespace

Status apply_image(CogSlot& slot, std::unique_ptr<CogImage> image, const TransactionEnv& env) {
  const std::string file = image->source;
  if (!image->warning.empty()) env.log(image->warning);
  std::unique_ptr<CogVersion> old = std::move(slot.current);

  std::string saved;
  if (old && slot.skip_save_state) {
    env.log(slot.name + ": reloading without state: save_state of version " +
            std::to_string(old->context->version()) + " failed the last time");
  } else if (old) {
    if (const CogSaveStateFn save = old->image->descriptor->save_state) {
      CogVersionContext& ctx = *old->context;
      const GuardOutcome out = guarded([&] { saved = save(ctx); }, env.call_timeout_ms);
      if (!out.ok()) {
        const unsigned v = old->context->version();
        slot.current = std::move(old);
        env.dispose(std::move(image));
        Status s = make_status(kind_of(out), slot.name, "save_state", out.what, file);
        s.message += "; kept version " + std::to_string(v) +
                     " (the next reload goes ahead without its state)";
        slot.skip_save_state = true;
        return s;
      }
    }
  }
  if (old) tear_down(*old, env);

  const unsigned version = slot.last_version + 1;
  std::unique_ptr<CogVersion> fresh = make_version(std::move(image), slot.name, version, saved, env);
  const GuardOutcome out = run_setup(*fresh, env);
  if (out.ok()) {
    slot.skip_save_state = false;
    slot.last_version = version;
    slot.current = std::move(fresh);
    if (old) retire(std::move(old), env);
    return Status::success();
  }

  env.dispose(std::move(fresh->image));
  Status s = make_status(kind_of(out), slot.name, "setup", out.what, file);
  if (!old) {
    s.message += "; not loaded";
    return s;
  }
  // Roll back: the old image is still mapped; set it up again with the state
  // it saved, under its own version number.
  const unsigned old_version = old->context->version();
  std::unique_ptr<CogVersion> back =
      make_version(std::move(old->image), slot.name, old_version, saved, env);
  back->patched_over = std::move(old->patched_over);
  const GuardOutcome again = run_setup(*back, env);
  if (again.ok()) {
    slot.current = std::move(back);
    s.message += "; kept version " + std::to_string(old_version);
  } else {
    retire(std::move(back), env);
    s.message += "; version " + std::to_string(old_version) +
                 " failed to come back (" + again.what + "), cog unloaded";
  }
  return s;
}

Status apply_unload(CogSlot& slot, const TransactionEnv& env) {
  if (!slot.current)
    return make_status(ErrorKind::NotLoaded, slot.name, "unload", "cog is not loaded", "");
  std::unique_ptr<CogVersion> old = std::move(slot.current);
  tear_down(*old, env);
  retire(std::move(old), env);
  return Status::success();
}

}  // namespace hotcog::rt
