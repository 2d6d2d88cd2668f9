// A read-only mapping of a whole file with bounds-checked accessors: the ELF
// readers (elf_probe, elf_symbols) look at files that may be truncated (a link
// still running) or garbage, and must never read past the end.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace hotcog::rt {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = ::mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const unsigned char*>(p);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  size_t size() const { return size_; }
  bool contains(uint64_t offset, uint64_t length) const {
    return offset <= size_ && length <= size_ - offset;
  }
  // The mapping is page-aligned, so a T at an offset that is not a multiple
  // of alignof(T) would be a misaligned object (undefined behaviour): a file
  // that puts a header there is garbage, and gets nullptr like a truncated one.
  template <class T>
  const T* at(uint64_t offset) const {
    return contains(offset, sizeof(T)) && offset % alignof(T) == 0
               ? reinterpret_cast<const T*>(data_ + offset)
               : nullptr;
  }
  const unsigned char* bytes(uint64_t offset) const { return data_ + offset; }

 private:
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace hotcog::rt
