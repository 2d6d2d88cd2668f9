#include "control_protocol.h"

#include <cstdio>

#include "status_text.h"

namespace hotcog::rt {
namespace {

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

bool valid_cog_name(std::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == '+';
    if (!ok) return false;
  }
  return true;
}

bool fail(RequestError* err, const char* code, std::string message) {
  err->code = code;
  err->message = std::move(message);
  return false;
}

void append_cog(std::string& out, const CogListing& c, bool with_status) {
  out += "{\"name\":" + json_string(c.info.name);
  out += c.info.loaded ? ",\"loaded\":true" : ",\"loaded\":false";
  out += ",\"version\":" + std::to_string(c.info.version);
  out += ",\"output\":" + json_string(c.info.output);
  if (with_status) {
    out += ",\"kind\":\"" + std::string(kind_token(c.last_status.kind)) + "\"";
    out += ",\"message\":" + json_string(c.last_status.message);
  }
  out += "}";
}

std::string cogs_array(const std::vector<CogListing>& cogs, bool with_status) {
  std::string out = "[";
  for (size_t i = 0; i < cogs.size(); ++i) {
    if (i) out += ",";
    append_cog(out, cogs[i], with_status);
  }
  return out + "]";
}

}  // namespace

bool parse_control_request(std::string_view line, ControlRequest* out, RequestError* err) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() + 1 > kMaxRequestBytes)
    return fail(err, "too_long", "request longer than " + std::to_string(kMaxRequestBytes) + " bytes");
  for (char c : line) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f)
      return fail(err, "bad_request", "request contains control or non-ASCII bytes");
  }
  std::vector<std::string_view> tokens = split_spaces(line);
  if (tokens.empty()) return fail(err, "bad_request", "empty request");
  if (tokens[0] != kProtocolVersion) {
    if (tokens[0].substr(0, 7) == "hotcog/")
      return fail(err, "unsupported_version",
                  "this host speaks " + std::string(kProtocolVersion) + ", not " +
                      std::string(tokens[0]));
    return fail(err, "bad_request", "requests start with " + std::string(kProtocolVersion));
  }
  if (tokens.size() < 2) return fail(err, "bad_request", "missing verb");
  const std::string_view verb = tokens[1];
  ControlRequest req;
  if (verb == "ping" || verb == "list" || verb == "status") {
    if (tokens.size() != 2)
      return fail(err, "bad_request", std::string(verb) + " takes no arguments");
    req.verb = verb == "ping"   ? ControlRequest::Ping
               : verb == "list" ? ControlRequest::List
                                : ControlRequest::Status;
  } else if (verb == "reload") {
    req.verb = ControlRequest::Reload;
    size_t first_cog = 2;
    if (tokens.size() > 2 && tokens[2] == control::kNoPatchFlag) {
      req.allow_patch = false;
      ++first_cog;
    }
    if (tokens.size() <= first_cog)
      return fail(err, "bad_request", "reload needs at least one cog");
    if (tokens.size() - first_cog > kMaxReloadCogs)
      return fail(err, "bad_request",
                  "reload takes at most " + std::to_string(kMaxReloadCogs) + " cogs");
    for (size_t i = first_cog; i < tokens.size(); ++i) {
      if (!valid_cog_name(tokens[i]))
        return fail(err, "bad_request", "invalid cog name '" + std::string(tokens[i]) + "'");
      std::string name(tokens[i]);
      bool seen = false;
      for (const std::string& c : req.cogs) seen = seen || c == name;
      if (!seen) req.cogs.push_back(std::move(name));
    }
  } else {
    return fail(err, "unknown_verb", "unknown verb '" + std::string(verb) + "'");
  }
  *out = std::move(req);
  return true;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string reply_error(const RequestError& err) {
  return "{\"ok\":false,\"error\":" + json_string(err.code) +
         ",\"message\":" + json_string(err.message) + "}\n";
}

std::string reply_pong(long pid) {
  return "{\"ok\":true,\"pong\":true,\"pid\":" + std::to_string(pid) + "}\n";
}

std::string reply_list(long pid, const std::vector<CogListing>& cogs) {
  return "{\"ok\":true,\"pid\":" + std::to_string(pid) + ",\"cogs\":" + cogs_array(cogs, false) +
         "}\n";
}

std::string reply_status(long pid, const std::string& build_dir, size_t pending,
                         const std::vector<CogListing>& cogs) {
  return "{\"ok\":true,\"pid\":" + std::to_string(pid) + ",\"build_dir\":" +
         json_string(build_dir) + ",\"pending\":" + std::to_string(pending) +
         ",\"cogs\":" + cogs_array(cogs, true) + "}\n";
}

std::string reply_results(const std::vector<ReloadResult>& results) {
  std::string out = "{\"ok\":true,\"results\":[";
  for (size_t i = 0; i < results.size(); ++i) {
    const ReloadResult& r = results[i];
    if (i) out += ",";
    out += "{\"cog\":" + json_string(r.cog);
    out += r.status.ok() ? ",\"ok\":true" : ",\"ok\":false";
    out += ",\"kind\":\"" + std::string(kind_token(r.status.kind)) + "\"";
    out += ",\"action\":\"" + std::string(to_string(r.action)) + "\"";
    if (!r.reason.empty()) out += ",\"reason\":" + json_string(r.reason);
    out += ",\"version\":" + std::to_string(r.version);
    out += ",\"pause_us\":" + std::to_string(r.pause_ns / 1000);
    if (r.prepare_start_ns != 0) {  // prepared in the background: where the time went
      out += ",\"prepare_start_us\":" + std::to_string(r.prepare_start_ns / 1000);
      out += ",\"prepare_us\":" + std::to_string(r.prepare_ns / 1000);
      out += ",\"apply_start_us\":" + std::to_string(r.apply_start_ns / 1000);
    }
    out += ",\"message\":" + json_string(r.status.message) + "}";
  }
  return out + "]}\n";
}

}  // namespace hotcog::rt
