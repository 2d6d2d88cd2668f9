// The two ninja readers that only take a path (load_deps_log, read_build_graph)
// get each input as a real file: one scratch directory per fuzzer process,
// removed at exit, the file rewritten in place for every input. It lives in
// /dev/shm unless TMPDIR says otherwise: on ext4, rewriting a truncated file
// flushes it on close (auto_da_alloc), which made /tmp 30x slower.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <filesystem>

namespace hotcog::fuzz {

class ScratchDir {
 public:
  ScratchDir() {
    const bool shm = !std::getenv("TMPDIR") && std::filesystem::is_directory("/dev/shm");
    const std::filesystem::path base = shm ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::string tmpl = (base / "hotcog-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

  // Replaces <dir>/<name> with exactly these bytes; returns its path.
  std::string write(const char* name, const uint8_t* data, size_t size) const {
    std::string file = path_ + "/" + name;
    int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::perror(file.c_str());
      std::abort();
    }
    for (size_t done = 0; done < size;) {
      ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) {
        std::perror(file.c_str());
        std::abort();
      }
      done += static_cast<size_t>(n);
    }
    close(fd);
    return file;
  }

 private:
  std::string path_;
};

}  // namespace hotcog::fuzz
