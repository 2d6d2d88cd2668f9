#include "status_text.h"

namespace hotcog {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::None: return "none";
    case ErrorKind::NotFound: return "not found";
    case ErrorKind::AlreadyLoaded: return "already loaded";
    case ErrorKind::NotLoaded: return "not loaded";
    case ErrorKind::NoEntryPoint: return "no entry point";
    case ErrorKind::AbiMismatch: return "ABI mismatch";
    case ErrorKind::SetupFailed: return "setup failed";
    case ErrorKind::Crashed: return "crashed";
    case ErrorKind::LayoutRefused: return "layout refused";
    case ErrorKind::Io: return "I/O error";
    case ErrorKind::TimedOut: return "timed out";
  }
  return "unknown";
}

const char* to_string(ReloadAction action) {
  switch (action) {
    case ReloadAction::Failed: return "failed";
    case ReloadAction::Loaded: return "loaded";
    case ReloadAction::Reloaded: return "reloaded";
    case ReloadAction::Patched: return "patched";
    case ReloadAction::Refused: return "refused";
    case ReloadAction::Unloaded: return "unloaded";
  }
  return "unknown";
}

namespace rt {

const char* kind_token(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::None: return "none";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::AlreadyLoaded: return "already_loaded";
    case ErrorKind::NotLoaded: return "not_loaded";
    case ErrorKind::NoEntryPoint: return "no_entry_point";
    case ErrorKind::AbiMismatch: return "abi_mismatch";
    case ErrorKind::SetupFailed: return "setup_failed";
    case ErrorKind::Crashed: return "crashed";
    case ErrorKind::LayoutRefused: return "layout_refused";
    case ErrorKind::Io: return "io";
    case ErrorKind::TimedOut: return "timed_out";
  }
  return "unknown";
}

Status make_status(ErrorKind kind, const std::string& cog, const char* phase,
                   const std::string& what, const std::string& file) {
  Status s;
  s.kind = kind;
  s.message = cog + ": " + phase + " failed: " + what;
  if (!file.empty()) s.message += " (file " + file + ")";
  return s;
}

}  // namespace rt
}  // namespace hotcog
