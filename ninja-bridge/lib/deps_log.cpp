#include "hotcog/ninja/deps_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hotcog::ninja {
namespace {

constexpr char kSignature[] = "# ninjadeps\n";
constexpr size_t kSignatureSize = sizeof(kSignature) - 1;
constexpr int32_t kVersion = 4;
constexpr uint32_t kMaxRecordSize = (1u << 19) - 1;
constexpr uint32_t kDepsRecordBit = 0x80000000u;

uint32_t read_u32(const unsigned char* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

bool read_file(const std::string& path, std::string* data, bool* absent, std::string* err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *absent = errno == ENOENT;
    *err = path + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_size > 0) data->reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = path + ": " + std::strerror(errno);
      close(fd);
      return false;
    }
    if (n == 0) break;
    data->append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

}  // namespace

LoadStatus load_deps_log(const std::string& path, DepsLog* log, std::string* err) {
  std::string data;
  bool absent = false;
  if (!read_file(path, &data, &absent, err)) return absent ? LoadStatus::NotFound : LoadStatus::Error;
  auto fail = [&](size_t offset, const std::string& why) {
    *err = path + ": offset " + std::to_string(offset) + ": " + why;
    return LoadStatus::Error;
  };
  if (data.size() < kSignatureSize + 4 || data.compare(0, kSignatureSize, kSignature) != 0)
    return fail(0, "not a ninja deps log");
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  int32_t version = static_cast<int32_t>(read_u32(bytes + kSignatureSize));
  if (version != kVersion)
    return fail(kSignatureSize, "deps log version " + std::to_string(version) +
                                    " (this reader knows version 4)");

  DepsLog out;
  std::vector<int> record_of_output;  // path id → index in out.records, or -1
  size_t pos = kSignatureSize + 4;
  while (pos < data.size()) {
    size_t record_start = pos;
    if (data.size() - pos < 4) return fail(pos, "truncated record header");
    uint32_t header = read_u32(bytes + pos);
    bool is_deps = header & kDepsRecordBit;
    uint32_t size = header & ~kDepsRecordBit;
    pos += 4;
    if (size > kMaxRecordSize || size % 4 != 0) return fail(record_start, "bad record size " + std::to_string(size));
    if (data.size() - pos < size) return fail(record_start, "truncated record");
    const unsigned char* p = bytes + pos;
    pos += size;

    if (!is_deps) {
      if (size < 4) return fail(record_start, "path record too short");
      uint32_t checksum = read_u32(p + size - 4);
      uint32_t id = static_cast<uint32_t>(out.paths.size());
      if (checksum != ~id) return fail(record_start, "path record checksum mismatch");
      size_t len = size - 4;
      while (len > 0 && p[len - 1] == '\0') --len;  // up to 3 padding bytes
      if (size - 4 - len > 3 || len == 0) return fail(record_start, "bad path padding");
      out.paths.emplace_back(reinterpret_cast<const char*>(p), len);
      record_of_output.push_back(-1);
      continue;
    }

    if (size < 12) return fail(record_start, "deps record too short");
    int32_t output = static_cast<int32_t>(read_u32(p));
    if (output < 0 || static_cast<size_t>(output) >= out.paths.size())
      return fail(record_start, "deps record for unknown path id " + std::to_string(output));
    DepsLog::Record rec;
    rec.output = output;
    rec.mtime = static_cast<int64_t>(uint64_t(read_u32(p + 4)) | uint64_t(read_u32(p + 8)) << 32);
    for (uint32_t off = 12; off < size; off += 4) {
      int32_t in = static_cast<int32_t>(read_u32(p + off));
      if (in < 0 || static_cast<size_t>(in) >= out.paths.size())
        return fail(record_start, "deps record names unknown path id " + std::to_string(in));
      rec.inputs.push_back(in);
    }
    int& slot = record_of_output[static_cast<size_t>(output)];
    if (slot >= 0) {
      out.records[static_cast<size_t>(slot)] = std::move(rec);  // later record wins
    } else {
      slot = static_cast<int>(out.records.size());
      out.records.push_back(std::move(rec));
    }
  }
  *log = std::move(out);
  return LoadStatus::Ok;
}

}  // namespace hotcog::ninja
