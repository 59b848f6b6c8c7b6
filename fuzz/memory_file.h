// A file that lives in memory (memfd) but can be opened by path, so code
// under test that only takes a path (the pipeline-file loader, Leptonica,
// poppler, the CSV plugin) reads fuzz inputs without touching the disk and
// without leaving files behind when a run is killed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace hoso::fuzz {

class MemoryFile {
 public:
  // `name` only shows in /proc/self/fd listings.
  explicit MemoryFile(const char* name);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  // Replaces the whole content; aborts on failure (a harness problem, not a
  // finding).
  void Write(const uint8_t* data, size_t size);

  // "/proc/self/fd/N": every open() through it starts at offset 0.
  const std::filesystem::path& path() const { return path_; }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace hoso::fuzz
