// Random access to the bytes of one input file, for structural checks that
// look at a few headers and markers without reading the whole file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hoso::scan_source {

class FileBytes {
 public:
  // Opens `path` read-only. On failure ok() is false and error() says why
  // (the system's message, never the file's content).
  explicit FileBytes(const std::filesystem::path& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }
  uint64_t size() const { return size_; }

  // Copies `n` bytes at `offset` into `out`; false when they do not all lie
  // inside the file or cannot be read. Small reads near each other are
  // served from one cached block, so walking thousands of PNG chunks or
  // TIFF entries costs few system calls.
  bool Read(uint64_t offset, size_t n, void* out);

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string error_;
  std::vector<unsigned char> block_;
  uint64_t block_offset_ = 0;
};

}  // namespace hoso::scan_source
